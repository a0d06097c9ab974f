import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_FILE_BYTES, OPEN_READ_ONLY, decodeBytes } from '../../fs';
import type { SafeReadError, SafeReadResult } from '../../../types';
import { diag } from './diagnostics';
import type { DiagnosticCode } from '../../../diagnostics/codes';

/**
 * Read-only access to the ecosystems' local caches (~/.m2, ~/.cargo, GOMODCACHE, ~/.nuget,
 * GEM_HOME…), which live outside the scanned root so SafeFs cannot reach them. Same
 * guarantees: size cap, binary refused, every failure a Diagnostic, never throws, never writes.
 * Paths are absolute; diagnostics show them with the home folder as `~`.
 */
export interface CacheFs {
  readText(absPath: string, opts?: { maxBytes?: number }): Promise<SafeReadResult | SafeReadError>;
  isFile(absPath: string): boolean;
  isDirectory(absPath: string): boolean;
  /** Entry names, sorted; [] when missing or unreadable. */
  list(absDir: string): string[];
  /** How a cache path is shown in diagnostics and evidence. */
  display(absPath: string): string;
}

export function homeDir(env: NodeJS.ProcessEnv): string | undefined {
  const home = env.HOME || env.USERPROFILE;
  return home ? path.resolve(home) : undefined;
}

export function createCacheFs(env: NodeJS.ProcessEnv): CacheFs {
  const home = homeDir(env);

  function display(absPath: string): string {
    const norm = path.resolve(absPath);
    if (home && (norm === home || norm.startsWith(home + path.sep))) {
      return '~/' + path.relative(home, norm).split(path.sep).join('/');
    }
    return norm.split(path.sep).join('/');
  }

  async function readText(absPath: string, opts: { maxBytes?: number } = {}): Promise<SafeReadResult | SafeReadError> {
    const maxBytes = opts.maxBytes ?? MAX_FILE_BYTES;
    const shown = display(absPath);
    let handle: fs.promises.FileHandle | undefined;
    try {
      // Read-only (the cache is never written) and non-blocking (a FIFO must not hang the scan).
      handle = await fs.promises.open(absPath, OPEN_READ_ONLY);
      const stat = await handle.stat();
      if (!stat.isFile()) return { ok: false, diagnostic: diag('not-a-file', shown, 'not a regular file') };
      if (stat.size > maxBytes) {
        return {
          ok: false,
          diagnostic: diag('file-too-large', shown, `file is ${stat.size} bytes, over the ${maxBytes}-byte limit; not read`),
        };
      }
      const buf = Buffer.alloc(stat.size);
      let offset = 0;
      while (offset < stat.size) {
        const { bytesRead } = await handle.read(buf, offset, stat.size - offset, offset);
        if (bytesRead === 0) break;
        offset += bytesRead;
      }
      const data = buf.subarray(0, offset);
      const decoded = decodeBytes(data);
      if (decoded.binary) return { ok: false, diagnostic: diag('binary-file', shown, 'binary content; not read as text') };
      return { ok: true, text: decoded.text, truncated: false, size: stat.size };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException)?.code ?? 'EIO';
      const what: [DiagnosticCode, string] =
        code === 'ENOENT'
          ? ['not-found', 'file not found']
          : code === 'ELOOP'
            ? ['symlink-loop', 'symbolic link loop; not read']
            : code === 'EACCES' || code === 'EPERM'
              ? ['unreadable', 'permission denied']
              : ['unreadable', `cannot read (${code})`];
      return { ok: false, diagnostic: diag(what[0], shown, what[1]) };
    } finally {
      await handle?.close().catch(() => undefined);
    }
  }

  function statOf(absPath: string): fs.Stats | undefined {
    try {
      return fs.statSync(absPath);
    } catch {
      return undefined;
    }
  }

  return {
    readText,
    display,
    isFile: (p) => statOf(p)?.isFile() ?? false,
    isDirectory: (p) => statOf(p)?.isDirectory() ?? false,
    list(absDir) {
      try {
        return fs.readdirSync(absDir).sort();
      } catch {
        return [];
      }
    },
  };
}
