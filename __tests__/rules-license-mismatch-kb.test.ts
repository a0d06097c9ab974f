/** license-mismatch against the real knowledge base: which permissive pairs are noise (issue 12). */
import { rule } from '../rules/license-mismatch';
import { component, ruleTester, type InvalidCase, type RuleCase } from './helpers/rule-tester';

const withFile = (name: string, declared: string, fileExpression: string) =>
  component({
    name,
    expression: declared,
    license: { source: 'declared', fileExpression, files: [{ file: `node_modules/${name}/LICENSE`, expression: fileExpression, confidence: 0.95 }] },
    line: 3,
  });

// Same family, no obligation beyond the declared one's: a fact in the JSON, not a finding.
const valid: RuleCase[] = (
  [
    ['MIT', 'MIT-Wu'],
    ['MIT', 'MITNFA'],
    ['MIT', 'MIT-0'],
    ['BSD-2-Clause', 'BSD-2-Clause-Views'],
    ['ISC', 'ISC'],
    // npm argparse@2.0.1: declares Python-2.0, its LICENSE is the PSF-2.0 text of Python 2.0.1.
    ['Python-2.0', 'Python-2.0.1'],
    // npm ag-grid-enterprise@32.3.9: declares "Commercial" (LicenseRef-Proprietary), its LICENSE.html is a EULA (LicenseRef-Commercial).
    ['LicenseRef-Proprietary', 'LicenseRef-Commercial'],
    // Bundled permissive notices beside the declared license (npm @bcoe/v8-coverage@0.2.3: MIT + ISC; doctrine: Apache-2.0 + BSD-2-Clause).
    ['MIT', 'MIT AND ISC'],
    ['Apache-2.0', 'Apache-2.0 AND BSD-2-Clause'],
  ] as const
)
  .map(([declared, file]): RuleCase => ({ name: `declared ${declared}, file ${file}`, components: [withFile(`same-${file}`, declared, file)] }))
  .concat([
    {
      // The file lacks an option that is not the one judged (npm type-fest@0.20.2: "(MIT OR CC0-1.0)", MIT text).
      name: 'declared (MIT OR CC0-1.0), file MIT, MIT judged',
      components: [{ ...withFile('type-fest', '(MIT OR CC0-1.0)', 'MIT'), license: { ...withFile('type-fest', '(MIT OR CC0-1.0)', 'MIT').license!, chosen: 'MIT' } }],
    },
  ]);

const invalid: InvalidCase[] = [
  // Another family is another set of terms (Apache-2.0's NOTICE and patent clauses).
  { name: 'declared MIT, file Apache-2.0', components: [withFile('other-family', 'MIT', 'Apache-2.0')], errors: [{ messageId: 'differentPermissive', severity: 'info' }] },
  // MIT-0 declared but plain MIT shipped: the file asks for attribution the declaration does not.
  { name: 'declared MIT-0, file MIT', components: [withFile('more-obligations', 'MIT-0', 'MIT')], errors: [{ messageId: 'differentPermissive', severity: 'info' }] },
  // Proprietary declared, but the file is a non-commercial grant: other terms.
  { name: 'declared LicenseRef-Proprietary, file free for non-commercial use', components: [withFile('nc', 'LicenseRef-Proprietary', 'LicenseRef-Commercial-Free-NonCommercial')], errors: [{ messageId: 'hiddenTerms' }] },
  { name: 'declared MIT, file MIT with an added restriction', components: [withFile('restricted', 'MIT', 'MIT AND LicenseRef-Added-Restriction')], errors: [{ messageId: 'hiddenTerms' }] },
];

ruleTester(rule, { valid, invalid });
