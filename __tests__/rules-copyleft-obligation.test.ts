import { rule } from '../rules/copyleft-obligation';
import type { Distribution, Severity } from '../src/types';
import { ALL_PROFILES, component, profile, ruleTester, trait, type InvalidCase, type RuleCase } from './helpers/rule-tester';

const agpl = (over: Partial<Parameters<typeof component>[0]> = {}) =>
  component({ name: 'minio-lib', expression: 'AGPL-3.0-only', category: 'network-copyleft', traits: [trait('network-copyleft', 'AGPL-3.0-only', 'AGPL-3.0 §13 Remote Network Interaction'), trait('copyleft-on-distribution', 'AGPL-3.0-only', 'AGPL-3.0 §5-6')], line: 3, ...over });
const gpl = (over: Partial<Parameters<typeof component>[0]> = {}) =>
  component({ name: 'readline-gpl', expression: 'GPL-3.0-only', category: 'strong-copyleft', traits: [trait('copyleft-on-distribution', 'GPL-3.0-only', 'GPL-3.0 §5 Conveying Modified Source Versions')], line: 4, ...over });
const mpl = component({ name: 'dompurify-ish', expression: 'MPL-2.0', category: 'weak-copyleft', traits: [trait('file-level-copyleft', 'MPL-2.0', 'MPL-2.0 §3.2 Distribution of Executable Form')], line: 5 });
const sspl = component({ name: 'sspl-db', expression: 'SSPL-1.0', category: 'source-available', traits: [trait('service-source-disclosure', 'SSPL-1.0', 'SSPL-1.0 §13 Offering the Program as a Service')], line: 6 });

const AGPL: Record<Distribution, [string, Severity]> = {
  saas: ['networkCopyleft', 'error'],
  distributed: ['distributionCopyleft', 'error'],
  library: ['distributionCopyleft', 'error'],
  internal: ['networkCopyleftInternal', 'info'],
};

const valid: RuleCase[] = [
  ...ALL_PROFILES.map((d) => ({ name: `permissive under ${d}`, profile: profile(d), components: [component({ name: 'ms' })] })),
  { name: 'GPL under internal: no distribution', profile: profile('internal'), components: [gpl()] },
  { name: 'MPL under saas: not distributed', profile: profile('saas'), components: [mpl] },
  { name: 'MPL under internal', profile: profile('internal'), components: [mpl] },
  { name: 'file-level copyleft ignored by option', profile: profile('distributed'), components: [mpl], options: { ignoreFileLevel: true } },
];

const invalid: InvalidCase[] = [
  ...ALL_PROFILES.map((d) => ({
    name: `AGPL under ${d}`,
    profile: profile(d),
    components: [agpl()],
    errors: [{ messageId: AGPL[d][0], severity: AGPL[d][1], line: 3, data: { license: 'AGPL-3.0-only' } }],
  })),
  { name: 'AGPL message says the obligation and the ways to meet it', components: [agpl()], errors: [{ messageId: 'networkCopyleft', messageIncludes: ['§13', 'complete corresponding source', 'Ways to meet it'] }] },
  { name: 'SSPL under saas', components: [sspl], errors: [{ messageId: 'serviceSource', severity: 'error', messageIncludes: ['all software used to run the service'] }] },
  { name: 'SSPL under distributed', profile: profile('distributed'), components: [sspl], errors: [{ messageId: 'distributionCopyleft', severity: 'error' }] },
  ...(['distributed', 'library'] as Distribution[]).map((d) => ({
    name: `GPL under ${d}`,
    profile: profile(d),
    components: [gpl()],
    errors: [{ messageId: 'distributionCopyleft', severity: 'error' as Severity, messageIncludes: ['GPL-3.0 §5'] }],
  })),
  { name: 'GPL under saas: only if bundled for browsers', components: [gpl()], errors: [{ messageId: 'browserBundle', severity: 'info' }] },
  ...(['distributed', 'library'] as Distribution[]).map((d) => ({
    name: `MPL file-level copyleft under ${d} is a warning`,
    profile: profile(d),
    components: [mpl],
    errors: [{ messageId: 'fileLevelCopyleft', severity: 'warn' as Severity }],
  })),
  { name: 'dev-only AGPL is info', components: [agpl({ scope: 'dev' })], errors: [{ messageId: 'devOnly', severity: 'info' }] },
  { name: 'non-commercial does not soften copyleft', profile: profile('distributed', false), components: [gpl()], errors: [{ messageId: 'distributionCopyleft', severity: 'error' }] },
  {
    name: 'transitive path is carried on the finding',
    profile: profile('library'),
    components: [gpl({ direct: false, paths: [['app@1.0.0', 'a@1.0.0', 'readline-gpl@1.0.0']] })],
    errors: [{ messageId: 'distributionCopyleft', data: { path: 'app@1.0.0 > a@1.0.0 > readline-gpl@1.0.0' } }],
  },
];

ruleTester(rule, { valid, invalid });
