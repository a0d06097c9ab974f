import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * V8 settings for a scan, set only by the binary, once the tree's size is known
 * ({@link tuneV8ForScan}): the optimising compiler ({@link compilerFlagsFor}) and the heap
 * ({@link heapFlagsFor}).
 *
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

/** The V8 majors the heap flags were checked on. */
const HEAP_TUNED_V8: [number, number] = [11, 13];

let allowed = false;

/**
 * Called by the binary: this process is ours to tune (a host process such as jest is not).
 * @public (bin/license-risk.js calls it in dist/, where knip does not look)
 */
export function allowV8Tuning(): void {
  allowed = true;
}

/** Whether the binary runs this process (and may tune V8 or start a thread): false in a host process such as jest. */
export function ownsProcess(): boolean {
  return allowed;
}

/**
 * Below this many installed packages a scan is over before tuning could pay: V8 is left alone.
 * Setting any flag changes V8's flag hash, and every Node built-in module loaded afterwards
 * then misses its compile cache, which a tiny checkout (a pre-commit run) would notice.
 */
export const TUNED_FROM_PACKAGES = 200;

/**
 * Tunes V8 for a scan of about `installedPackages` packages, once the size is known and
 * before the scan's hot code runs: the compiler ({@link compilerFlagsFor}) and the heap
 * ({@link heapFlagsFor}). Only from the binary. Returns the flags set.
 */
export function tuneV8ForScan(installedPackages: number, env: NodeJS.ProcessEnv = process.env, execArgv: string[] = process.execArgv): string[] {
  if (!allowed || installedPackages < TUNED_FROM_PACKAGES) return [];
  const flags = [...compilerFlagsFor(env, execArgv), ...heapFlagsFor(installedPackages, env, execArgv)];
  // Tuned a second time (a `--cache` run sets the flags before loading the previous state, then
  // scans in full when that state is stale): a heap flag the earlier size wanted and this one
  // does not goes back to V8's default.
  for (const earlier of flagsSet) {
    const name = earlier.split('=')[0];
    if (name in V8_HEAP_DEFAULTS && !flags.some((flag) => flag.startsWith(`${name}=`))) flags.push(`${name}=${V8_HEAP_DEFAULTS[name]}`);
  }
  if (flags.length === 0) return flags;
  // Identification hashes every text: loaded first, so it keeps Node's compile cache.
  require('node:crypto');
  flagsSet = flags;
  reapplyTunedV8Flags();
  return flags;
}

/** Sets the flags {@link tuneV8ForScan} chose again (a thread's start resets one of them: {@link tunedV8Flags}). */
export function reapplyTunedV8Flags(): void {
  if (flagsSet.length > 0) (require('node:v8') as typeof import('node:v8')).setFlagsFromString(flagsSet.join(' '));
}

let flagsSet: string[] = [];
/** V8's defaults for the heap flags {@link heapFlagsFor} may set. */
const V8_HEAP_DEFAULTS: Record<string, string> = { '--semi-space-growth-factor': '2', '--heap-growing-percent': '0' };

/**
 * The V8 flags {@link tuneV8ForScan} set. V8's flags belong to the process, and a worker
 * thread's heap set-up puts the young generation's growth factor back to its default: a thread
 * this process starts sets these again first (src/identify/text-worker.ts), or the scan would
 * lose that setting midway.
 */
export function tunedV8Flags(): readonly string[] {
  return flagsSet;
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
  return mayTune(/semi[-_]space|young[-_]generation/, HEAP_TUNED_V8, env, execArgv);
}

/**
 * A scan is a short run through a lot of code that each runs a few thousand times. V8's
 * defaults suit long-running servers: it optimises a function early, inlining its callees,
 * and throws the code away when a path it had not seen yet turns up. On a scan of the large
 * benchmark tree that came to ~1.4 s of optimising-compiler time on a second core (48
 * deoptimisations, one tokeniser compiled seven times), in a ~2 s run on a 2-core machine.
 * Waiting twice as long before optimising (more type feedback, fewer deoptimisations) and
 * not inlining (smaller graphs to compile) cut the scan's CPU time by about a fifth
 * (bench/README.md). V8 reads them each time it decides whether to optimise a function and
 * when it compiles one, so setting them as the scan starts is enough.
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
 * The heap flags for a scan of about `installedPackages` packages.
 *
 * Besides the young generation (above), the old one: a scan promotes many objects that die
 * soon after (a parsed lockfile, folder listings, per-file token streams), and V8 lets such
 * garbage pile up to about four times what survived the last full collection before it
 * collects again. On the large benchmark tree that was ~50 MB of heap for ~22 MB of live data
 * at the end. Collecting once the old generation has grown by half cut the peak RSS by
 * ~16 MiB; on the 2-core VM where every page a process touches first costs ~16 µs, that also
 * saved more time than the extra collections cost (bench/README.md). Very large scans keep
 * V8's default here too: their live data is most of the heap, so collecting more often would
 * only cost time.
 */
