import * as path from 'node:path';
import type { ReadContext } from '../../../../types';
import { homeDir } from '../../shared/cache-fs';
import type { PackageManager } from '../model';
import type { PackageCache } from './cached-package';
import { npmCache, npmMetadataCache } from './npm-cacache';
import { pnpmMetadataCache } from './pnpm-metadata';
import { pnpmStore } from './pnpm-store';
import { isFolder, readCapped } from './read-capped';
import { yarnBerryCache } from './yarn-berry';
import { yarnClassicCache } from './yarn-classic';
import { currentYarnHost, yarnCacheFolderFromEnv, yarnClassicCacheRoots, yarnUserHome } from './yarn-classic-dirs';
import { dirOf } from '../util';

const RC_MAX_BYTES = 256 * 1024;

/**
 * Where the package managers keep their caches on this machine, as they themselves decide it:
 * their environment variables, the checkout's and the user's `.npmrc` / `.yarnrc` /
 * `.yarnrc.yml`, then the platform defaults. Only folders that exist are returned; the lockfile's
 * own package manager first, then the others in the order of trust (pnpm, yarn, berry, npm).
 */
export async function findCaches(ctx: ReadContext, lockDir: string, manager: PackageManager): Promise<PackageCache[]> {
  const env = ctx.env;
  const home = homeDir(env);
  const show = (abs: string) => {
    const norm = path.resolve(abs);
    if (home && (norm === home || norm.startsWith(home + path.sep))) return '~/' + path.relative(home, norm).split(path.sep).join('/');
    return norm.split(path.sep).join('/');
  };
  const checkoutRc = async (dir: string, name: string) => {
    const rel = dir ? `${dir}/${name}` : name;
    if (!ctx.fs.exists(rel)) return '';
    const read = await ctx.fs.readText(rel, { maxBytes: RC_MAX_BYTES });
    return read.ok ? read.text : '';
  };
  const readHomeFile = (dir: string | undefined, name: string) => {
    if (!dir) return '';
    const read = readCapped(path.join(dir, name), RC_MAX_BYTES);
    return read.ok ? read.data.toString('utf8') : '';
  };
  const homeRc = (name: string) => readHomeFile(home, name);
  const expand = (value: string, base: string) => {
    const v = value.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, name: string) => env[name] ?? '').replace(/^~(?=$|[/\\])/, home ?? '~');
    return path.resolve(base, v);
  };
  const rootAbs = lockDir ? path.join(ctx.root, lockDir) : ctx.root;
  const npmrcs = [await checkoutRc(lockDir, '.npmrc'), homeRc('.npmrc')];
  const yarnrcYml = await checkoutRc(lockDir, '.yarnrc.yml');

  const pnpm: PackageCache[] = [];
  const storeDirs = [
    env.npm_config_store_dir,
    ...npmrcs.map((t) => iniValue(t, 'store-dir')),
    env.PNPM_HOME && path.join(env.PNPM_HOME, 'store'),
    env.XDG_DATA_HOME && path.join(env.XDG_DATA_HOME, 'pnpm', 'store'),
    home && path.join(home, '.local', 'share', 'pnpm', 'store'),
    home && path.join(home, 'Library', 'pnpm', 'store'),
    env.LOCALAPPDATA && path.join(env.LOCALAPPDATA, 'pnpm', 'store'),
  ];
  for (const dir of unique(storeDirs.map((d) => d && expand(d, rootAbs)))) {
    for (const v of ['v10', 'v3']) if (isFolder(path.join(dir, v))) pnpm.push(pnpmStore(path.join(dir, v), show(path.join(dir, v))));
  }

  const classic: PackageCache[] = [];
  // yarn 1 reads `.yarnrc` in the lockfile's folder and each folder above it (here: up to the
  // checkout's root; the nearest wins), then in its user home (`/usr/local/share` as root) and
  // the real home folder; a relative `cache-folder` is relative to the file that sets it.
  const host = currentYarnHost();
  const userHome = yarnUserHome(env, home, host);
  const configured: string[] = yarnCacheFolderFromEnv(env).map((d) => expand(d, rootAbs));
  for (let dir = lockDir; ; dir = dirOf(dir)) {
    const value = yarnrcValue(await checkoutRc(dir, '.yarnrc'), 'cache-folder');
    if (value) configured.push(expand(value, dir ? path.join(ctx.root, dir) : ctx.root));
    if (!dir) break;
  }
  for (const h of unique([userHome, home])) {
    const value = yarnrcValue(readHomeFile(h, '.yarnrc'), 'cache-folder');
    if (value) configured.push(expand(value, h));
  }
  for (const t of npmrcs) {
    const value = iniValue(t, 'cache-folder');
    if (value) configured.push(expand(value, rootAbs));
  }
  for (const dir of yarnClassicCacheRoots(env, home, host, configured)) {
    // yarn 1.x keeps its layout version in a `v<N>` subfolder (v6 since 1.10).
    if (isFolder(path.join(dir, 'v6'))) classic.push(yarnClassicCache(path.join(dir, 'v6'), show(path.join(dir, 'v6'))));
  }

  const berry: PackageCache[] = [];
  const localCache = yamlValue(yarnrcYml, 'cacheFolder') ?? '.yarn/cache';
  const localAbs = expand(localCache, rootAbs);
  // The checkout's own cache is read like any checkout file: it must not lead outside the root.
  const localRel = path.relative(ctx.root, localAbs).split(path.sep).join('/');
  if (!localRel.startsWith('..') && !path.isAbsolute(localRel) && ctx.fs.realpathInRoot(localRel) !== null && isFolder(localAbs)) {
    berry.push(yarnBerryCache(localAbs, localRel));
  }
  const globalFolder = env.YARN_GLOBAL_FOLDER ?? yamlValue(yarnrcYml, 'globalFolder') ?? (home && path.join(home, '.yarn', 'berry'));
  if (globalFolder && isFolder(path.join(expand(globalFolder, rootAbs), 'cache'))) {
    const dir = path.join(expand(globalFolder, rootAbs), 'cache');
    berry.push(yarnBerryCache(dir, show(dir)));
  }

  const npm: (PackageCache & { root: string })[] = [];
  const npmDirs = [
    env.npm_config_cache,
    ...npmrcs.map((t) => iniValue(t, 'cache')),
    home && path.join(home, '.npm'),
    env.LOCALAPPDATA && path.join(env.LOCALAPPDATA, 'npm-cache'),
  ];
  for (const dir of unique(npmDirs.map((d) => d && expand(d, rootAbs)))) {
    const cacache = path.join(dir, '_cacache');
    if (isFolder(cacache)) npm.push({ ...npmCache(cacache, show(cacache)), root: cacache });
  }

  const pnpmMeta: PackageCache[] = [];
  const pnpmCacheDirs = [
    env.npm_config_cache_dir,
    ...npmrcs.map((t) => iniValue(t, 'cache-dir')),
    env.XDG_CACHE_HOME && path.join(env.XDG_CACHE_HOME, 'pnpm'),
    home && path.join(home, '.cache', 'pnpm'),
    home && path.join(home, 'Library', 'Caches', 'pnpm'),
    env.LOCALAPPDATA && path.join(env.LOCALAPPDATA, 'pnpm-cache'),
  ];
  for (const dir of unique(pnpmCacheDirs.map((d) => d && expand(d, rootAbs)))) {
    if (isFolder(dir)) pnpmMeta.push(pnpmMetadataCache(dir, show(dir)));
  }
  const npmMeta = npm.map((c) => npmMetadataCache(c.root, c.shown));

  // Package contents first (they carry the license texts), registry metadata last.
  const order: Record<PackageManager, PackageCache[][]> = {
    pnpm: [pnpm, classic, berry, npm, pnpmMeta, npmMeta],
    'yarn-classic': [classic, pnpm, berry, npm, npmMeta, pnpmMeta],
    'yarn-berry': [berry, pnpm, classic, npm, npmMeta, pnpmMeta],
    npm: [npm, pnpm, classic, berry, npmMeta, pnpmMeta],
  };
  return order[manager].flat();
}

function unique(list: (string | undefined | '' | false)[]): string[] {
  return [...new Set(list.filter((x): x is string => typeof x === 'string' && x !== ''))];
}

/** `key=value` in an npmrc (ini); the last one wins, as in npm. */
export function iniValue(text: string, key: string): string | undefined {
  let found: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([^=;#\s]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m && m[1] === key) found = m[2].replace(/^"(.*)"$/, '$1');
  }
  return found || undefined;
}

/** `cache-folder "/path"` (or `--cache-folder`) in a yarn 1 `.yarnrc`. */
export function yarnrcValue(text: string, key: string): string | undefined {
  let found: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:--)?([A-Za-z-]+)\s+("?)(.*?)\2\s*$/.exec(line);
    if (m && m[1] === key) found = m[3];
  }
  return found || undefined;
}

/** A top-level scalar of `.yarnrc.yml` (`cacheFolder: ./cache`). */
export function yamlValue(text: string, key: string): string | undefined {
  const m = new RegExp(`^${key}:\\s*["']?([^"'\\n#]+?)["']?\\s*(#.*)?$`, 'm').exec(text);
  return m ? m[1] : undefined;
}
