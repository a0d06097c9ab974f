import semver from 'semver';
import { rule } from '../rules/relicense-risk';
import type { Distribution, ReportComponent, RuleVersionChange, Severity } from '../src/types';
import { CATEGORY_ORDER } from '../src/types';
import { eventsForPackage, isPastBoundary, rangeAdmits, relicensingContext, relicensingEvents } from '../src/evaluate/relicensing';
import { ALL_PROFILES, classifiedOn, component, profile, reportComponent, ruleTester, type InvalidCase, type RuleCase } from './helpers/rule-tester';

const mapbox = (requested: string, version = '1.13.3', scope: 'prod' | 'dev' = 'prod') =>
  component({ name: 'mapbox-gl', version, requested, scope, expression: 'BSD-3-Clause', line: 9 });
const tinymce = (requested: string) => component({ name: 'tinymce', version: '6.8.6', requested, expression: 'MIT' });

const TINYMCE: Record<Distribution, Severity> = { saas: 'info', distributed: 'error', library: 'error', internal: 'info' };
const PROPRIETARY: Record<Distribution, Severity> = { saas: 'error', distributed: 'error', library: 'error', internal: 'warn' };

// @uniswap/v3-core@1.0.1's LICENSE parameters, verbatim (fixtures/real-packages).
const uniswap = (changeDate: string) =>
  classifiedOn(
    component({
      name: '@uniswap/v3-core',
      version: '1.0.1',
      expression: 'BUSL-1.1',
      category: 'source-available',
      license: { parameters: { licensor: 'Uniswap Labs', changeDate, changeLicense: 'GPL-2.0-or-later' } },
    }),
  );

const valid: RuleCase[] = [
  { name: 'a BSL whose Change Date is still ahead has not converted', components: [uniswap('The earlier of 2099-04-01 or a date specified at v3-core-license-date.uniswap.eth')] },
  { name: 'caret range that stays below the boundary', components: [mapbox('^1.13.0')] },
  { name: 'tilde range below the boundary', components: [component({ name: 'handsontable', version: '6.2.2', requested: '~6.2.2' })] },
  { name: 'exact pin below the boundary', components: [mapbox('1.13.3')] },
  { name: 'installed version already past the boundary is left to the category rules', components: [mapbox('^2.0.0', '2.0.0')] },
  { name: 'transitive dependency without a requested range', components: [component({ name: 'mapbox-gl', version: '1.13.3', direct: false })] },
  { name: 'workspace protocol', components: [mapbox('workspace:*')] },
  { name: 'file and git specs are not registry ranges', components: [mapbox('file:../mapbox-gl'), component({ name: 'tinymce', version: '6.8.6', requested: 'github:tinymce/tinymce#6.8.6' })] },
  { name: 'a package with no relicensing history', components: [component({ name: 'lodash', requested: '*' })] },
  { name: 'client library of a relicensed server is not matched', components: [component({ name: '@elastic/elasticsearch', version: '7.10.0', requested: '>=7' })] },
  { name: 'allow option', components: [mapbox('*')], options: { allow: ['mapbox-gl'] } },
];

