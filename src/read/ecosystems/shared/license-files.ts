import * as path from 'node:path';
import type { LicenseEvidence, SafeFs } from '../../../types';
import type { CacheFs } from './cache-fs';
import { LICENSE_FILE_NAME, joinRel } from './parse';

/**
 * `file` evidence for the license texts at the top of an installed package folder (and in a
 * `LICENSES/` or `licenses/` subfolder, REUSE style). The texts are read by identify.
 */
export function licenseFilesInCheckout(fs: SafeFs, dir: string): LicenseEvidence[] {
  const out: string[] = [];
  for (const entry of fs.list(dir)) {
    const rel = joinRel(dir, entry);
    if (LICENSE_FILE_NAME.test(entry) && !/\.(rs|go|py|rb|php|java|cs|js|ts)$/i.test(entry)) out.push(rel);
    else if (/^licen[cs]es$/i.test(entry)) for (const inner of fs.list(rel)) out.push(joinRel(rel, inner));
  }
  return out.filter((f) => fs.realpathInRoot(f) !== null).sort().map((file) => ({ kind: 'file', file }));
}

/**
 * The same for a package folder in a local cache outside the checkout. The path is absolute:
 * identify reads it through createCacheFs (SafeFs is confined to the checkout).
 */
export function licenseFilesInCache(cache: CacheFs, absDir: string): LicenseEvidence[] {
  const out: string[] = [];
  for (const entry of cache.list(absDir)) {
    const abs = path.join(absDir, entry);
    if (LICENSE_FILE_NAME.test(entry) && !/\.(rs|go|py|rb|php|java|cs|js|ts)$/i.test(entry) && cache.isFile(abs)) out.push(abs);
    else if (/^licen[cs]es$/i.test(entry) && cache.isDirectory(abs)) {
      for (const inner of cache.list(abs)) if (cache.isFile(path.join(abs, inner))) out.push(path.join(abs, inner));
    }
  }
  return out.sort().map((file) => ({ kind: 'file', file: file.split(path.sep).join('/') }));
}
