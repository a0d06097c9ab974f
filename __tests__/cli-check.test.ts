import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixture, runCli, scanJson } from './helpers/cli';

const component = (report: { components: { id: string }[] }, id: string) => {
  const c = report.components.find((x) => x.id === id);
  if (!c) throw new Error(`no component ${id} in ${report.components.map((x) => x.id).join(', ')}`);
  return c as import('../src/types').ReportComponent;
};

describe('license-risk check on a SaaS app with risky dependencies', () => {
  let report: import('../src/types').Report;
  let code: number;
  let stderr: string;

  beforeAll(async () => {
    const { report: r, result } = await scanJson(fixture('cli-saas-app'));
    report = r;
    code = result.code;
    stderr = result.stderr;
  });

  it('infers the saas profile and says why', () => {
    expect(report.profile.distribution).toBe('saas');
    expect(report.profile.origin).toBe('auto');
    expect(report.profile.reasons.join(' ')).toMatch(/start|Dockerfile/);
  });

  it('lists every installed dependency once, with scope and directness', () => {
    expect(report.components.map((c) => c.id)).toEqual([
      'npm:@elastic/eui@122.1.0',
      'npm:express@4.18.2',
      'npm:handsontable@7.0.0',
      'npm:jszip@3.10.1',
      'npm:mapbox-gl@2.0.0',
      'npm:tslib@2.8.1',
    ]);
    expect(component(report, 'npm:jszip@3.10.1').scope).toBe('dev');
    expect(component(report, 'npm:tslib@2.8.1')).toMatchObject({ scope: 'prod', direct: false, purl: 'pkg:npm/tslib@2.8.1' });
    expect(component(report, 'npm:@elastic/eui@122.1.0')).toMatchObject({ direct: true, purl: 'pkg:npm/%40elastic/eui@122.1.0' });
  });

  it('points direct dependencies at package.json and transitive ones at the lockfile', () => {
    expect(component(report, 'npm:express@4.18.2').location).toEqual({ file: 'package.json', line: 13, column: 5 });
    expect(component(report, 'npm:tslib@2.8.1').location).toEqual({ file: 'package-lock.json', line: 55, column: 5 });
  });

  it('classifies declared, SEE LICENSE IN and text evidence', () => {
    expect(component(report, 'npm:express@4.18.2').license).toMatchObject({ expression: 'MIT', category: 'permissive', source: 'declared' });
    expect(component(report, 'npm:jszip@3.10.1').license).toMatchObject({ expression: 'MIT OR GPL-3.0-or-later', category: 'permissive' });
    expect(component(report, 'npm:@elastic/eui@122.1.0').license).toMatchObject({ expression: 'SSPL-1.0 OR Elastic-2.0', category: 'source-available', source: 'file' });
    expect(component(report, 'npm:mapbox-gl@2.0.0').license.category).toBe('proprietary');
    expect(component(report, 'npm:handsontable@7.0.0').license.category).toBe('noncommercial');
  });

  it('flags the source-available dependency as a cloud-resale error under saas', () => {
    const f = report.findings.find((x) => x.ruleId === 'cloud-resale' && x.component === 'npm:@elastic/eui@122.1.0');
    expect(f).toBeDefined();
    expect(f!.severity).toBe('error');
    expect(f!.location).toEqual({ file: 'package.json', line: 12, column: 5 });
  });

  it('flags the noncommercial dependency under a commercial profile', () => {
    const f = report.findings.find((x) => x.ruleId === 'commercial-use' && x.component === 'npm:handsontable@7.0.0');
    expect(f?.severity).toBe('error');
  });

  it('never raises an error for a dev-only dependency', () => {
    expect(report.findings.filter((f) => f.component === 'npm:jszip@3.10.1' && f.severity === 'error')).toEqual([]);
  });

  it('exits 1 on error-level findings and prints no diagnostics for clean files', () => {
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(report.summary.errors).toBeGreaterThan(0);
    expect(report.summary.components).toBe(6);
  });

  it('gives a byte-identical report on a second run', async () => {
    const first = await runCli(['check', fixture('cli-saas-app'), '-f', 'json']);
    const second = await runCli(['check', fixture('cli-saas-app'), '-f', 'json']);
    expect(second.stdout).toBe(first.stdout);
  });

  it('lets --profile change the verdict: internal use has no error-level cloud-resale', async () => {
    const { report: internal } = await scanJson(fixture('cli-saas-app'), ['--profile', 'internal']);
    expect(internal.profile).toMatchObject({ distribution: 'internal', origin: 'flag' });
    expect(internal.findings.filter((f) => f.ruleId === 'cloud-resale' && f.severity === 'error')).toEqual([]);
  });
});