const invalid: InvalidCase[] = [
  ...ALL_PROFILES.map((d) => ({
    name: `a BSL past its Change Date is one info saying it converted and when, under ${d}`,
    profile: profile(d),
    components: [uniswap('The earlier of 2023-04-01 or a date specified at v3-core-license-date.uniswap.eth')],
    errors: [{ messageId: 'converted', severity: 'info' as Severity, data: { from: 'BUSL-1.1', license: 'GPL-2.0-or-later', changeDate: '2023-04-01' }, messageIncludes: ['2023-04-01', 'GPL-2.0-or-later (strong-copyleft)'] }],
  })),
  ...ALL_PROFILES.map((d) => ({
    name: `open-ended range across mapbox-gl 2.0.0 under ${d}`,
    profile: profile(d),
    components: [mapbox('>=1.13.0')],
    errors: [{ messageId: 'rangeAdmitsRelicensed', severity: PROPRIETARY[d], line: 9, data: { pinBelow: '2.0.0', lastOld: '1.13.3', to: 'LicenseRef-Mapbox-Web-SDK AND BSD-3-Clause', fork: 'MapLibre GL JS (maplibre-gl, BSD-3-Clause)', eventId: 'mapbox-gl-proprietary-2020' }, messageIncludes: ['pin below 2.0.0', 'maplibre-gl', '2020-12-08'] }],
  })),
  ...['*', 'latest', 'next', 'x', '', 'npm:mapbox-gl@>=1'].map((requested) => ({
    name: `requested ${JSON.stringify(requested)} follows new releases`,
    components: [mapbox(requested)],
    errors: [{ messageId: 'rangeAdmitsRelicensed', severity: 'error' as Severity }],
  })),
  ...ALL_PROFILES.map((d) => ({
    name: `TinyMCE MIT → GPL under ${d}: copyleft matters when distributing`,
    profile: profile(d),
    components: [tinymce('>=6')],
    errors: [{ messageId: 'rangeAdmitsRelicensed', severity: TINYMCE[d], data: { pinBelow: '7.0.0' } }],
  })),
  { name: 'handsontable >=6.2.2 crosses into the non-commercial license', components: [component({ name: 'handsontable', version: '6.2.2', requested: '>=6.2.2' })], errors: [{ messageId: 'rangeAdmitsRelicensed', severity: 'error', data: { toCategory: 'noncommercial' } }] },
  { name: 'range union that reaches the boundary', components: [component({ name: '@elastic/eui', version: '34.6.0', requested: '34.x || 35.x' })], errors: [{ messageId: 'rangeAdmitsRelicensed', data: { pinBelow: '35.0.0' } }] },
  {
    name: 'restrictive-to-restrictive move with an unverified boundary is lower and says so',
    components: [component({ name: 'n8n', version: '0.73.1', requested: '*', expression: 'Apache-2.0 AND LicenseRef-scancode-commons-clause', category: 'source-available' })],
    errors: [{ messageId: 'rangeAdmitsRelicensedUnverified', severity: 'warn', messageIncludes: ['not verified'] }],
  },
  { name: 'unresolved version with a caret range', components: [component({ name: 'mapbox-gl', version: '', requested: '^1.0.0 || ^2.0.0' })], errors: [{ messageId: 'rangeAdmitsRelicensed', data: { installed: 'not resolved' } }] },
  { name: 'dev-only dependency is info', components: [mapbox('*', '1.13.3', 'dev')], errors: [{ messageId: 'rangeAdmitsRelicensed', severity: 'info' }] },
];

ruleTester(rule, { valid, invalid });

