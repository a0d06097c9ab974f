import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Where a Chromium for the browser tests is: `CHROME_PATH` / `PUPPETEER_EXECUTABLE_PATH`, else
 * the first of Debian's and the usual names on PATH. Undefined when there is none, and the
 * browser tests then skip (locally) or fail (`.ci/run` sets LICENSE_RISK_BROWSER_TESTS=required).
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const explicit of [env.CHROME_PATH, env.PUPPETEER_EXECUTABLE_PATH]) {
    if (explicit && isExecutable(explicit)) return explicit;
  }
  const names = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export const NO_BROWSER_MESSAGE =
  'browser tests skipped: no Chromium found. Install one (Debian/Ubuntu: sudo apt-get install chromium) or set CHROME_PATH to a Chrome/Chromium binary.';
