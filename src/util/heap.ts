import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * V8 grows its young generation up to 16 MB per semi-space once many objects survive: a scan
 * builds thousands of long-lived records, so it always gets there, and for a tree of a few
 * thousand packages most of the peak memory is that headroom. Keeping the young generation at
 * its starting size cut the large benchmark tree's peak RSS from about 155 to 119 MiB at no
 * measurable cost in time (bench/README.md).
 *
 * Past several thousand packages the old generation dwarfs the young one, the headroom no
 * longer shows in the peak, and the small young generation only costs time (20,000
 * components: ~9-10 s against ~7.6 s), so very large scans keep V8's default.
 *
 * `--max-semi-space-size` would be the usual knob, but it is read only when the heap is set
 * up, i.e. on the command line, which a `npx` binary does not control. The growth factor is
 * read each time the young generation would grow, so setting it before the scan allocates
 * works. Applied only from the binary (never inside a host process such as jest), only on
 * the V8 versions it was checked on (an unknown flag makes V8 print an error), and never over
 * a user's own young-generation flags.
 */

/** Installed packages from which a scan keeps V8's default young generation. */
export const LARGE_TREE_PACKAGES = 5000;

let allowed = false;

/**
 * Called first thing by the binary: this process is ours to tune. Also tunes the optimising
 * compiler, which must happen before our modules load (see {@link compilerFlagsFor}).
 */
export function allowV8Tuning(env: NodeJS.ProcessEnv = process.env, execArgv: string[] = process.execArgv): void {
  allowed = true;
  const flags = compilerFlagsFor(env, execArgv);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (flags.length > 0) (require('node:v8') as typeof import('node:v8')).setFlagsFromString(flags.join(' '));
}

/**
 * Whether a flag can be set: on a V8 major it was measured on (an unknown flag makes V8 print
 * an error, and a tier-up policy tuned for one V8 may not suit another), and never over the
 * user's own flags of that name.
 */
function mayTune(pattern: RegExp, v8Majors: [number, number], env: NodeJS.ProcessEnv, execArgv: string[]): boolean {
  const v8Major = Number(process.versions.v8.split('.')[0]);
  if (!(v8Major >= v8Majors[0] && v8Major <= v8Majors[1])) return false;
  const userFlags = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  return !userFlags.some((flag) => pattern.test(flag));
}

/** Whether the young-generation flag can be set here (V8 version, the user's own flags). */
export function canKeepYoungGenerationSmall(env: NodeJS.ProcessEnv = process.env, execArgv: string[] = process.execArgv): boolean {
  return mayTune(/semi[-_]space|young[-_]generation/, [11, 13], env, execArgv);
}

/**
 * A scan is a short run through a lot of code that each runs a few thousand times. V8's
 * defaults suit long-running servers: it optimises a function early, inlining its callees,
 * and throws the code away when a path it had not seen yet turns up. On a scan of the large
 * benchmark tree that came to ~1.4 s of optimising-compiler time on a second core (48
 * deoptimisations, one tokeniser compiled seven times), in a ~2 s run on a 2-core machine.
 * Waiting twice as long before optimising (more type feedback, fewer deoptimisations) and
 * not inlining (smaller graphs to compile) cut the scan's CPU time by about a fifth
 * (bench/README.md). The flags are read as functions are created and compiled, so setting
 * them before our modules load is enough.
 */
export function compilerFlagsFor(env: NodeJS.ProcessEnv = process.env, execArgv: string[] = process.execArgv): string[] {
  const flags: string[] = [];
  if (mayTune(/turbo[-_]inlining/, COMPILER_TUNED_V8, env, execArgv)) flags.push('--no-turbo-inlining');
  if (mayTune(/interrupt[-_]budget/, COMPILER_TUNED_V8, env, execArgv)) flags.push(`--interrupt-budget=${2 * DEFAULT_INTERRUPT_BUDGET}`);
  return flags;
}

/** Measured on V8 11 (Node 20); later V8s tier up through Maglev first, so they keep their defaults. */
const COMPILER_TUNED_V8: [number, number] = [11, 11];
/** V8 11's default interrupt budget (bytecode run between checks for optimisation). */
const DEFAULT_INTERRUPT_BUDGET = 66 * 1024;

/**
 * Sets the young generation for a scan of about `installedPackages` packages; returns whether
 * it was kept small.
 */
export function tuneHeapForScan(installedPackages: number, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!allowed || installedPackages >= LARGE_TREE_PACKAGES || !canKeepYoungGenerationSmall(env)) return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--semi-space-growth-factor=1');
  return true;
}

/** A cheap size estimate: the entries of each installed `node_modules` folder's top level. */
export function estimateInstalledPackages(root: string, installedTrees: string[]): number {
  let count = 0;
  for (const tree of installedTrees) {
    if (path.posix.basename(tree) !== 'node_modules') continue;
    try {
      count += fs.readdirSync(path.join(root, tree)).length;
    } catch {
      // unreadable: the reader reports it
    }
  }
  return count;
}
