/**
 * License texts identified on a second thread while the npm walker goes on.
 *
 * A cold scan of an installed tree is two long single-threaded phases: walking `node_modules`
 * (listing folders, reading and parsing manifests) and identifying the license texts it found
 * (tokenising, matching templates). The second needs only the texts, so the walker reads each
 * license file as it finds it and hands every text not seen before to a helper thread
 * (./text-worker.ts), which identifies it with the same `identifyText` the scan would call;
 * when identification starts, the answers are waiting in the text cache and the files' reads
 * are kept, without their texts, so nothing is read twice.
 *
 * The reading stays on the scan's thread, which balances the two: with the thread reading
 * the files too, the walk got ~130 ms shorter and the thread ~250 ms longer than the walk,
 * and the scan waited for it (measured on the large bench tree). The reports do not change: the same function identifies the
 * same texts (`__tests__/cli-bundle.test.ts` compares the CLI with and without the thread on
 * every fixture, the bench on both of its trees). Started by the binary only (a host process such as jest or an API caller keeps its
 * threads to itself), for trees large enough to pay for a thread; `LICENSE_RISK_THREADS=0`
 * turns it off, `=1` forces it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { MessagePort, Worker } from 'node:worker_threads';
import type { SafeFs, SafeReadError, SafeReadResult, TextIdentification } from '../types';
import { ownsProcess, reapplyTunedV8Flags, tunedV8Flags } from '../util/heap';
import { sha1Hex } from '../util/sha1';
import { textCacheKey } from './file';

/** Sent to the thread: [cache key, text, file (for its messages), truncated]. */
export type TextBatch = Array<[key: string, text: string, file: string, truncated: boolean]>;
/** Sent back: [cache key, identification]. */
export type IdentifiedBatch = Array<[key: string, identification: TextIdentification]>;

/** Below this many installed packages a scan is over before a thread has started. */
export const TEXT_THREAD_FROM_PACKAGES = 200;

/** Texts per message: a few, so the thread starts early and messages stay few. */
const TEXTS_PER_BATCH = 8;

/** The thread's script: beside this module (`tsc` output) and beside the CLI bundle (`dist/`). */
const WORKER_FILE = path.join(__dirname, 'text-worker.js');

/**
 * Whether a scan of about `installedPackages` installed packages identifies texts on a second
 * thread: from the binary, on a machine with a second core, for a tree worth a thread's start.
 */
export function shouldUseTextThread(installedPackages: number, env: NodeJS.ProcessEnv): boolean {
  if (env.LICENSE_RISK_THREADS === '0' || !ownsProcess()) return false;
  if (env.LICENSE_RISK_THREADS === '1') return true;
  return installedPackages >= TEXT_THREAD_FROM_PACKAGES && os.availableParallelism() >= 2;
}

/** A license file read early: its read without the text, and the key its identification has in the cache. */
type EarlyRead = SafeReadError | { ok: true; truncated: boolean; size: number; sha1: string };

/** The thread, once the first text needs it. */
interface Thread {
  worker: Worker;
  port: MessagePort;
  /** Set by the thread once it runs (its heap exists, and it has set the scan's flags itself). */
  started: Int32Array;
}

export class LicenseTextThread {
  /** Files read, by path, without their texts. */
  private readonly reads = new Map<string, EarlyRead>();
  /** Keys of texts sent to the thread. */
  private readonly sent = new Set<string>();
  private readonly identified = new Map<string, TextIdentification>();
  private batch: TextBatch = [];
  private waiting: (() => void) | undefined;
  private thread: Thread | undefined;
  private failed = false;
  private flagsKept = false;

  /**
   * `threads`: Node's worker module, loaded by {@link start} (the scan starts it before V8 is
   * tuned, so the module still comes from Node's code cache: ~3 → ~1 ms on the walk).
   */
  private constructor(
    private readonly fs: SafeFs,
    private readonly threads: typeof import('node:worker_threads'),
  ) {}

  /**
   * Identification on another thread for files read through `fs`, or null when this build has
   * no thread script. The thread starts with the first license file: started earlier, its
   * start-up would overlap the lockfile's parse, which allocates the most (see {@link keepFlags}).
   */
  static start(safeFs: SafeFs): LicenseTextThread | null {
    if (!fs.existsSync(WORKER_FILE)) return null;
    return new LicenseTextThread(safeFs, require('node:worker_threads') as typeof import('node:worker_threads'));
  }

