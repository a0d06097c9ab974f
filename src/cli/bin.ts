/**
 * What the binary runs (bin/license-risk.js), bundled into `dist/license-risk.js` by
 * `scripts/build-bundle.ts`: the process is the binary's own, so V8 may be tuned for a scan.
 */
import { allowV8Tuning } from '../util/heap';
import { main } from './main';

export function run(argv: string[]): Promise<number> {
  allowV8Tuning();
  return main(argv);
}
