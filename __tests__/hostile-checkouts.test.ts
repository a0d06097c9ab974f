import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { runCli } from './helpers/cli';
import { neutralize, neutralizeDeep, escapeJsonOutput } from '../src/report/neutralize';
import { diagnosticText, exitCodeFor, MAX_DIAGNOSTIC_LENGTH } from '../src/cli/main';
import { appendAll } from '../src/util/append';
import { findExcessiveNesting, MAX_NESTING_DEPTH } from '../src/read/nesting';
import { expressionLimitProblem, MAX_EXPRESSION_DEPTH } from '../src/util/spdx-parse';
import { parseDeclared } from '../src/identify/declared';
import { refProblem } from '../src/cli/refs';
import { sweepStaleTempFiles } from '../src/util/temp-files';
import { loadConfig } from '../src/config';
import type { Report } from '../src/types';

/**
 * Issue 20: the scanned checkout is untrusted (CI on strangers' pull requests). Each case here
 * was a break found by an audit of hostile checkouts; the assertions are the contract (exit
 * code, one line, nothing unsafe printed), not exact outputs.
 */

const dirs: string[] = [];
function checkout(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-hostile-'));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** What must never reach a terminal or CI log from checkout strings. */
const UNSAFE_OUTPUT = /[\u0000-\u0008\u000b\u000c\u000e-\u001a\u001c-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const ESC_NOT_SGR = /\u001b(?!\[[0-9;]*m)/;

function assertSafe(text: string, opts: { githubFormat?: boolean } = {}): void {
  expect(text).not.toMatch(UNSAFE_OUTPUT);
  // Colour (SGR) is the only escape sequence the tool itself writes.
  expect(text).not.toMatch(ESC_NOT_SGR);
  expect(text).not.toMatch(/\r/);
  for (const line of text.split('\n')) {
    if (opts.githubFormat) expect(line).not.toMatch(/^::(?!(error|warning|notice|group|endgroup)\b)/);
    else expect(line).not.toMatch(/^\s*::/);
    expect(line).not.toMatch(/^::error title=forged/);
  }
}

const HOSTILE_NAMES = [
  'esc-\u001b[2J\u001b[H-clear',
  'osc-\u001b]0;owned\u0007-title',
  'osc8-\u001b]8;;https://evil.example\u001b\\link\u001b]8;;\u001b\\',
  'cr-\rrewritten',
  'bidi-\u202egnp.exe',
  'c1-\u009b31m-csi',
  'nl-\n::error title=forged::pwned',
];

describe('neutralize', () => {
  it.each(HOSTILE_NAMES)('leaves nothing unsafe in %j', (name) => {
    const out = neutralize(name);
    expect(out).not.toMatch(UNSAFE_OUTPUT);
    expect(out).not.toMatch(/[\u001b\r\n]/);
    expect(out).not.toContain('::');
  });

  it('keeps clean strings as they are (the same object for a clean report)', () => {
    expect(neutralize('@scope/pkg-1.2.3 (MIT OR Apache-2.0)')).toBe('@scope/pkg-1.2.3 (MIT OR Apache-2.0)');
    const report = { a: ['x', { b: 'y' }] };
    expect(neutralizeDeep(report)).toBe(report);
  });

  it('copies only what changes, keys included, and keeps "__proto__" as data', () => {
    const input = JSON.parse('{"clean":{"k":"v"},"dirty":{"__proto__":"\\u001b[31m","a\\nb":1}}');
    const out = neutralizeDeep(input);
    expect(out.clean).toBe(input.clean);
    expect(Object.keys(out.dirty)).toEqual(['__proto__', 'a\\x0Ab']);
    expect(out.dirty['__proto__']).toBe('\\x1B[31m');
    expect(Object.getPrototypeOf(out.dirty)).toBe(Object.prototype);
  });

  it('escapes C1, DEL and bidi marks in JSON output without changing the parsed value', () => {
    const value = { name: 'a\u009b\u007f\u202eb\u2028' };
    const text = escapeJsonOutput(JSON.stringify(value));
    expect(text).not.toMatch(UNSAFE_OUTPUT);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('terminal and workflow-command injection through the checkout', () => {
  const hostileTree = () => {
    const packages: Record<string, unknown> = { '': { name: 'app', version: '1.0.0', dependencies: {} } };
    const deps: Record<string, string> = {};
    HOSTILE_NAMES.forEach((name, i) => {
      deps[name] = '1.0.0';
      packages[`node_modules/${name}`] = { version: '1.0.0', license: i % 2 ? 'GPL-3.0-only' : `SSPL-1.0 \u001b]0;x\u0007` };
    });
    (packages[''] as { dependencies: unknown }).dependencies = deps;
    return checkout({
      'package.json': JSON.stringify({ name: 'app', version: '1.0.0', private: true, dependencies: deps }),
      'package-lock.json': JSON.stringify({ name: 'app', lockfileVersion: 3, packages }),
      // A folder whose name forges a workflow command, holding a broken manifest (a diagnostic names it).
      'ws\n::error title=forged::pwned/package.json': '{ not json',
      'sub\u001b]0;t\u0007/Cargo.toml': '[package\nname = ',
    });
  };

  it.each(['stylish', 'github', 'markdown', 'html', 'sarif', 'json'])('--format %s: stdout and stderr stay safe', async (format) => {
    const dir = hostileTree();
    const result = await runCli(['check', dir, '--format', format]);
    expect([0, 1]).toContain(result.code);
    assertSafe(result.stdout, { githubFormat: format === 'github' });
    assertSafe(result.stderr);
    if (format === 'json') {
      // The JSON report stays the faithful record: the names come back exactly.
      const report = JSON.parse(result.stdout) as Report;
      expect(report.components.map((c) => c.name)).toEqual(expect.arrayContaining(HOSTILE_NAMES));
    }
  });

  it('colour in a TTY is still the only escape sequence', async () => {
    const dir = hostileTree();
    const result = await runCli(['check', dir], { isTTY: true, env: { FORCE_COLOR: '1' } });
    assertSafe(result.stdout);
  });

  it('diagnostics are one capped line', () => {
    const long = `pom.xml: ${'x'.repeat(800_000)}`;
    const line = diagnosticText(long);
    expect(line.length).toBeLessThan(MAX_DIAGNOSTIC_LENGTH + 100);
    expect(line).toMatch(/more characters\)$/);
    expect(diagnosticText('a\nb::c\u001b')).toBe('a\\x0Ab:\\x3Ac\\x1B');
  });
});

describe('code from the checkout never runs', () => {
  const marker = () => path.join(os.tmpdir(), `lr-hostile-ran-${process.pid}-${Math.random().toString(16).slice(2)}`);
  const program = (file: string) => `require('fs').writeFileSync(${JSON.stringify(file)}, 'ran'); module.exports = { profile: 'saas' };`;

  it.each(['license-risk.config.js', 'license-risk.config.cjs'])('%s is skipped with one line, unless named or trusted', async (name) => {
    const ran = marker();
    const dir = checkout({ [name]: program(ran), 'package.json': '{"name":"x","version":"1.0.0"}' });
    const skipped = await runCli(['check', dir, '--format', 'json']);
    expect(fs.existsSync(ran)).toBe(false);
    expect(skipped.stderr.split('\n').filter((l) => l.includes(name))).toHaveLength(1);
    expect(skipped.stderr).toMatch(/executable config not run/);
    expect((JSON.parse(skipped.stdout) as Report).profile.origin).not.toBe('config');

    const named = await runCli(['check', dir, '--format', 'json', '--config', path.join(dir, name)]);
    expect(fs.readFileSync(ran, 'utf8')).toBe('ran');
    expect((JSON.parse(named.stdout) as Report).profile.distribution).toBe('saas');
    fs.rmSync(ran);

    // A fresh checkout: the module loaded above is cached by path.
    const other = checkout({ [name]: program(ran) });
    const trusted = await loadConfig(other, undefined, { env: { LICENSE_RISK_TRUST_CONFIG: '1' } });
    expect(trusted.config).toEqual({ profile: 'saas' });
    expect(fs.existsSync(ran)).toBe(true);
    fs.rmSync(ran);
  });

  it('a `.config/config.js` in the working directory (cosmiconfig meta config) is never loaded', async () => {
    const ran = marker();
    const cwd = checkout({ '.config/config.js': program(ran), '.license-riskrc.json': '{"profile":"library"}' });
    const result = await runCli(['check', cwd, '--format', 'json'], { cwd });
    expect(fs.existsSync(ran)).toBe(false);
    expect((JSON.parse(result.stdout) as Report).profile.distribution).toBe('library');
  });

  it('`$import` in a JSON config is data, not a file to load', async () => {
    const ran = marker();
    const dir = checkout({ 'evil.js': program(ran), '.license-riskrc.json': '{"$import":"./evil.js"}' });
    const result = await runCli(['check', dir, '--format', 'json']);
    expect(fs.existsSync(ran)).toBe(false);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a config that cannot be read is exit 2 naming the file, never the default profile', async () => {
    const dir = checkout({ 'package.json': '{"name":"x","version":"1.0.0"}' });
    fs.symlinkSync(path.join(dir, 'missing.json'), path.join(dir, '.license-riskrc.json'));
    const result = await runCli(['check', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^license-risk: .*\.license-riskrc\.json: cannot read config: broken symbolic link\n$/);
  });
});

describe('silent passes', () => {
  it('appendAll takes arrays past the spread argument limit', () => {
    const items = Array.from({ length: 300_000 }, (_, i) => i);
    expect(() => [].push(...(items as never[]))).toThrow(RangeError);
    expect(appendAll([-1], items)).toHaveLength(300_001);
  });

  it('a reader that failed makes the run exit 2 whatever the findings', () => {
    const report = { summary: { errors: 0, warnings: 0 }, diagnostics: [{ code: 'reader-error', severity: 'error', file: '.', message: 'x' }] } as unknown as Report;
    expect(exitCodeFor(report, undefined)).toBe(2);
    expect(exitCodeFor({ ...report, diagnostics: [] }, undefined)).toBe(0);
  });

  it('a large lockfile is read whole: every GPL package judged, never an empty green report', async () => {
    // The 160k case is measured by bench/large-lockfile.js (minutes under jest); the limit it hit,
    // push(...) past ~120k arguments, is covered by the appendAll test above.
    const count = 5_000;
    const lines = [`{"name":"app","lockfileVersion":3,"packages":{"":{"name":"app","dependencies":{"p0":"1.0.0"}}`];
    for (let i = 0; i < count; i++) lines.push(`,"node_modules/p${i}":{"version":"1.0.0","license":"GPL-3.0-only"}`);
    lines.push('}}');
    const dir = checkout({ 'package.json': '{"name":"app","version":"1.0.0","private":true,"dependencies":{"p0":"1.0.0"}}', 'package-lock.json': lines.join('\n') });
    const result = await runCli(['check', dir, '--format', 'json', '--quiet']);
    expect(result.stderr).not.toMatch(/reader failed|internal error/);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.components.length).toBe(count);
    expect(report.components.every((c) => c.license.expression === 'GPL-3.0-only')).toBe(true);
  }, 120_000);
});

describe('crashes and blow-ups', () => {
  it('finds nesting past the limit in one pass, ignoring brackets inside strings', () => {
    expect(findExcessiveNesting('['.repeat(MAX_NESTING_DEPTH) + ']'.repeat(MAX_NESTING_DEPTH))).toBe(-1);
    expect(findExcessiveNesting('['.repeat(MAX_NESTING_DEPTH + 1))).toBe(MAX_NESTING_DEPTH);
    expect(findExcessiveNesting(`{"a":"${'['.repeat(5000)}"}`)).toBe(-1);
    expect(findExcessiveNesting(`a = '${'['.repeat(5000)}'`, undefined, { singleQuotes: true })).toBe(-1);
  });

  it('100k-deep JSON in a lockfile license is one diagnostic for that file; the rest is scanned', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const dir = checkout({
      'package.json': '{"name":"app","version":"1.0.0","dependencies":{"a":"1.0.0","b":"1.0.0"}}',
      'package-lock.json': `{"lockfileVersion":3,"packages":{"":{"name":"app"},"node_modules/a":{"version":"1.0.0","license":${deep}}}}`,
      'node_modules/b/package.json': '{"name":"b","version":"1.0.0","license":"SSPL-1.0"}',
      'node_modules/a/package.json': `{"name":"a","version":"1.0.0","license":${deep}}`,
    });
    const result = await runCli(['check', dir, '--format', 'json']);
    expect(result.stderr).not.toMatch(/internal error|call stack/);
    expect(result.stderr).toMatch(/package-lock\.json:1:\d+: nested deeper than/);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.components.find((c) => c.name === 'b')?.license.expression).toBe('SSPL-1.0');
    expect(report.diagnostics.filter((d) => d.code === 'too-deep').map((d) => d.file).sort()).toEqual(['node_modules/a/package.json', 'package-lock.json']);
    expect(result.code).toBe(2);
  });

  it('a lockfile v1 nested 20k deep is refused in linear time, with one diagnostic', async () => {
    const n = 20_000;
    const open: string[] = [];
    for (let i = 0; i < n; i++) open.push(`"d${i}":{"version":"1.0.0","requires":{${i + 1 < n ? `"d${i + 1}":"1.0.0"` : ''}}${i + 1 < n ? ',"dependencies":{' : ''}`);
    const text = `{"name":"app","lockfileVersion":1,"dependencies":{${open.join('')}${'}'.repeat(2 * (n - 1) + 1)}}}`;
    expect(() => JSON.parse(text)).not.toThrow();
    const dir = checkout({ 'package.json': '{"name":"app","version":"1.0.0","dependencies":{"d0":"1.0.0"}}', 'package-lock.json': text });
    const started = Date.now();
    const result = await runCli(['check', dir, '--format', 'json']);
    expect(Date.now() - started).toBeLessThan(30_000);
    // Every package the lockfile lists went unjudged: an incomplete scan, never a green one.
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/package-lock\.json:1:\d+: nested deeper than 512 levels/);
  });

  it.each([16_000, 100_000])('a license expression of %i nested parentheses is refused at once', (n) => {
    const text = `${'('.repeat(n)}MIT${')'.repeat(n)}`;
    expect(expressionLimitProblem(text)).toBeDefined();
    const started = Date.now();
    const result = parseDeclared(text, 'license');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result.expression).toBeNull();
    expect(result.notes.join(' ')).toMatch(/limit for license expressions/);
    expect(result.original.length).toBeLessThan(100);
  });

  it('expressions within the limits still parse', () => {
    const nested = `${'('.repeat(MAX_EXPRESSION_DEPTH)}MIT OR Apache-2.0${')'.repeat(MAX_EXPRESSION_DEPTH)}`;
    expect(parseDeclared(nested, 'license').expression).toBe('MIT OR Apache-2.0');
  });

  // The lookup climbed from "/evil" to "/", its own parent, and looped there forever.
  it('an absolute package key in a lockfile ends the dependency lookup instead of hanging', () => {
    const dir = checkout({
      'package.json': '{"name":"h","version":"1.0.0","dependencies":{"a":"1.0.0"}}',
      'package-lock.json': JSON.stringify({
        lockfileVersion: 3,
        packages: {
          '': { name: 'h', version: '1.0.0', dependencies: { a: '1.0.0' } },
          '/evil': { name: 'evil', version: '1.0.0', dependencies: { b: '1.0.0' } },
          'node_modules/a': { version: '1.0.0', license: 'MIT' },
        },
      }),
    });
    const result = spawnSync(process.execPath, [path.join(__dirname, '..', 'bin', 'license-risk.js'), 'check', dir, '--format', 'json'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.signal).toBeNull();
    expect(result.stderr).not.toMatch(/internal error/);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.components.find((c) => c.name === 'a')?.license.expression).toBe('MIT');
  });

  it('`init` refuses a FIFO package.json instead of hanging', () => {
    const dir = checkout({});
    execFileSync('mkfifo', [path.join(dir, 'package.json')]);
    const result = spawnSync(process.execPath, [path.join(__dirname, '..', 'bin', 'license-risk.js'), 'init', dir], { encoding: 'utf8', timeout: 60_000 });
    expect(result.signal).toBeNull();
    expect([0, 2]).toContain(result.status);
    expect(result.stderr).not.toMatch(/internal error/);
  });

  it('`init` over an existing config is one line, exit 2', async () => {
    const dir = checkout({ '.license-riskrc.json': '{}' });
    const result = await runCli(['init', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('--output is written atomically; temp files are cleaned up', () => {
  it('replaces the file by rename and leaves no temporary file', async () => {
    const dir = checkout({ 'package.json': '{"name":"x","version":"1.0.0","license":"MIT"}' });
    const outDir = checkout({ 'report.json': 'old' });
    const out = path.join(outDir, 'report.json');
    const before = fs.statSync(out).ino;
    const result = await runCli(['check', dir, '--format', 'json', '-o', out]);
    expect(result.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).tool.name).toBe('license-risk');
    expect(fs.statSync(out).ino).not.toBe(before);
    expect(fs.readdirSync(outDir)).toEqual(['report.json']);
  });

  it('an output path that is a folder is exit 2, one line', async () => {
    const dir = checkout({ 'package.json': '{"name":"x","version":"1.0.0","license":"MIT"}' });
    const result = await runCli(['check', dir, '-o', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^license-risk: --output .*: cannot write \(EISDIR\)\n$/);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('a temp file is removed when the process gets %s', (signal) => {
    const dir = checkout({});
    const script = `
      const { tempFileFor } = require(${JSON.stringify(path.join(__dirname, '..', 'dist', 'src', 'util', 'temp-files.js'))});
      const temp = tempFileFor(${JSON.stringify(path.join(dir, 'out.json'))});
      require('fs').writeFileSync(temp, 'partial');
      process.kill(process.pid, ${JSON.stringify(signal)});
      setTimeout(() => {}, 10000);`;
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(result.signal).toBe(signal);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('sweeps temp files of dead processes and old ones, keeps live ones', () => {
    const dir = checkout({ 'keep.json': '{}' });
    const dead = path.join(dir, `.out.json.999999.abcdef.tmp`);
    const live = path.join(dir, `entry.json.${process.pid}.0123ab.tmp`);
    fs.writeFileSync(dead, 'x');
    fs.writeFileSync(live, 'x');
    expect(sweepStaleTempFiles(dir)).toBe(1);
    expect(fs.readdirSync(dir).sort()).toEqual(['entry.json.' + process.pid + '.0123ab.tmp', 'keep.json']);
    // Past an hour even a live process's temp file is stale (no write takes that long).
    expect(sweepStaleTempFiles(dir, Date.now() + 2 * 60 * 60 * 1000)).toBe(1);
    expect(fs.readdirSync(dir)).toEqual(['keep.json']);
  });
});

describe('smaller contract gaps', () => {
  it.each([
    ['--base -hx', ['diff', '--base', '-hx']],
    ['--base=-h', ['diff', '--base=-h']],
    ['--base --output=x', ['diff', '--base', '--output=x']],
  ])('a ref that looks like an option (%s) is exit 2, one line, no help', async (_name, args) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/--base: .* looks like an option/);
  });

  it('refs are checked for what git refuses too', () => {
    expect(refProblem('origin/main')).toBeUndefined();
    expect(refProblem('HEAD~1')).toBeUndefined();
    expect(refProblem('a b')).toBeDefined();
    expect(refProblem('a\u001bb')).toBeDefined();
    expect(refProblem('')).toBeDefined();
  });

  it('a usage error is one line', async () => {
    const result = await runCli(['check', '--no-such-flag']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    ['a folder', (dir: string) => dir],
    ['a missing file', (dir: string) => path.join(dir, 'nope')],
    ['a FIFO', (dir: string) => {
      const fifo = path.join(dir, 'LICENSE');
      execFileSync('mkfifo', [fifo]);
      return fifo;
    }],
    ['a device', () => '/dev/zero'],
  ])('`identify` on %s: one line on stderr, exit 2', async (_name, target) => {
    const dir = checkout({});
    const result = await runCli(['identify', target(dir)]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });

  it('a malformed baseline is regenerated by `baseline`, and `baseline --no-baseline` writes a fresh one', async () => {
    const dir = checkout({ 'package.json': '{"name":"x","version":"1.0.0","license":"MIT","dependencies":{"a":"1.0.0"}}', 'node_modules/a/package.json': '{"name":"a","version":"1.0.0","license":"SSPL-1.0"}' });
    const file = path.join(dir, '.license-risk-baseline.json');
    fs.writeFileSync(file, '{ broken');
    const check = await runCli(['check', dir]);
    expect(check.code).toBe(2);
    const regenerated = await runCli(['baseline', dir]);
    expect(regenerated.code).toBe(0);
    expect(regenerated.stderr).toMatch(/regenerated/);
    expect(() => JSON.parse(fs.readFileSync(file, 'utf8'))).not.toThrow();
    const fresh = await runCli(['baseline', dir, '--no-baseline']);
    expect(fresh.code).toBe(0);
    expect(fresh.stderr).not.toMatch(/internal error/);
    expect((await runCli(['check', dir])).code).toBe(0);
  });
});

describe('a node_modules that cannot be listed', () => {
  it('is an error diagnostic naming it and exit 2, not "no license evidence" and a green run', async () => {
    const dir = checkout({ 'package.json': '{"name":"app","version":"1.0.0","dependencies":{"mongo-like":"1.0.0"}}' });
    // Running as root, permissions cannot make a folder unlistable; a link loop cannot be listed either.
    fs.symlinkSync('node_modules', path.join(dir, 'node_modules'));
    const result = await runCli(['check', dir, '--format', 'json']);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'unlistable', severity: 'error', file: 'node_modules' })]));
    expect(result.stderr).toMatch(/node_modules: cannot list the installed packages \(symbolic link loop\)/);
  });
});

describe('memory of huge scans', () => {
  it('a huge lockfile is estimated from its size and gets the heap held under 1 GiB', () => {
    const { estimateLockedPackages, heapFlagsFor, HUGE_TREE_PACKAGES } = require('../src/util/heap') as typeof import('../src/util/heap');
    const dir = checkout({ 'package-lock.json': 'x'.repeat(250 * 1000), 'yarn.lock': 'x'.repeat(1_000_000) });
    expect(estimateLockedPackages(dir, ['package-lock.json', 'yarn.lock', 'missing/package-lock.json'])).toBe(1000);
    const v8Major = Number(process.versions.v8.split('.')[0]);
    expect(heapFlagsFor(HUGE_TREE_PACKAGES, {}, [])).toEqual(v8Major >= 11 && v8Major <= 13 ? ['--heap-growing-percent=30'] : []);
    // Never over the user's own heap settings.
    expect(heapFlagsFor(HUGE_TREE_PACKAGES, {}, ['--max-old-space-size=4096'])).toEqual([]);
  });
});
