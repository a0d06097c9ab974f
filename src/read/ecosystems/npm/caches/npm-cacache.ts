import * as crypto from 'node:crypto';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { Diagnostic } from '../../../../types';
import { diag, errorMessage } from '../../shared/diagnostics';
import { MAX_PACKUMENT_BYTES, MAX_TEXT_BYTES, integrityHex, versionFromPackument, licenseFileNames, parseManifestMembers, textOf, type CachedPackage, type PackageCache, type WantedPackage } from './cached-package';
import { readCapped } from './read-capped';
import { MAX_ZIP_BYTES } from './yarn-berry';

/** A tarball unpacks to at most this much; more is a zip bomb, not a package. */
const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;
const MAX_INDEX_BYTES = 1024 * 1024;

/**
 * npm's cache (`~/.npm/_cacache`, cacache's layout): tarballs stored by the sha512 of their
 * content at `content-v2/sha512/<hex 0-2>/<hex 2-4>/<hex 4->`. A lockfile's integrity names the
 * tarball directly; without one (yarn berry locks), the index entry of the registry URL
 * (`index-v5/<sha256 of the key, split the same way>`, the key being
 * `make-fetch-happen:request-cache:<url>`) gives it. Useful for yarn and pnpm lockfiles when
 * the same versions were ever installed with npm.
 */
export function npmCache(cacacheDir: string, shown: string): PackageCache {
  const contentPath = (hex: string) => cacheContentPath(cacacheDir, hex);
  const integrityFromIndex = (url: string) => cacheIndexIntegrity(cacacheDir, url);
  return {
    kind: 'npm-cache',
    shown,
    lookup(wanted: WantedPackage, diagnostics: Diagnostic[]): CachedPackage | undefined {
      let integrity = wanted.fetched.integrity;
      if (!integrity || !integrityHex(integrity)) {
        for (const url of tarballUrls(wanted)) {
          integrity = integrityFromIndex(url);
          if (integrity) break;
        }
      }
      const hex = integrity ? integrityHex(integrity) : undefined;
      if (!hex) return undefined;
      const tarball = contentPath(hex);
      const shownTarball = `${shown}/${path.relative(cacacheDir, tarball).split(path.sep).join('/')}`;
      const read = readCapped(tarball, MAX_ZIP_BYTES);
      if (!read.ok) {
        if (!read.missing) diagnostics.push(diag('unreadable-cache-entry', shownTarball, read.reason));
        return undefined;
      }
      try {
        const { parseTar } = require('nanotar') as typeof import('nanotar');
        const tar = zlib.gunzipSync(read.data, { maxOutputLength: MAX_UNPACKED_BYTES });
        // npm packs everything under one top folder, usually `package/`.
        const inPackage = (name: string) => name.replace(/^\.?\/?[^/]+\//, '');
        const listing = parseTar(tar, { metaOnly: true }).filter((f) => f.type === 'file' || f.type === undefined);
        const manifestEntry = listing.find((f) => inPackage(f.name) === 'package.json');
        const wantedNames = new Set(['package.json']);
        const firstPass = parseTar(tar, { filter: (f) => wantedNames.has(inPackage(f.name)) && f.size <= MAX_TEXT_BYTES });
        const manifestData = firstPass.find((f) => inPackage(f.name) === 'package.json')?.data;
        const manifest = manifestEntry && manifestData ? parseManifestMembers(manifestData) : undefined;
        if (!manifest) {
          diagnostics.push(diag('invalid-cache-entry', shownTarball, `no readable package.json in the cached tarball of ${wanted.name}@${wanted.version}`));
          return undefined;
        }
        const licenseNames = new Set(licenseFileNames(listing.map((f) => inPackage(f.name)), manifest));
        const licenseTexts: CachedPackage['licenseTexts'] = [];
        if (licenseNames.size > 0) {
          for (const f of parseTar(tar, { filter: (e) => licenseNames.has(inPackage(e.name)) && e.size <= MAX_TEXT_BYTES })) {
            const text = f.data ? textOf(f.data) : undefined;
            if (text !== undefined) licenseTexts.push({ name: inPackage(f.name), text });
          }
          licenseTexts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        }
        return { cache: 'npm-cache', entry: tarball, manifest, licenseTexts };
      } catch (err) {
        diagnostics.push(diag('invalid-cache-entry', shownTarball, `not a readable gzipped tarball (${errorMessage(err)}); package not read from the npm cache`));
        return undefined;
      }
    },
  };
}

function cacheContentPath(cacacheDir: string, hex: string): string {
  return path.join(cacacheDir, 'content-v2', 'sha512', hex.slice(0, 2), hex.slice(2, 4), hex.slice(4));
}

/** The integrity of what npm's cache holds for a URL, from its index bucket; undefined when none. */
function cacheIndexIntegrity(cacacheDir: string, url: string): string | undefined {
  const key = `make-fetch-happen:request-cache:${url}`;
  const h = crypto.createHash('sha256').update(key).digest('hex');
  const read = readCapped(path.join(cacacheDir, 'index-v5', h.slice(0, 2), h.slice(2, 4), h.slice(4)), MAX_INDEX_BYTES);
  if (!read.ok) return undefined;
  let found: string | undefined;
  // Append-only bucket: `<sha1 of the JSON>\t<JSON>` per line, the last entry for the key wins.
  for (const line of read.data.toString('utf8').split('\n')) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    try {
      const entry = JSON.parse(line.slice(tab + 1)) as { key?: unknown; integrity?: unknown };
      if (entry.key === key) found = typeof entry.integrity === 'string' ? entry.integrity : undefined;
    } catch {
      // A torn line (an interrupted write) is skipped, as cacache itself does.
    }
  }
  return found;
}

