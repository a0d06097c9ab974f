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
  ] as const
).map(([declared, file]) => ({ name: `declared ${declared}, file ${file}`, components: [withFile(`same-${file}`, declared, file)] }));

const invalid: InvalidCase[] = [
  // Another family is another set of terms (Apache-2.0's NOTICE and patent clauses).
  { name: 'declared MIT, file Apache-2.0', components: [withFile('other-family', 'MIT', 'Apache-2.0')], errors: [{ messageId: 'differentPermissive', severity: 'info' }] },
  // MIT-0 declared but plain MIT shipped: the file asks for attribution the declaration does not.
  { name: 'declared MIT-0, file MIT', components: [withFile('more-obligations', 'MIT-0', 'MIT')], errors: [{ messageId: 'differentPermissive', severity: 'info' }] },
  { name: 'declared MIT, file MIT with an added restriction', components: [withFile('restricted', 'MIT', 'MIT AND LicenseRef-Added-Restriction')], errors: [{ messageId: 'hiddenTerms' }] },
];

ruleTester(rule, { valid, invalid });
