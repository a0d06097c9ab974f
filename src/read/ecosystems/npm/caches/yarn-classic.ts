import * as path from 'node:path';
import type { Diagnostic } from '../../../../types';
import { diag } from '../../shared/diagnostics';
import { MAX_TEXT_BYTES, licenseFileNames, parseManifestMembers, textOf, type CachedPackage, type PackageCache, type WantedPackage } from './cached-package';
import { isFolder, lazyFolderIndex, listFolder, readCapped } from './read-capped';

/**
 * Yarn classic's cache (`<cache folder>/v6`): every package unpacked in a folder named
 * `npm-<slug>-<version>-<sha1>[-integrity]/node_modules/<name>`, the slug being the name with
 * runs of other characters than `@a-z0-9` as `-` (yarn's generateUniquePackageSlug) and the sha1
 * the `#…` fragment of the lockfile's `resolved` URL.
 */
export function yarnClassicCache(versionDir: string, shown: string): PackageCache {
  // Listed once, for entries whose lockfile gives no sha1 (only then): a few thousand names.
  const candidates = lazyFolderIndex(versionDir, /^(npm-.+-)[0-9a-f]{40}(-integrity)?$/);

  return {
    kind: 'yarn-cache',
    shown,
    lookup(wanted: WantedPackage, diagnostics: Diagnostic[]): CachedPackage | undefined {
      const slug = wanted.name.replace(/[^@a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
      const prefix = `npm-${slug}-${wanted.version}-`;
      const sha1 = /#([0-9a-f]{40})$/.exec(wanted.fetched.resolved ?? '')?.[1];
      const named = sha1 ? [`${prefix}${sha1}-integrity`, `${prefix}${sha1}`] : [];
      const folderName = named.find((n) => isFolder(path.join(versionDir, n))) ?? (sha1 ? undefined : candidates(prefix)[0]);
      if (!folderName) return undefined;
      const dir = path.join(versionDir, folderName, 'node_modules', ...wanted.name.split('/'));
      const shownDir = `${shown}/${folderName}/node_modules/${wanted.name}`;
      const read = readCapped(path.join(dir, 'package.json'), MAX_TEXT_BYTES);
      if (!read.ok) {
        diagnostics.push(diag(read.missing ? 'incomplete-cache-entry' : 'unreadable-cache-entry', `${shownDir}/package.json`, read.missing ? 'the yarn cache folder has no package.json; package not read from the cache' : read.reason));
        return undefined;
      }
      const manifest = parseManifestMembers(read.data);
      if (!manifest) {
        diagnostics.push(diag('invalid-cache-entry', `${shownDir}/package.json`, 'not a JSON object; package not read from the yarn cache'));
        return undefined;
      }
      const files: string[] = [];
      for (const entry of listFolder(dir)) {
        files.push(entry);
        if (/^licen[cs]es$/i.test(entry)) for (const inner of listFolder(path.join(dir, entry))) files.push(`${entry}/${inner}`);
      }
      const licenseTexts: CachedPackage['licenseTexts'] = [];
      for (const name of licenseFileNames(files, manifest)) {
        const got = readCapped(path.join(dir, ...name.split('/')), MAX_TEXT_BYTES);
        if (!got.ok) {
          if (!got.missing) diagnostics.push(diag('unreadable-cache-entry', `${shownDir}/${name}`, got.reason));
          continue;
        }
        const text = textOf(got.data);
        if (text !== undefined) licenseTexts.push({ name, text });
      }
      return { cache: 'yarn-cache', entry: dir, manifest, licenseTexts };
    },
  };
}
