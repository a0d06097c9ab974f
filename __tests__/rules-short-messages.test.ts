import * as path from 'node:path';
import { loadAllRules } from '../rules';
import { interpolate, placeholders } from '../src/evaluate/messages';
import { scan } from '../src/pipeline';

/**
 * Every rule carries a one-line message per messageId (ESLint-style metadata) for the terminal,
 * annotations and summaries: filled with long real values it stays about 100 characters.
 */
const rules = loadAllRules();

/** Realistically long values for each placeholder a short template uses. */
const SAMPLE: Record<string, string> = {
  license: 'LicenseRef-Elastic-License-2.0 OR SSPL-1.0',
  package: '@company/some-package',
  key: 'exceptions[12]',
  expires: '2026-06-30',
  missing: 'Change Date and Change License',
  declared: '(BSD-3-Clause OR GPL-2.0)',
  hidden: 'LicenseRef-Added-Restriction',
  fileExpression: 'BSD-3-Clause-HP AND ISC',
  ownLicense: 'Apache-2.0',
  declaredNote: ' (package.json declares MIT)',
  manifest: 'package.json',
  file: 'LICENSE.md',
  changeDate: '2035-01-01',
  maxYears: '4',
  changeLicense: 'Apache-2.0',
  claim: 'open source',
  requested: '^1.5.0 || ^2',
  to: 'BUSL-1.1',
  from: 'LicenseRef-scancode-fsl-1.0-apache-2.0',
  pinBelow: '1.6.0',
  confidence: '0.62',
  limit: '700 million',
  cardLicense: 'apache-2.0',
  base: 'meta-llama/Llama-3.1-8B-Instruct',
  baseLicense: 'LicenseRef-Llama-3.1',
  denied: 'AGPL-3.0-only',
  notAllowed: 'LicenseRef-Commercial, CC-BY-4.0',
  minConfidence: '0.9',
  scope: 'packages/enterprise/',
  scopeLicense: 'LicenseRef-Enterprise-Commercial',
  scopeCategory: 'proprietary',
  fromLicense: 'Apache-2.0',
  fromVersion: '7.10.2',
  toCategory: 'source-available',
  restrictiveNote: ', more restrictive',
  // "is" for a folder scope, "are" for files matching a pattern.
  is: 'are',
};

describe('short messages', () => {
  test.each(Object.keys(rules))('%s has a short message for every messageId', (id) => {
    const meta = rules[id].meta;
    expect(Object.keys(meta.shortMessages ?? {}).sort()).toEqual(Object.keys(meta.messages).sort());
  });

  const cases = Object.entries(rules).flatMap(([id, rule]) => Object.entries(rule.meta.shortMessages ?? {}).map(([messageId, template]) => [id, messageId, template] as const));
  test.each(cases)('%s/%s fits on one line with long real values', (_id, _messageId, template) => {
    for (const name of placeholders(template)) expect(SAMPLE).toHaveProperty([name]);
    const filled = interpolate(template, SAMPLE);
    expect(filled).not.toMatch(/\{\{|\n/);
    expect(filled.length).toBeLessThanOrEqual(110);
  });

  test('the short form does not repeat the package@version the reports print beside it', () => {
    for (const rule of Object.values(rules)) {
      for (const template of Object.values(rule.meta.shortMessages ?? {})) expect(template).not.toContain('{{version}}');
    }
  });

  test('every finding of a real 2,483-package tree carries a short message of at most 110 characters', async () => {
    const { report } = await scan({ dir: path.join(__dirname, '..', 'bench', 'trees-src', 'large'), today: '2026-01-15', env: {} });
    expect(report.findings.length).toBeGreaterThan(20);
    for (const f of report.findings) {
      expect(f.shortMessage).toBeDefined();
      expect(f.shortMessage!.length).toBeLessThanOrEqual(110);
      expect(f.shortMessage).not.toContain('{{');
    }
  }, 60_000);
});
