import * as os from 'node:os';
import * as path from 'node:path';

/** What yarn 1 itself looks at to choose its folders: the platform, the user id, the temp folder. */
export interface YarnHost {
  platform: NodeJS.Platform;
  /** `process.getuid()`; undefined on Windows. */
  uid: number | undefined;
  tmpdir: string;
}

export function currentYarnHost(): YarnHost {
  return { platform: process.platform, uid: process.getuid?.(), tmpdir: os.tmpdir() };
}

/**
 * yarn 1.22's "user home" (`src/util/user-home-dir.js`): `/usr/local/share` for root (uid 0)
 * unless run under fakeroot (`FAKEROOTKEY`), else the home folder. yarn keeps its cache, config
 * and global folders under it, so a `yarn install` run as root in a container or a CI image
 * leaves its cache in `/usr/local/share/.cache/yarn`, not under `HOME`.
 */
export function yarnUserHome(env: NodeJS.ProcessEnv, home: string | undefined, host: YarnHost): string | undefined {
  const root = host.platform !== 'win32' && host.uid === 0 && !env.FAKEROOTKEY;
  return root ? '/usr/local/share' : home;
}

/**
 * The `cache-folder` settings yarn 1 reads from the environment: any variable whose name,
 * lower-cased, is `yarn_cache_folder` (yarn turns `yarn_*` variables into settings,
 * `_` → `-`), then npm's `npm_config_cache_folder` (yarn falls back to npm's settings).
 */
export function yarnCacheFolderFromEnv(env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  for (const key of Object.keys(env).sort()) {
    if (key.toLowerCase() === 'yarn_cache_folder' && env[key]) out.push(env[key]!);
  }
  if (env.npm_config_cache_folder) out.push(env.npm_config_cache_folder);
  return out;
}

/**
 * The folders yarn 1.22.22 would keep its cache in on this host, in its own order (it takes the
 * first it can write to; the `v6` layout folder is under each): a configured `cache-folder`
 * (given by the caller: environment, `.yarnrc`, `.npmrc`), else `getCacheDir()` — Windows
 * `%LOCALAPPDATA%\Yarn\Cache` (or `<user home>\AppData\Local\Yarn\Cache`), `$XDG_CACHE_HOME/yarn`,
 * macOS `<user home>/Library/Caches/Yarn`, else `<user home>/.cache/yarn` — then its fallbacks
 * `<tmp>/.yarn-cache-<uid>` and `<tmp>/.yarn-cache`. After them, the places yarn would have used
 * for another user or platform (the real home folder when running as root, the other
 * platforms' defaults): a cache restored by CI, or made by a non-root `yarn`, is still yarn's.
 */
export function yarnClassicCacheRoots(env: NodeJS.ProcessEnv, home: string | undefined, host: YarnHost, configured: string[]): string[] {
  const p = host.platform === 'win32' ? path.win32 : path.posix;
  const userHome = yarnUserHome(env, home, host);
  const candidates: (string | undefined)[] = [...configured];
  const cacheDir = (base: string | undefined): string | undefined => {
    if (host.platform === 'win32') {
      if (env.LOCALAPPDATA) return p.join(env.LOCALAPPDATA, 'Yarn', 'Cache');
      return base && p.join(base, 'AppData', 'Local', 'Yarn', 'Cache');
    }
    if (env.XDG_CACHE_HOME) return p.join(env.XDG_CACHE_HOME, 'yarn');
    if (host.platform === 'darwin') return base && p.join(base, 'Library', 'Caches', 'Yarn');
    return base && p.join(base, '.cache', 'yarn');
  };
  candidates.push(cacheDir(userHome));
  if (host.uid !== undefined && host.platform !== 'win32') candidates.push(p.join(host.tmpdir, `.yarn-cache-${host.uid}`));
  candidates.push(p.join(host.tmpdir, '.yarn-cache'));
  // Not yarn's choice for this user on this platform, but yarn's all the same.
  candidates.push(cacheDir(home));
  if (home) candidates.push(p.join(home, '.cache', 'yarn'), p.join(home, 'Library', 'Caches', 'Yarn'));
  if (env.LOCALAPPDATA) candidates.push(p.join(env.LOCALAPPDATA, 'Yarn', 'Cache'));
  return [...new Set(candidates.filter((c): c is string => !!c))];
}
