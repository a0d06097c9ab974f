import { rule } from '../rules/commercial-use';
import type { Distribution, Severity } from '../src/types';
import { ALL_PROFILES, classifiedOn, component, profile, ruleTester, trait, type InvalidCase, type RuleCase } from './helpers/rule-tester';

const nc = (over: Partial<Parameters<typeof component>[0]> = {}) =>
  component({ name: 'nc-charts', expression: 'CC-BY-NC-4.0', category: 'noncommercial', traits: [trait('noncommercial-only', 'CC-BY-NC-4.0', 'CC-BY-NC-4.0 §1(i) NonCommercial')], line: 7, ...over });
const sul = (over: Partial<Parameters<typeof component>[0]> = {}) =>
  component({ name: 'n8n', version: '0.169.0', expression: 'SUL-1.0', category: 'source-available', traits: [trait('internal-use-only', 'SUL-1.0', 'SUL-1.0 Limitations: internal business or personal use only')], ...over });
const commonsClause = component({
  name: 'rejson',
  expression: 'Apache-2.0 AND LicenseRef-scancode-commons-clause',
  category: 'source-available',
  traits: [trait('no-sale', 'LicenseRef-scancode-commons-clause', 'Commons Clause: the right to Sell is not granted')],
});
const bslNoGrant = (changeDate: string, scope: 'prod' | 'dev' = 'prod') =>
  component({
    name: 'bsl-engine',
    expression: 'BUSL-1.1',
    category: 'source-available',
    scope,
    traits: [trait('production-use-limited', 'BUSL-1.1', 'BUSL-1.1: production use requires a commercial license'), trait('converts-later', 'BUSL-1.1', 'BUSL-1.1 Change Date')],
    license: { parameters: { changeDate, changeLicense: 'GPL-2.0-or-later', licensor: 'MariaDB plc' } },
  });
const polyformSmall = component({ name: 'small-biz', expression: 'PolyForm-Small-Business-1.0.0', category: 'source-available', traits: [trait('size-limited', 'PolyForm-Small-Business-1.0.0', 'PolyForm Small Business: fewer than 100 people and under US$1M revenue')] });
const proprietary = component({ name: 'mapbox-gl', version: '2.0.0', expression: 'LicenseRef-Mapbox-Web-SDK AND BSD-3-Clause', category: 'proprietary', traits: [trait('proprietary', 'LicenseRef-Mapbox-Web-SDK', 'Mapbox Terms of Service')] });

const noSaleSeverity: Record<Distribution, Severity | null> = { saas: 'error', distributed: 'error', library: 'warn', internal: 'info' };

const valid: RuleCase[] = [
  // Past its Change Date a BSL is classified as its Change License (classify/conversion.ts): nothing commercial is left.
  ...ALL_PROFILES.map((d) => ({ name: `BSL production-use limit after its Change Date under ${d}`, profile: profile(d), components: [classifiedOn(bslNoGrant('2019-01-01'))] })),
  ...ALL_PROFILES.map((d) => ({ name: `permissive under ${d}`, profile: profile(d), components: [component({ name: 'lodash' })] })),
  { name: 'internal-use-only license under the internal profile', profile: profile('internal'), components: [sul()] },
  { name: 'internal-use-only dev tool', components: [sul({ scope: 'dev' })] },
  { name: 'noncommercial license in a non-commercial project', profile: profile('saas', false), components: [nc()] },
  { name: 'sale ban in a non-commercial project', profile: profile('distributed', false), components: [commonsClause] },
  { name: 'allow option', components: [nc()], options: { allow: ['nc-*'] } },
  {
    name: 'UNLICENSED is left to unknown-license',
    components: [component({ name: 'private-sdk', expression: 'LicenseRef-UNLICENSED', category: 'proprietary', traits: [trait('proprietary', 'LicenseRef-UNLICENSED')], evidence: [{ kind: 'declared', value: 'UNLICENSED', field: 'license' }] })],
  },
];

const invalid: InvalidCase[] = [
  ...ALL_PROFILES.map((d) => ({
    name: `noncommercial-only under ${d}`,
    profile: profile(d),
    components: [nc()],
    errors: [{ messageId: 'noncommercial', severity: 'error' as Severity, line: 7, component: 'npm:nc-charts@1.0.0', data: { license: 'CC-BY-NC-4.0', clause: 'CC-BY-NC-4.0 §1(i) NonCommercial' } }],
  })),
  ...(['saas', 'distributed', 'library'] as Distribution[]).map((d) => ({
    name: `internal-use-only (SUL) under ${d}`,
    profile: profile(d),
    components: [sul()],
    errors: [{ messageId: 'internalUseOnly', severity: 'error' as Severity, messageIncludes: ['internal business'] }],
  })),
  {
    name: 'internal-use-only when non-commercial is lowered (default softened, then weighted)',
    profile: profile('saas', false),
    components: [sul()],
    errors: [{ messageId: 'internalUseOnly', severity: 'info' }],
  },
  ...ALL_PROFILES.map((d) => ({
    name: `Commons Clause sale ban under ${d}`,
    profile: profile(d),
    components: [commonsClause],
    errors: [{ messageId: 'noSale', severity: noSaleSeverity[d] as Severity }],
  })),
  ...ALL_PROFILES.map((d) => ({
    name: `BSL production-use limit under ${d}, with future Change Date`,
    profile: profile(d),
    components: [bslNoGrant('2027-04-10')],
    errors: [{ messageId: 'productionUseLimited', severity: 'error' as Severity, data: { changeDate: '2027-04-10', changeLicense: 'GPL-2.0-or-later' }, messageIncludes: ['becomes GPL-2.0-or-later on 2027-04-10', 'MariaDB plc'] }],
  })),
  { name: 'BSL production-use limit on a dev tool is info', components: [bslNoGrant('2027-04-10', 'dev')], errors: [{ messageId: 'productionUseLimited', severity: 'info' }] },
  { name: 'size limit is one level lower', components: [polyformSmall], errors: [{ messageId: 'sizeLimited', severity: 'warn' }] },
  {
    name: 'proprietary terms, with the relicensing event and fork named',
    components: [proprietary],
    errors: [{ messageId: 'proprietary', severity: 'error', data: { fork: 'MapLibre GL JS (maplibre-gl, BSD-3-Clause)', pinBelow: '2.0.0', lastOld: '1.13.3' }, messageIncludes: ['Mapbox GL JS moved BSD-3-Clause', 'pin below 2.0.0', 'MapLibre'] }],
  },
  { name: 'noncommercial dev tool is capped at warn', components: [nc({ scope: 'dev' })], errors: [{ messageId: 'noncommercial', severity: 'warn' }] },
  {
    name: 'one finding per component, for the most severe trait',
    components: [component({ name: 'mixed', expression: 'LicenseRef-X', category: 'noncommercial', traits: [trait('no-sale', 'LicenseRef-X'), trait('noncommercial-only', 'LicenseRef-X')] })],
    errors: [{ messageId: 'noncommercial' }],
  },
];

ruleTester(rule, { valid, invalid });
