import { rule } from '../rules/expired-exception';
import { evaluate } from '../src/evaluate';
import { model, ruleTester, TODAY } from './helpers/rule-tester';

function run(exceptions: unknown[], configFile?: string) {
  return evaluate(model({}), { exceptions: exceptions as never }, { rules: { [rule.meta.id]: rule }, configFile });
}

describe('expired-exception', () => {
  test('valid: unexpired, undated and well-formed exceptions', () => {
    expect(run([
      { package: 'a', reason: 'reviewed', expires: '2099-01-01' },
      { package: 'b', reason: 'reviewed' },
      { package: 'c', reason: 'reviewed', version: '^1.2.0', rule: 'cloud-resale', expires: TODAY },
    ])).toEqual([]);
  });

  test('an expired exception is reported at the config file', () => {
    const [f, ...rest] = run([{ package: 'es-plugin', version: '^7', rule: 'cloud-resale', reason: 'legal approved until renewal', expires: '2026-01-31' }], '.license-risk.json');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: 'expired-exception', messageId: 'expired', severity: 'warn', location: { file: '.license-risk.json', line: 1, column: 1 } });
    expect(f.data).toMatchObject({ key: 'exceptions[0]', package: 'es-plugin', expires: '2026-01-31' });
    expect(f.message).toContain('expired on 2026-01-31');
    expect(f.message).toContain('legal approved until renewal');
  });

  test.each([
    [{ package: 'x', reason: 'r', expires: 'next year' }, 'invalidExpiry'],
    [{ package: 'x', reason: 'r', expires: '2026-13-45' }, 'invalidExpiry'],
    [{ package: 'x', reason: 'r', version: 'not a range' }, 'invalidRange'],
    [{ package: 'x' }, 'invalidEntry'],
    ['just a string', 'invalidEntry'],
  ])('%j → %s', (entry, messageId) => {
    const findings = run([entry]);
    expect(findings.map((f) => f.messageId)).toEqual([messageId]);
    expect(findings[0].message).not.toMatch(/\{\{/);
  });

  test('severity follows config', () => {
    const findings = evaluate(model({}), { rules: { 'expired-exception': 'error' }, exceptions: [{ package: 'x', reason: 'r', expires: '2020-01-01' }] }, { rules: { [rule.meta.id]: rule } });
    expect(findings.map((f) => f.severity)).toEqual(['error']);
  });
});

// The same through the table-driven tester: the rule reads the config's exceptions from `ctx.settings`.
describe('expired-exception as a table', () => {
  const exceptions = (...entries: unknown[]) => ({ exceptions: entries as never });
  ruleTester(rule, {
    valid: [
      { name: 'no exceptions in the config', config: {} },
      { name: 'an exception valid through today', config: exceptions({ package: 'a', reason: 'reviewed', expires: TODAY }) },
      { name: 'an undated exception with a range', config: exceptions({ package: 'a', reason: 'reviewed', version: '^1.2.0' }) },
      { name: 'off in config', setting: 'off', config: exceptions({ package: 'a', reason: 'r', expires: '2020-01-01' }) },
    ],
    invalid: [
      { name: 'expired', config: exceptions({ package: 'a', reason: 'legal review', expires: '2026-05-31' }), errors: [{ messageId: 'expired', severity: 'warn', file: 'package.json', data: { key: 'exceptions[0]', package: 'a' }, messageIncludes: ['legal review'] }] },
      { name: 'not a date', config: exceptions({ package: 'a', reason: 'r', expires: '31/05/2026' }), errors: [{ messageId: 'invalidExpiry' }] },
      { name: 'not a range', config: exceptions({ package: 'a', reason: 'r', version: 'one point two' }), errors: [{ messageId: 'invalidRange' }] },
      { name: 'missing the reason', config: exceptions({ package: 'a' }), errors: [{ messageId: 'invalidEntry', data: { missing: '"reason"' } }] },
      { name: 'config governs the severity', setting: 'error', config: exceptions({ package: 'a', reason: 'r', expires: '2020-01-01' }), errors: [{ messageId: 'expired', severity: 'error' }] },
    ],
  });
});
