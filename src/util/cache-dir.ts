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
