import { isIsoDate, todayUtc } from '../src/util/date';
import { isRecord } from '../src/util/record';
import { validateConfig } from '../src/config/validate';
import { isProfileName, parseProfileSpec } from '../src/config/names';
import { eventsForPackage, isPastBoundary } from '../src/evaluate/relicensing';
import { eventBetween, licenseAtVersion, loadRelicensingEvents } from '../src/ci/relicensing';
import { parseExpression } from '../src/classify/expression';
import { licenseIds } from '../src/evaluate/expression';

describe('isIsoDate: one definition for config, baselines, Change Dates and --today', () => {
  test.each([
    ['2026-12-02', true],
    ['2024-02-29', true], // leap day
    ['2026-02-30', false], // the copy in evaluate/ took this (Date.parse rolls it over to March 2)
    ['2025-02-29', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['2026-12-02T00:00:00Z', false],
    ['', false],
    [20261202, false],
    [undefined, false],
  ])('%p → %p', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });

  test('an exception expiring on 2026-02-30 is refused by the config validator (as it always was) and by the engine alike', () => {
    const problems = validateConfig({ exceptions: [{ package: 'x', reason: 'r', expires: '2026-02-30' }] });
    expect(problems.join('\n')).toContain('expires');
  });

  test('todayUtc takes LICENSE_RISK_TODAY only when it is a real date', () => {
    expect(todayUtc({ LICENSE_RISK_TODAY: '2026-12-02' })).toBe('2026-12-02');
    expect(todayUtc({ LICENSE_RISK_TODAY: '2026-02-30' })).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(todayUtc({ LICENSE_RISK_TODAY: '2026-02-30' })).not.toBe('2026-02-30');
  });
});

describe('isRecord', () => {
  test.each([
    [{}, true],
    [{ a: 1 }, true],
    [[], false],
    [null, false],
    ['x', false],
    [1, false],
  ])('%p → %p', (value, expected) => {
    expect(isRecord(value)).toBe(expected);
  });
});

describe('profile names: one vocabulary for --profile, the config validator and the scan', () => {
  // parseProfileSpec is what the scan uses; the CLI and the validator used to keep their own list.
  test.each(['saas', 'SaaS', 'saas:noncommercial', 'saas:non-commercial', 'library:commercial', 'auto', 'auto:noncommercial', ' internal '])('%p is accepted everywhere', (name) => {
    expect(parseProfileSpec(name).ok).toBe(true);
    expect(isProfileName(name)).toBe(true);
    expect(validateConfig({ profile: name })).toEqual([]);
  });

  test.each(['cloud', 'saas:free', 'saas:noncommercial:x', ''])('%p is refused everywhere', (name) => {
    expect(parseProfileSpec(name).ok).toBe(false);
    expect(isProfileName(name)).toBe(false);
    expect(validateConfig({ profile: name })).toHaveLength(1);
  });
});

describe('"is this version past the relicensing": check and diff give one answer', () => {
  // MinIO's Go module has no semver range: only commits from 2021-04-23 on (pseudo-versions carry the date) are AGPL.
  const minio = eventsForPackage('golang', 'github.com/minio/minio').find((e) => e.id === 'minio-agpl-2021')!;
  const events = loadRelicensingEvents();
  test.each([
    ['v0.0.0-20210511232741-abcdef123456', true, 'AGPL-3.0-only'],
    ['v0.0.0-20210301000000-abcdef123456', false, 'Apache-2.0'],
  ])('%s', (version, past, license) => {
    expect(isPastBoundary(version, minio)).toBe(past);
    expect(licenseAtVersion(events, 'golang', 'github.com/minio/minio', version)?.expression).toBe(license);
  });

  test('diff finds the event between two pseudo-versions on either side of the date', () => {
    const event = eventBetween(events, 'golang', 'github.com/minio/minio', 'v0.0.0-20210301000000-abcdef123456', 'v0.0.0-20210511232741-abcdef123456');
    expect(event?.to).toBe('AGPL-3.0-only');
  });

  test('semver packages answer as before (terraform 1.5.7 → 1.6.0)', () => {
    const terraform = eventsForPackage('golang', 'github.com/hashicorp/terraform')[0];
    expect(isPastBoundary('v1.6.0', terraform)).toBe(true);
    expect(isPastBoundary('v1.5.7', terraform)).toBe(false);
    expect(licenseAtVersion(events, 'golang', 'github.com/hashicorp/terraform', 'v1.6.0')?.expression).toBe(terraform.to);
    expect(eventBetween(events, 'golang', 'github.com/hashicorp/terraform', 'v1.5.7', 'v1.6.0')?.to).toBe(terraform.to);
  });
});

describe('parseExpression: one parser, multi-line declarations included', () => {
  test('a package.json license split over lines parses for the rules as for the classifier', () => {
    expect(parseExpression('MIT OR\n  Apache-2.0').ok).toBe(true);
    expect(licenseIds('(MIT OR\n\tApache-2.0)')).toEqual(['Apache-2.0', 'MIT']);
    expect(parseExpression('MIT AND (').ok).toBe(false);
  });
});
