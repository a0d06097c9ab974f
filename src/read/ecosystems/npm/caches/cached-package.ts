import * as path from 'node:path';
import type { Diagnostic, LicenseEvidence } from '../../../../types';
import { MAX_FILE_BYTES, decodeBytes } from '../../../fs';
import { isPackageLicenseFile } from '../installed';
import type { FetchedAs } from '../model';
import { readTopLevelMembers } from '../json-members';
import { isRecord } from '../util';

/**
 * The package managers' caches: package contents (pnpm's store, yarn's caches, npm's tarballs)
 * and, for packages never downloaded here (another platform's optional binaries), the registry
 * metadata pnpm and npm keep, which carries each version's `license` but no texts.
 */
export type CacheKind = 'pnpm-store' | 'yarn-cache' | 'yarn-berry-cache' | 'npm-cache' | 'pnpm-metadata-cache' | 'npm-metadata-cache';

/** The package a lockfile names, as a cache lookup needs it. */
export interface WantedPackage {
  name: string;
  version: string;
  fetched: FetchedAs;
}

/** What a cache holds for one package: its manifest and its license texts. */
export interface CachedPackage {
  cache: CacheKind;
  /** Absolute path of the cache entry (index file, folder, zip, tarball): evidence names files under it. */
  entry: string;
  manifest: Record<string, unknown>;
  /** License texts, by path inside the package (`LICENSE`, `LICENSES/MIT.txt`). */
  licenseTexts: { name: string; text: string }[];
}

/** One cache: finds a package, or says why it cannot (a diagnostic only for a broken entry). */
export interface PackageCache {
  kind: CacheKind;
  /** Where it is, as shown to the user (`~/.local/share/pnpm/store/v10`). */
  shown: string;
  lookup(wanted: WantedPackage, diagnostics: Diagnostic[]): CachedPackage | undefined;
}

/** License texts are read up to the checkout's own cap; a manifest the same. */
export const MAX_TEXT_BYTES = MAX_FILE_BYTES;

const LICENSE_DIR = /^licen[cs]es$/i;
const NOT_A_TEXT = /\.(js|mjs|cjs|ts|mts|cts|jsx|tsx|json|map|node|coffee|sh|py|ya?ml|png|jpe?g|gif|svg)$/i;

/**
 * Which of a package's files (paths inside the package, `/`-separated) are license texts: top
 * level names like LICENSE/COPYING, a REUSE-style `LICENSES/` folder, and the file a
 * `SEE LICENSE IN <file>` manifest points at (kept only when it stays inside the package).
 */
export function licenseFileNames(files: Iterable<string>, manifest: Record<string, unknown>): string[] {
  const out = new Set<string>();
  const pointed = seeLicenseInTarget(manifest);
  // Packages list thousands of files: look at each name once, splitting none.
  for (const f of files) {
    const slash = f.indexOf('/');
    if (slash === -1) {
      if (isPackageLicenseFile(f)) out.add(f);
    } else if (f.indexOf('/', slash + 1) === -1 && LICENSE_DIR.test(f.slice(0, slash)) && !NOT_A_TEXT.test(f)) {
      out.add(f);
    }
    if (f === pointed) out.add(f);
  }
  return [...out].sort();
}

