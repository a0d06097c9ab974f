import * as v8 from 'node:v8';

/**
 * V8 grows its young generation up to 16 MB per semi-space (48 MB with its large-object
 * space) once many objects survive: a scan builds thousands of long-lived records, so it
 * always gets there, and most of a scan's peak memory is that headroom. Keeping the young
 * generation at its starting size cut the large benchmark tree's peak RSS from about 155 to
 * 117 MiB for about 2% more time (bench/README.md).
 *
 * `--max-semi-space-size` would be the usual knob, but it is read only when the heap is set
 * up, i.e. on the command line, which a `npx` binary does not control. The growth factor is
 * read each time the young generation would grow, so setting it at start-up works. It is
 * applied only on the V8 versions it was checked on (an unknown flag makes V8 print an error),
 * and never over a user's own young-generation flags.
 */
export function keepYoungGenerationSmall(env: NodeJS.ProcessEnv = process.env, execArgv: string[] = process.execArgv): boolean {
  const v8Major = Number(process.versions.v8.split('.')[0]);
  if (!(v8Major >= 11 && v8Major <= 13)) return false;
  const userFlags = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (userFlags.some((flag) => /semi[-_]space|young[-_]generation/.test(flag))) return false;
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  return true;
}
