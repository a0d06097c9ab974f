import * as path from 'node:path';
import type { Diagnostic } from '../../../../types';
import { diag } from '../../shared/diagnostics';
import { MAX_PACKUMENT_BYTES, versionFromPackument, type CachedPackage, type PackageCache, type WantedPackage } from './cached-package';
import { listFolder, readCapped } from './read-capped';

/**
 * pnpm's registry metadata cache (`<cache dir>/metadata-v1.3/<registry host>/<name>.json`, also
 * `metadata` and `metadata-full*`): the packument pnpm resolved with, every version's `license`
 * included. It answers for packages pnpm resolved but never downloaded here, such as another
 * platform's optional binaries (`@next/swc-darwin-arm64` on Linux), which have no store entry.
 */
export function pnpmMetadataCache(cacheDir: string, shown: string): PackageCache {
  const folders = listFolder(cacheDir)
    .filter((f) => /^metadata(-full)?(-v[\d.]+)?$/.test(f))
    .sort()
    .reverse()
    .flatMap((f) => listFolder(path.join(cacheDir, f)).sort().map((host) => path.join(f, host)));
  return {
    kind: 'pnpm-metadata-cache',
    shown,
    lookup(wanted: WantedPackage, diagnostics: Diagnostic[]): CachedPackage | undefined {
      for (const folder of folders) {
        const file = path.join(cacheDir, folder, ...`${wanted.name}.json`.split('/'));
        const read = readCapped(file, MAX_PACKUMENT_BYTES);
        if (!read.ok) {
          if (!read.missing) diagnostics.push(diag('unreadable-cache-entry', `${shown}/${folder.split(path.sep).join('/')}/${wanted.name}.json`, read.reason));
          continue;
        }
        const manifest = versionFromPackument(read.data, wanted.version);
        if (manifest) return { cache: 'pnpm-metadata-cache', entry: file, manifest, licenseTexts: [] };
      }
      return undefined;
    },
  };
}
