import * as fs from 'node:fs';
import { OPEN_READ_ONLY, readFdHead } from '../../../fs';

/** Refuse a symbolic link as the last path segment: a cache entry is a regular file, never a link out of the cache. */
const NO_FOLLOW: number = (fs.constants as Record<string, number | undefined>).O_NOFOLLOW ?? 0;

export type CappedRead = { ok: true; data: Buffer } | { ok: false; missing: boolean; reason: string };

/**
 * Reads one file of a package manager's cache, synchronously: a lookup reads two or three small
 * files per package, and 1,300 packages must cost well under half a second, which the promise
 * machinery of async reads does not allow. Read-only, non-blocking (a FIFO cannot hang the
 * scan), a symlink as the final segment refused, never more than `maxBytes`. Never throws.
 */
export function readCapped(absPath: string, maxBytes: number): CappedRead {
  let fd: number | undefined;
  try {
    fd = fs.openSync(absPath, OPEN_READ_ONLY | NO_FOLLOW);
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { ok: false, missing: false, reason: 'not a regular file' };
    if (stat.size > maxBytes) return { ok: false, missing: false, reason: `${stat.size} bytes, over the ${maxBytes}-byte limit; not read` };
    return { ok: true, data: readFdHead(fd, stat.size) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException)?.code ?? 'EIO';
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, missing: true, reason: 'not found' };
    if (code === 'ELOOP') return { ok: false, missing: false, reason: 'a symbolic link; not followed' };
    return { ok: false, missing: false, reason: `cannot read (${code})` };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Entry names of a folder, or [] when it is missing or unreadable. */
export function listFolder(absDir: string): string[] {
  try {
    return fs.readdirSync(absDir);
  } catch {
    return [];
  }
}

/**
 * A folder's entries grouped by the first capture of `pattern` (entries that do not match are
 * left out), listed once on the first lookup and only then: a cache folder can hold thousands.
 */
export function lazyFolderIndex(absDir: string, pattern: RegExp): (key: string) => string[] {
  let byKey: Map<string, string[]> | undefined;
  return (key) => {
    if (!byKey) {
      byKey = new Map();
      for (const entry of listFolder(absDir).sort()) {
        const m = pattern.exec(entry);
        if (!m) continue;
        const list = byKey.get(m[1]) ?? [];
        list.push(entry);
        byKey.set(m[1], list);
      }
    }
    return byKey.get(key) ?? [];
  };
}

export function isFolder(absPath: string): boolean {
  try {
    return fs.statSync(absPath).isDirectory();
  } catch {
    return false;
  }
}