function seeLicenseInTarget(manifest: Record<string, unknown>): string | undefined {
  const license = typeof manifest.license === 'string' ? manifest.license : undefined;
  const m = license?.match(/^\s*SEE\s+LICEN[CS]E\s+IN\s+(.+?)\s*$/i);
  if (!m) return undefined;
  const target = path.posix.normalize(m[1].replace(/\\/g, '/').replace(/^\.\//, ''));
  return target.startsWith('..') || path.posix.isAbsolute(target) ? undefined : target;
}

/** A license text from raw bytes, or undefined for binary content. */
export function textOf(data: Uint8Array): string | undefined {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length > MAX_TEXT_BYTES) return undefined;
  const decoded = decodeBytes(buf);
  return decoded.binary ? undefined : decoded.text;
}

const MANIFEST_MEMBERS: ReadonlySet<string> = new Set(['name', 'version', 'license', 'licenses']);

/**
 * The members of a cached package.json a lookup uses (name, version, license, licenses);
 * undefined when it is not a JSON object. Like the installed walk, only those members are
 * built (a manifest is mostly scripts, exports maps and keywords); the whole text is still
 * checked to be JSON, and anything uncertain is parsed whole.
 */
export function parseManifestMembers(data: Uint8Array): Record<string, unknown> | undefined {
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8').replace(/^\uFEFF/, '');
  try {
    const members = readTopLevelMembers(text, MANIFEST_MEMBERS, () => false);
    if (members) return members.value;
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Parses a cached JSON document (a package.json, a pnpm index file); undefined when it is not a JSON object. */
export function parseManifest(data: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8').replace(/^\uFEFF/, ''));
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Evidence from a cached package, in the shapes the installed walk gives: the manifest's
 * `license` (or legacy `licenses`) as declared, and each license text. Files are named
 * `<cache entry>!/<path in package>` (shown with `~`), their text travelling with them since
 * zips, tarballs and pnpm's content-addressed files have no readable path of that name.
 */
export function evidenceFrom(cached: CachedPackage): LicenseEvidence[] {
  const evidence: LicenseEvidence[] = [];
  const origin = cached.entry.split(path.sep).join('/');
  for (const field of ['license', 'licenses'] as const) {
    if (cached.manifest[field] === undefined) continue;
    evidence.push({ kind: 'declared', value: cached.manifest[field], field, origin });
    break;
  }
  for (const { name, text } of cached.licenseTexts) evidence.push({ kind: 'file', file: `${origin}!/${name}`, text });
  return evidence;
}

/** Hex digest of an SRI string's first sha512 (or, failing that, first) hash; undefined when malformed. */
export function integrityHex(integrity: string, algorithm = 'sha512'): string | undefined {
  const hashes = integrity.trim().split(/\s+/);
  const pick = hashes.find((h) => h.startsWith(`${algorithm}-`));
  if (!pick) return undefined;
  const b64 = pick.slice(algorithm.length + 1).split('?')[0];
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return undefined;
  const hex = Buffer.from(b64, 'base64').toString('hex');
  return hex.length >= 40 ? hex : undefined;
}

/** Packuments above this are not parsed (the largest abbreviated ones, e.g. @types/node, are ~10 MB). */
export const MAX_PACKUMENT_BYTES = 32 * 1024 * 1024;

/**
 * The version's entry of a cached packument, as a manifest; undefined when absent or malformed.
 * Packuments of busy packages are megabytes (every version ever published): only the one
 * version's object is cut out of the bytes and parsed, not the document.
 */
export function versionFromPackument(data: Uint8Array, version: string): Record<string, unknown> | undefined {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const versions = buf.indexOf('"versions"');
  if (versions < 0) return undefined;
  // `"1.2.3":{` or `"1.2.3": {` (npm writes JSON compactly, some registries and tests do not).
  let start = -1;
  for (const key of [`"${version}":{`, `"${version}": {`]) {
    const at = buf.indexOf(key, versions);
    if (at >= 0 && (start < 0 || at < start)) start = at + key.length - 1;
  }
  if (start < 0) return undefined;
  const end = matchingBrace(buf, start);
  if (end < 0) return undefined;
  const entry = parseManifest(buf.subarray(start, end + 1));
  return entry && entry.version === version ? entry : undefined;
}

/** Index of the `}` closing the object opening at `start`, skipping strings; -1 when unbalanced. */
function matchingBrace(buf: Buffer, start: number): number {
  let depth = 0;
  for (let i = start; i < buf.length; i++) {
    const c = buf[i];
    if (c === 0x22) {
      // A string: skip to its closing quote, stepping over escapes.
      for (i++; i < buf.length && buf[i] !== 0x22; i++) if (buf[i] === 0x5c) i++;
    } else if (c === 0x7b) depth++;
    else if (c === 0x7d && --depth === 0) return i;
  }
  return -1;
}
