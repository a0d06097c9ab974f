/**
 * The binary runs the bundled CLI (dist/license-risk.js, scripts/build-bundle.ts) with the code
 * cache the build made for it. The bundle must be the same program as the modules it is made
 * from, and a cache V8 rejects (another Node, a damaged file) must change nothing but speed.
 */
import { isAscii } from 'node:buffer';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES, fixture } from './helpers/cli';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'license-risk.js');
const MODULES_ENTRY = path.join(ROOT, 'dist', 'src', 'cli', 'bin.js');

function node(args: string[], cwd = ROOT): { status: number | null; stdout: string; stderr: string } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-bundle-home-'));
  try {
    const env = { PATH: process.env.PATH, HOME: home, XDG_CACHE_HOME: path.join(home, '.cache'), LICENSE_RISK_TODAY: '2026-11-26' };
    return spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8' });
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** Runs the CLI from the compiled modules one by one, as a tsc-only build would. */
function fromModules(argv: string[]): ReturnType<typeof node> {
  return node(['-e', `require(${JSON.stringify(MODULES_ENTRY)}).run(${JSON.stringify(argv)})`]);
}

function loadBundleReport(codeCache: string | null | undefined): { rejected: boolean; run: string } {
  const options = codeCache === undefined ? '{}' : JSON.stringify({ codeCache });
  const result = node(['-e', `const l = require(${JSON.stringify(BIN)}).loadBundle(${options}); process.stdout.write(JSON.stringify({ rejected: l.script.cachedDataRejected === true, run: typeof l.exports.run }))`]);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as { rejected: boolean; run: string };
}

describe('the bundled binary', () => {
  it('is built with a code cache this Node accepts', () => {
    expect(fs.existsSync(path.join(ROOT, 'dist', 'license-risk.js.cache'))).toBe(true);
    expect(loadBundleReport(undefined)).toEqual({ rejected: false, run: 'function' });
  });

  it('is ASCII, both scripts (read without UTF-8 decoding, and a one-byte string in V8)', () => {
    for (const file of ['license-risk.js', 'text-worker.js']) {
      expect({ file, ascii: isAscii(fs.readFileSync(path.join(ROOT, 'dist', file))) }).toEqual({ file, ascii: true });
    }
  });

  it('holds no dynamic import(), which a vm.Script compiled without an import hook cannot run', () => {
    expect(fs.readFileSync(path.join(ROOT, 'dist', 'license-risk.js'), 'utf8')).not.toMatch(/\bimport\(/);
  });

  it('holds semver and the SPDX packages itself (no module resolution for them mid-scan), and requires the other npm packages', () => {
    const requires = new Set([...fs.readFileSync(path.join(ROOT, 'dist', 'license-risk.js'), 'latin1').matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1].split('/')[0]));
    for (const name of ['semver', 'spdx-correct', 'spdx-expression-parse', 'spdx-license-ids', 'spdx-exceptions']) expect(requires.has(name)).toBe(false);
    for (const name of ['yargs', 'cosmiconfig', 'yaml', 'picomatch']) expect(requires.has(name)).toBe(true);
  });

  it('runs from source when V8 rejects the cache, or without one', () => {
    const damaged = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lr-cache-')), 'damaged.cache');
    fs.writeFileSync(damaged, Buffer.alloc(4096, 7));
    expect(loadBundleReport(damaged)).toEqual({ rejected: true, run: 'function' });
    expect(loadBundleReport(null)).toEqual({ rejected: false, run: 'function' });
    fs.rmSync(path.dirname(damaged), { recursive: true, force: true });
  });

  // Checkouts that reach most of the program: every ecosystem reader, text identification,
  // open-core scopes, models, broken input, and formats beside JSON.
  const RUNS: [string, string[]][] = [
    ['npm-lock-and-installed', ['--format', 'json']],
    ['cli-saas-app', ['--format', 'json', '--profile', 'saas']],
    ['eco-polyglot', ['--format', 'json']],
    ['monorepos', ['--format', 'json']],
    ['model-licenses', ['--format', 'json']],
    ['identify-enterprise', ['--format', 'sarif']],
    ['npm-broken-installed', ['--format', 'json']],
    ['npm-pnpm-workspaces', ['--format', 'markdown']],
    ['npm-lockfile-only', ['--format', 'stylish', '--verbose']],
  ];

  it.each(RUNS)('prints what the modules print on %s (%s)', (name, flags) => {
    const argv = ['check', fixture(name), ...flags];
    const bundled = node([BIN, ...argv]);
    const modules = fromModules(argv);
    expect(bundled.stderr).toBe(modules.stderr);
    expect(bundled.stdout).toBe(modules.stdout);
    expect(bundled.status).toBe(modules.status);
    expect(bundled.stdout.length).toBeGreaterThan(100);
  });

  // The bundle runs with license texts identified on a second thread wherever the npm walker
  // finds any (forced: fixtures are small), the modules without: the same bytes either way.
  it('prints what the modules print on every fixture (JSON, a fresh HOME each, with and without the text thread)', () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-bundle-all-'));
    try {
      const names = fs
        .readdirSync(FIXTURES, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort();
      const runAll = (mode: 'bundle' | 'modules'): Array<{ code: number; stdout: string; stderr: string }> => {
        const runs = names.map((name) => {
          const home = path.join(scratch, mode, name);
          const env = { HOME: home, XDG_CACHE_HOME: path.join(home, '.cache'), LICENSE_RISK_TODAY: '2026-11-26', LICENSE_RISK_THREADS: mode === 'bundle' ? '1' : '0' };
          return { argv: ['check', fixture(name), '--format', 'json'], env, cwd: ROOT };
        });
        const runsFile = path.join(scratch, `${mode}-runs.json`);
        const resultsFile = path.join(scratch, `${mode}-results.json`);
        fs.writeFileSync(runsFile, JSON.stringify(runs));
        const child = spawnSync(process.execPath, [path.join(__dirname, 'helpers', 'run-in-one-process.js'), mode, runsFile, resultsFile], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH } });
        expect(child.stderr).toBe('');
        return JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as Array<{ code: number; stdout: string; stderr: string }>;
      };
      const bundled = runAll('bundle');
      const modules = runAll('modules');
      expect(bundled).toHaveLength(names.length);
      expect(bundled.filter((r) => r.stdout.length > 100).length).toBeGreaterThan(names.length - 5);
      names.forEach((name, i) => {
        expect({ name, ...bundled[i] }).toEqual({ name, ...modules[i] });
        // Every run says something: a report, or (a broken config) one fatal line.
        expect(bundled[i].stdout.length + bundled[i].stderr.length).toBeGreaterThan(0);
      });
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });

  // The binary ends the process itself once the output is out (exitWhenFlushed): a reader
  // that takes its time must still get every byte, and the exit code must stay.
  it('ends with the whole output and its exit code through a pipe read slowly', async () => {
    const script = `const { exitWhenFlushed } = require(${JSON.stringify(BIN)});
      process.exitCode = 3;
      for (let i = 0; i < 64; i++) process.stdout.write(String(i % 10).repeat(128 * 1024));
      exitWhenFlushed(3);`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pause();
    await new Promise((resolve) => setTimeout(resolve, 300));
    let bytes = 0;
    child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
    child.stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, bytes }).toEqual({ code: 3, bytes: 64 * 128 * 1024 });
  }, 20_000);

  it('exits 2 with one line and no stack trace on a usage error', () => {
    const result = node([BIN, 'check', '--no-such-flag']);
    expect(result.status).toBe(2);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
