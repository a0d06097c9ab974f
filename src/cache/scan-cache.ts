import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { isInside, userCacheDir } from '../util/cache-dir';
import { packageRoot, toolVersion } from '../paths';
import { writeFileAtomicSync } from '../util/temp-files';

/**
 * `--cache`: an incremental rerun, like ESLint's. A scan's expensive half (discover, read,
 * identify, classify, own license) depends only on the files it looked at, the tool's build,
 * the config and the scan's options; when none of them changed since the previous run, that
 * run's result is reused and only evaluate and report run again.
 *
 * "The files it looked at" is recorded while the scan runs ({@link InputRecorder}): every
 * folder listed (a new package folder, license file or manifest changes its folder's mtime),
 * every file read and every path probed, missing ones included. They are compared by
 * `lstat` (inode, size, mtime and ctime to the nanosecond; for a link, its target's too).
 *
 * Never a stale answer: a run whose result depended on something outside the checkout (a
 * package manager's cache, a registry, an SBOM, a model hub cache) is not cached, nor is one
 * during which an input changed (its ctime is not older than the scan's start).
 */

/** Bumped when the cached shape changes. */
const SCHEMA = 1;

/** Paths the scan looked at (absolute), filled by SafeFs, the installed-tree walker and discover. */
export class InputRecorder {
  readonly paths = new Set<string>();
  /** When the scan started (ns since the epoch): inputs changed after it make the run uncachable. */
  readonly startedNs = BigInt(Date.now() - 1) * 1_000_000n;

  add(abs: string): void {
    this.paths.add(abs);
  }
}

/** The signature of one input: what `lstat` says (and `stat`, through a link), or `-` when absent. */
export function inputSignature(abs: string): string {
  let l: fs.BigIntStats;
  try {
    l = fs.lstatSync(abs, { bigint: true });
  } catch {
    return '-';
  }
  const own = `${l.ino}:${l.size}:${l.mtimeNs}:${l.ctimeNs}`;
  if (!l.isSymbolicLink()) return own;
  try {
    const s = fs.statSync(abs, { bigint: true });
    return `${own}>${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch {
    return `${own}>-`;
  }
}

interface CacheFile<T> {
  schema: number;
  key: string;
  /** [absolute path, signature] of every input, sorted by path. */
  inputs: [string, string][];
  state: T;
}

/** The build being run: a rebuilt tool never reuses another build's results. */
function buildFingerprint(): string {
  const parts = [toolVersion()];
  for (const file of [__filename, path.join(packageRoot(), 'dist', 'identify-build-id')]) {
    try {
      const s = fs.statSync(file, { bigint: true });
      parts.push(`${s.size}:${s.mtimeNs}`);
    } catch {
      parts.push('-');
    }
  }
  return parts.join(' ');
}

export interface ScanCacheOptions {
  env: NodeJS.ProcessEnv;
  /** The scanned checkout (absolute). */
  root: string;
  /** `--cache-location`: a file, or a folder (ending in `/` or existing) to hold one per checkout. */
  location?: string;
  /** Everything besides the inputs that decides the result: options, config. */
  keyParts: unknown;
}

/** One checkout's cache file; `open` returns null when there is nowhere safe to keep it. */
export class ScanCache<T> {
  private constructor(
    readonly file: string,
    private readonly key: string,
  ) {}

  static open<T>(options: ScanCacheOptions): ScanCache<T> | null {
    try {
      const key = crypto.createHash('sha256').update(JSON.stringify([SCHEMA, buildFingerprint(), options.root, options.keyParts])).digest('hex');
      const checkoutId = crypto.createHash('sha256').update(options.root).digest('hex').slice(0, 16);
      let file: string;
      if (options.location) {
        const abs = path.resolve(options.location);
        const isFolder = /[\\/]$/.test(options.location) || fs.statSync(abs, { throwIfNoEntry: false })?.isDirectory();
        file = isFolder ? path.join(abs, `scan-${checkoutId}.bin`) : abs;
      } else {
        file = path.join(userCacheDir(options.env), 'scan', `${checkoutId}.bin`);
        // Never in the checkout unless --cache-location says so.
        if (isInside(file, options.root)) return null;
      }
      return new ScanCache<T>(file, key);
    } catch {
      return null;
    }
  }

  /** Whether a previous run left a file to load (it may still not match). */
  hasFile(): boolean {
    return fs.statSync(this.file, { throwIfNoEntry: false })?.isFile() === true;
  }

  /** The previous run's state when its key matches and no input changed; otherwise undefined. */
  load(): T | undefined {
    let data: CacheFile<T>;
    try {
      const stat = fs.statSync(this.file);
      if (!stat.isFile() || stat.size > 1024 * 1024 * 1024) return undefined;
      data = v8.deserialize(fs.readFileSync(this.file)) as CacheFile<T>;
    } catch {
      return undefined; // none yet, or damaged: the next save replaces it
    }
    if (!data || data.schema !== SCHEMA || data.key !== this.key || !Array.isArray(data.inputs)) return undefined;
    for (const [abs, signature] of data.inputs) if (inputSignature(abs) !== signature) return undefined;
    return data.state;
  }

  /**
   * Keeps this run's state with the signatures of its inputs, unless an input changed while the
   * scan ran (then the state may not match what is on disk now). Failures are ignored.
   */
  save(state: T, recorder: InputRecorder): void {
    const inputs: [string, string][] = [];
    for (const abs of [...recorder.paths].sort()) {
      const signature = inputSignature(abs);
      if (signature !== '-' && changedSince(signature, recorder.startedNs)) {
        this.remove();
        return;
      }
      inputs.push([abs, signature]);
    }
    const data: CacheFile<T> = { schema: SCHEMA, key: this.key, inputs, state };
    writeFileAtomicSync(this.file, v8.serialize(data));
  }

  /** Drops the file (a run that cannot be cached must not leave an older answer behind). */
  remove(): void {
    try {
      fs.rmSync(this.file, { force: true });
    } catch {
      // not there, or not ours to remove
    }
  }
}

/** Whether any ctime in a signature is at or after `startedNs`. */
function changedSince(signature: string, startedNs: bigint): boolean {
  for (const part of signature.split('>')) {
    if (part === '-') continue;
    const ctime = part.split(':')[3];
    if (ctime !== undefined && BigInt(ctime) >= startedNs) return true;
  }
  return false;
}
