import { rule } from '../rules/cloud-resale';
import { ALL_PROFILES, classifiedOn, component, profile, ruleTester, trait, useTestKnowledgeBase } from './helpers/rule-tester';

useTestKnowledgeBase();

const elastic = (over: Partial<Parameters<typeof component>[0]> = {}) =>
  component({
    name: 'es-plugin',
    expression: 'Elastic-2.0',
    category: 'source-available',
    traits: [trait('no-managed-service', 'Elastic-2.0', 'Elastic-2.0 Limitations: no hosted or managed service'), trait('license-key-protected', 'Elastic-2.0')],
    line: 12,
    ...over,
  });

const bslWithGrant = (changeDate: string, extraTraits: ReturnType<typeof trait>[] = []) =>
  component({
    name: 'bsl-db',
    version: '2.3.0',
    expression: 'BUSL-1.1',
    category: 'source-available',
    traits: [trait('no-competing-use', 'BUSL-1.1', 'BUSL-1.1 Additional Use Grant: no competing hosted offering'), trait('converts-later', 'BUSL-1.1', 'BUSL-1.1 Change Date'), ...extraTraits],
    license: {
      parameters: {
        licensor: 'Example Corp',
        additionalUseGrant: 'You may make production use of the Licensed Work, provided such use does not include offering the Licensed Work to third parties on a hosted or embedded basis in order to compete with Example Corp.',
        changeDate,
        changeLicense: 'Apache-2.0',
      },
    },
    line: 20,
  });

const expectedManaged = { saas: 'error', distributed: 'warn', library: 'warn', internal: 'info' } as const;

ruleTester(rule, {
  valid: [
    ...ALL_PROFILES.map((d) => ({ name: `permissive dependency under ${d}`, profile: profile(d), components: [component({ name: 'left-pad' })] })),
    { name: 'copyleft is not a hosting restriction', components: [component({ name: 'gpl-lib', expression: 'GPL-3.0-only', category: 'strong-copyleft', traits: [trait('copyleft-on-distribution', 'GPL-3.0-only')] })] },
    { name: 'allowed by the allow option (glob)', components: [elastic({ name: '@elastic/thing' })], options: { allow: ['@elastic/*'] } },
    { name: 'turned off in config', components: [elastic()], setting: 'off' },
    // Past its Change Date a BSL is classified as its Change License (classify/conversion.ts): no hosting restriction is left.
    ...ALL_PROFILES.map((d) => ({ name: `a Change Date already passed under ${d}`, profile: profile(d), components: [classifiedOn(bslWithGrant('2025-10-01'))] })),
  ],
  invalid: [
    ...ALL_PROFILES.map((d) => ({
      name: `Elastic-2.0 managed-service ban under ${d}`,
      profile: profile(d),
      components: [elastic()],
      errors: [{ messageId: 'managedService', severity: expectedManaged[d], component: 'npm:es-plugin@1.0.0', file: 'package.json', line: 12, column: 5, data: { license: 'Elastic-2.0', trait: 'no-managed-service' }, messageIncludes: ['Elastic-2.0 Limitations', d] }],
    })),
    {
      name: 'non-commercial saas softens the default one level',
      profile: profile('saas', false),
      components: [elastic()],
      errors: [{ messageId: 'managedService', severity: 'warn' }],
    },
    {
      name: 'explicit config severity is kept even when non-commercial',
      profile: profile('saas', false),
      components: [elastic()],
      setting: 'error',
      errors: [{ messageId: 'managedService', severity: 'error' }],
    },
    {
      name: 'SSPL service source disclosure',
      components: [component({ name: 'mongo-thing', expression: 'SSPL-1.0', category: 'source-available', traits: [trait('service-source-disclosure', 'SSPL-1.0', 'SSPL-1.0 §13 Offering the Program as a Service')] })],
      errors: [{ messageId: 'serviceSourceDisclosure', severity: 'error', messageIncludes: ['§13'] }],
    },
    {
      name: 'BSL grant that only forbids competing offerings narrows the finding, with the conversion date',
      components: [bslWithGrant('2029-05-01')],
      errors: [{ messageId: 'competingUse', severity: 'warn', data: { changeDate: '2029-05-01', changeLicense: 'Apache-2.0', licensor: 'Example Corp' }, messageIncludes: ['becomes Apache-2.0 on 2029-05-01', 'Additional Use Grant allows other production use', 'Example Corp'] }],
    },
    {
      name: 'narrowing can be turned off',
      components: [bslWithGrant('2029-05-01')],
      options: { narrowCompetingUse: false },
      errors: [{ messageId: 'competingUse', severity: 'error' }],
    },
    {
      name: 'BSL without a production grant is not narrowed',
      components: [bslWithGrant('2029-05-01', [trait('production-use-limited', 'BUSL-1.1')])],
      errors: [{ messageId: 'competingUse', severity: 'error' }],
    },
    {
      name: 'dev-only dependency is only info',
      components: [elastic({ scope: 'dev' })],
      errors: [{ messageId: 'managedService', severity: 'info' }],
    },
    {
      name: 'relicensed version names the event and the fork',
      components: [component({ name: 'github.com/hashicorp/terraform', ecosystem: 'golang', version: 'v1.6.0', expression: 'BUSL-1.1', category: 'source-available', file: 'go.mod', line: 5, traits: [trait('no-competing-use', 'BUSL-1.1')] })],
      errors: [{ messageId: 'competingUse', severity: 'warn', file: 'go.mod', line: 5, data: { fork: 'OpenTofu (github.com/opentofu/opentofu, MPL-2.0)' }, messageIncludes: ['switch to the fork OpenTofu'] }],
    },
    {
      name: 'several components are sorted by location',
      components: [elastic({ name: 'b', line: 30 }), elastic({ name: 'a', line: 4 })],
      errors: [{ messageId: 'managedService', component: 'npm:a@1.0.0', line: 4 }, { messageId: 'managedService', component: 'npm:b@1.0.0', line: 30 }],
    },
  ],
});
