import * as fs from 'node:fs';
import * as path from 'node:path';
import { evaluate, resolveRuleSetting, validateRuleConfig } from '../src/evaluate';
import { getRule, listRuleIds, loadAllRules } from '../rules';
import { interpolate } from '../src/evaluate/messages';
import type { Rule } from '../src/types';
import { component, model, profile, trait, TODAY, useTestKnowledgeBase } from './helpers/rule-tester';

useTestKnowledgeBase();

const elastic = (name: string, over: Partial<Parameters<typeof component>[0]> = {}) =>
  component({ name, version: '7.17.0', expression: 'Elastic-2.0', category: 'source-available', traits: [trait('no-managed-service', 'Elastic-2.0', 'Elastic-2.0 Limitations')], ...over });

/** A rule that reports every component at error, for testing the evaluate stage itself. */
const everything: Rule = {
  meta: {
    id: 'everything',
    docs: { description: 'test', url: 'rules/everything/README.md' },
    defaultSeverity: { saas: 'error', distributed: 'warn', library: 'info', internal: 'off' },
    messages: { hit: '{{name}} hit ({{missing}})' },
    schema: { type: 'object', additionalProperties: false, properties: { only: { type: 'string' } } },
    defaultOptions: {},
  },
  check(ctx) {
    for (const c of ctx.project.components) {
      if (typeof ctx.options.only === 'string' && c.name !== ctx.options.only) continue;
      ctx.report({ messageId: 'hit', data: { name: c.name }, component: c, location: c.location, severity: 'error' });
    }
  },
};

describe('registry', () => {
  test('ids are sorted and each rule lives in its folder with a README', () => {
    const ids = listRuleIds();
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual(['baseline', 'cloud-resale', 'commercial-use', 'copyleft-obligation', 'expired-exception', 'license-mismatch', 'license-policy', 'model-terms', 'outbound-compatibility', 'own-license', 'patent-termination', 'relicense-risk', 'unknown-license']);
    for (const id of ids) {
      const rule = getRule(id)!;
      expect(rule.meta.id).toBe(id);
      expect(rule.meta.docs.url).toBe(`rules/${id}/README.md`);
      expect(fs.existsSync(path.join(__dirname, '..', rule.meta.docs.url))).toBe(true);
      const readme = fs.readFileSync(path.join(__dirname, '..', rule.meta.docs.url), 'utf8');
      for (const messageId of Object.keys(rule.meta.messages)) expect(readme).toContain(messageId);
      // The documented default severities match the metadata.
      for (const [d, sev] of Object.entries(rule.meta.defaultSeverity)) expect(readme).toContain(`| ${d} | ${sev} |`);
      expect(Object.keys(rule.meta.defaultSeverity).sort()).toEqual(['distributed', 'internal', 'library', 'saas']);
      expect(validateRuleConfig({ [id]: ['warn', rule.meta.defaultOptions ?? {}] })).toEqual([]);
    }
    expect(getRule('nope')).toBeUndefined();
    expect(Object.keys(loadAllRules())).toEqual(ids);
  });
});

