import * as path from 'node:path';
import { pathGlobMatcher } from '../util/path-glob';
import * as fs from 'node:fs';
import type { Diagnostic, DiscoveredFiles } from '../types';
import { diag } from '../diagnostics';
import { isInstalledLockfile, isLockfileName, isManifestName } from '../ecosystems';

/** Manifest and lockfile names come from the ecosystems' descriptors (src/ecosystems). */
export { isLockfileName, isManifestName };

/** The project's own license files: LICENSE*, LICENCE*, COPYING*, UNLICENSE*, PATENTS (a patent grant beside the license), licenses/*. */
const LICENSE_FILE = /^(un)?licen[cs]e|^copying|^patents$/i;

/** Folders never walked: VCS data and caches that are not part of the project. */
const ALWAYS_SKIPPED = ['.git', '.hg', '.svn'];

export function isLicenseFileName(name: string): boolean {
  return LICENSE_FILE.test(name);
}

/** What discover finds in no checkout at all (an SBOM scanned alone). */
export function noFiles(root: string): DiscoveredFiles {
  return { root, licenseFiles: [], manifests: [], lockfiles: [], installedTrees: [], all: [] };
}

export interface DiscoverOptions {
  /** Extra glob patterns (relative to root) to ignore, from config `ignore`. */
  ignore?: string[];
}

export interface DiscoverResult {
  files: DiscoveredFiles;
  diagnostics: Diagnostic[];
  /** Every folder the walk met (relative): `--cache` watches them for added and removed files. */
  folders?: string[];
}

/**
 * One walk of the checkout. Installed dependency trees (node_modules, virtualenvs, vendor/)
 * are recorded but not descended into: each ecosystem reader knows its own layout and walks
 * its tree itself. Symbolic links are not followed, so a link loop cannot hang the walk.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- async by contract: callers await it, and a throw must reach them as a rejection
export async function discover(rootInput: string, options: DiscoverOptions = {}): Promise<DiscoverResult> {
  const root = path.resolve(rootInput);
  const diagnostics: Diagnostic[] = [];
  const ignore = [
    ...ALWAYS_SKIPPED.map((d) => `**/${d}/**`),
    '**/node_modules/**',
    ...(options.ignore ?? []),
  ];

  const entries = walkCheckout(root, ignore, (relDir, code) =>
    // As an unlistable node_modules below: what the folder holds is not judged, so the report is incomplete.
    diagnostics.push(diag('unlistable', relDir, `cannot list the folder (${code}): its files are not scanned`, undefined, 'error')),
  );
  entries.sort();

  const installedRoots: string[] = [];
  const installedSet = new Set<string>();
  for (const entry of entries) {
    if (!entry.endsWith('/')) continue;
    const dir = entry.slice(0, -1);
    const base = path.posix.basename(dir);
    if (isUnder(dir, installedRoots)) continue;
    if (base === 'vendor' || isVirtualenv(root, dir)) {
      installedRoots.push(dir);
      installedSet.add(dir);
    }
  }
  // node_modules folders are excluded from the glob, so find them next to package.json files.
  for (const entry of entries) {
    if (entry.endsWith('/')) continue;
    if (path.posix.basename(entry) !== 'package.json') continue;
    const dir = path.posix.dirname(entry);
    const nm = dir === '.' ? 'node_modules' : `${dir}/node_modules`;
    if (isUnder(nm, installedRoots)) continue;
    if (isDirectory(path.join(root, nm))) {
      installedSet.add(nm);
      continue;
    }
    // A node_modules that exists but cannot be listed (a link loop, no permission) would leave
    // every installed package as "no license evidence" and the run green: said, and fatal to it.
    const why = unlistableReason(path.join(root, nm));
    if (why) diagnostics.push({ code: 'unlistable', severity: 'error', file: nm, message: `cannot list the installed packages (${why}): they are not judged` });
  }

  const manifests: string[] = [];
  const lockfiles: string[] = [];
  const licenseFiles: string[] = [];
  const all: string[] = [];
  for (const entry of entries) {
    if (entry.endsWith('/')) continue;
    if (isUnder(entry, installedRoots)) {
      // Go's vendor/modules.txt and Composer's vendor/composer/installed.json are read by their
      // readers from the installed tree; they are listed so a reader can find them cheaply.
      if (isInstalledLockfile(entry)) lockfiles.push(entry);
      continue;
    }
    const name = path.posix.basename(entry);
    if (isLockfileName(name)) lockfiles.push(entry);
    else if (isManifestName(name)) manifests.push(entry);
    if (isOwnLicenseFile(entry)) licenseFiles.push(entry);
    all.push(entry);
  }

  return {
    files: {
      root,
      licenseFiles: licenseFiles.sort(),
      manifests: manifests.sort(),
      lockfiles: lockfiles.sort(),
      installedTrees: [...installedSet].sort(),
      all,
    },
    diagnostics,
    folders: entries.filter((e) => e.endsWith('/')).map((e) => e.slice(0, -1)),
  };
}

/** Why something at `abs` cannot be listed as a folder, or undefined when nothing is there or it is a plain file. */
function unlistableReason(abs: string): string | undefined {
  try {
    fs.lstatSync(abs);
  } catch {
    return undefined;
  }
  try {
    fs.readdirSync(abs);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOTDIR' || code === 'ENOENT' ? undefined : code === 'ELOOP' ? 'symbolic link loop' : code ?? 'error';
  }
}