describe('relicensing knowledge base', () => {
  const events = relicensingEvents();
  const required = ['MongoDB', 'Elasticsearch', 'Kibana', 'Redis', 'Terraform', 'Vault', 'Consul', 'Nomad', 'Packer', 'Vagrant', 'Boundary', 'CockroachDB', 'Sentry', 'Confluent', 'Grafana', 'Loki', 'Tempo', 'MinIO', 'Akka', 'Couchbase', 'Directus', 'n8n', 'NocoDB', 'Handsontable', 'Mapbox', 'TinyMCE', 'Airbyte', 'MaxScale', 'TimescaleDB', 'Liquibase', 'Snowplow', 'Meilisearch'];
  test.each(required)('has an event for %s', (name) => {
    expect(events.some((e) => e.project.includes(name))).toBe(true);
  });
  test.each(['OpenSearch', 'OpenTofu', 'OpenBao', 'Valkey', 'MapLibre', 'Pekko'])('names the fork %s', (fork) => {
    expect(events.some((e) => e.forks.some((f) => f.name.includes(fork)))).toBe(true);
  });
  test('every event is well-formed and sourced', () => {
    const ids = new Set<string>();
    for (const e of events) {
      expect(ids.has(e.id)).toBe(false);
      ids.add(e.id);
      expect(['restrictive', 'reopened']).toContain(e.kind);
      expect(CATEGORY_ORDER).toContain(e.toCategory);
      expect(CATEGORY_ORDER).toContain(e.fromCategory);
      expect(e.sources.length).toBeGreaterThan(0);
      expect(e.packages.length).toBeGreaterThan(0);
      expect(typeof e.verified).toBe('boolean');
      if (!e.verified) expect(e.notes).not.toBe('');
      if (e.relicensedRange) {
        expect(semver.validRange(e.relicensedRange)).not.toBeNull();
        const first = e.firstNew ?? e.firstKnownNew;
        if (first && semver.valid(first)) expect(semver.satisfies(first, e.relicensedRange)).toBe(true);
        if (e.lastOld && semver.valid(e.lastOld)) expect(semver.satisfies(e.lastOld, e.relicensedRange)).toBe(false);
      }
    }
  });
  test('patch-release switches: Vault 1.14.9 and Nomad 1.6.4', () => {
    const [vault] = eventsForPackage('golang', 'github.com/hashicorp/vault');
    expect(isPastBoundary('v1.14.8', vault)).toBe(false);
    expect(isPastBoundary('v1.14.9', vault)).toBe(true);
    const [nomad] = eventsForPackage('golang', 'github.com/hashicorp/nomad');
    expect(isPastBoundary('v1.6.3', nomad)).toBe(false);
    expect(isPastBoundary('v1.6.4', nomad)).toBe(true);
    expect(rangeAdmits('~1.6.2', nomad)).toMatchObject({ admits: true });
  });
  test('separately licensed modules and artifacts are not matched', () => {
    expect(eventsForPackage('golang', 'github.com/hashicorp/vault/api')).toEqual([]);
    expect(eventsForPackage('maven', 'com.typesafe.akka:akka-http_2.13').map((e) => e.id)).toEqual(['akka-http-bsl-2022']);
    expect(eventsForPackage('maven', 'com.typesafe.akka:akka-actor_2.13').map((e) => e.id)).toEqual(['akka-bsl-2022']);
  });
  test('Go pseudo-versions are compared by commit date (MinIO)', () => {
    const [minio] = eventsForPackage('golang', 'github.com/minio/minio');
    expect(isPastBoundary('v0.0.0-20210421000000-abcdefabcdef', minio)).toBe(false);
    expect(isPastBoundary('v0.0.0-20210511232741-abcdefabcdef', minio)).toBe(true);
    expect(isPastBoundary('RELEASE.2021-05-11T23-27-41Z', minio)).toBeNull();
  });
  test('range verdicts', () => {
    const [tf] = eventsForPackage('golang', 'github.com/hashicorp/terraform');
    expect(rangeAdmits('^1.5.0', tf)).toMatchObject({ admits: true });
    expect(rangeAdmits('~1.5.0', tf)).toEqual({ admits: false });
    expect(rangeAdmits('not a range!', tf)).toMatchObject({ admits: null });
  });
});

describe('relicensing context on category findings', () => {
  test('a version past the Elastic change, before and after the AGPL option', () => {
    const es = (version: string) => component({ name: 'org.elasticsearch:elasticsearch', ecosystem: 'maven', version });
    expect(relicensingContext(es('7.10.2'))).toEqual({});
    expect(relicensingContext(es('7.17.0'))).toMatchObject({ pinBelow: '7.11.0', lastOld: '7.10.2', fork: expect.stringContaining('OpenSearch (org.opensearch:opensearch') });
    expect(relicensingContext(es('7.17.0')).reopenedIn).toContain('upgrading to 8.16.0 adds that option');
    expect(relicensingContext(es('8.17.0')).reopenedIn).toContain('which this version already offers');
  });
});

// ---------------------------------------------------------------------------------------------
// The report phase: `diff --base` hands the rule the version changes between base and head.

const euiHead = (scope: 'prod' | 'dev' = 'prod') =>
  reportComponent({ name: '@elastic/eui', version: '35.0.0', expression: 'SSPL-1.0 OR Elastic-2.0', category: 'source-available', scope, file: 'package-lock.json', line: 40 });
