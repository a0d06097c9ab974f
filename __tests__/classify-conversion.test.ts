/**
 * Converting licenses are decided once, in classify (src/classify/conversion.ts): a BSL past its
 * Change Date, or an FSL two years after its release, is classified as its Change License on the
 * run's (injected) date, with the conversion kept as a fact.
 */
import { classify } from '../src/classify';
import { readConversion } from '../src/classify/conversion';
import { addYears } from '../src/util/date';
import type { IdentifiedLicense, Profile } from '../src/types';

const saas: Profile = { distribution: 'saas', commercial: true, origin: 'flag', reasons: [] };
const distributed: Profile = { ...saas, distribution: 'distributed' };

// fixtures/real-packages/node_modules/@uniswap/v3-core/LICENSE (npm @uniswap/v3-core@1.0.1), its parameter block verbatim.
const uniswap: IdentifiedLicense = {
  expression: 'BUSL-1.1',
  confidence: 0.95,
  source: 'file',
  parameters: {
    licensor: 'Uniswap Labs',
    licensedWork: 'Uniswap V3 Core',
    additionalUseGrant: 'Any uses listed and defined at v3-core-license-grants.uniswap.eth',
    changeDate: 'The earlier of 2023-04-01 or a date specified at v3-core-license-date.uniswap.eth',
    changeLicense: 'GPL-2.0-or-later',
  },
  notes: [],
};

const fsl = (id: string, futureLicense?: string): IdentifiedLicense => ({ expression: id, confidence: 0.95, source: 'file', parameters: futureLicense ? { futureLicense } : {}, notes: [] });

describe('BSL', () => {
  test('@uniswap/v3-core@1.0.1: past "the earlier of 2023-04-01 or …" it is GPL-2.0-or-later, with the conversion as a fact', () => {
    const c = classify(uniswap, distributed, { today: '2026-12-02' });
    expect(c).toMatchObject({ expression: 'GPL-2.0-or-later', category: 'strong-copyleft', conversion: { state: 'converted', from: 'BUSL-1.1', to: 'GPL-2.0-or-later', date: '2023-04-01' } });
    expect(c.traits.map((t) => t.trait)).toContain('copyleft-on-distribution');
    expect(c.traits.map((t) => t.trait)).not.toContain('production-use-limited');
    expect(c.notes.join('\n')).toMatch(/BUSL-1\.1 converted to GPL-2\.0-or-later on 2023-04-01/);
  });
  test('before the bound it keeps its BUSL terms and says when it converts', () => {
    const c = classify(uniswap, saas, { today: '2023-03-31' });
    expect(c).toMatchObject({ expression: 'BUSL-1.1', category: 'source-available', conversion: { state: 'pending', date: '2023-04-01' } });
  });
  test('the run date decides: on the Change Date itself it has converted', () => {
    expect(classify(uniswap, saas, { today: '2023-04-01' }).conversion?.state).toBe('converted');
  });
  test('without a run date nothing converts (callers that do not judge time)', () => {
    expect(classify(uniswap, saas)).toMatchObject({ expression: 'BUSL-1.1', category: 'source-available' });
    expect(classify(uniswap, saas).conversion).toBeUndefined();
  });
  test('BSL 1.1 converts at the fourth anniversary of the release when that comes before the Change Date', () => {
    const far = { ...uniswap, parameters: { ...uniswap.parameters, changeDate: '2031-01-01' } };
    expect(classify(far, saas, { today: '2026-12-02', released: '2021-03-23' })).toMatchObject({ expression: 'GPL-2.0-or-later', conversion: { state: 'converted', date: '2025-03-23' } });
    expect(classify(far, saas, { today: '2026-12-02' }).conversion).toMatchObject({ state: 'pending', date: '2031-01-01' });
  });
  test('a Change License in prose is mapped to its SPDX id; one this tool does not know keeps the BSL terms', () => {
    const prose = { ...uniswap, parameters: { changeDate: '2020-01-01', changeLicense: 'Apache License, Version 2.0' } };
    expect(classify(prose, saas, { today: '2026-12-02' })).toMatchObject({ expression: 'Apache-2.0', category: 'permissive' });
    const odd = { ...uniswap, parameters: { changeDate: '2020-01-01', changeLicense: 'the Licensor’s then-current open license' } };
    expect(classify(odd, saas, { today: '2026-12-02' })).toMatchObject({ expression: 'BUSL-1.1', category: 'source-available' });
  });
  test('an AND keeps its other terms', () => {
    const both = { ...uniswap, expression: 'BUSL-1.1 AND MIT' };
    expect(classify(both, saas, { today: '2026-12-02' }).expression).toBe('GPL-2.0-or-later AND MIT');
  });
  test('classifying the converted license again (a workspace profile) keeps the fact', () => {
    const once = classify(uniswap, saas, { today: '2026-12-02' });
    const again = classify(once, distributed, { today: '2026-12-02' });
    expect(again).toMatchObject({ expression: 'GPL-2.0-or-later', conversion: { state: 'converted', from: 'BUSL-1.1' } });
  });
});

describe('FSL: two years after the release of that version', () => {
  test.each([
    ['FSL-1.1-MIT', undefined, 'MIT'],
    ['FSL-1.1-ALv2', undefined, 'Apache-2.0'],
    ['LicenseRef-scancode-fsl-1.0-apache-2.0', undefined, 'Apache-2.0'],
    ['FSL-1.1-ALv2', 'Apache License, Version 2.0', 'Apache-2.0'],
  ])('%s (future license %s) released 2023-11-30 is %s on 2026-12-02', (id, future, to) => {
    const c = classify(fsl(id, future), saas, { today: '2026-12-02', released: '2023-11-30' });
    expect(c).toMatchObject({ expression: to, category: 'permissive', conversion: { state: 'converted', from: id, to, date: '2025-11-30' } });
  });
  test('released less than two years ago: still FSL, converting on the second anniversary', () => {
    const c = classify(fsl('FSL-1.1-MIT'), saas, { today: '2026-12-02', released: '2025-06-15' });
    expect(c).toMatchObject({ expression: 'FSL-1.1-MIT', category: 'source-available', conversion: { state: 'pending', to: 'MIT', date: '2027-06-15' } });
  });
  test('release date unknown: still FSL, and a note says so', () => {
    const c = classify(fsl('FSL-1.1-MIT'), saas, { today: '2026-12-02' });
    expect(c).toMatchObject({ expression: 'FSL-1.1-MIT', conversion: { state: 'undated', to: 'MIT' } });
    expect(c.notes.join('\n')).toMatch(/release date is not known/);
  });
});

test('licenses that do not convert have no conversion', () => {
  expect(readConversion('MIT OR Apache-2.0', undefined, '2026-12-02', '2001-01-01')).toBeNull();
  expect(readConversion(null, undefined, '2026-12-02', undefined)).toBeNull();
});

test('a leap day anniversary is the last day of February', () => {
  expect(addYears('2024-02-29', 2)).toBe('2026-02-28');
  expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
});