/**
 * Every file and folder of the checkout (folders with a trailing `/`, so node_modules, venv and
 * vendor roots can be spotted without entering them), skipping what the ignore globs match:
 * an ignored folder is not entered. Links are listed, never followed, so a link loop cannot
 * hang the walk; a folder that cannot be listed is skipped and passed to `onUnreadable` (the
 * caller's diagnostic). A plain recursive listing with picomatch (util/path-glob.ts) for
 * the globs, because fast-glob's ~50 modules cost a pre-commit run more than the walk itself.
 */
export function walkCheckout(root: string, ignore: string[], onUnreadable: (relDir: string, code: string) => void = () => undefined): string[] {
  const isIgnored = pathGlobMatcher(ignore, { dot: true });
  // As with fast-glob: a folder matched by `x/**` or by a pattern whose last segment has no
  // glob is not entered; one matched only by another pattern (`**/*.json` and a folder named
  // `newtonsoft.json`) is left out of the list but its content is still walked.
  const prunes = ignore.filter((p) => p.endsWith('/**') || !/[*?[\]{}()!+@\\]/.test(path.posix.basename(p)));
  const isPruned = prunes.length ? pathGlobMatcher(prunes, { dot: true }) : () => false;
  const out: string[] = [];
  // A list of folders to visit rather than recursion: however deep the checkout, no stack overflow.
  const pending = [''];
  while (pending.length > 0) {
    const relDir = pending.pop()!;
    let dirents: fs.Dirent[];
    try {
      dirents = fs.readdirSync(relDir ? path.join(root, relDir) : root, { withFileTypes: true });
    } catch (err) {
      onUnreadable(relDir || '.', (err as NodeJS.ErrnoException).code ?? 'EIO');
      continue;
    }
    for (const dirent of dirents) {
      const rel = relDir ? `${relDir}/${dirent.name}` : dirent.name;
      const ignored = isIgnored(rel);
      if (dirent.isDirectory()) {
        if (!ignored) out.push(`${rel}/`);
        if (!isPruned(rel)) pending.push(rel);
      } else if (!ignored) {
        out.push(rel);
      }
    }
  }
  return out;
}

function isUnder(p: string, roots: string[]): boolean {
  for (const r of roots) if (p === r || p.startsWith(r + '/')) return true;
  return false;
}

function isDirectory(abs: string): boolean {
  try {
    return fs.lstatSync(abs).isDirectory();
  } catch {
    return false;
  }
}

function isVirtualenv(root: string, dir: string): boolean {
  try {
    return fs.existsSync(path.join(root, dir, 'pyvenv.cfg'));
  } catch {
    return false;
  }
}

/**
 * A license file of the project itself, at the root or at a workspace/package root: the file
 * name matches, or it sits in a top-level `licenses/`/`LICENSES/` folder (REUSE layout).
 * Files deep in test fixtures or docs are left alone: they are not what the project ships under.
 */
function isOwnLicenseFile(rel: string): boolean {
  const parts = rel.split('/');
  const name = parts[parts.length - 1];
  if (parts.length === 1) return isLicenseFileName(name);
  if (parts.length === 2 && /^licen[cs]es$/i.test(parts[0])) return true;
  return false;
}
