import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, SafeFs, SafeReadError, SafeReadResult } from '../types';
import type { DiagnosticCode } from '../diagnostics/codes';

/** O_NOFOLLOW where the platform has it (not on Windows). */
const NO_FOLLOW: number | undefined = (fs.constants as Record<string, number | undefined>).O_NOFOLLOW;
/**
 * Read-only and non-blocking: opening a FIFO named LICENSE (or a device) would otherwise wait
 * forever for a writer; non-blocking it opens at once and fstat refuses it as not a regular
 * file. Regular files read the same either way.
 */
export const OPEN_READ_ONLY: number = fs.constants.O_RDONLY | ((fs.constants as Record<string, number | undefined>).O_NONBLOCK ?? 0);

/** A relative path `path.resolve` would change: `.`/`..` segments, doubled, leading or trailing slashes. */
const NOT_PLAIN_RELATIVE = /(^|\/)\.\.?(\/|$)|\/\/|^\/|\/$/;

/**
 * A non-empty relative `/`-path that no normalising (`path.resolve`, `path.posix.normalize`)
 * would change: such paths can be joined by concatenation.
 */
export function isPlainRelativePath(relPath: string): boolean {
  return relPath !== '' && !NOT_PLAIN_RELATIVE.test(relPath);
}

/**
 * `path.join(root, relPath)` for an absolute `root`: a plain relative path (the walkers build
 * thousands from folder listings) is appended as it is, without `path.join`'s normalising pass;
 * anything with `.`/`..` segments or odd slashes still goes through `path.join`.
 */
export function joinUnderRoot(root: string, relPath: string): string {
  if (path.sep !== '/' || !isPlainRelativePath(relPath)) return path.join(root, relPath);
  return root.endsWith('/') ? root + relPath : `${root}/${relPath}`;
}

/** Files larger than this are read only in part (license texts) or refused (manifests). */
export const MAX_FILE_BYTES = 1024 * 1024;

/** Relative, `/`-separated path for reports. */
function toRel(root: string, abs: string): string {
  const rel = path.relative(root, abs);
  return rel.split(path.sep).join('/');
}

export type Decoded = { binary: true } | { binary: false; text: string; encoding: 'utf-8' | 'utf-16' | 'utf-16-no-bom' };

/**
 * The one decision of what a file's bytes are, for `check` (SafeFs, the cache readers) and
 * `license-risk identify` alike, so both read the same file the same way: UTF-16 with a byte
 * order mark, UTF-16 without one (Windows tools write license files so: every other byte NUL),
 * else binary when the first 8 KB hold a NUL, else UTF-8 (a UTF-8 BOM dropped).
 */
export function decodeBytes(buf: Buffer): Decoded {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { binary: false, text: buf.subarray(2).toString('utf16le'), encoding: 'utf-16' };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    return { binary: false, text: swappedUtf16(buf.subarray(2)), encoding: 'utf-16' };
  }
  const noBom = utf16WithoutBom(buf);
  if (noBom) {
    const body = buf.subarray(0, buf.length - (buf.length % 2));
    return { binary: false, text: noBom === 'le' ? body.toString('utf16le') : swappedUtf16(body), encoding: 'utf-16-no-bom' };
  }
  if (buf.subarray(0, 8000).indexOf(0) !== -1) return { binary: true };
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { binary: false, text, encoding: 'utf-8' };
}

function swappedUtf16(body: Buffer): string {
  return Buffer.from(body.subarray(0, body.length - (body.length % 2))).swap16().toString('utf16le');
}

/** UTF-16 without a BOM: for Latin text every other byte is NUL (odd ones for LE, even for BE). */
function utf16WithoutBom(buf: Buffer): 'le' | 'be' | null {
  const n = Math.min(buf.length - (buf.length % 2), 4000);
  if (n < 8) return null;
  // Almost every file has no NUL at all: one native search answers for it, where the count
  // below walked 2,000 byte pairs of each of the ~5,000 files a large tree's walk reads.
  const firstNul = buf.indexOf(0);
  if (firstNul === -1 || firstNul >= n) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) evenZero++;
    if (buf[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.9 && evenZero < pairs * 0.05) return 'le';
  if (evenZero > pairs * 0.9 && oddZero < pairs * 0.05) return 'be';
  return null;
}

/** The first `length` bytes of an open file (fewer if it is shorter): read until done or EOF. */
export function readFdHead(fd: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let offset = 0;
  while (offset < length) {
    const bytesRead = fs.readSync(fd, buf, offset, length - offset, offset);
    if (bytesRead === 0) break;
    offset += bytesRead;
  }
  return buf.subarray(0, offset);
}

