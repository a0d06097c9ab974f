import { rule } from '../rules/patent-termination';
import { ALL_PROFILES, component, profile, ruleTester, trait, useTestKnowledgeBase } from './helpers/rule-tester';

useTestKnowledgeBase();

/** immutable@3.8.1: a BSD-3-Clause LICENSE and Facebook's PATENTS file (fixtures/identify-real/npm-immutable-3.8.1). */
const PATENTS_ID = 'LicenseRef-scancode-facebook-patent-rights-2';
const immutable = (over: Partial<Parameters<typeof component>[0]> = {}) =>
  component({
    name: 'immutable',
    version: '3.8.1',
    expression: `BSD-3-Clause AND ${PATENTS_ID}`,
    category: 'permissive',
    traits: [trait('attribution', 'BSD-3-Clause'), trait('patent-termination', PATENTS_ID, 'PATENTS: the license granted hereunder will terminate … if you initiate … any Patent Assertion')],
    line: 7,
    ...over,
  });

const expected = { saas: 'warn', distributed: 'warn', library: 'warn', internal: 'info' } as const;

ruleTester(rule, {
  valid: [
    ...ALL_PROFILES.map((d) => ({ name: `plain BSD-3-Clause under ${d}`, profile: profile(d), components: [component({ name: 'immutable', version: '4.0.0', expression: 'BSD-3-Clause' })] })),
    { name: 'Apache-2.0 has a patent-retaliation clause limited to the work itself: not this trait', components: [component({ name: 'typescript', expression: 'Apache-2.0' })] },
    { name: 'allowed by the allow option', components: [immutable()], options: { allow: ['immutable'] } },
    { name: 'turned off in config', components: [immutable()], setting: 'off' },
  ],
  invalid: [
    ...ALL_PROFILES.map((d) => ({
      name: `BSD + PATENTS under ${d}`,
      profile: profile(d),
      components: [immutable()],
      errors: [{ messageId: 'patentTermination', severity: expected[d], component: 'npm:immutable@3.8.1', line: 7, messageIncludes: ['Patent Assertion', d] }],
    })),
    {
      name: 'not commercial: one level lower',
      profile: profile('distributed', false),
      components: [immutable()],
      errors: [{ messageId: 'patentTermination', severity: 'info' }],
    },
    {
      name: 'a dev-only dependency is info',
      profile: profile('distributed'),
      components: [immutable({ scope: 'dev' })],
      errors: [{ messageId: 'patentTermination', severity: 'info' }],
    },
  ],
});
