import * as path from 'node:path';
import type { Diagnostic } from '../../../../types';
import { diag } from '../../shared/diagnostics';
import { errorMessage } from '../../shared/diagnostics';
import { MAX_TEXT_BYTES, licenseFileNames, parseManifestMembers, textOf, type CachedPackage, type PackageCache, type WantedPackage } from './cached-package';
import { lazyFolderIndex, readCapped } from './read-capped';

/** Zips above this are not opened: fflate reads an archive whole (the largest npm packages are ~30 MB). */
export const MAX_ZIP_BYTES = 64 * 1024 * 1024;

/**
 * Yarn berry's zip archives, in the checkout's `.yarn/cache` or the global `~/.yarn/berry/cache`:
 * `<slug>-npm-<version>-<locator hash>-<checksum prefix or cache key>.zip`, the slug being the
 * name with `/` as `-`, the package inside under `node_modules/<name>/`. The folder is listed
 * once; when several archives match, the one whose name ends with the lockfile's checksum wins.
 */
export function yarnBerryCache(dir: string, shown: string): PackageCache {
  const archivesOf = lazyFolderIndex(dir, /^(.+-npm-.+)-[0-9a-f]{10}-([0-9a-z]+)\.zip$/);

  return {
    kind: 'yarn-berry-cache',
    shown,
    lookup(wanted: WantedPackage, diagnostics: Diagnostic[]): CachedPackage | undefined {
      const archives = archivesOf(`${wanted.name.replace('/', '-')}-npm-${wanted.version}`);
      if (archives.length === 0) return undefined;
      const checksum = /([0-9a-f]{10})[0-9a-f]*$/.exec(wanted.fetched.checksum ?? '')?.[1];
      const archive = archives.find((a) => checksum && a.endsWith(`-${checksum}.zip`)) ?? archives[0];
      const zipPath = path.join(dir, archive);
      const shownZip = `${shown}/${archive}`;
      const read = readCapped(zipPath, MAX_ZIP_BYTES);
      if (!read.ok) {
        diagnostics.push(diag('unreadable-cache-entry', shownZip, read.reason));
        return undefined;
      }
      const { unzipSync } = require('fflate') as typeof import('fflate');
      const prefix = `node_modules/${wanted.name}/`;
      const names: string[] = [];
      let wantedNames: Set<string> = new Set([`${prefix}package.json`]);
      let manifest: Record<string, unknown> | undefined;
      try {
        // First pass: the listing, and package.json alone decompressed.
        const first = unzipSync(read.data, {
          filter: (f) => {
            if (f.name.startsWith(prefix) && !f.name.endsWith('/')) names.push(f.name.slice(prefix.length));
            return wantedNames.has(f.name) && f.originalSize <= MAX_TEXT_BYTES;
          },
        });
        const manifestData = first[`${prefix}package.json`];
        manifest = manifestData ? parseManifestMembers(manifestData) : undefined;
        if (!manifest) {
          diagnostics.push(diag('invalid-cache-entry', shownZip, `no readable ${prefix}package.json in the archive; package not read from the yarn cache`));
          return undefined;
        }
        const licenseNames = licenseFileNames(names, manifest);
        wantedNames = new Set(licenseNames.map((n) => prefix + n));
        const licenseTexts: CachedPackage['licenseTexts'] = [];
        if (licenseNames.length > 0) {
          const second = unzipSync(read.data, { filter: (f) => wantedNames.has(f.name) && f.originalSize <= MAX_TEXT_BYTES });
          for (const name of licenseNames) {
            const data = second[prefix + name];
            const text = data ? textOf(data) : undefined;
            if (text !== undefined) licenseTexts.push({ name, text });
          }
        }
        return { cache: 'yarn-berry-cache', entry: zipPath, manifest, licenseTexts };
      } catch (err) {
        diagnostics.push(diag('invalid-cache-entry', shownZip, `not a readable zip archive (${errorMessage(err)}); package not read from the yarn cache`));
        return undefined;
      }
    },
  };
}
