import { rule } from '../rules/outbound-compatibility';
import type { ClassifiedLicense, Distribution, Severity } from '../src/types';
import { ALL_PROFILES, classifiedOn, component, ownLicense, profile, ruleTester, trait, useTestKnowledgeBase, type InvalidCase, type RuleCase } from './helpers/rule-tester';

useTestKnowledgeBase();

const own = (expression: string, category: ClassifiedLicense['category'] = 'permissive'): ClassifiedLicense => ({ expression, category, traits: [], confidence: 1, source: 'declared', notes: [] });
const mitProject = { ownLicense: own('MIT'), ownLicenses: [ownLicense('LICENSE', 'MIT')] };
const gpl2Project = { ownLicense: own('GPL-2.0-only', 'strong-copyleft'), ownLicenses: [ownLicense('COPYING', 'GPL-2.0-only', { category: 'strong-copyleft' })] };

const gplDep = component({ name: 'gpl-dep', expression: 'GPL-3.0-only', category: 'strong-copyleft', traits: [trait('copyleft-on-distribution', 'GPL-3.0-only')], line: 11 });
const ssplDep = component({ name: 'sspl-dep', expression: 'SSPL-1.0', category: 'source-available', line: 12 });
// @uniswap/v3-core@1.0.1's BUSL-1.1: Change Date "the earlier of 2023-04-01 or …", Change License GPL-2.0-or-later.
const bslWith = (changeDate: string) => {
  const c = component({ name: 'bsl-dep', expression: 'BUSL-1.1', category: 'source-available', line: 14 });
  return classifiedOn({ ...c, license: { ...c.license!, parameters: { changeDate, changeLicense: 'GPL-2.0-or-later' } } });
};
const apacheDep = component({ name: 'apache-dep', expression: 'Apache-2.0', line: 13 });

const ON: Record<Distribution, Severity | null> = { saas: null, distributed: 'error', library: 'error', internal: null };

const valid: RuleCase[] = [
  ...ALL_PROFILES.map((d) => ({ name: `permissive deps in an MIT project under ${d}`, profile: profile(d), model: mitProject, components: [apacheDep] })),
  { name: 'off under saas by default', profile: profile('saas'), model: mitProject, components: [gplDep, ssplDep] },
  { name: 'off under internal by default', profile: profile('internal'), model: mitProject, components: [gplDep] },
  { name: 'dev dependencies are not shipped', profile: profile('library'), model: mitProject, components: [{ ...gplDep, scope: 'dev' }] },
  { name: 'no own license: left to own-license', profile: profile('library'), components: [gplDep] },
  { name: 'GPL-2.0-or-later project may take Apache-2.0 (via v3)', profile: profile('distributed'), model: { ownLicense: own('GPL-2.0-or-later', 'strong-copyleft') }, components: [apacheDep] },
  { name: 'dependency OR with a compatible option', profile: profile('distributed'), model: gpl2Project, components: [component({ name: 'dual', expression: 'Apache-2.0 OR MIT' })] },
  { name: 'a BSL past its Change Date is judged as its Change License (GPL into a GPL project)', profile: profile('distributed'), model: { ownLicense: own('GPL-2.0-or-later', 'strong-copyleft') }, components: [bslWith('the earlier of 2023-04-01 or a date specified at v3-core-license-date.uniswap.eth')] },
  { name: 'a source-available project is not judged here', profile: profile('library'), model: { ownLicense: own('BUSL-1.1', 'source-available') }, components: [ssplDep] },
];

const invalid: InvalidCase[] = [
  ...(['distributed', 'library'] as Distribution[]).map((d) => ({
    name: `MIT project shipping GPL under ${d}`,
    profile: profile(d),
    model: mitProject,
    components: [gplDep],
    errors: [{ messageId: 'copyleftInPermissive', severity: ON[d] as Severity, line: 11, data: { ownLicense: 'MIT', license: 'GPL-3.0-only' } }],
  })),
  ...(['distributed', 'library'] as Distribution[]).map((d) => ({
    name: `MIT project depending on SSPL under ${d}`,
    profile: profile(d),
    model: mitProject,
    components: [ssplDep],
    errors: [{ messageId: 'restrictedInOpen', severity: ON[d] as Severity, data: { category: 'source-available' } }],
  })),
  {
    name: 'Apache-2.0 into GPL-2.0-only',
    profile: profile('distributed'),
    model: gpl2Project,
    components: [apacheDep],
    errors: [{ messageId: 'incompatiblePair', severity: 'error', data: { inbound: 'Apache-2.0', outbound: 'GPL-2.0-only' }, messageIncludes: ['gnu.org'] }],
  },
  {
    name: 'GPL-3.0 into GPL-2.0-only',
    profile: profile('library'),
    model: gpl2Project,
    components: [gplDep],
    errors: [{ messageId: 'incompatiblePair', data: { inbound: 'GPL-3.0-only', outbound: 'GPL-2.0-only' } }],
  },
  {
    name: 'a BSL past its Change Date in an MIT project: the GPL it became is what is shipped',
    profile: profile('distributed'),
    model: mitProject,
    components: [bslWith('the earlier of 2023-04-01 or a date specified at v3-core-license-date.uniswap.eth')],
    errors: [{ messageId: 'copyleftInPermissive', severity: 'error', line: 14, data: { license: 'GPL-2.0-or-later' } }],
  },
  {
    name: 'a BSL whose Change Date is still ahead keeps its restrictions',
    profile: profile('distributed'),
    model: mitProject,
    components: [bslWith('2099-01-01')],
    errors: [{ messageId: 'restrictedInOpen', severity: 'error', line: 14, data: { license: 'BUSL-1.1' } }],
  },
  { name: 'peer dependency is one level lower', profile: profile('library'), model: mitProject, components: [{ ...gplDep, scope: 'peer' }], errors: [{ messageId: 'copyleftInPermissive', severity: 'warn' }] },
  { name: 'enabled under saas by config', profile: profile('saas'), model: mitProject, components: [gplDep], setting: 'warn', errors: [{ messageId: 'copyleftInPermissive', severity: 'warn' }] },
  { name: 'own license taken from the license files when the model has no combined one', profile: profile('library'), model: { ownLicenses: [ownLicense('LICENSE', 'MIT')] }, components: [ssplDep], errors: [{ messageId: 'restrictedInOpen', data: { ownLicense: 'MIT' } }] },
];

ruleTester(rule, { valid, invalid });
