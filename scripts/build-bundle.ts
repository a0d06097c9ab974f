/**
 * Build step (after `tsc`): bundles the CLI into `dist/license-risk.js` and makes the V8 code
 * cache bin/license-risk.js compiles it with (`dist/license-risk.js.cache`). One file instead of
 * ~120 modules and a precompiled cache took ~40 ms off every run's start-up (bench/README.md);
 * npm packages stay outside the bundle (they are installed beside it and load as they are
 * needed). The cache is made by running the bundle on a small checkout, so it holds the code
 * such a run executes, and is written only when V8 accepted to make one.
 * Run: `node dist/scripts/build-bundle.js`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { packageRoot } from '../src/paths';

const root = packageRoot();
const bin = path.join(root, 'bin', 'license-risk.js');
const { BUNDLE, CODE_CACHE } = require(bin) as { BUNDLE: string; CODE_CACHE: string };

buildSync({
  entryPoints: [path.join(root, 'dist', 'src', 'cli', 'bin.js')],
  outfile: BUNDLE,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  // Fewer bytes to read and hash; names are kept, so a profile still reads.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'error',
});
fs.rmSync(CODE_CACHE, { force: true });

// A checkout with a manifest, a lockfile, installed packages and their license files.
const warmUp = path.join(root, 'fixtures', 'npm-lock-and-installed');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'license-risk-bundle-'));
const temp = `${CODE_CACHE}.${process.pid}.tmp`;
try {
  const child = spawnSync(
    process.execPath,
    [
      '-e',
      `const { loadBundle } = require(${JSON.stringify(bin)});
       const loaded = loadBundle({ codeCache: null });
       process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(temp)}, loaded.script.createCachedData()));
       loaded.exports.run(['check', ${JSON.stringify(warmUp)}, '--format', 'json']);`,
    ],
    { env: { ...process.env, HOME: home, XDG_CACHE_HOME: path.join(home, '.cache'), LICENSE_RISK_CACHE: '0' }, encoding: 'utf8' },
  );
  if (child.status === 2 || !fs.existsSync(temp)) throw new Error(`warm-up run failed (exit ${child.status}): ${child.stderr}`);
  fs.renameSync(temp, CODE_CACHE);
} finally {
  fs.rmSync(home, { recursive: true, force: true });
  fs.rmSync(temp, { force: true });
}
const kib = (file: string): number => Math.round(fs.statSync(file).size / 1024);
process.stderr.write(`bundle: ${path.relative(root, BUNDLE)} (${kib(BUNDLE)} KB) + code cache (${kib(CODE_CACHE)} KB)\n`);
