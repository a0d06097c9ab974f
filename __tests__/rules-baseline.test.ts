import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rule } from '../rules/baseline';
import { matchBaseline, createBaseline, applyBaseline, type BaselineFile } from '../src/ci/baseline';
import type { Finding, Report, ReportComponent } from '../src/types';
import { fixture, runCli } from './helpers/cli';
import { profile, reportComponent, reportOf, ruleTester, TODAY, type InvalidCase, type RuleCase } from './helpers/rule-tester';

/**
 * The `baseline` rule, in its report phase: the baseline as `matchBaseline` hands it to the
 * rules (the same path `check` takes), over a small report.
 */
const eui = reportComponent({ name: '@elastic/eui', version: '35.0.0', expression: 'SSPL-1.0 OR Elastic-2.0', category: 'source-available', file: 'package-lock.json', line: 40 });
const leftPad = reportComponent({ name: 'left-pad', version: '1.3.0', file: 'package-lock.json', line: 90 });

function finding(c: ReportComponent, ruleId = 'cloud-resale'): Finding {
  return { ruleId, severity: 'error', messageId: 'noManagedService', message: `${c.name} ${ruleId}`, component: c.id, location: c.location, data: { license: c.license.expression ?? '' } };
}

const EUI_KEY = 'cloud-resale npm:@elastic/eui@35.0.0 SSPL-1.0 OR Elastic-2.0';
const PAD_KEY = 'cloud-resale npm:left-pad@1.3.0 MIT';

/** A baseline accepting `findings`, with hand-written acceptances. */
function baselineFor(findings: Finding[], accepted: BaselineFile['accepted'] = {}, extra: BaselineFile['findings'] = {}): BaselineFile {
  const file = createBaseline(reportOf(profile('saas'), [eui, leftPad], findings));
  return { ...file, accepted, findings: { ...file.findings, ...extra } };
}

/** The report-phase input for a report with `findings` and a baseline. */
function run(findings: Finding[], baseline: BaselineFile): RuleCase['run'] {
  const report = reportOf(profile('saas'), [eui, leftPad], findings);
  const { context } = matchBaseline(report, baseline, TODAY, { file: '.license-risk-baseline.json' });
  return { components: report.components, findings: report.findings, baseline: context };
}

const staleEntry = baselineFor([finding(eui), finding(leftPad)]);

const valid: RuleCase[] = [
  { name: 'no baseline in this run', run: { components: [eui], findings: [finding(eui)] } },
  { name: 'every entry matches a current finding', run: run([finding(eui)], baselineFor([finding(eui)])) },
  { name: 'an acceptance expiring today still holds', run: run([finding(eui)], baselineFor([finding(eui)], { [EUI_KEY]: { reason: 'legal review', expires: TODAY } })) },
  { name: 'an acceptance without a date', run: run([finding(eui)], baselineFor([finding(eui)], { [EUI_KEY]: { reason: 'legal review' } })) },
  { name: 'off in config', setting: 'off', run: run([finding(eui)], staleEntry) },
];

const invalid: InvalidCase[] = [
  {
    name: 'an expired acceptance names the component and points at its line',
    run: run([finding(eui)], baselineFor([finding(eui)], { [EUI_KEY]: { reason: 'legal review', expires: '2026-05-31' } })),
    errors: [{ messageId: 'expired', severity: 'warn', component: eui.id, file: '.license-risk-baseline.json', data: { key: EUI_KEY, expires: '2026-05-31', reason: 'legal review' }, messageIncludes: ['expired on 2026-05-31', 'legal review'] }],
  },
  {
    name: 'an entry whose finding is gone (the package was removed)',
    run: run([finding(eui)], staleEntry),
    errors: [{ messageId: 'stale', severity: 'warn', data: { key: PAD_KEY } }],
  },
  {
    name: 'an acceptance with a key no finding has',
    run: run([finding(eui)], baselineFor([finding(eui)], { 'cloud-resale npm:typo@1.0.0 MIT': { reason: 'mistyped' } })),
    errors: [{ messageId: 'staleAcceptance', data: { key: 'cloud-resale npm:typo@1.0.0 MIT' } }],
  },
  {
    name: 'config governs the severity',
    setting: 'error',
    run: run([finding(eui)], staleEntry),
    errors: [{ messageId: 'stale', severity: 'error' }],
  },
  {
    name: 'several findings: by message id, then key',
    run: run([finding(eui)], baselineFor([finding(eui), finding(leftPad)], { [EUI_KEY]: { reason: 'r', expires: '2020-01-01' }, 'x npm:y@1.0.0 MIT': { reason: 'r' } })),
    errors: [{ messageId: 'expired' }, { messageId: 'stale' }, { messageId: 'staleAcceptance' }],
  },
];