export function heapFlagsFor(installedPackages: number, env: NodeJS.ProcessEnv = process.env, execArgv: string[] = process.execArgv): string[] {
  if (installedPackages >= HUGE_TREE_PACKAGES) {
    // Issue 20: a 160k-package lockfile peaked at 1073 MiB with V8's default growth (live data
    // ~600 MiB: the scan completes with the old space capped there); growing the heap by 30%
    // instead peaked at 937 MiB for ~40% more CPU (31 → 44 s on the shared VM).
    return mayTune(/heap[-_]growing|max[-_]old[-_]space|old[-_]space[-_]size/, HEAP_TUNED_V8, env, execArgv) ? ['--heap-growing-percent=30'] : [];
  }
  if (installedPackages >= LARGE_TREE_PACKAGES) return [];
  const flags: string[] = [];
  if (canKeepYoungGenerationSmall(env, execArgv)) flags.push('--semi-space-growth-factor=1');
  if (mayTune(/heap[-_]growing|max[-_]old[-_]space|old[-_]space[-_]size/, HEAP_TUNED_V8, env, execArgv)) flags.push(WALK_HEAP_GROWING);
  return flags;
}

/** The old generation's growth while installed packages are walked (heapFlagsFor). */
const WALK_HEAP_GROWING = '--heap-growing-percent=50';

/**
 * Called once the installed trees are walked: the walk makes most of a scan's short-lived
 * garbage, which {@link heapFlagsFor} collects early; what follows (the lockfile, assembly,
 * rules, the report) mostly keeps what it builds, so early collections there only cost time
 * (large bench tree: mark-compacts 3 → 2, none after the text thread's answers; −32 to −60 ms
 * wall over 25–30 alternating pairs, +3 MiB at the peak; bench/README.md). V8 computes the next limit with its own growth from the next
 * collection on.
 */
export function relaxHeapGrowthAfterWalk(): void {
  if (!flagsSet.includes(WALK_HEAP_GROWING)) return;
  flagsSet = flagsSet.filter((flag) => flag !== WALK_HEAP_GROWING);
  (require('node:v8') as typeof import('node:v8')).setFlagsFromString(`--heap-growing-percent=${V8_HEAP_DEFAULTS['--heap-growing-percent']}`);
}

/** From this many packages a scan's peak memory is held under 1 GiB at some cost in time (above). */
export const HUGE_TREE_PACKAGES = 50_000;

/** Bytes of package-lock.json per package, about: real locks run 300–600, so this errs high. */
const LOCK_BYTES_PER_PACKAGE = 250;

/**
 * Packages a checkout's npm lockfiles hold, from their size alone (a lock-only checkout has no
 * node_modules to count, and parsing it here would double the work).
 */
export function estimateLockedPackages(root: string, lockfiles: string[]): number {
  let bytes = 0;
  for (const lock of lockfiles) {
    if (!/(^|\/)(package-lock|npm-shrinkwrap)\.json$/.test(lock)) continue;
    try {
      bytes += fs.statSync(path.join(root, lock)).size;
    } catch {
      // unreadable: the reader reports it
    }
  }
  return Math.floor(bytes / LOCK_BYTES_PER_PACKAGE);
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

/**
 * Tunes V8 for the checkout's size: its installed trees ({@link estimateInstalledPackages}), or a
 * huge lockfile even with nothing installed (its scan's heap is held under 1 GiB).
 */
export function tuneV8ForCheckout(root: string, files: { lockfiles: string[] }, installedPackages: number, env: NodeJS.ProcessEnv): void {
  const lockedPackages = estimateLockedPackages(root, files.lockfiles);
  tuneV8ForScan(lockedPackages >= HUGE_TREE_PACKAGES ? Math.max(installedPackages, lockedPackages) : installedPackages, env);
}
