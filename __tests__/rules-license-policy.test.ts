import { rule, parsePolicyEntry } from '../rules/license-policy';
import { validateConfig } from '../src/config/validate';
import { component, ruleTester, useTestKnowledgeBase, type InvalidCase, type RuleCase } from './helpers/rule-tester';

useTestKnowledgeBase();

const mit = component({ name: 'express', expression: 'MIT' });
const ccBy = component({ name: 'caniuse-lite', expression: 'CC-BY-4.0', category: 'permissive' });
const dual = component({ name: 'jszip', expression: 'MIT OR GPL-3.0-or-later' });
const both = component({ name: 'mixed', expression: 'MIT AND CC-BY-4.0' });
const eui = component({ name: '@elastic/eui', expression: 'SSPL-1.0 OR Elastic-2.0', category: 'source-available' });
const agpl = component({ name: 'ghostscript-js', expression: 'AGPL-3.0-only', category: 'network-copyleft' });
const unknown = component({ name: 'mystery', expression: null, evidence: [] });
const fuzzy = component({ name: 'fuzzy', expression: 'MIT', license: { source: 'file', confidence: 0.6 } });
const overridden = component({ name: 'vendored', expression: 'MIT', license: { source: 'override', confidence: 1 } });
const classpath = component({ name: 'openjdk-thing', expression: 'GPL-2.0-only WITH Classpath-exception-2.0', category: 'strong-copyleft' });
const plus = component({ name: 'old-gpl', expression: 'GPL-2.0+', category: 'strong-copyleft' });
const customRef = component({ name: 'vendor-sdk', expression: 'LicenseRef-Vendor-EULA', category: 'proprietary' });

const ALLOW = { allow: ['MIT', 'Apache-2.0', 'ISC'] };

const valid: RuleCase[] = [
  { name: 'no policy configured: nothing to check', components: [ccBy, eui, unknown] },
  { name: 'an allowed id', components: [mit], options: ALLOW },
  { name: 'OR is satisfied by any allowed option', components: [dual], options: ALLOW },
  { name: 'an allowed category', components: [ccBy, mit], options: { allow: ['category:permissive'] } },
  { name: 'deny only: other licenses pass', components: [mit, ccBy, dual], options: { deny: ['AGPL-3.0-only'] } },
  { name: 'OR with one denied option takes the other', components: [dual], options: { deny: ['GPL-3.0-or-later'] } },
  { name: 'an id allowed without exception allows it with one', components: [classpath], options: { allow: ['GPL-2.0-only'] } },
  { name: 'GPL-2.0+ is GPL-2.0-or-later', components: [plus], options: { allow: ['GPL-2.0-or-later'] } },
  { name: 'a LicenseRef- alone takes the component category', components: [customRef], options: { allow: ['category:proprietary'] } },
  { name: 'confidence above the threshold', components: [mit], options: { ...ALLOW, confidence: 0.9 } },
  { name: 'an override counts whatever its confidence', components: [overridden], options: { ...ALLOW, confidence: 0.9 } },
];

const invalid: InvalidCase[] = [
  { name: 'an allow list flags CC-BY-4.0 and not MIT', components: [mit, ccBy], options: ALLOW, errors: [{ messageId: 'notAllowed', component: 'npm:caniuse-lite@1.0.0', severity: 'error', data: { notAllowed: 'CC-BY-4.0' }, messageIncludes: ['CC-BY-4.0 is not in "licenses.allow"'] }] },
  { name: 'AND needs every part allowed', components: [both], options: ALLOW, errors: [{ messageId: 'notAllowed', data: { notAllowed: 'CC-BY-4.0' } }] },
  { name: 'a denied id', components: [agpl], options: { deny: ['AGPL-3.0-only'] }, errors: [{ messageId: 'denied', data: { denied: 'AGPL-3.0-only' } }] },
  { name: 'a denied category', components: [agpl, mit], options: { deny: ['category:network-copyleft'] }, errors: [{ messageId: 'denied', component: 'npm:ghostscript-js@1.0.0' }] },
  { name: 'deny wins over allow', components: [agpl], options: { allow: ['category:network-copyleft', 'MIT'], deny: ['AGPL-3.0-only'] }, errors: [{ messageId: 'denied' }] },
  { name: 'both options of an OR source-available and denied', components: [eui], options: { deny: ['category:source-available'] }, errors: [{ messageId: 'denied', data: { denied: 'Elastic-2.0, SSPL-1.0' } }] },
  { name: 'OR with neither option allowed', components: [eui], options: ALLOW, errors: [{ messageId: 'notAllowed', messageIncludes: ['SSPL-1.0'] }] },
  { name: 'an exception entry allows only that exception', components: [component({ name: 'x', expression: 'GPL-2.0-only', category: 'strong-copyleft' })], options: { allow: ['GPL-2.0-only WITH Classpath-exception-2.0'] }, errors: [{ messageId: 'notAllowed' }] },
  { name: 'no identified license with an allow list', components: [unknown], options: ALLOW, errors: [{ messageId: 'unidentified' }] },
  { name: 'below the confidence threshold', components: [fuzzy], options: { ...ALLOW, confidence: 0.9 }, errors: [{ messageId: 'lowConfidence', data: { confidence: '0.60', minConfidence: '0.9' } }] },
  { name: 'dev-only is capped at warn', components: [{ ...ccBy, scope: 'dev' }], options: ALLOW, errors: [{ messageId: 'notAllowed', severity: 'warn' }] },
];