ruleTester(rule, { valid, invalid });

describe('baseline through applyBaseline', () => {
  const report = reportOf(profile('saas'), [eui, leftPad], [finding(eui)]);

  test('an expired acceptance stops suppressing even with the rule off; the rule only reports', () => {
    const baseline = baselineFor([finding(eui)], { [EUI_KEY]: { reason: 'r', expires: '2020-01-01' } });
    const off = applyBaseline(report, baseline, TODAY, { config: { rules: { baseline: 'off' } } });
    expect(off.findings.map((f) => [f.ruleId, Boolean(f.suppressed)])).toEqual([['cloud-resale', false]]);
    const on = applyBaseline(report, baseline, TODAY);
    expect(on.findings.map((f) => [f.ruleId, f.messageId, f.severity])).toEqual([['cloud-resale', 'noManagedService', 'error'], ['baseline', 'expired', 'warn']]);
    expect(on.summary.warnings).toBe(1);
  });

  test('the baseline never accepts its own findings or expired-exception findings (meta.suppressible: false)', () => {
    const own: Finding = { ruleId: 'baseline', severity: 'warn', messageId: 'stale', message: 'x', location: { file: '.license-risk-baseline.json', line: 3, column: 5 }, data: { key: 'k' } };
    const expiredException: Finding = { ruleId: 'expired-exception', severity: 'warn', messageId: 'expired', message: 'x', location: { file: '.license-riskrc.json', line: 1, column: 1 }, data: { key: 'exceptions[0]' } };
    const created = createBaseline(reportOf(profile('saas'), [eui], [finding(eui), own, expiredException]));
    expect(Object.values(created.findings).map((e) => e.ruleId)).toEqual(['cloud-resale']);
  });
});

describe('baseline rule through the CLI: the config governs it', () => {
  let dir = '';
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-baseline-rule-'));
    fs.cpSync(fixture('cli-saas-app'), dir, { recursive: true });
    expect((await runCli(['baseline', dir, '--today', '2026-11-26'])).code).toBe(0);
    const file = path.join(dir, '.license-risk-baseline.json');
    const baseline = JSON.parse(fs.readFileSync(file, 'utf8')) as BaselineFile;
    // left-pad was removed since the baseline was written: its entry is stale.
    baseline.findings['cloud-resale npm:left-pad@1.3.0 MIT'] = { ruleId: 'cloud-resale', ecosystem: 'npm', package: 'left-pad', version: '1.3.0', license: 'MIT', severity: 'error', message: 'm' };
    fs.writeFileSync(file, JSON.stringify(baseline, null, 2));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const check = async (rules?: Record<string, unknown>) => {
    const rc = path.join(dir, '.license-riskrc.json');
    if (rules) fs.writeFileSync(rc, JSON.stringify({ rules }));
    else fs.rmSync(rc, { force: true });
    const result = await runCli(['check', dir, '--format', 'json', '--today', '2026-11-26']);
    const report = JSON.parse(result.stdout) as Report;
    return { code: result.code, own: report.findings.filter((f) => f.ruleId === 'baseline').map((f) => [f.messageId, f.severity, f.location.file, f.location.line > 1]) };
  };

  test('default: a warning at the stale entry\'s line; everything else baselined, exit 0', async () => {
    expect(await check()).toEqual({ code: 0, own: [['stale', 'warn', '.license-risk-baseline.json', true]] });
  });
  test('"baseline": "error" fails the run', async () => {
    expect(await check({ baseline: 'error' })).toEqual({ code: 1, own: [['stale', 'error', '.license-risk-baseline.json', true]] });
  });
  test('"baseline": "off" silences it', async () => {
    expect(await check({ baseline: 'off' })).toEqual({ code: 0, own: [] });
  });
});
