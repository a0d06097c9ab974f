import * as fs from 'node:fs';
import * as path from 'node:path';
import fg from 'fast-glob';
import type { DiscoveredFiles, EcosystemReader, ReadContext, ReadResult } from '../../../types';
import { createSafeFs } from '../../fs';

/**
 * A DiscoveredFiles for a folder, built the way the discover stage builds it: manifests and
 * lockfiles by name, installed trees (`vendor/`, virtualenvs) recorded but not walked, except
 * `vendor/modules.txt` and `vendor/composer/installed.json`. Used by reader tests and by
 * callers that want to run one reader on its own.
 */
const MANIFEST = /^(pyproject\.toml|setup\.cfg|pipfile|cargo\.toml|go\.mod|pom\.xml|build\.gradle(\.kts)?|composer\.json|gemfile|package\.json)$/i;
const MANIFEST_PATTERNS = [/^requirements.*\.txt$/i, /^(dev|test)-requirements.*\.txt$/i, /\.gemspec$/i, /\.(cs|fs|vb)proj$/i];
const LOCKFILE =
  /^(poetry\.lock|uv\.lock|pipfile\.lock|cargo\.lock|go\.sum|gradle\.lockfile|composer\.lock|gemfile\.lock|packages\.lock\.json|package-lock\.json|yarn\.lock|pnpm-lock\.yaml)$/i;

export function discoverDirectory(rootInput: string): DiscoveredFiles {
  const root = path.resolve(rootInput);
  const entries = fg
    .sync('**/*', {
      cwd: root,
      dot: true,
      onlyFiles: false,
      markDirectories: true,
      followSymbolicLinks: false,
      suppressErrors: true,
      ignore: ['**/.git/**', '**/node_modules/**'],
    })
    .sort();
  const installed: string[] = [];
  for (const entry of entries) {
    if (!entry.endsWith('/')) continue;
    const dir = entry.slice(0, -1);
    if (installed.some((r) => dir.startsWith(r + '/'))) continue;
    if (path.posix.basename(dir) === 'vendor' || fs.existsSync(path.join(root, dir, 'pyvenv.cfg'))) installed.push(dir);
  }
  const files: DiscoveredFiles = { root, licenseFiles: [], manifests: [], lockfiles: [], installedTrees: installed, all: [] };
  for (const entry of entries) {
    if (entry.endsWith('/')) continue;
    const name = path.posix.basename(entry);
    if (installed.some((r) => entry.startsWith(r + '/'))) {
      if (/(^|\/)vendor\/modules\.txt$/.test(entry) || /(^|\/)vendor\/composer\/installed\.json$/.test(entry)) files.lockfiles.push(entry);
      continue;
    }
    if (LOCKFILE.test(name)) files.lockfiles.push(entry);
    else if (MANIFEST.test(name) || MANIFEST_PATTERNS.some((re) => re.test(name))) files.manifests.push(entry);
    const parts = entry.split('/');
    if ((parts.length === 1 && /^(un)?licen[cs]e|^copying/i.test(name)) || (parts.length === 2 && /^licen[cs]es$/i.test(parts[0]))) {
      files.licenseFiles.push(entry);
    }
    files.all.push(entry);
  }
  return files;
}

/** Runs one reader over a folder (discovery included): for tests and ad-hoc use. */
export async function readDirectory(
  reader: EcosystemReader,
  rootInput: string,
  options: { env?: NodeJS.ProcessEnv; includeDev?: boolean } = {},
): Promise<ReadResult & { files: DiscoveredFiles }> {
  const files = discoverDirectory(rootInput);
  const ctx: ReadContext = { root: files.root, fs: createSafeFs(files.root), env: options.env ?? {}, includeDev: options.includeDev ?? true };
  const result = reader.applies(files) ? await reader.read(files, ctx) : { components: [], projects: [], diagnostics: [] };
  return { ...result, files };
}
