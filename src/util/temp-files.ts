import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Temporary files this process is writing (the `--output` report, cache entries), removed
 * when the process exits or is stopped by SIGINT/SIGTERM/SIGHUP, so a Ctrl-C or a CI timeout
 * never leaves `*.tmp` files behind. Files left by a process killed with SIGKILL are swept by
 * {@link sweepStaleTempFiles}.
 */
const live = new Set<string>();
let installed = false;

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function removeLive(): void {
  for (const file of live) {
    try {
      fs.rmSync(file, { force: true });
    } catch {
      // already gone or not ours to remove: nothing more to do on the way out
    }
  }
  live.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', removeLive);
  for (const signal of SIGNALS) {
    const onSignal = () => {
      removeLive();
      // Then die of the same signal, as if we had no handler (the exit status says which).
      for (const s of SIGNALS) {
        const handler = handlers[s];
        if (handler) process.removeListener(s, handler);
      }
      process.kill(process.pid, signal);
    };
    handlers[signal] = onSignal;
    process.once(signal, onSignal);
  }
}
const handlers: Partial<Record<NodeJS.Signals, () => void>> = {};

/** A fresh temporary name beside `file` (same folder, so the final rename is atomic), tracked until released. */
export function tempFileFor(file: string): string {
  install();
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${(require('node:crypto') as typeof import('node:crypto')).randomBytes(6).toString('hex')}.tmp`);
  live.add(temp);
  return temp;
}

/** The temp file was renamed into place or removed: no longer ours to clean. */
export function releaseTempFile(temp: string): void {
  live.delete(temp);
}

/**
 * Writes `data` to `file` whole or not at all: into a tracked temp file beside it, then a rename.
 * Makes the folder and sweeps temp files that killed runs left in it. For caches, whose writes
 * are optional: false when anything failed, and no temp file is left behind.
 */
export function writeFileAtomicSync(file: string, data: string | NodeJS.ArrayBufferView): boolean {
  const dir = path.dirname(file);
  const temp = tempFileFor(file);
  try {
    fs.mkdirSync(dir, { recursive: true });
    sweepStaleTempFiles(dir);
    fs.writeFileSync(temp, data);
    fs.renameSync(temp, file);
    return true;
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // the folder itself could not be made: nothing was written
    }
    return false;
  } finally {
    releaseTempFile(temp);
  }
}

/** Files of a name made by {@link tempFileFor} or by the caches (`<name>.<pid>.<hex>.tmp`). */
const TEMP_NAME = /\.(\d+)\.[0-9a-f]+\.tmp$/;

/** Older than this, a temp file's writer is gone (a write takes seconds at most). */
export const STALE_TEMP_MS = 60 * 60 * 1000;

/**
 * Removes temp files in `dir` left by runs that were killed before they could clean up: ones
 * whose writing process no longer exists, or older than an hour. Best effort, never throws.
 */
export function sweepStaleTempFiles(dir: string, now: number = Date.now()): number {
  let removed = 0;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const match = TEMP_NAME.exec(name);
    if (!match) continue;
    const file = path.join(dir, name);
    try {
      const stat = fs.lstatSync(file);
      if (!stat.isFile() || live.has(file)) continue;
      if (processAlive(Number(match[1])) && now - stat.mtimeMs < STALE_TEMP_MS) continue;
      fs.rmSync(file, { force: true });
      removed++;
    } catch {
      // raced with another run's sweep or rename: fine
    }
  }
  return removed;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
