import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding, FormatterContext, Report, RuleMeta } from '../src/types';
import {
  FINGERPRINT_KEY,
  MAX_RESULTS_PER_RUN,
  buildSarif,
  format,
  rebaseSarifUris,
  toUriReference,
} from '../src/report/formatters/sarif';

const fixture = path.join(__dirname, '..', 'fixtures', 'ci-report');
const loadReport = (): Report => JSON.parse(fs.readFileSync(path.join(fixture, 'report.json'), 'utf8'));
const rules: Record<string, RuleMeta> = JSON.parse(fs.readFileSync(path.join(fixture, 'rules.json'), 'utf8'));
const ctx: FormatterContext = { color: false, cwd: fixture, rules };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const sarifOf = (report: Report, c: FormatterContext = ctx): Json => JSON.parse(format(report, c));

describe('sarif formatter: SARIF 2.1.0 shape GitHub code scanning accepts', () => {
  test('top level: $schema, version 2.1.0, exactly one run with a described driver', () => {
    const sarif = sarifOf(loadReport());
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    const driver = sarif.runs[0].tool.driver;
    expect(driver.name).toBe('license-risk');
    expect(driver.semanticVersion).toBe('0.1.0');
    expect(driver.informationUri).toMatch(/^https:\/\//);
  });

  test('one rule entry per rule with descriptions, help, absolute helpUri, level and tags', () => {
    const driver = sarifOf(loadReport()).runs[0].tool.driver;
    const ids = driver.rules.map((r: Json) => r.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual(expect.arrayContaining(Object.keys(rules)));
    for (const rule of driver.rules) {
      expect(rule.shortDescription.text).toEqual(expect.any(String));
      expect(rule.fullDescription.text.length).toBeGreaterThanOrEqual(rule.shortDescription.text.length);
      expect(rule.help.text).toEqual(expect.any(String));
      expect(rule.help.markdown).toContain(rule.helpUri);
      expect(rule.helpUri).toMatch(new RegExp(`^https://.+/rules/${rule.id}/README\\.md$`));
      expect(['none', 'note', 'warning', 'error']).toContain(rule.defaultConfiguration.level);
      expect(rule.properties.tags.length).toBeLessThanOrEqual(10);
      expect(['error', 'warning', 'recommendation']).toContain(rule.properties['problem.severity']);
    }
    const cloud = driver.rules.find((r: Json) => r.id === 'cloud-resale');
    // The report's profile is saas: cloud-resale defaults to error there.
    expect(cloud.defaultConfiguration.level).toBe('error');
    expect(cloud.properties['problem.severity']).toBe('error');
    const own = driver.rules.find((r: Json) => r.id === 'own-license');
    expect(own.defaultConfiguration.level).toBe('note');
  });

  test('results: ruleId + ruleIndex agree, levels map, suppressed findings are left out', () => {
    const run = sarifOf(loadReport()).runs[0];
    expect(run.results.map((r: Json) => [r.ruleId, r.level])).toEqual([
      ['cloud-resale', 'error'],
      ['copyleft-obligation', 'warning'],
      ['own-license', 'note'],
    ]);
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(result.message.text.length).toBeGreaterThan(0);
    }
    expect(run.results.some((r: Json) => r.ruleId === 'unknown-license')).toBe(false);
    expect(run.properties.suppressed).toBe(1);
  });

  test('locations are relative URIs against %SRCROOT% with a 1-based region', () => {
    const run = sarifOf(loadReport()).runs[0];
    const [first, second] = run.results.map((r: Json) => r.locations[0].physicalLocation);
    expect(first).toEqual({ artifactLocation: { uri: 'package.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 12, startColumn: 5 } });
    expect(second.artifactLocation.uri).toBe('packages/web%20ui/package-lock.json');
    expect(second.region).toEqual({ startLine: 88, startColumn: 7 });
  });

  test('fingerprints follow rule + package + version + license, not line numbers', () => {
    const report = loadReport();
    const before = sarifOf(report).runs[0].results[0].partialFingerprints[FINGERPRINT_KEY];
    expect(before).toMatch(/^[0-9a-f]{64}$/);

    const moved = loadReport();
    moved.findings[0].location = { file: 'package.json', line: 40, column: 9 };
    expect(sarifOf(moved).runs[0].results[0].partialFingerprints[FINGERPRINT_KEY]).toBe(before);

    const upgraded = loadReport();
    upgraded.components[0].id = 'npm:@elastic/eui@36.0.0';
    upgraded.components[0].version = '36.0.0';
    upgraded.findings[0].component = 'npm:@elastic/eui@36.0.0';
    expect(sarifOf(upgraded).runs[0].results[0].partialFingerprints[FINGERPRINT_KEY]).not.toBe(before);

    const fingerprints = sarifOf(report).runs[0].results.map((r: Json) => r.partialFingerprints[FINGERPRINT_KEY]);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });

  test('a result whose rule the registry does not know still gets a rule entry', () => {
    const report = loadReport();
    report.findings.push({
      ruleId: 'baseline',
      severity: 'warn',
      messageId: 'stale',
      message: 'Baseline entry matches no current finding',
      location: { file: '.license-risk-baseline.json', line: 5, column: 5 },
    });
    const run = sarifOf(report).runs[0];
    const result = run.results.find((r: Json) => r.ruleId === 'baseline');
    expect(run.tool.driver.rules[result.ruleIndex].id).toBe('baseline');
    expect(run.tool.driver.rules[result.ruleIndex].helpUri).toMatch(/^https:\/\//);
  });

  test('diagnostics become tool execution notifications', () => {
    const notifications = sarifOf(loadReport()).runs[0].invocations[0].toolExecutionNotifications;
    expect(notifications).toEqual([
      expect.objectContaining({
        level: 'error',
        descriptor: { id: 'invalid-json' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'packages/broken/package.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 3, startColumn: 1 } } }],
      }),
    ]);
  });

  test('respects the 25,000 results-per-run limit, keeping the most severe', () => {
    const report = loadReport();
    const template = report.findings[1];
    const many: Finding[] = [];
    for (let i = 0; i < MAX_RESULTS_PER_RUN + 5; i++) {
      many.push({ ...template, severity: 'info', component: `npm:pkg-${i}@1.0.0`, location: { file: 'package-lock.json', line: i + 1, column: 1 } });
    }
    report.findings = [...many, report.findings[0]];
    const run = buildSarif(report, ctx).runs as Json[];
    expect(run[0].results).toHaveLength(MAX_RESULTS_PER_RUN);
    expect(run[0].results[0].level).toBe('error');
    const note = run[0].invocations[0].toolExecutionNotifications.find((n: Json) => n.descriptor.id === 'results-truncated');
    expect(note.message.text).toMatch(/^6 lower-severity results were omitted/);
  });

  test('deterministic output and absolute-path free', () => {
    const a = format(loadReport(), ctx);
    expect(format(loadReport(), { ...ctx, cwd: '/somewhere/else' })).toBe(a);
    expect(a).not.toContain(fixture);
    expect(a.endsWith('\n')).toBe(true);
  });

  test('URIs are rebased when the scanned folder is a subfolder of the repository', () => {
    const rebased = rebaseSarifUris(buildSarif(loadReport(), ctx), 'services/api') as Json;
    expect(rebased.runs[0].results[1].locations[0].physicalLocation.artifactLocation.uri).toBe('services/api/packages/web%20ui/package-lock.json');
    expect(rebaseSarifUris(buildSarif(loadReport(), ctx), '')).toEqual(buildSarif(loadReport(), ctx));
  });

  test('toUriReference keeps slashes and @, encodes the rest', () => {
    expect(toUriReference('node_modules/@scope/a b/LICENSE#1')).toBe('node_modules/@scope/a%20b/LICENSE%231');
    expect(toUriReference('dir\\win\\file.json')).toBe('dir/win/file.json');
  });
});