/**
 * `readFileSync(file, 'utf8')` for small settings files (config, .npmrc, certificates) that
 * refuses anything but a regular file: a FIFO would otherwise block the run forever.
 * Throws like readFileSync; a non-regular file throws with code `ENOTREG`.
 */
export function readRegularFileSync(file: string, maxBytes?: number): string {
  const fd = fs.openSync(file, OPEN_READ_ONLY);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw Object.assign(new Error(`${file}: not a regular file`), { code: 'ENOTREG' });
    // A settings file of gigabytes is hostile (or a sparse file): refused before it is read.
    if (maxBytes !== undefined && stat.size > maxBytes) throw Object.assign(new Error(`${file}: larger than ${maxBytes} bytes`), { code: 'EFBIG' });
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}

function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException | undefined)?.code ?? 'EIO';
}

/** SafeFs's `unlistable` diagnostics for folders nothing else said (a reader or discover may have named the folder already). */
export function unsaidUnlistable(fromSafeFs: readonly Diagnostic[], said: readonly Diagnostic[]): Diagnostic[] {
  const named = new Set(said.filter((d) => d.code === 'unlistable').map((d) => d.file));
  return fromSafeFs.filter((d) => !named.has(d.file));
}

/**
 * The only way readers touch the disk: every path is resolved inside `root` (symlinks
 * included), reads are capped, binary content is refused, and every failure becomes a
 * diagnostic instead of an exception. A folder that exists but cannot be listed is passed to
 * `onDiagnostic` (an `unlistable` error: the scan is incomplete); without it `list` is quiet.
 * `recorder` (`--cache`) is told every path looked at.
 */
