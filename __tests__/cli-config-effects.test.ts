import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixture, runCli } from './helpers/cli';
import type { Report } from '../src/types';

/** What overrides and exceptions in a real config file do to a real scan. */
describe('config overrides and exceptions, end to end', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-cfg-effects-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const scanWith = async (config: unknown): Promise<{ report: Report; code: number; stdout: string }> => {
    const file = path.join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(file, JSON.stringify(config));
    const json = await runCli(['check', fixture('cli-saas-app'), '-f', 'json', '--config', file]);
    const stylish = await runCli(['check', fixture('cli-saas-app'), '--config', file]);
    return { report: JSON.parse(json.stdout), code: json.code, stdout: stylish.stdout };
  };

  it('an override replaces wrong upstream metadata and says where it came from', async () => {
    const { report } = await scanWith({ overrides: { 'handsontable@^7.0.0': 'MIT' } });
    const hot = report.components.find((c) => c.name === 'handsontable')!;
    expect(hot.license).toMatchObject({ expression: 'MIT', category: 'permissive', source: 'override' });
    expect(hot.license.notes.join(' ')).toMatch(/overrides\["handsontable@\^7\.0\.0"\]/);
    expect(report.findings.filter((f) => f.component === hot.id && f.severity === 'error')).toEqual([]);
  });

  it('an override for another version range does not apply', async () => {
    const { report } = await scanWith({ overrides: { 'handsontable@<7': 'MIT' } });
    expect(report.components.find((c) => c.name === 'handsontable')!.license.source).not.toBe('override');
  });

  it('an exception suppresses the finding, counts it, and hides it from stylish output', async () => {
    const { report, stdout } = await scanWith({
      exceptions: [{ package: 'mapbox-gl', version: '^2', rule: 'commercial-use', reason: 'we hold a Mapbox agreement', expires: '2099-01-01' }],
    });
    const f = report.findings.find((x) => x.component === 'npm:mapbox-gl@2.0.0' && x.ruleId === 'commercial-use')!;
    expect(f.suppressed).toMatchObject({ by: 'exception' });
    expect(report.summary.suppressed).toBeGreaterThanOrEqual(1);
    expect(stdout).not.toMatch(/mapbox-gl@2\.0\.0 .*commercial-use$/m);
    expect(stdout).toMatch(/suppressed/);
  });

  it('an expired exception stops working and is itself reported', async () => {
    const { report } = await scanWith({
      exceptions: [{ package: 'mapbox-gl', rule: 'commercial-use', reason: 'trial agreement', expires: '2020-01-01' }],
    });
    const f = report.findings.find((x) => x.component === 'npm:mapbox-gl@2.0.0' && x.ruleId === 'commercial-use')!;
    expect(f.suppressed).toBeUndefined();
    expect(report.findings.some((x) => x.ruleId === 'expired-exception')).toBe(true);
  });

  it('rules config turns a rule off or changes its severity', async () => {
    const { report, code } = await scanWith({ rules: { 'commercial-use': 'off', 'cloud-resale': 'warn', 'copyleft-obligation': 'warn' } });
    expect(report.findings.some((f) => f.ruleId === 'commercial-use')).toBe(false);
    expect(report.findings.filter((f) => f.ruleId === 'cloud-resale').every((f) => f.severity === 'warn')).toBe(true);
    expect(code).toBe(report.summary.errors > 0 ? 1 : 0);
  });
});

describe('license-risk init', () => {
  it('writes a starter config with the inferred profile once, and never overwrites it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-init-'));
    try {
      fs.cpSync(fixture('cli-saas-app'), dir, { recursive: true });
      const first = await runCli(['init', dir]);
      expect(first.code).toBe(0);
      expect(first.stderr).toMatch(/wrote .*\.license-riskrc\.json with profile "saas"/);
      const written = JSON.parse(fs.readFileSync(path.join(dir, '.license-riskrc.json'), 'utf8'));
      expect(written.profile).toBe('saas');

      const second = await runCli(['init', dir]);
      expect(second.code).toBe(2);
      expect(second.stderr).toMatch(/a config already exists \(\.license-riskrc\.json\); not overwritten/);

      // The written file is a valid config that the next scan reads.
      const { stdout } = await runCli(['check', dir, '-f', 'json']);
      expect(JSON.parse(stdout).profile).toMatchObject({ distribution: 'saas', origin: 'config' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
