/**
 * What the binary runs (bin/license-risk.js), bundled into `dist/license-risk.js` by
 * `scripts/build-bundle.ts`: the process is the binary's own, so V8 may be tuned for a scan.
 */
import { allowV8Tuning } from '../util/heap';
import type { CliIO } from './io';
import { main } from './main';

/** `io`: where output goes (the process's streams by default; the bundle's tests capture it). */
export function run(argv: string[], io?: CliIO): Promise<number> {
  allowV8Tuning();
  return main(argv, io);
}