describe('stylish output', () => {
  it('groups findings by file with line:col, severity, message and rule id, then a summary', async () => {
    const { stdout, code } = await runCli(['check', fixture('cli-saas-app')]);
    expect(code).toBe(1);
    // Relative to where the command ran (the repository root here), as ESLint prints paths.
    expect(stdout).toMatch(/^fixtures\/cli-saas-app\/package\.json$/m);
    expect(stdout).toMatch(/^ {2}12:5 +error +.*cloud-resale$/m);
    expect(stdout).toMatch(/✖ \d+ problems? \(\d+ errors?, \d+ warnings?, \d+ info\)/);
    expect(stdout).toMatch(/^Profile: saas \(auto\)/m);
    expect(stdout).toMatch(/^Licenses: .*permissive/m);
    expect(stdout).not.toMatch(/\u001b\[/);
  });

  it('colours only when asked or on a TTY, and never with NO_COLOR', async () => {
    expect((await runCli(['check', fixture('cli-saas-app'), '--color'])).stdout).toMatch(/\u001b\[/);
    expect((await runCli(['check', fixture('cli-saas-app')], { isTTY: true })).stdout).toMatch(/\u001b\[/);
    expect((await runCli(['check', fixture('cli-saas-app')], { isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(/\u001b\[/);
    expect((await runCli(['check', fixture('cli-saas-app')], { env: { FORCE_COLOR: '1' } })).stdout).toMatch(/\u001b\[/);
  });

  it('--quiet shows errors only', async () => {
    const { stdout } = await runCli(['check', fixture('cli-saas-app'), '--quiet']);
    expect(stdout).not.toMatch(/^ +\d+:\d+ +(warning|info) /m);
    expect(stdout).toMatch(/^ +\d+:\d+ +error /m);
  });
});

describe('exit codes and bad usage', () => {
  it('exits 0 on a clean checkout', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-clean-'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'clean', version: '1.0.0', license: 'MIT', main: 'index.js' }));
    fs.writeFileSync(path.join(dir, 'LICENSE'), fs.readFileSync(path.join(fixture('cli-saas-app'), 'node_modules/express/LICENSE')));
    const { code, stdout } = await runCli(['check', dir]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(0);
    expect(stdout).toMatch(/no license risks found|no errors or warnings|✖/);
  });

  it.each([
    [['--format', 'xml'], /--format: unknown format "xml"/],
    [['--profile', 'cloud'], /--profile: unknown profile "cloud"/],
    [['--no-such-flag'], /Unknown argument/i],
    [['check', '/definitely/not/here'], /no such directory/],
    [['--config', '/definitely/not/here.json'], /--config: file not found/],
    [['--max-warnings', 'x'], /max-warnings/],
  ])('exits 2 with one line for %j', async (args, pattern) => {
    const { code, stderr, stdout } = await runCli([...args, ...(args[0] === 'check' ? [] : [fixture('cli-saas-app')])]);
    expect(code).toBe(2);
    expect(stderr).toMatch(pattern);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
  });

  it('exits 2 naming the file and key when the config is invalid', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-badcfg-'));
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"x","version":"1.0.0"}');
    fs.writeFileSync(path.join(dir, '.license-riskrc.json'), '{"rules":{"cloud-resale":"loud"}}');
    const { code, stderr } = await runCli(['check', dir]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(2);
    expect(stderr).toMatch(/\.license-riskrc\.json: invalid config: rules\.cloud-resale/);
  });

  it('--max-warnings turns too many warnings into exit 1', async () => {
    const { code } = await runCli(['check', fixture('cli-saas-app'), '--profile', 'internal', '--max-warnings', '0']);
    const { report } = await scanJson(fixture('cli-saas-app'), ['--profile', 'internal']);
    expect(code).toBe(report.summary.warnings > 0 || report.summary.errors > 0 ? 1 : 0);
  });

  it('--output writes the report to a file and nothing to stdout', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lr-out-')), 'sub', 'report.json');
    const { stdout } = await runCli(['check', fixture('cli-saas-app'), '-f', 'json', '-o', out]);
    expect(stdout).toBe('');
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).tool.name).toBe('license-risk');
  });

  it('prints --version and --help', async () => {
    expect((await runCli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--profile/);
    expect(help.stdout).toMatch(/Exit codes/);
  });
});