ruleTester(rule, { valid, invalid });

describe('license-policy config', () => {
  it('parses ids, exceptions and categories', () => {
    expect(parsePolicyEntry('MIT')).toEqual({ id: 'MIT' });
    expect(parsePolicyEntry('GPL-2.0+')).toEqual({ id: 'GPL-2.0-or-later' });
    expect(parsePolicyEntry('category:Permissive')).toEqual({ category: 'permissive' });
    expect(parsePolicyEntry('GPL-2.0-only WITH Classpath-exception-2.0')).toEqual({ id: 'GPL-2.0-only', exception: 'Classpath-exception-2.0' });
    expect(parsePolicyEntry('category:nice')).toBeNull();
  });

  it.each([
    [{ licenses: { allow: ['MIT', 'category:permissive'], deny: ['AGPL-3.0-only'], confidence: 0.9 } }, []],
    [{ licenses: 'MIT' }, ['licenses: must be an object {allow?, deny?, confidence?}']],
    [{ licenses: { allow: 'MIT' } }, ['licenses.allow: must be an array of license ids or "category:<name>"']],
    [{ licenses: { allow: ['MIT OR ISC'] } }, ['licenses.allow[0]: "MIT OR ISC" is not one SPDX license id (or "id WITH exception"); write "category:<name>" for a category']],
    [{ licenses: { deny: ['category:evil'] } }, [expect.stringContaining('licenses.deny[0]: "category:evil" names no category')]],
    [{ licenses: { allow: ['MIT'], deny: ['MIT'] } }, ['licenses: "MIT" is both allowed and denied']],
    [{ licenses: { confidence: 2 } }, ['licenses.confidence: must be a number from 0 to 1']],
    [{ licenses: { only: [] } }, ['licenses.only: unknown key (allowed: allow, deny, confidence)']],
  ])('validates %j', (config, problems) => {
    expect(validateConfig(config)).toEqual(problems);
  });
});

describe('license-policy from the config file', () => {
  it('the "licenses" key drives the rule, beside the profile rules', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { fixture, runCli } = await import('./helpers/cli');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-policy-'));
    const config = path.join(dir, 'policy.json');
    fs.writeFileSync(config, JSON.stringify({ licenses: { allow: ['MIT', '0BSD'] } }));
    try {
      const result = await runCli(['check', fixture('cli-saas-app'), '-c', config, '--format', 'json', '--today', '2026-11-26']);
      const report = JSON.parse(result.stdout);
      const policy = report.findings.filter((f: { ruleId: string }) => f.ruleId === 'license-policy').map((f: { component: string; messageId: string }) => `${f.component} ${f.messageId}`);
      expect(policy).toEqual(expect.arrayContaining(['npm:handsontable@7.0.0 notAllowed', 'npm:@elastic/eui@122.1.0 notAllowed', 'npm:mapbox-gl@2.0.0 notAllowed']));
      expect(policy.some((p: string) => p.startsWith('npm:express@') || p.startsWith('npm:tslib@') || p.startsWith('npm:jszip@'))).toBe(false);
      // The profile rules still run.
      expect(report.findings.some((f: { ruleId: string }) => f.ruleId === 'commercial-use')).toBe(true);
      fs.writeFileSync(config, JSON.stringify({ licenses: { allow: ['MIT OR ISC'] } }));
      const bad = await runCli(['check', fixture('cli-saas-app'), '-c', config]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('licenses.allow[0]');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