describe('evaluate', () => {
  const rules = { everything };

  test('default severity comes from the profile; a rule cannot exceed it', () => {
    const m = model({ profile: profile('distributed'), components: [component({ name: 'a' })] });
    expect(evaluate(m, {}, { rules }).map((f) => f.severity)).toEqual(['warn']);
    expect(evaluate(model({ profile: profile('internal'), components: [component({ name: 'a' })] }), {}, { rules })).toEqual([]);
  });

  test('config severity, off, and [severity, options]', () => {
    const m = model({ components: [component({ name: 'a', line: 1 }), component({ name: 'b', line: 2 })] });
    expect(evaluate(m, { rules: { everything: 'off' } }, { rules })).toEqual([]);
    expect(evaluate(m, { rules: { everything: 'info' } }, { rules }).map((f) => f.severity)).toEqual(['info', 'info']);
    expect(evaluate(m, { rules: { everything: ['warn', { only: 'b' }] } }, { rules }).map((f) => [f.component, f.severity])).toEqual([['npm:b@1.0.0', 'warn']]);
  });

  test('commercial-only rules soften by default when not commercial', () => {
    const rule = getRule('cloud-resale')!;
    expect(resolveRuleSetting(rule, profile('saas', false), {})).toMatchObject({ severity: 'warn', source: 'default-softened' });
    expect(resolveRuleSetting(rule, profile('saas', false), { rules: { 'cloud-resale': 'error' } })).toMatchObject({ severity: 'error', source: 'config' });
    expect(resolveRuleSetting(getRule('copyleft-obligation')!, profile('saas', false), {})).toMatchObject({ severity: 'error', source: 'default' });
  });

  test('dev-only findings never exceed warn', () => {
    const m = model({ components: [component({ name: 'tool', scope: 'dev' })] });
    expect(evaluate(m, { rules: { everything: 'error' } }, { rules }).map((f) => f.severity)).toEqual(['warn']);
  });

  test('messages are filled; unknown placeholders stay visible', () => {
    const [f] = evaluate(model({ components: [component({ name: 'a' })] }), {}, { rules });
    expect(f.message).toBe('a hit ({{missing}})');
    expect(interpolate('{{ a }} and {{b}}', { a: 'x' })).toBe('x and {{b}}');
  });

  test('the short message is filled from the rule\'s shortMessages, and absent when the rule has none', () => {
    const withShort: Rule = { ...everything, meta: { ...everything.meta, shortMessages: { hit: 'short for {{name}}' } } };
    const [f] = evaluate(model({ components: [component({ name: 'a' })] }), {}, { rules: { everything: withShort } });
    expect(f.shortMessage).toBe('short for a');
    const [plain] = evaluate(model({ components: [component({ name: 'a' })] }), {}, { rules });
    expect(plain).not.toHaveProperty('shortMessage');
  });

  test('findings are sorted by file, line, column, rule, component', () => {
    const m = model({
      components: [
        component({ name: 'z', file: 'packages/b/package.json', line: 1 }),
        component({ name: 'y', file: 'package.json', line: 9 }),
        component({ name: 'x', file: 'package.json', line: 3 }),
        component({ name: 'w', file: 'package.json', line: 3, version: '2.0.0' }),
      ],
    });
    const findings = evaluate(m, {}, { rules });
    expect(findings.map((f) => `${f.location.file}:${f.location.line} ${f.component}`)).toEqual([
      'package.json:3 npm:w@2.0.0',
      'package.json:3 npm:x@1.0.0',
      'package.json:9 npm:y@1.0.0',
      'packages/b/package.json:1 npm:z@1.0.0',
    ]);
    // Deterministic regardless of input order.
    const reversed = evaluate({ ...m, components: [...m.components].reverse() }, {}, { rules });
    expect(reversed).toEqual(findings);
  });

  test('a throwing rule becomes a finding instead of aborting', () => {
    const broken: Rule = { ...everything, meta: { ...everything.meta, id: 'broken' }, check: () => { throw new Error('boom'); } };
    const findings = evaluate(model({ components: [component({ name: 'a' })] }), {}, { rules: { broken, everything } });
    expect(findings.map((f) => [f.ruleId, f.messageId])).toEqual([['broken', 'ruleFailed'], ['everything', 'hit']]);
  });
});

describe('exceptions', () => {
  const m = model({ components: [elastic('es-plugin', { line: 3 }), elastic('@acme/es-ui', { line: 4, version: '2.1.0' })] });
  const run = (exceptions: unknown[]) => evaluate(m, { exceptions: exceptions as never }, { configFile: '.license-risk.json' });

  test('suppress matching findings by name, range and rule (marked, not dropped)', () => {
    const findings = run([{ package: 'es-plugin', version: '^7.0.0', rule: 'cloud-resale', reason: 'internal admin tool, legal ok' }]);
    const es = findings.filter((f) => f.component === 'npm:es-plugin@7.17.0');
    expect(es.map((f) => [f.ruleId, f.suppressed])).toEqual([['cloud-resale', { by: 'exception', reason: 'internal admin tool, legal ok' }]]);
    expect(findings.find((f) => f.component === 'npm:@acme/es-ui@2.1.0')?.suppressed).toBeUndefined();
  });

  test('a suppression carries the exception\'s expiry date, for reports to show', () => {
    const findings = run([{ package: 'es-plugin', reason: 'until the migration', expires: '2099-12-31' }]);
    expect(findings.find((f) => f.component === 'npm:es-plugin@7.17.0')?.suppressed).toEqual({ by: 'exception', reason: 'until the migration', expires: '2099-12-31' });
  });

  test('globs and * rule', () => {
    const findings = run([{ package: '@acme/*', rule: '*', reason: 'ours' }]);
    expect(findings.find((f) => f.component === 'npm:@acme/es-ui@2.1.0')?.suppressed?.reason).toBe('ours');
  });

  test('a range that does not match, or another rule, does not suppress', () => {
    expect(run([{ package: 'es-plugin', version: '^8.0.0', reason: 'x' }]).some((f) => f.suppressed)).toBe(false);
    expect(run([{ package: 'es-plugin', rule: 'commercial-use', reason: 'x' }]).some((f) => f.suppressed)).toBe(false);
  });

  test('an expired exception does not suppress and is itself reported', () => {
    const findings = run([{ package: 'es-plugin', reason: 'temporary', expires: '2026-01-01' }]);
    expect(findings.some((f) => f.suppressed)).toBe(false);
    const expired = findings.filter((f) => f.ruleId === 'expired-exception');
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({ messageId: 'expired', location: { file: '.license-risk.json' } });
    expect(TODAY > '2026-01-01').toBe(true);
  });

  test('project-level findings are matched by the project name', () => {
    const published = model({ profile: profile('library'), projects: [{ ...model({}).projects[0], name: 'my-lib', private: false, evidence: [{ kind: 'declared', value: 'MIT', field: 'license' }] }] });
    const findings = evaluate(published, { exceptions: [{ package: 'my-lib', rule: 'own-license', reason: 'LICENSE added at release time' }] });
    expect(findings.map((f) => [f.messageId, f.suppressed?.reason])).toEqual([['missingLicenseFile', 'LICENSE added at release time']]);
  });

  test('an exception expiring today still applies', () => {
    expect(run([{ package: 'es-plugin', reason: 'r', expires: TODAY }]).some((f) => f.suppressed)).toBe(true);
  });
});

