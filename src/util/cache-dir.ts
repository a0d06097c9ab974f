import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * license-risk's folder in the user's cache directory: `$XDG_CACHE_HOME` or `~/.cache` on
 * Linux, `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows. Never inside a checkout.
 */
export function userCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  const home = env.HOME || env.USERPROFILE || os.homedir();
  let base: string;
  if (platform === 'win32') {
    base = env.LOCALAPPDATA || path.join(home, 'AppData', 'Local');
  } else if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) {
    base = env.XDG_CACHE_HOME;
  } else if (platform === 'darwin') {
    base = path.join(home, 'Library', 'Caches');
  } else {
    base = path.join(home, '.cache');
  }
  return path.join(base, 'license-risk');
}

/**
 * True when `child` is `parent` or inside it, after resolving links where they exist: a cache
 * folder (`XDG_CACHE_HOME` pointed into the checkout) must never be written when it lies in the
 * scanned checkout, however either path is spelled.
 */
export function isInside(child: string, parent: string): boolean {
  const real = (p: string): string => {
    // The cache folder may not exist yet: resolve its nearest existing ancestor.
    let existing = path.resolve(p);
    const rest: string[] = [];
    while (!fs.existsSync(existing)) {
      const up = path.dirname(existing);
      if (up === existing) break;
      rest.unshift(path.basename(existing));
      existing = up;
    }
    try {
      return path.join(fs.realpathSync(existing), ...rest);
    } catch {
      return path.resolve(p);
    }
  };
  const rel = path.relative(real(parent), real(child));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
