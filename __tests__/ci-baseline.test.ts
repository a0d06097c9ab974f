import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FatalError } from '../src/errors';
import type { Report } from '../src/types';
import {
  BASELINE_FILENAME,
  applyBaseline,
  createBaseline,
  findBaseline,
  readBaseline,
  writeBaseline,
  type BaselineFile,
} from '../src/ci/baseline';

const fixtures = path.join(__dirname, '..', 'fixtures');
const loadReport = (): Report => JSON.parse(fs.readFileSync(path.join(fixtures, 'ci-report', 'report.json'), 'utf8'));
const ELASTIC_KEY = 'cloud-resale npm:@elastic/eui@35.0.0 Elastic-2.0 OR SSPL-1.0';
const GPL_KEY = 'copyleft-obligation npm:gpl-widget@2.1.0 GPL-3.0-only';
const OWN_KEY = 'own-license package.json';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-baseline-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Bumps a component to a new version everywhere it is referenced. */
function upgrade(report: Report, name: string, version: string): Report {
  const component = report.components.find((c) => c.name === name)!;
  const oldId = component.id;
  component.version = version;
  component.id = `${component.ecosystem}:${name}@${version}`;
  for (const f of report.findings) if (f.component === oldId) f.component = component.id;
  return report;
}

describe('createBaseline', () => {
  test('one entry per accepted finding, keyed by rule + ecosystem + package + version + license, sorted', () => {
    const baseline = createBaseline(loadReport());
    expect(Object.keys(baseline)).toEqual(['version', 'accepted', 'findings']);
    expect(Object.keys(baseline.findings)).toEqual([ELASTIC_KEY, GPL_KEY, OWN_KEY]);
    expect(baseline.findings[ELASTIC_KEY]).toEqual({
      ruleId: 'cloud-resale',
      ecosystem: 'npm',
      package: '@elastic/eui',
      version: '35.0.0',
      license: 'Elastic-2.0 OR SSPL-1.0',
      severity: 'error',
      message: expect.stringContaining('managed service'),
    });
    // Already suppressed by a config exception: the config owns it, not the baseline.
    expect(Object.keys(baseline.findings).some((k) => k.includes('left-pad'))).toBe(false);
    expect(baseline.accepted).toEqual({});
  });

  test('regenerating keeps the hand-edited accepted section for findings that still exist', () => {
    const previous = createBaseline(loadReport());
    previous.accepted[ELASTIC_KEY] = { reason: 'Legal approved hosted use, LEGAL-7', expires: '2027-01-31' };
    previous.accepted[GPL_KEY] = { reason: 'build-time only' };
    const report = loadReport();
    report.findings = report.findings.filter((f) => f.ruleId !== 'copyleft-obligation');
    const regenerated = createBaseline(report, previous);
    expect(regenerated.accepted).toEqual({ [ELASTIC_KEY]: { reason: 'Legal approved hosted use, LEGAL-7', expires: '2027-01-31' } });
    expect(Object.keys(regenerated.findings)).toEqual([ELASTIC_KEY, OWN_KEY]);
  });

  test('write → read round trip is byte-stable with a fixed key order', () => {
    const file = path.join(tmp, BASELINE_FILENAME);
    const baseline = createBaseline(loadReport());
    baseline.accepted[GPL_KEY] = { reason: 'dev only' };
    writeBaseline(file, baseline);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.indexOf('"version"')).toBeLessThan(text.indexOf('"accepted"'));
    expect(text.indexOf('"accepted"')).toBeLessThan(text.indexOf('"findings"'));
    const again = readBaseline(file);
    expect(again).toEqual(baseline);
    writeBaseline(file, again);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect(findBaseline(tmp)).toBe(file);
    expect(findBaseline(path.join(tmp, 'nowhere'))).toBeNull();
    expect(fs.readdirSync(tmp)).toEqual([BASELINE_FILENAME]);
  });
});