export function createSafeFs(rootInput: string, onDiagnostic?: (d: Diagnostic) => void, recorder?: { add(abs: string): void }): SafeFs {
  const root = fs.realpathSync(path.resolve(rootInput));
  const rootWithSep = root.endsWith(path.sep) ? root : root + path.sep;
  /** `--cache`: every path looked at is an input of the run (src/cache/scan-cache.ts). */
  const record = recorder ? (abs: string) => { recorder.add(abs); } : undefined;

  const inRoot = (abs: string): boolean => abs === root || abs.startsWith(rootWithSep);
  /**
   * `path.resolve(root, relPath)`. Readers pass thousands of plain relative paths (no `.` or
   * `..` segment, no doubled, leading or trailing slash) for which that is the root, a slash
   * and the path; only the others need resolving.
   */
  const resolve = (relPath: string): string =>
    path.sep === '/' && isPlainRelativePath(relPath) ? rootWithSep + relPath : path.resolve(root, relPath);

  function realpathInRoot(relPath: string): string | null {
    const abs = resolve(relPath);
    if (!inRoot(abs)) return null;
    record?.(abs);
    try {
      // One realpath(3) call instead of Node's lstat of every path component.
      const real = fs.realpathSync.native(abs);
      return inRoot(real) ? toRel(root, real) : null;
    } catch {
      return null;
    }
  }

  function fail(file: string, code: DiagnosticCode, message: string): SafeReadError {
    const diagnostic: Diagnostic = { code, severity: 'warn', file, message };
    return { ok: false, diagnostic };
  }

  /** Real paths of folders already resolved: thousands of files share a few hundred folders. */
  const realDirs = new Map<string, string | { code: string }>();

  function realDir(dir: string): string | { code: string } {
    let real = realDirs.get(dir);
    if (real === undefined) {
      try {
        real = fs.realpathSync.native(dir);
      } catch (err) {
        real = { code: errorCode(err) };
      }
      realDirs.set(dir, real);
    }
    return real;
  }

  /**
   * Opens a file by its folder's (cached) real path plus its name. The name itself is opened
   * with O_NOFOLLOW, so a plain file costs one open; only a link is resolved (and then checked
   * to stay inside the checkout by the caller). Same answer as realpath + open, fewer calls.
   */
  function openForRead(abs: string): { real: string; fd?: number } | { code: string } {
    const dir = realDir(path.dirname(abs));
    if (typeof dir !== 'string') return dir;
    // `dir` is a real (normalised, absolute) path and the base name a plain name.
    const candidate = dir.endsWith(path.sep) ? dir + path.basename(abs) : dir + path.sep + path.basename(abs);
    if (NO_FOLLOW !== undefined) {
      try {
        return { real: candidate, fd: fs.openSync(candidate, OPEN_READ_ONLY | NO_FOLLOW) };
      } catch (err) {
        if (errorCode(err) !== 'ELOOP') return { code: errorCode(err) };
        // ELOOP here means the name is a link: resolve it below.
      }
    } else {
      try {
        if (!fs.lstatSync(candidate).isSymbolicLink()) return { real: candidate };
      } catch (err) {
        return { code: errorCode(err) };
      }
    }
    try {
      return { real: fs.realpathSync.native(candidate) };
    } catch (err) {
      return { code: errorCode(err) };
    }
  }

  /**
   * Synchronous on purpose: license and manifest files are small, and on a 2-core runner one
   * blocking read beats the open/stat/read/close round trips of the promise API by ~8x.
   */
  function readTextSync(relPath: string, opts: { maxBytes?: number; allowTruncate?: boolean } = {}): SafeReadResult | SafeReadError {
    const maxBytes = opts.maxBytes ?? MAX_FILE_BYTES;
    const abs = resolve(relPath);
    if (!inRoot(abs)) return fail(relPath, 'path-escape', 'path points outside the scanned checkout; not read');
    record?.(abs);
    const opened = openForRead(abs);
    if ('code' in opened) {
      const code = opened.code;
      if (code === 'ELOOP') return fail(relPath, 'symlink-loop', 'symbolic link loop; not read');
      if (code === 'ENOENT' || code === 'ENOTDIR') return fail(relPath, 'not-found', 'file not found');
      if (code === 'EACCES' || code === 'EPERM') return fail(relPath, 'unreadable', 'permission denied');
      return fail(relPath, 'unreadable', `cannot resolve path (${code})`);
    }
    let fd: number | undefined = opened.fd;
    if (!inRoot(opened.real)) {
      if (fd !== undefined) fs.closeSync(fd);
      return fail(relPath, 'path-escape', 'symbolic link points outside the scanned checkout; not read');
    }
    try {
      fd ??= fs.openSync(opened.real, OPEN_READ_ONLY);
      const stat = fs.fstatSync(fd);
      if (!stat.isFile()) return fail(relPath, 'not-a-file', 'not a regular file');
      if (stat.size > maxBytes && !opts.allowTruncate) {
        return fail(relPath, 'file-too-large', `file is ${stat.size} bytes, over the ${maxBytes}-byte limit; not read`);
      }
      const data = readFdHead(fd, Math.min(stat.size, maxBytes));
      const decoded = decodeBytes(data);
      if (decoded.binary) return fail(relPath, 'binary-file', 'binary content; not read as text');
      return { ok: true, text: decoded.text, truncated: stat.size > maxBytes, size: stat.size };
    } catch (err) {
      const code = errorCode(err);
      if (code === 'EACCES' || code === 'EPERM') return fail(relPath, 'unreadable', 'permission denied');
      if (code === 'EISDIR') return fail(relPath, 'not-a-file', 'is a directory');
      return fail(relPath, 'unreadable', `cannot read (${code})`);
    } finally {
      if (fd !== undefined) {
        try {
          fs.closeSync(fd);
        } catch {
          // nothing left to do with a descriptor that will not close
        }
      }
    }
  }

// eslint-disable-next-line @typescript-eslint/require-await -- async by contract: callers await it, and a throw must reach them as a rejection
  async function readText(
    relPath: string,
    opts: { maxBytes?: number; allowTruncate?: boolean } = {},
  ): Promise<SafeReadResult | SafeReadError> {
    return readTextSync(relPath, opts);
  }

  function exists(relPath: string): boolean {
    const abs = resolve(relPath);
    if (!inRoot(abs)) return false;
    record?.(abs);
    try {
      fs.statSync(abs);
      return true;
    } catch {
      return false;
    }
  }

  const unlisted = new Set<string>();

  function list(relDir: string): string[] {
    const abs = resolve(relDir);
    if (!inRoot(abs)) return [];
    record?.(abs);
    try {
      return fs.readdirSync(abs).sort();
    } catch (err) {
      const code = errorCode(err);
      // Nothing there, or a file where a folder might have been: nothing skipped. Anything else
      // (no permission, a link loop, an I/O error) hides what the folder holds: said once per folder.
      if (code !== 'ENOENT' && code !== 'ENOTDIR' && onDiagnostic && !unlisted.has(abs)) {
        unlisted.add(abs);
        const why = code === 'ELOOP' ? 'symbolic link loop' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code;
        onDiagnostic({ code: 'unlistable', severity: 'error', file: toRel(root, abs) || '.', message: `cannot list the folder (${why}): what it holds is not judged` });
      }
      return [];
    }
  }

  function markRealFolder(relDir: string): void {
    const abs = resolve(relDir);
    if (inRoot(abs)) realDirs.set(abs, abs);
  }

  function recordInput(relPath: string): void {
    if (record) record(resolve(relPath));
  }

  return { readText, readTextSync, exists, list, realpathInRoot, markRealFolder, recordInput };
}
