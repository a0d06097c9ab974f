/**
 * The license-text thread's entry (started by ./text-thread.ts; bundled as
 * `dist/text-worker.js` beside the CLI bundle). It identifies the texts it is sent with the
 * same function the scan would call itself, and touches no file: the scan reads them.
 */
import { setFlagsFromString } from 'node:v8';
import { workerData, type MessagePort } from 'node:worker_threads';
import type { TextBatch, IdentifiedBatch } from './text-thread';

const { port, v8Flags, started } = workerData as { port: MessagePort; v8Flags: string[]; started: Int32Array };
// Setting up this thread's heap put a process-wide V8 flag back to its default: the scan's
// flags again, first thing, then say so (./text-thread.ts keepFlags).
if (v8Flags.length > 0) setFlagsFromString(v8Flags.join(' '));
Atomics.store(started, 0, 1);
Atomics.notify(started, 0);

const { identifyText } = require('./text') as typeof import('./text');

port.on('message', (batch: TextBatch) => {
  const identified: IdentifiedBatch = batch.map(([key, text, file, truncated]) => [key, identifyText(text, { file, truncated })]);
  port.postMessage(identified);
});