/**
 * The registry metadata npm cached (`https://registry.npmjs.org/<name>`, full packuments since
 * npm 7 asks for `application/json`), every version's `license` included: for packages npm
 * resolved but never downloaded here (another platform's optional binaries).
 */
export function npmMetadataCache(cacacheDir: string, shown: string): PackageCache {
  return {
    kind: 'npm-metadata-cache',
    shown,
    lookup(wanted: WantedPackage, diagnostics: Diagnostic[]): CachedPackage | undefined {
      const integrity = cacheIndexIntegrity(cacacheDir, `https://registry.npmjs.org/${wanted.name.replace('/', '%2f')}`);
      const hex = integrity ? integrityHex(integrity) : undefined;
      if (!hex) return undefined;
      const file = cacheContentPath(cacacheDir, hex);
      const read = readCapped(file, MAX_PACKUMENT_BYTES);
      if (!read.ok) {
        if (!read.missing) diagnostics.push(diag('unreadable-cache-entry', `${shown}/${path.relative(cacacheDir, file).split(path.sep).join('/')}`, read.reason));
        return undefined;
      }
      const manifest = versionFromPackument(read.data, wanted.version);
      return manifest ? { cache: 'npm-metadata-cache', entry: file, manifest, licenseTexts: [] } : undefined;
    },
  };
}

/** The tarball URLs npm would have fetched: the lockfile's own, and the public registry's. */
function tarballUrls(wanted: WantedPackage): string[] {
  const urls: string[] = [];
  const resolved = wanted.fetched.resolved?.replace(/#.*$/, '');
  if (resolved && /^https?:\/\//.test(resolved)) urls.push(resolved);
  const base = wanted.name.split('/').pop();
  urls.push(`https://registry.npmjs.org/${wanted.name}/-/${base}-${wanted.version}.tgz`);
  return [...new Set(urls)];
}

/**
 * The license texts of a package tarball (gzipped, as registries serve it), for `--online` when
 * the registry has no license metadata; throws when it is not a gzipped tarball.
 */
export function licenseTextsInTarball(gzipped: Buffer): { name: string; text: string }[] {
  const { parseTar } = require('nanotar') as typeof import('nanotar');
  const tar = zlib.gunzipSync(gzipped, { maxOutputLength: MAX_UNPACKED_BYTES });
  const inPackage = (name: string) => name.replace(/^\.?\/?[^/]+\//, '');
  const listing = parseTar(tar, { metaOnly: true });
  const manifestData = parseTar(tar, { filter: (f) => inPackage(f.name) === 'package.json' && f.size <= MAX_TEXT_BYTES })[0]?.data;
  const manifest = (manifestData && parseManifestMembers(manifestData)) || {};
  const names = new Set(licenseFileNames(listing.map((f) => inPackage(f.name)), manifest));
  const texts: { name: string; text: string }[] = [];
  for (const f of parseTar(tar, { filter: (e) => names.has(inPackage(e.name)) && e.size <= MAX_TEXT_BYTES })) {
    const text = f.data ? textOf(f.data) : undefined;
    if (text !== undefined) texts.push({ name: inPackage(f.name), text });
  }
  return texts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