describe('validateRuleConfig', () => {
  test.each([
    [undefined, []],
    [{}, []],
    [{ 'cloud-resale': 'error', 'commercial-use': ['warn'], 'copyleft-obligation': ['off', { ignoreFileLevel: true }] }, []],
    [[], ['rules must be an object mapping rule ids to "off", "info", "warn" or "error" or [severity, options], got []']],
    [{ 'cloud-resal': 'error' }, ['rules.cloud-resal: unknown rule "cloud-resal" (did you mean "cloud-resale"?)']],
    [{ 'no-such-thing': 'warn' }, ['rules.no-such-thing: unknown rule "no-such-thing"']],
    [{ 'cloud-resale': 'fatal' }, ['rules.cloud-resale must be "off", "info", "warn" or "error", got "fatal"']],
    [{ 'cloud-resale': 2 }, ['rules.cloud-resale must be "off", "info", "warn" or "error" or [severity, options], got 2']],
    [{ 'cloud-resale': ['warn', { allow: 'es-plugin' }] }, ['rules.cloud-resale[1].allow must be array, got string "es-plugin"']],
    [{ 'cloud-resale': ['warn', { allow: ['ok', 3] }] }, ['rules.cloud-resale[1].allow[1] must be string, got integer 3']],
    [{ 'cloud-resale': ['loud', { colour: true }] }, ['rules.cloud-resale[0] must be "off", "info", "warn" or "error", got "loud"', 'rules.cloud-resale[1].colour is not a known option (expected allow, narrowCompetingUse)']],
    [{ 'unknown-license': ['warn', { minConfidence: 2 }] }, ['rules.unknown-license[1].minConfidence must be <= 1, got 2']],
    [{ 'expired-exception': ['warn', { x: 1 }] }, ['rules.expired-exception[1].x is not a known option (this rule takes no options)']],
    [{ 'cloud-resale': ['warn', {}, 'extra'] }, ['rules.cloud-resale must be [severity] or [severity, options], got an array of 3']],
  ])('%j', (input, expected) => {
    expect(validateRuleConfig(input)).toEqual(expected);
  });
});

describe('end to end over every rule', () => {
  test('a saas checkout with a mixed tree', () => {
    const m = model({
      profile: profile('saas'),
      components: [
        elastic('es-plugin', { line: 3, requested: '^7.0.0' }),
        component({ name: 'mapbox-gl', version: '1.13.3', requested: '>=1.13.0', expression: 'BSD-3-Clause', line: 4 }),
        component({ name: 'agpl-lib', expression: 'AGPL-3.0-only', category: 'network-copyleft', traits: [trait('network-copyleft', 'AGPL-3.0-only', 'AGPL-3.0 §13')], line: 5 }),
        component({ name: 'mystery', expression: null, evidence: [], license: { source: 'none', confidence: 0 }, line: 6 }),
        component({ name: 'jest', scope: 'dev', expression: 'MIT', line: 7 }),
      ],
    });
    const findings = evaluate(m, {});
    expect(findings.map((f) => `${f.location.line} ${f.ruleId}/${f.messageId} ${f.severity}`)).toEqual([
      '3 cloud-resale/managedService error',
      '4 relicense-risk/rangeAdmitsRelicensed error',
      '5 copyleft-obligation/networkCopyleft error',
      '6 unknown-license/noEvidence warn',
    ]);
    for (const f of findings) {
      expect(f.message).not.toMatch(/\{\{/);
      expect(f.path).toBeDefined();
    }
  });
});
