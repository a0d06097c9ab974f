import * as path from 'node:path';
import type { Diagnostic } from '../../../../types';
import { diag } from '../../shared/diagnostics';
import { isRecord } from '../util';
import { MAX_TEXT_BYTES, integrityHex, licenseFileNames, parseManifest, parseManifestMembers, textOf, type CachedPackage, type PackageCache, type WantedPackage } from './cached-package';
import { readCapped } from './read-capped';

/** An index lists every file of a package; a large one (typescript, @types bundles) is a few hundred KB. */
const MAX_INDEX_BYTES = 8 * 1024 * 1024;

/**
 * pnpm's content-addressable store. The lockfile's `integrity` names the package's index file
 * (v10: `index/<hex 0-2>/<hex 2-64>-<name@version>.json`; v3: `files/<hex 0-2>/<hex 2->-index.json`),
 * which maps each file of the package to the integrity of its content, itself stored at
 * `files/<hex 0-2>/<hex 2->` (`-exec` for executables). pnpm writes these; we only read.
 */
export function pnpmStore(storeVersionDir: string, shown: string): PackageCache {
  const v10 = path.basename(storeVersionDir) !== 'v3';
  return {
    kind: 'pnpm-store',
    shown,
    lookup(wanted: WantedPackage, diagnostics: Diagnostic[]): CachedPackage | undefined {
      const hex = wanted.fetched.integrity ? integrityHex(wanted.fetched.integrity) : undefined;
      if (!hex) return undefined;
      const pkgId = `${wanted.name}@${wanted.version}`.replace(/[\\/:*?"<>|]/g, '+');
      const indexFile = v10
        ? path.join(storeVersionDir, 'index', hex.slice(0, 2), `${hex.slice(2, 64)}-${pkgId}.json`)
        : path.join(storeVersionDir, 'files', hex.slice(0, 2), `${hex.slice(2)}-index.json`);
      const read = readCapped(indexFile, MAX_INDEX_BYTES);
      if (!read.ok) {
        if (!read.missing) diagnostics.push(diag('unreadable-cache-entry', display(shown, storeVersionDir, indexFile), read.reason));
        return undefined;
      }
      const files = indexedFiles(read.data);
      if (!files) {
        diagnostics.push(diag('invalid-cache-entry', display(shown, storeVersionDir, indexFile), 'pnpm store index is not JSON with a "files" map; package not read from the store'));
        return undefined;
      }
      const content = (name: string): Uint8Array | undefined => {
        const info = files.info(name);
        if (!isRecord(info) || typeof info.integrity !== 'string') return undefined;
        const fileHex = integrityHex(info.integrity);
        if (!fileHex) return undefined;
        const exec = typeof info.mode === 'number' && (info.mode & 0o111) !== 0;
        const file = path.join(storeVersionDir, 'files', fileHex.slice(0, 2), fileHex.slice(2) + (exec ? '-exec' : ''));
        const got = readCapped(file, MAX_TEXT_BYTES);
        if (got.ok) return got.data;
        diagnostics.push(diag('unreadable-cache-entry', display(shown, storeVersionDir, file), `${name} of ${wanted.name}@${wanted.version}: ${got.reason}`));
        return undefined;
      };
      const manifestData = content('package.json');
      const manifest = manifestData ? parseManifestMembers(manifestData) : undefined;
      if (!manifest) {
        if (manifestData) diagnostics.push(diag('invalid-cache-entry', display(shown, storeVersionDir, indexFile), `package.json of ${wanted.name}@${wanted.version} in the pnpm store is not a JSON object`));
        return undefined;
      }
      const licenseTexts: CachedPackage['licenseTexts'] = [];
      for (const name of licenseFileNames(files.names, manifest)) {
        const data = content(name);
        const text = data ? textOf(data) : undefined;
        if (text !== undefined) licenseTexts.push({ name, text });
      }
      return { cache: 'pnpm-store', entry: indexFile, manifest, licenseTexts };
    },
  };
}

/**
 * The `files` map of an index: path in the package → `{ integrity, mode, … }`. Every entry is a
 * flat object, so the entries are cut out of the text by a pattern and only the few read are
 * parsed; an index of thousands of files then costs a scan, not thousands of objects (the whole
 * store's indexes for 1,300 packages are ~16 MB). Anything the pattern does not recognise falls
 * back to parsing the document.
 */
interface IndexedFiles {
  names: string[];
  /** The entry of one file (`{ integrity, mode, size, checkedAt }`), parsed when asked. */
  info(name: string): unknown;
}

function indexedFiles(data: Buffer): IndexedFiles | undefined {
  const text = data.toString('utf8');
  const filesAt = text.indexOf('"files":{');
  if (filesAt >= 0) {
    const entries = new Map<string, string>();
    const entry = /"((?:[^"\\]|\\.)*)":(\{[^{}]*\})/g;
    entry.lastIndex = filesAt + '"files":{'.length;
    for (let m = entry.exec(text); m; m = entry.exec(text)) entries.set(m[1].includes('\\') ? (JSON.parse(`"${m[1]}"`) as string) : m[1], m[2]);
    if (entries.has('package.json')) {
      return {
        names: [...entries.keys()],
        info(name) {
          const raw = entries.get(name);
          try {
            return raw === undefined ? undefined : (JSON.parse(raw) as unknown);
          } catch {
            return undefined;
          }
        },
      };
    }
  }
  const index = parseManifest(data);
  const files = index && isRecord(index.files) ? (index.files as Record<string, unknown>) : undefined;
  return files ? { names: Object.keys(files), info: (name) => (Object.prototype.hasOwnProperty.call(files, name) ? files[name] : undefined) } : undefined;
}

/** `~/.local/share/pnpm/store/v10/index/ab/…json`: the store as shown plus the path inside it. */
function display(shownRoot: string, root: string, file: string): string {
  return `${shownRoot}/${path.relative(root, file).split(path.sep).join('/')}`;
}