  private spawn(): Thread | undefined {
    const threads = this.threads;
    try {
      const { port1, port2 } = new threads.MessageChannel();
      const started = new Int32Array(new SharedArrayBuffer(4));
      const worker = new threads.Worker(WORKER_FILE, {
        workerData: { port: port2, v8Flags: tunedV8Flags(), started },
        transferList: [port2],
        // The thread's own output never reaches ours: a report is the scan's alone.
        stdout: true,
        stderr: true,
        // Its texts die young: a small young generation keeps the scan's memory in bounds.
        resourceLimits: { maxYoungGenerationSizeMb: 3 },
      });
      worker.unref();
      port1.unref();
      port1.on('message', (results: IdentifiedBatch) => {
        for (const [key, identification] of results) this.identified.set(key, identification);
        this.wake();
      });
      worker.on('error', () => {
        this.fail();
      });
      worker.on('exit', () => {
        this.fail();
      });
      return { worker, port: port1, started };
    } catch {
      this.failed = true;
      return undefined;
    }
  }

  /** Reads a license file now, as identification would, and sends its text on unless an earlier file had the same. */
  submit(file: string): void {
    if (this.failed || this.reads.has(file)) return;
    this.thread ??= this.spawn();
    if (!this.thread) return;
    if (!this.flagsKept) this.keepFlags(this.thread);
    const read = this.fs.readTextSync(file, { allowTruncate: true });
    if (!read.ok) {
      this.reads.set(file, read);
      return;
    }
    const sha1 = sha1Hex(read.text);
    this.reads.set(file, { ok: true, truncated: read.truncated, size: read.size, sha1 });
    const key = textCacheKey(sha1, read.truncated);
    if (this.sent.has(key)) return;
    this.sent.add(key);
    this.batch.push([key, read.text, file, read.truncated]);
    if (this.batch.length >= TEXTS_PER_BATCH) this.flush();
  }

  /**
   * Waits for the identification of every text sent, ends the thread (its memory is the
   * scan's peak otherwise) and adds the answers `cache` lacks to it. An answer that holds an
   * internal error names the file it came from: it is left out, and the scan identifies that
   * file itself. `whileWaiting` runs once, only if answers are still due: work this thread
   * would do later anyway, done in time it would otherwise spend idle.
   */
  async collectInto(cache: Map<string, TextIdentification>, whileWaiting?: () => void): Promise<void> {
    this.flush();
    this.thread?.port.ref();
    if (whileWaiting && this.thread && !this.failed && this.identified.size < this.sent.size) whileWaiting();
    while (this.thread && !this.failed && this.identified.size < this.sent.size) {
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
    this.close();
    for (const [key, identification] of this.identified) {
      if (cache.has(key) || identification.notes.some((note) => note.startsWith('internal error'))) continue;
      cache.set(key, identification);
    }
  }

  /**
   * The early read of `file` when its identification is in `cache` (or it could not be read):
   * identification then needs neither the file nor its text. Undefined otherwise.
   */
  take(file: string, cache: ReadonlyMap<string, TextIdentification>): SafeReadResult | SafeReadError | undefined {
    const read = this.reads.get(file);
    if (!read) return undefined;
    if (!read.ok) return read;
    // The text is not kept: the identification found under its key stands for it.
    return cache.has(textCacheKey(read.sha1, read.truncated)) ? { ...read, text: '' } : undefined;
  }

  /** Ends the thread (the reads stay for {@link take}). */
  close(): void {
    this.failed = true;
    const thread = this.thread;
    if (!thread) return;
    this.thread = undefined;
    thread.port.close();
    void thread.worker.terminate().catch(() => undefined);
  }

  /**
   * A new thread's heap set-up puts V8's young-generation growth factor (a process-wide flag)
   * back to its default, which let the scan's young generation grow to 16 MB in the middle of
   * a scan (measured with `--trace-gc`; it broke the memory target). The tuned flags are set
   * again on each file until the thread says it runs (it sets them too); waiting for it instead
   * would idle the scan for the ~50–75 ms a worker takes to start.
   */
  private keepFlags(thread: Thread): void {
    reapplyTunedV8Flags();
    this.flagsKept = Atomics.load(thread.started, 0) === 1;
  }

  private flush(): void {
    if (this.batch.length === 0 || this.failed || !this.thread) return;
    this.thread.port.postMessage(this.batch);
    this.batch = [];
  }

  private fail(): void {
    this.failed = true;
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }
}