const upgrade = (to: ReportComponent, from: RuleVersionChange['from'], event?: RuleVersionChange['event']): RuleCase['run'] => ({
  components: [to],
  base: { ref: 'origin/main', components: [], versionChanges: [{ kind: 'upgraded', from, to, ...(event ? { event } : {}) }] },
});
const apache = { version: '34.6.0', expression: 'Apache-2.0', category: 'permissive' as const };
const EUI_EVENT = { date: '2021-06-01', firstNew: '35.0.0', lastOld: '34.6.0', forks: ['oui (OpenSearch UI)'] };

ruleTester(rule, {
  valid: [
    { name: 'no diff base in this run', run: { components: [euiHead()] } },
    { name: 'same license on both versions', run: upgrade(reportComponent({ name: 'a', version: '2.0.0' }), { version: '1.0.0', expression: 'MIT', category: 'permissive' }) },
    { name: 'a side without an identified license', run: upgrade(reportComponent({ name: 'a', version: '2.0.0' }), { version: '1.0.0', expression: null, category: 'unknown' }) },
    { name: 'allow skips the package on upgrade too', options: { allow: ['@elastic/*'] }, run: upgrade(euiHead(), apache) },
    { name: 'off in config', setting: 'off', run: upgrade(euiHead(), apache) },
  ],
  invalid: [
    {
      name: 'the rug pull: more restrictive terms under saas',
      run: upgrade(euiHead(), apache, EUI_EVENT),
      errors: [{
        messageId: 'changedBetweenVersions',
        severity: 'error',
        component: 'npm:@elastic/eui@35.0.0',
        line: 40,
        data: { fromVersion: '34.6.0', toVersion: '35.0.0', fromLicense: 'Apache-2.0', license: 'SSPL-1.0 OR Elastic-2.0', toCategory: 'source-available', relicensedOn: '2021-06-01', pinBelow: '35.0.0', fork: 'oui (OpenSearch UI)' },
        messageIncludes: ['@elastic/eui 34.6.0 → 35.0.0 changes its license from Apache-2.0 (permissive) to SSPL-1.0 OR Elastic-2.0 (source-available); relicensed in 35.0.0 (2021-06-01). Stay on 34.6.0 or earlier, or oui (OpenSearch UI). The new terms are more restrictive for this profile.'],
      }],
    },
    {
      name: 'the base license from the knowledge base is said',
      run: upgrade(euiHead(), { ...apache, via: 'relicensing knowledge base' }),
      errors: [{ messageId: 'changedBetweenVersions', messageIncludes: ['[34.6.0 per the relicensing knowledge base]'] }],
    },
    { name: 'at most warn for an internal product', profile: profile('internal'), run: upgrade(euiHead(), apache), errors: [{ messageId: 'changedBetweenVersions', severity: 'warn' }] },
    { name: 'at most warn for a non-commercial product', profile: profile('saas', false), run: upgrade(euiHead(), apache), errors: [{ messageId: 'changedBetweenVersions', severity: 'warn' }] },
    { name: 'at most warn for a dev dependency', run: upgrade(euiHead('dev'), apache), errors: [{ messageId: 'changedBetweenVersions', severity: 'warn' }] },
    {
      name: 'towards more permissive terms is info, without pinning advice',
      run: upgrade(reportComponent({ name: 'redis', version: '8.0.0', expression: 'AGPL-3.0-only', category: 'network-copyleft' }), { version: '7.4.0', expression: 'SSPL-1.0', category: 'source-available' }, { firstNew: '8.0.0', lastOld: '7.4.0', forks: ['valkey'] }),
      errors: [{ messageId: 'changedBetweenVersions', severity: 'info', messageIncludes: ['; relicensed in 8.0.0.'] }],
    },
    { name: 'config governs the severity', setting: 'warn', run: upgrade(euiHead(), apache), errors: [{ messageId: 'changedBetweenVersions', severity: 'warn' }] },
  ],
});
