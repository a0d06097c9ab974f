import type { Rule } from '../src/types';
import { component, runCase } from './helpers/rule-tester';
import { rule as unknownLicense } from '../rules/unknown-license';

/** The rule tester checks every case's options against the rule's schema before running it. */
const noSchema: Rule = {
  meta: {
    id: 'no-schema',
    docs: { description: 'test', url: 'rules/no-schema/README.md' },
    defaultSeverity: { saas: 'error', distributed: 'error', library: 'error', internal: 'error' },
    messages: { hit: '{{package}} hit' },
  },
  check(ctx) {
    for (const c of ctx.project.components) ctx.report({ messageId: 'hit', data: { package: c.name }, component: c, location: c.location });
  },
};

describe('rule tester options', () => {
  const components = [component({ name: 'a' })];

  test('a rule without a schema takes no options: a case giving some fails', () => {
    expect(() => runCase(noSchema, { name: 'with options', components, options: { allow: ['a'] } })).toThrow(/options do not match the rule's schema: rules\.no-schema\[1\]\.allow is not a known option \(this rule takes no options\)/);
    expect(() => runCase(noSchema, { name: 'empty options', components, options: {} })).not.toThrow();
    expect(runCase(noSchema, { name: 'no options', components }).map((f) => f.messageId)).toEqual(['hit']);
  });

  test.each([
    [{ minConfidence: 'high' }, /rules\.unknown-license\[1\]\.minConfidence must be number, got string "high"/],
    [{ minConfidence: 2 }, /minConfidence must be <= 1/],
    [{ allow: 'left-pad' }, /allow must be array/],
    [{ allow: [''] }, /allow\[0\] must be at least 1 character/],
    [{ alow: ['x'] }, /alow is not a known option \(expected allow, minConfidence\)/],
  ])('options %j against the schema of unknown-license fail the case', (options, message) => {
    expect(() => runCase(unknownLicense, { name: 'bad', components, options })).toThrow(message);
  });

  test('options the schema accepts run', () => {
    expect(() => runCase(unknownLicense, { name: 'good', components, options: { allow: ['a'], minConfidence: 0.9 } })).not.toThrow();
  });
});
