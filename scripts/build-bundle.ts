/**
 * Build step (after `tsc`): bundles the CLI into `dist/license-risk.js` and makes the V8 code
 * cache bin/license-risk.js compiles it with (`dist/license-risk.js.cache`). One file instead of
 * ~120 modules and a precompiled cache took ~40 ms off every run's start-up (bench/README.md);
 * npm packages stay outside the bundle (they are installed beside it and load as they are
 * needed). The cache is made by running the bundle on a small checkout written for the purpose,
 * so it holds the code such a run executes.
 * Run: `node dist/scripts/build-bundle.js`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { packageRoot } from '../src/paths';
import { writeFileAtomicSync } from '../src/util/temp-files';

const root = packageRoot();
const bin = path.join(root, 'bin', 'license-risk.js');
const { BUNDLE, CODE_CACHE } = require(bin) as { BUNDLE: string; CODE_CACHE: string };

/**
 * npm packages a scan of an installed tree loads on its critical path, taken into the bundle:
 * there they need no module resolution (a `stat` and `realpath` chain per file: semver alone is
 * ~20 files) and share its code cache. Small, with no dependencies of their own outside this
 * list. They stay dependencies, installed beside the bundle with their license files, for the
 * compiled modules and the API.
 */
const BUNDLED_PACKAGES = ['semver', 'spdx-correct', 'spdx-expression-parse', 'spdx-license-ids', 'spdx-exceptions'];

/** Every other npm package: installed beside the bundle and loaded as it is needed. */
function externalPackages(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {})
    .filter((name) => !BUNDLED_PACKAGES.includes(name))
    .flatMap((name) => [name, `${name}/*`]);
}

/** One CommonJS file for Node 20 from a compiled entry module; most npm packages stay outside it. */
function bundle(entry: string, outfile: string): void {
  buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: externalPackages(),
    // Fewer bytes to read and hash; names are kept, so a profile still reads.
    minifyWhitespace: true,
    minifySyntax: true,
    // Non-ASCII characters escaped: the source is then a one-byte string in V8 (UTF-8 text with
    // a single `→` or `©` makes the whole 0.9 MB a two-byte one) and is read without decoding.
    charset: 'ascii',
    logLevel: 'error',
  });
}

/**
 * esbuild's `charset: 'ascii'` leaves regular-expression literals as they are: their non-ASCII
 * characters become `\uXXXX` here, which means the same character there (and in a string or an
 * identifier). A backslash before one would turn into an escaped backslash: refused instead.
 */
function escapeNonAscii(file: string): void {
  const text = fs.readFileSync(file, 'utf8');
  const escaped = text.replace(/(\\?)([\u0080-\uffff])/g, (_all, backslash: string, char: string) => {
    if (backslash) throw new Error(`${file}: a backslash before a non-ASCII character: cannot escape it`);
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  if (escaped !== text) fs.writeFileSync(file, escaped);
}

// The license-text thread's script, beside the bundle where src/identify/text-thread.ts looks for it.
const WORKER_BUNDLE = path.join(path.dirname(BUNDLE), 'text-worker.js');
bundle(path.join(root, 'dist', 'src', 'cli', 'bin.js'), BUNDLE);
bundle(path.join(root, 'dist', 'src', 'identify', 'text-worker.js'), WORKER_BUNDLE);
for (const file of [BUNDLE, WORKER_BUNDLE]) escapeNonAscii(file);
fs.rmSync(CODE_CACHE, { force: true });

/**
 * A small checkout like the ones a pre-commit hook scans: a manifest, a lockfile, an installed
 * dependency and license texts (this package's own LICENSE, which exercises the text matcher).
 * Written here so the build needs nothing outside the package.
 */
function writeWarmUpCheckout(dir: string): void {
  const license = fs.readFileSync(path.join(root, 'LICENSE'), 'utf8');
  const write = (rel: string, content: string): void => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  };
  write('package.json', JSON.stringify({ name: 'warm-up', version: '1.0.0', license: 'Apache-2.0', dependencies: { dep: '^1.0.0' } }, null, 2));
  write('LICENSE', license);
  write(
    'package-lock.json',
    JSON.stringify(
      {
        name: 'warm-up',
        version: '1.0.0',
        lockfileVersion: 3,
        requires: true,
        packages: {
          '': { name: 'warm-up', version: '1.0.0', license: 'Apache-2.0', dependencies: { dep: '^1.0.0' } },
          'node_modules/dep': { version: '1.0.0', license: 'MIT' },
        },
      },
      null,
      2,
    ),
  );
  write('node_modules/dep/package.json', JSON.stringify({ name: 'dep', version: '1.0.0', license: 'MIT' }, null, 2));
  write('node_modules/dep/LICENSE', license);
}

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'license-risk-bundle-'));
const warmUp = path.join(home, 'checkout');
// The warm-up run leaves its cache in the scratch folder; it is put in place atomically below.
const made = path.join(home, 'code-cache');
try {
  writeWarmUpCheckout(warmUp);
  const child = spawnSync(
    process.execPath,
    [
      '-e',
      `const { loadBundle } = require(${JSON.stringify(bin)});
       const loaded = loadBundle({ codeCache: null });
       process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(made)}, loaded.script.createCachedData()));
       loaded.exports.run(['check', ${JSON.stringify(warmUp)}, '--format', 'json']);`,
    ],
    { env: { ...process.env, HOME: home, XDG_CACHE_HOME: path.join(home, '.cache'), LICENSE_RISK_CACHE: '0' }, encoding: 'utf8' },
  );
  if (child.status === 2 || !fs.existsSync(made)) throw new Error(`warm-up run failed (exit ${child.status}): ${child.stderr}`);
  if (!writeFileAtomicSync(CODE_CACHE, fs.readFileSync(made))) throw new Error(`cannot write ${CODE_CACHE}`);
} finally {
  fs.rmSync(home, { recursive: true, force: true });
}
const kib = (file: string): number => Math.round(fs.statSync(file).size / 1024);
process.stderr.write(`bundle: ${path.relative(root, BUNDLE)} (${kib(BUNDLE)} KB) + code cache (${kib(CODE_CACHE)} KB)\n`);
