import { isIsoDate, todayUtc } from '../src/util/date';
import { isRecord } from '../src/util/record';
import { validateConfig } from '../src/config/validate';

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
