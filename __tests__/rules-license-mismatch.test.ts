import { rule, compareExpressions } from '../rules/license-mismatch';
import { ALL_PROFILES, component, profile, ruleTester, useTestKnowledgeBase, type InvalidCase, type RuleCase } from './helpers/rule-tester';

useTestKnowledgeBase();

const withFile = (name: string, declared: string, fileExpression: string, extra: Parameters<typeof component>[0]['license'] = {}) =>
  component({
    name,
    expression: declared,
    license: { source: 'declared', fileExpression, files: [{ file: `node_modules/${name}/LICENSE`, expression: fileExpression, confidence: 0.95 }], ...extra },
    line: 14,
  });

const valid: RuleCase[] = [
  ...ALL_PROFILES.map((d) => ({ name: `declared and file agree under ${d}`, profile: profile(d), components: [withFile('agree', 'MIT', 'MIT')] })),
  { name: '-only vs -or-later is not a disagreement (text cannot tell)', components: [withFile('gpl', 'GPL-2.0-or-later', 'GPL-2.0-only')] },
  { name: 'no license file identified', components: [component({ name: 'nofile', expression: 'MIT', license: { fileExpression: null } })] },
  { name: 'user override wins', components: [withFile('ovr', 'MIT', 'Elastic-2.0', { source: 'override' })] },
  {
    name: 'LicenseRef-LICENSE names the license file (Kendo UI), not a license the file contradicts',
    components: [component({ name: '@progress/kendo-ui', expression: 'LicenseRef-Commercial', evidence: [{ kind: 'declared', value: 'LicenseRef-LICENSE', field: 'license' }], license: { source: 'file', declared: 'LicenseRef-LICENSE', fileExpression: 'LicenseRef-Commercial' } })],
  },
  // Permissive notices of bundled code ship in the same file: no finding, the facts stay in the JSON.
  { name: 'extra permissive notices are not a finding', components: [withFile('mapbox-gl', 'BSD-3-Clause', 'BSD-3-Clause AND MIT')] },
  { name: 'file grants fewer options than declared, but not the one judged', components: [withFile('dual', 'MIT OR Apache-2.0', 'MIT', { chosen: 'MIT' })] },
  { name: 'declared value that is not SPDX is left to unknown-license', components: [component({ name: 'see', expression: null, evidence: [{ kind: 'declared', value: 'SEE LICENSE IN LICENSE', field: 'license' }], license: { source: 'file', fileExpression: 'SUL-1.0' } })] },
];

const invalid: InvalidCase[] = [
  {
    name: 'Apache-2.0 declared, Commons Clause in the file',
    components: [withFile('rejson', 'Apache-2.0', 'Apache-2.0 AND LicenseRef-scancode-commons-clause')],
    errors: [{ messageId: 'hiddenTerms', severity: 'error', line: 14, data: { declared: 'Apache-2.0', hidden: 'LicenseRef-scancode-commons-clause', file: 'node_modules/rejson/LICENSE' } }],
  },
  ...ALL_PROFILES.map((d) => ({
    name: `MIT declared, Elastic text shipped under ${d}`,
    profile: profile(d),
    components: [withFile('es-thing', 'MIT', 'Elastic-2.0')],
    errors: [{ messageId: 'hiddenTerms', severity: (d === 'internal' ? 'warn' : 'error') as 'warn' | 'error', data: { hidden: 'Elastic-2.0' } }],
  })),
  {
    name: 'NocoDB: AGPL declared, SUL text shipped, with the relicensing named',
    components: [component({ name: 'nocodb', version: '0.300.0', expression: 'AGPL-3.0-or-later', license: { source: 'declared', fileExpression: 'SUL-1.0', files: [{ file: 'node_modules/nocodb/LICENSE.md', expression: 'SUL-1.0', confidence: 0.9 }] } })],
    errors: [{ messageId: 'hiddenTerms', data: { hidden: 'SUL-1.0' }, messageIncludes: ['NocoDB moved AGPL-3.0-or-later → SUL-1.0'] }],
  },
  { name: 'a different permissive license in the file is info, not "bundled notices"', components: [withFile('@pkgjs/parseargs', 'MIT', 'Apache-2.0')], errors: [{ messageId: 'differentPermissive', severity: 'info' }] },
  {
    name: 'file lacks the option judged for the profile',
    components: [withFile('dual', 'MIT OR Apache-2.0', 'Apache-2.0', { chosen: 'MIT' })],
    errors: [{ messageId: 'declaredNotInFile', severity: 'info', data: { missing: 'MIT' } }],
  },
  { name: 'dev-only mismatch is capped at warn', components: [{ ...withFile('devthing', 'MIT', 'Elastic-2.0'), scope: 'dev' }], errors: [{ messageId: 'hiddenTerms', severity: 'warn' }] },
];

ruleTester(rule, { valid, invalid });

describe('compareExpressions', () => {
  test.each([
    ['MIT', 'MIT', null],
    ['GPL-2.0+', 'GPL-2.0-only', null],
    ['Apache-2.0', 'Apache-2.0 AND LicenseRef-scancode-commons-clause', { hidden: ['LicenseRef-scancode-commons-clause'], missing: [] }],
    ['MIT OR Apache-2.0', 'Apache-2.0', { hidden: [], missing: ['MIT'] }],
  ])('%s vs %s', (declared, found, expected) => {
    expect(compareExpressions(declared, found)).toEqual(expected);
  });
});
