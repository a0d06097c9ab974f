import { alternatives, licenseIdFromPhrase, licenseIds, yearsFromPhrase } from '../src/evaluate/expression';
import { conversionOf } from '../src/evaluate/rule-helpers';
import { matchesPackage } from '../src/evaluate/glob';
import { isGpl2OrLaterCompatible, incompatiblePair } from '../src/evaluate/compatibility';
import { validateAgainstSchema } from '../src/evaluate/schema';
import type { ClassifiedLicense } from '../src/types';

describe('expressions', () => {
  test('alternatives are the ways to comply', () => {
    expect(alternatives('MIT OR (GPL-2.0-only AND Apache-2.0)').map((a) => a.map((t) => t.id))).toEqual([['MIT'], ['GPL-2.0-only', 'Apache-2.0']]);
    expect(alternatives('GPL-2.0+ WITH Classpath-exception-2.0')).toEqual([[{ id: 'GPL-2.0-or-later', exception: 'Classpath-exception-2.0' }]]);
    expect(alternatives('not ( valid')).toEqual([]);
    expect(alternatives(null)).toEqual([]);
    expect(licenseIds('(MIT OR Apache-2.0) AND MIT')).toEqual(['Apache-2.0', 'MIT']);
  });

  test.each([
    ['Apache License, Version 2.0', 'Apache-2.0'],
    ['MPL 2.0', 'MPL-2.0'],
    ['Version 2 or later of the GNU General Public License', 'GPL-2.0-or-later'],
    ['GNU General Public License v2.0 or later', 'GPL-2.0-or-later'],
    ['GNU General Public License (GPL) v3', 'GPL-3.0-only'],
    ['GNU Affero General Public License v3', 'AGPL-3.0-only'],
    ['MIT', 'MIT'],
  ])('Change License %j → %s', (phrase, id) => {
    expect(licenseIdFromPhrase(phrase)).toBe(id);
  });

  test.each([
    ['Four years from the date the Licensed Work is published', 4],
    ['Three years from release date', 3],
    ['TBD ( 3 years after 2.7.0 release )', 3],
    ['the fourth anniversary of availability', 4],
    ['2029-05-01', null],
  ])('years in %j', (phrase, years) => {
    expect(yearsFromPhrase(phrase)).toBe(years);
  });
});

describe('conversionOf', () => {
  const bsl = (parameters: Record<string, string>, traits = [{ trait: 'converts-later' as const, license: 'BUSL-1.1', clause: 'BUSL-1.1 Change Date' }]): ClassifiedLicense => ({
    expression: 'BUSL-1.1', category: 'source-available', traits, confidence: 1, source: 'file', notes: [], parameters,
  });
  test('a future date', () => {
    expect(conversionOf(bsl({ changeDate: '2029-05-01', changeLicense: 'Apache License, Version 2.0' }), '2026-06-01')).toMatchObject({ state: 'future', text: 'becomes Apache-2.0 on 2029-05-01' });
  });
  test('a passed date', () => {
    expect(conversionOf(bsl({ changeDate: '2025-10-01', changeLicense: 'Apache-2.0' }), '2026-06-01')).toMatchObject({ state: 'passed' });
  });
  test('a phrase', () => {
    expect(conversionOf(bsl({ changeDate: 'Four years from the date the Licensed Work is published', changeLicense: 'MPL 2.0' }), '2026-06-01').text).toBe('becomes MPL-2.0 per its Change Date ("Four years from the date the Licensed Work is published")');
  });
  test('FSL: only the trait', () => {
    const fsl = bsl({}, [{ trait: 'converts-later', license: 'FSL-1.1-ALv2', clause: 'FSL-1.1-ALv2 Grant of Future License: Apache-2.0 on the second anniversary' }]);
    expect(conversionOf(fsl, '2026-06-01')).toEqual({ state: 'unknown', text: 'converts later (FSL-1.1-ALv2 Grant of Future License: Apache-2.0 on the second anniversary)' });
  });
  test('no conversion', () => {
    expect(conversionOf(bsl({}, []), '2026-06-01')).toEqual({ state: 'none', text: '' });
  });
});

describe('package globs', () => {
  test.each([
    ['@elastic/*', '@elastic/eui', true],
    ['@elastic/*', '@elastic/eui/sub', false],
    ['com.typesafe.akka:akka-*', 'com.typesafe.akka:akka-actor_2.13', true],
    ['github.com/grafana/loki/v*', 'github.com/grafana/loki/v3', true],
    ['left-pad', 'left-pad', true],
    ['left-pad', 'left-pads', false],
    ['a.b', 'axb', false],
  ])('%s vs %s', (glob, name, expected) => {
    expect(matchesPackage(glob, name)).toBe(expected);
  });
});

describe('compatibility data', () => {
  test('pairs and the BSL Change License condition', () => {
    expect(incompatiblePair('Apache-2.0', 'GPL-2.0-only')?.source).toContain('gnu.org');
    expect(incompatiblePair('Apache-2.0', 'GPL-3.0-only')).toBeUndefined();
    expect(incompatiblePair('CDDL-1.0', 'AGPL-3.0-or-later')).toBeDefined();
    expect(isGpl2OrLaterCompatible('Apache-2.0')).toBe('yes');
    expect(isGpl2OrLaterCompatible('EPL-1.0')).toBe('no');
  });
});

describe('schema validation', () => {
  test('reports paths', () => {
    const schema = { type: 'object', additionalProperties: false, properties: { allow: { type: 'array', items: { type: 'string' } }, n: { type: 'integer', minimum: 1 } } };
    expect(validateAgainstSchema({ allow: ['a', 1], n: 0, 'odd key': true }, schema, 'rules.x[1]')).toEqual([
      'rules.x[1].allow[1] must be string, got integer 1',
      'rules.x[1].n must be >= 1, got 0',
      'rules.x[1]["odd key"] is not a known option (expected allow, n)',
    ]);
    expect(validateAgainstSchema(null, schema, 'o')).toEqual(['o must be object, got null']);
  });
});
