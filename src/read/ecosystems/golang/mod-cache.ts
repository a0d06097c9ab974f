import * as path from 'node:path';
import type { Diagnostic, LicenseEvidence } from '../../../types';
import { MAX_FILE_BYTES, decodeBytes } from '../../fs';
import { readCapped } from '../npm/caches/read-capped';
import type { CacheFs } from '../shared/cache-fs';
import { diag, errorMessage } from '../shared/diagnostics';
import { licenseFilesInCache } from '../shared/license-files';
import { LICENSE_FILE_NAME } from '../shared/parse';
import { escapeModulePath } from './gomod';

/** Module zips above this are not opened (fflate reads an archive whole; Go's own limit is 500 MB). */
export const MAX_MODULE_ZIP_BYTES = 64 * 1024 * 1024;

const NOT_A_TEXT = /\.(rs|go|py|rb|php|java|cs|js|ts|mod|sum)$/i;

/**
 * One module of the Go module cache (`$GOMODCACHE`, `~/go/pkg/mod`), as `go mod download` leaves
 * it: the extracted folder `<escaped path>@<escaped version>/` (its license files), else the
 * downloaded zip `cache/download/<escaped path>/@v/<escaped version>.zip` (a CI cache that keeps
 * only `cache/download`, or `go clean -modcache` interrupted), whose entries are
 * `<path>@<version>/<file>`. Undefined when neither is there; a zip that cannot be read is one
 * diagnostic naming it, and the module counts as not found.
 */
export async function moduleFromCache(cache: CacheFs, modCache: string, name: string, version: string, diagnostics: Diagnostic[]): Promise<LicenseEvidence[] | undefined> {
  const folder = path.join(modCache, `${escapeModulePath(name)}@${escapeModulePath(version)}`);
  if (cache.isDirectory(folder)) return licenseFilesInCache(cache, folder);
  const zipPath = path.join(modCache, 'cache', 'download', ...escapeModulePath(name).split('/'), '@v', `${escapeModulePath(version)}.zip`);
  if (!cache.isFile(zipPath)) return undefined;
  const shown = cache.display(zipPath);
  const read = readCapped(zipPath, MAX_MODULE_ZIP_BYTES);
  if (!read.ok) {
    diagnostics.push(diag('unreadable-cache-entry', shown, read.reason));
    return undefined;
  }
  const prefix = `${name}@${version}/`;
  const isLicense = (inModule: string): boolean => {
    const parts = inModule.split('/');
    if (parts.length === 1) return LICENSE_FILE_NAME.test(parts[0]) && !NOT_A_TEXT.test(parts[0]);
    return parts.length === 2 && /^licen[cs]es$/i.test(parts[0]) && parts[1] !== '' && !NOT_A_TEXT.test(parts[1]);
  };
  try {
    const { unzipSync } = require('fflate') as typeof import('fflate');
    let sawModule = false;
    const files = unzipSync(read.data, {
      filter: (f) => {
        if (!f.name.startsWith(prefix)) return false;
        sawModule = true;
        return isLicense(f.name.slice(prefix.length)) && f.originalSize <= MAX_FILE_BYTES;
      },
    });
    if (!sawModule) {
      diagnostics.push(diag('invalid-cache-entry', shown, `no ${prefix} files in the module zip; module not read from the Go module cache`));
      return undefined;
    }
    const evidence: LicenseEvidence[] = [];
    const origin = zipPath.split(path.sep).join('/');
    for (const entry of Object.keys(files).sort()) {
      const decoded = decodeBytes(Buffer.from(files[entry].buffer, files[entry].byteOffset, files[entry].byteLength));
      if (!decoded.binary) evidence.push({ kind: 'file', file: `${origin}!/${entry.slice(prefix.length)}`, text: decoded.text });
    }
    return evidence;
  } catch (err) {
    diagnostics.push(diag('invalid-cache-entry', shown, `not a readable zip archive (${errorMessage(err)}); module not read from the Go module cache`));
    return undefined;
  }
}