describe('applyBaseline', () => {
  const today = '2026-06-01';

  test('accepted findings are suppressed and counted; the exit code then rests on new ones', () => {
    const baseline = createBaseline(loadReport());
    baseline.accepted[ELASTIC_KEY] = { reason: 'Legal approved hosted use' };
    const applied = applyBaseline(loadReport(), baseline, today);
    const elastic = applied.findings.find((f) => f.ruleId === 'cloud-resale')!;
    expect(elastic.suppressed).toEqual({ by: 'baseline', reason: 'Legal approved hosted use' });
    expect(applied.findings.find((f) => f.ruleId === 'copyleft-obligation')!.suppressed).toEqual({ by: 'baseline', reason: 'in baseline' });
    expect(applied.summary).toMatchObject({ errors: 0, warnings: 0, infos: 0, suppressed: 4 });
    expect(applied.findings.some((f) => f.ruleId === 'baseline')).toBe(false);
  });

  test('an upgrade of a baselined package is a new finding, and its old entry goes stale', () => {
    const baseline = createBaseline(loadReport());
    const applied = applyBaseline(upgrade(loadReport(), '@elastic/eui', '36.1.0'), baseline, today);
    const elastic = applied.findings.find((f) => f.ruleId === 'cloud-resale')!;
    expect(elastic.suppressed).toBeUndefined();
    expect(applied.summary.errors).toBe(1);
    const stale = applied.findings.filter((f) => f.ruleId === 'baseline');
    expect(stale).toEqual([
      expect.objectContaining({ severity: 'warn', messageId: 'stale', data: { key: ELASTIC_KEY } }),
    ]);
    expect(applied.summary.warnings).toBe(1);
  });

  test('a license change at the same version is also new (license is part of the key)', () => {
    const baseline = createBaseline(loadReport());
    const report = loadReport();
    report.findings[1].data = { license: 'AGPL-3.0-only' };
    const applied = applyBaseline(report, baseline, today);
    expect(applied.findings[1].suppressed).toBeUndefined();
  });

  test('an expired acceptance reports the finding again plus a baseline warning', () => {
    const baseline = createBaseline(loadReport());
    baseline.accepted[ELASTIC_KEY] = { reason: 'until the migration', expires: '2026-05-31' };
    const applied = applyBaseline(loadReport(), baseline, today);
    expect(applied.findings.find((f) => f.ruleId === 'cloud-resale')!.suppressed).toBeUndefined();
    const expired = applied.findings.filter((f) => f.ruleId === 'baseline');
    expect(expired).toEqual([
      expect.objectContaining({
        severity: 'warn',
        messageId: 'expired',
        component: 'npm:@elastic/eui@35.0.0',
        data: { key: ELASTIC_KEY, expires: '2026-05-31', reason: 'until the migration' },
      }),
    ]);
    expect(applied.summary).toMatchObject({ errors: 1, warnings: 1 });
    // Not yet expired on the day itself.
    const onTheDay = applyBaseline(loadReport(), baseline, '2026-05-31');
    expect(onTheDay.findings.find((f) => f.ruleId === 'cloud-resale')!.suppressed?.by).toBe('baseline');
  });

  test('stale entries and stale acceptances point at their line in the baseline file', () => {
    const file = path.join(tmp, BASELINE_FILENAME);
    const baseline = createBaseline(loadReport());
    baseline.accepted['cloud-resale npm:mongodb@6.3.0 SSPL-1.0'] = { reason: 'typo in the key' };
    writeBaseline(file, baseline);
    const report = loadReport();
    report.findings = report.findings.filter((f) => f.ruleId !== 'own-license');
    const applied = applyBaseline(report, readBaseline(file), today);
    const text = fs.readFileSync(file, 'utf8').split('\n');
    const baselineFindings = applied.findings.filter((f) => f.ruleId === 'baseline');
    expect(baselineFindings.map((f) => f.messageId)).toEqual(['stale', 'staleAcceptance']);
    for (const f of baselineFindings) {
      expect(f.location.file).toBe(BASELINE_FILENAME);
      expect(text[f.location.line - 1]).toContain(`"${f.data!.key}"`);
    }
  });

  test('does not mutate its input', () => {
    const report = loadReport();
    const before = JSON.stringify(report);
    applyBaseline(report, createBaseline(report), today);
    expect(JSON.stringify(report)).toBe(before);
  });
});

describe('readBaseline rejects corrupted or hand-broken files with the file named', () => {
  const write = (text: string) => {
    const file = path.join(tmp, BASELINE_FILENAME);
    fs.writeFileSync(file, text);
    return file;
  };
  const valid = (): BaselineFile => createBaseline(loadReport());

  test.each<[string, string, RegExp]>([
    ['truncated JSON', '{"version": 1, "findings": {', /invalid JSON.*at \d+:\d+/],
    ['not an object', '[]', /expected a JSON object/],
    ['wrong version', '{"version": 2}', /unsupported "version" 2/],
    ['unknown top-level key', '{"version": 1, "entries": []}', /unknown top-level property "entries"/],
    ['accepted without reason', '{"version": 1, "accepted": {"x": {"expires": "2026-01-01"}}}', /accepted\["x"\]\.reason must be a non-empty string/],
    ['bad expiry date', '{"version": 1, "accepted": {"x": {"reason": "r", "expires": "next year"}}}', /expires must be a date/],
    ['findings as array', '{"version": 1, "findings": []}', /"findings" must be an object/],
  ])('%s', (_label, text, message) => {
    const file = write(text);
    expect(() => readBaseline(file)).toThrow(FatalError);
    expect(() => readBaseline(file)).toThrow(message);
    expect(() => readBaseline(file)).toThrow(file);
  });

  test('an entry whose key no longer matches its fields (hand-edited version)', () => {
    const data = valid();
    data.findings[ELASTIC_KEY] = { ...data.findings[ELASTIC_KEY], version: '99.0.0' };
    const file = write(JSON.stringify(data, null, 2));
    expect(() => readBaseline(file)).toThrow(/does not match its fields/);
    expect(() => readBaseline(file)).toThrow(new RegExp(`${BASELINE_FILENAME}:\\d+:\\d+`));
  });

  test('missing file, directory instead of file', () => {
    expect(() => readBaseline(path.join(tmp, 'missing.json'))).toThrow(/missing\.json: file not found/);
    expect(() => readBaseline(tmp)).toThrow(/not a regular file/);
  });
});
