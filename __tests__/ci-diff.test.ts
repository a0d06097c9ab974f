import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FatalError } from '../src/errors';
import type { Category, Finding, Profile, Report, ReportComponent, Scope } from '../src/types';
import { diffScans, isMaterializedPath, materializeRef, materializeRefDetailed } from '../src/ci/diff';
import { eventBetween, licenseAtVersion, loadRelicensingEvents, nameMatches, normaliseEvent, type RelicensingEvent } from '../src/ci/relicensing';
import type { RelicensingEvent as KbRelicensingEvent } from '../src/evaluate/relicensing';
import { git } from './helpers/git';

const fixtures = path.join(__dirname, '..', 'fixtures', 'ci-diff');

// ---------------------------------------------------------------------------------------------
// temporary git repositories

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanup.push(dir);
  return dir;
}

function copyInto(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

/** A repo whose first commit is the `base` fixture, with the `head` fixture in the working tree. */
function repoWithBase(): { root: string; baseCommit: string } {
  const root = tempDir('lr-diff-repo-');
  git(root, 'init', '-q');
  copyInto(path.join(fixtures, 'base'), root);
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'src', 'server.js'), 'require("http").createServer().listen(8080);\n');
  fs.mkdirSync(path.join(root, 'packages', 'worker'), { recursive: true });
  fs.writeFileSync(path.join(root, 'packages', 'worker', 'package.json'), '{"name":"worker","version":"0.0.1"}\n');
  fs.symlinkSync('package.json', path.join(root, 'packages', 'worker', 'composer.json'));
  fs.writeFileSync(path.join(root, '.license-riskrc.json'), '{"profile":"library"}\n');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'base');
  const baseCommit = git(root, 'rev-parse', 'HEAD');
  copyInto(path.join(fixtures, 'head'), root);
  return { root, baseCommit };
}

function baseTempDirs(): string[] {
  return fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('license-risk-base-'));
}

describe('materializeRef: the base ref read with git, no checkout', () => {
  test('copies manifests, lockfiles and license files of the ref into a temp dir outside the checkout', async () => {
    const { root, baseCommit } = repoWithBase();
    const result = await materializeRefDetailed(root, 'HEAD');
    cleanup.push(result.dir);
    expect(result.commit).toBe(baseCommit);
    expect(result.dir.startsWith(fs.realpathSync(os.tmpdir())) || result.dir.startsWith(os.tmpdir())).toBe(true);
    expect(path.relative(root, result.dir).startsWith('..')).toBe(true);
    // Symlinks are not followed, sources and the base's own config are not copied.
    expect(result.files).toEqual(['LICENSE', 'package-lock.json', 'package.json', 'packages/worker/package.json']);
    // The committed (base) content, not the working tree's.
    expect(JSON.parse(fs.readFileSync(path.join(result.dir, 'package.json'), 'utf8')).version).toBe('1.0.0');
    expect(fs.readFileSync(path.join(result.dir, 'package-lock.json'), 'utf8')).toBe(
      fs.readFileSync(path.join(fixtures, 'base', 'package-lock.json'), 'utf8'),
    );
    // The working tree is untouched: still the head.
    expect(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version).toBe('1.1.0');
    expect(git(root, 'diff', '--name-only').split('\n')).toEqual(['package-lock.json', 'package.json']);
  });

  test('a subfolder of the repository is materialized relative to itself', async () => {
    const { root } = repoWithBase();
    const dir = await materializeRef(path.join(root, 'packages', 'worker'), 'HEAD');
    cleanup.push(dir);
    expect(fs.readdirSync(dir)).toEqual(['package.json']);
  });

  test('resolves branch names, tags and abbreviated commits', async () => {
    const { root, baseCommit } = repoWithBase();
    git(root, 'tag', 'v1.0.0');
    for (const ref of ['main', 'v1.0.0', baseCommit.slice(0, 10)]) {
      const result = await materializeRefDetailed(root, ref);
      cleanup.push(result.dir);
      expect(result.commit).toBe(baseCommit);
    }
  });

  test.each<[string, (root: string) => Promise<unknown>, RegExp]>([
    ['an unknown ref', (root) => materializeRef(root, 'no-such-branch'), /unknown base ref "no-such-branch"/],
    ['an option-looking ref', (root) => materializeRef(root, '--output=/tmp/x'), /invalid base ref/],
    ['a directory that does not exist', (root) => materializeRef(path.join(root, 'nope'), 'HEAD'), /no such directory/],
  ])('%s is a FatalError and writes nothing', async (_label, run, message) => {
    const { root } = repoWithBase();
    const before = baseTempDirs();
    await expect(run(root)).rejects.toThrow(FatalError);
    await expect(run(root)).rejects.toThrow(message);
    expect(baseTempDirs()).toEqual(before);
  });

  test('not a git repository', async () => {
    const plain = tempDir('lr-diff-plain-');
    copyInto(path.join(fixtures, 'head'), plain);
    const before = baseTempDirs();
    await expect(materializeRef(plain, 'HEAD')).rejects.toThrow(/not inside a git working tree/);
    expect(baseTempDirs()).toEqual(before);
  });

  test('a shallow clone without the base commit says how to fetch it', async () => {
    const { root, baseCommit } = repoWithBase();
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'head');
    const clone = tempDir('lr-diff-shallow-');
    git(clone, 'clone', '-q', '--depth', '1', `file://${root}`, 'c');
    await expect(materializeRef(path.join(clone, 'c'), baseCommit)).rejects.toThrow(/not in this shallow clone.*fetch-depth: 0/);
  });

  test('isMaterializedPath', () => {
    expect(isMaterializedPath('package.json')).toBe(true);
    expect(isMaterializedPath('services/api/poetry.lock')).toBe(true);
    expect(isMaterializedPath('node_modules/left-pad/LICENSE')).toBe(true);
    expect(isMaterializedPath('src/index.js')).toBe(false);
    expect(isMaterializedPath('.license-riskrc.json')).toBe(false);
    expect(isMaterializedPath('../escape/package.json')).toBe(false);
    expect(isMaterializedPath('a/.git/package.json')).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// diffScans on reports built by hand

const saas: Profile = { distribution: 'saas', commercial: true, origin: 'config', reasons: [] };

function component(name: string, version: string, expression: string | null, category: Category, scope: Scope = 'prod', ecosystem: ReportComponent['ecosystem'] = 'npm'): ReportComponent {
  return {
    id: `${ecosystem}:${name}@${version}`,
    ecosystem,
    name,
    version,
    purl: `pkg:${ecosystem}/${name}@${version}`,
    scope,
    direct: true,
    paths: [['app@1.0.0', `${name}@${version}`]],
    location: { file: 'package-lock.json', line: 10, column: 5 },
    license: { expression, category, confidence: expression ? 1 : 0, source: expression ? 'lockfile' : 'none', traits: [], notes: [] },
  };
}

function finding(ruleId: string, c: ReportComponent, severity: Finding['severity'] = 'error'): Finding {
  return { ruleId, severity, messageId: 'm', message: `${c.name} ${ruleId}`, component: c.id, location: c.location, data: c.license.expression ? { license: c.license.expression } : undefined };
}

function report(components: ReportComponent[], findings: Finding[] = [], profile: Profile = saas): Report {
  return {
    tool: { name: 'license-risk', version: '0.1.0' },
    root: '.',
    profile,
    components,
    findings,
    diagnostics: [],
    summary: {
      components: components.length,
      errors: 0,
      warnings: 0,
      infos: 0,
      suppressed: 0,
      byCategory: {} as Report['summary']['byCategory'],
      diagnostics: 0,
    },
  };
}

const noEvents = { events: [] as RelicensingEvent[], classify: () => null };

describe('diffScans', () => {
  test('upgrade into more restrictive terms: a change and an error-level relicense-risk (the rug pull)', () => {
    const base = report([component('@elastic/eui', '34.6.0', 'Apache-2.0', 'permissive')]);
    const head = report([component('@elastic/eui', '35.0.0', 'Elastic-2.0 OR SSPL-1.0', 'source-available')]);
    const { changes, findings } = diffScans(base, head, noEvents);
    expect(changes).toEqual([
      expect.objectContaining({
        kind: 'upgraded',
        ecosystem: 'npm',
        name: '@elastic/eui',
        from: '34.6.0',
        to: '35.0.0',
        expression: { from: 'Apache-2.0', to: 'Elastic-2.0 OR SSPL-1.0' },
        category: { from: 'permissive', to: 'source-available' },
      }),
    ]);
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'relicense-risk',
        severity: 'error',
        component: 'npm:@elastic/eui@35.0.0',
        data: expect.objectContaining({ fromVersion: '34.6.0', toVersion: '35.0.0', fromLicense: 'Apache-2.0', license: 'Elastic-2.0 OR SSPL-1.0' }),
      }),
    ]);
  });

  test.each<[string, Profile, Scope, Finding['severity']]>([
    ['non-commercial', { ...saas, commercial: false }, 'prod', 'warn'],
    ['internal use', { ...saas, distribution: 'internal' }, 'prod', 'warn'],
    ['a dev dependency', saas, 'dev', 'warn'],
  ])('the same relicensing is a warning for %s', (_label, profile, scope, severity) => {
    const base = report([component('x', '1.0.0', 'MIT', 'permissive', scope)], [], profile);
    const head = report([component('x', '2.0.0', 'BUSL-1.1', 'source-available', scope)], [], profile);
    expect(diffScans(base, head, noEvents).findings.map((f) => f.severity)).toEqual([severity]);
  });

  test('the config governs relicense-risk on upgrade as any rule: off, or another severity', () => {
    const base = report([component('x', '1.0.0', 'MIT', 'permissive')]);
    const head = report([component('x', '2.0.0', 'BUSL-1.1', 'source-available')]);
    expect(diffScans(base, head, { ...noEvents, config: { rules: { 'relicense-risk': 'off' } } }).findings).toEqual([]);
    expect(diffScans(base, head, { ...noEvents, config: { rules: { 'relicense-risk': 'warn' } } }).findings.map((f) => f.severity)).toEqual(['warn']);
    expect(diffScans(base, head, { ...noEvents, config: { rules: { 'relicense-risk': ['error', { allow: ['x'] }] } } }).findings).toEqual([]);
  });

  test('from an unidentified license, only clearly restrictive terms are an error', () => {
    const base = report([component('a', '1.0.0', 'LicenseRef-custom', 'unknown'), component('b', '1.0.0', 'LicenseRef-custom', 'unknown')]);
    const head = report([component('a', '2.0.0', 'MIT', 'permissive'), component('b', '2.0.0', 'SSPL-1.0', 'source-available')]);
    expect(diffScans(base, head, noEvents).findings.map((f) => [f.component, f.severity])).toEqual([
      ['npm:a@2.0.0', 'info'],
      ['npm:b@2.0.0', 'error'],
    ]);
  });

  test('a license change that is not more restrictive is only info; no change of license, no finding', () => {
    const base = report([component('a', '1.0.0', 'MIT', 'permissive'), component('b', '1.0.0', 'MIT', 'permissive')]);
    const head = report([component('a', '1.1.0', 'Apache-2.0', 'permissive'), component('b', '1.2.0', 'MIT', 'permissive')]);
    const { changes, findings } = diffScans(base, head, noEvents);
    expect(changes.map((c) => [c.name, c.kind])).toEqual([
      ['a', 'upgraded'],
      ['b', 'upgraded'],
    ]);
    expect(findings.map((f) => [f.component, f.severity])).toEqual([['npm:a@1.1.0', 'info']]);
  });

  test('added, removed, downgraded, and several installed versions of one package', () => {
    const base = report([
      component('left-pad', '1.3.0', 'WTFPL', 'permissive'),
      component('lodash', '4.17.21', 'MIT', 'permissive'),
      component('debug', '2.6.9', 'MIT', 'permissive'),
      component('debug', '4.3.4', 'MIT', 'permissive'),
    ]);
    const head = report([
      component('is-even', '1.0.0', 'MIT', 'permissive'),
      component('lodash', '4.17.20', 'MIT', 'permissive'),
      component('debug', '4.3.4', 'MIT', 'permissive'),
      component('debug', '4.3.7', 'MIT', 'permissive'),
    ]);
    const { changes } = diffScans(base, head, noEvents);
    expect(changes.map((c) => [c.kind, c.name, c.from, c.to])).toEqual([
      ['upgraded', 'debug', '2.6.9', '4.3.7'],
      ['added', 'is-even', null, '1.0.0'],
      ['removed', 'left-pad', '1.3.0', null],
      ['downgraded', 'lodash', '4.17.21', '4.17.20'],
    ]);
  });

  test('findings: only those the change introduces; an upgraded package’s finding is new', () => {
    const oldSspl = component('mongodb-server-helper', '1.0.0', 'SSPL-1.0', 'source-available');
    const newSspl = component('mongodb-server-helper', '1.1.0', 'SSPL-1.0', 'source-available');
    const agpl = component('agpl-lib', '3.0.0', 'AGPL-3.0-only', 'network-copyleft');
    const stays = component('gpl-tool', '2.0.0', 'GPL-2.0-only', 'strong-copyleft');
    const base = report([oldSspl, stays], [finding('cloud-resale', oldSspl), finding('copyleft-obligation', stays, 'warn')]);
    const head = report([newSspl, stays, agpl], [finding('cloud-resale', newSspl), finding('copyleft-obligation', stays, 'warn'), finding('network-copyleft', agpl)]);
    const { findings } = diffScans(base, head, noEvents);
    expect(findings.map((f) => [f.ruleId, f.component])).toEqual([
      ['cloud-resale', 'npm:mongodb-server-helper@1.1.0'],
      ['network-copyleft', 'npm:agpl-lib@3.0.0'],
    ]);
  });

  test('an unchanged component is not blamed on the change, unless it moved into production', () => {
    const baseOnly = component('fancy-ui', '2.0.0', 'MIT', 'permissive', 'dev');
    const shipped = component('fancy-ui', '2.0.0', 'MIT', 'permissive', 'prod');
    const sameVersion = component('gpl-tool', '2.0.0', 'GPL-2.0-only', 'strong-copyleft');
    // The head sees a mismatch only its installed files reveal; the base (lockfile only) could not.
    const base = report([baseOnly, sameVersion]);
    const head = report([shipped, sameVersion], [finding('license-mismatch', sameVersion, 'warn'), finding('commercial-use', shipped)]);
    expect(diffScans(base, head, noEvents).findings.map((f) => [f.ruleId, f.component])).toEqual([['commercial-use', 'npm:fancy-ui@2.0.0']]);
  });

  test('base versions without license metadata use the relicensing knowledge base', () => {
    const events = normaliseEvent(kbEvent({
      id: 'terraform-bsl',
      project: 'Terraform',
      packages: [{ ecosystem: 'golang', name: 'github.com/hashicorp/terraform' }],
      lastOld: '1.5.7',
      firstNew: '1.6.0',
      relicensedRange: '>=1.6.0',
      date: '2023-08-10',
      from: 'MPL-2.0',
      fromCategory: 'weak-copyleft',
      to: 'BUSL-1.1',
      toCategory: 'source-available',
      sources: ['https://www.hashicorp.com/blog/hashicorp-adopts-business-source-license'],
      forks: [{ name: 'OpenTofu', license: 'MPL-2.0', url: 'https://opentofu.org', packages: [] }],
    }));
    const classify = (expression: string): Category | null => (expression === 'MPL-2.0' ? 'weak-copyleft' : expression === 'BUSL-1.1' ? 'source-available' : null);
    const base = report([component('github.com/hashicorp/terraform', 'v1.5.7', null, 'unknown', 'prod', 'golang')]);
    const head = report([component('github.com/hashicorp/terraform', 'v1.6.2', 'BUSL-1.1', 'source-available', 'prod', 'golang')]);
    const { changes, findings } = diffScans(base, head, { events, classify });
    expect(changes[0]).toMatchObject({ kind: 'upgraded', expression: { from: 'MPL-2.0', to: 'BUSL-1.1' }, category: { from: 'weak-copyleft', to: 'source-available' } });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'relicense-risk',
      severity: 'error',
      data: { relicensedOn: '2023-08-10', pinBelow: '1.6.0', fork: 'OpenTofu', fromLicense: 'MPL-2.0' },
    });
    expect(findings[0].message).toContain('per the relicensing knowledge base');
    expect(findings[0].message).toContain('Stay on 1.5.7 or earlier, or OpenTofu');
  });

  test('a base version without metadata that the head still has takes the head’s license (same artifact)', () => {
    const base = report([component('left-pad', '1.3.0', null, 'unknown'), component('x', '1.0.0', null, 'unknown')]);
    const head = report([component('left-pad', '1.3.0', 'WTFPL', 'permissive'), component('x', '2.0.0', 'MIT', 'permissive')]);
    const { changes, findings } = diffScans(base, head, noEvents);
    expect(changes.map((c) => c.name)).toEqual(['x']);
    // Unknown → known is not a license change we can assert.
    expect(findings).toEqual([]);
  });
});

describe('relicensing knowledge base reader', () => {
  test('splits an event into one entry per ecosystem and honours excluded names', () => {
    const events = normaliseEvent(kbEvent({
      id: 'redis-rsal',
      project: 'Redis',
      packages: [
        { ecosystem: 'npm', name: 'redis-server-*', exclude: ['redis-server-legacy'] },
        { ecosystem: 'pypi', name: 'redis-server' },
      ],
      lastOld: '7.2.4',
      firstNew: '7.4.0',
      relicensedRange: '>=7.4.0',
      from: 'BSD-3-Clause',
      fromCategory: 'permissive',
      to: 'RSALv2 OR SSPL-1.0',
      toCategory: 'source-available',
      forks: [{ name: 'Valkey', license: 'BSD-3-Clause', url: 'https://valkey.io', packages: [] }],
    }));
    expect(events.map((e) => [e.ecosystem, e.names, e.forks])).toEqual([
      ['npm', ['redis-server-*'], ['Valkey']],
      ['pypi', ['redis-server'], ['Valkey']],
    ]);
    expect(licenseAtVersion(events, 'pypi', 'redis-server', '7.2.0')?.expression).toBe('BSD-3-Clause');
    expect(licenseAtVersion(events, 'npm', 'redis-server-bin', '7.4.1')?.expression).toBe('RSALv2 OR SSPL-1.0');
    expect(licenseAtVersion(events, 'npm', 'redis-server-legacy', '7.4.1')).toBeNull();
    expect(licenseAtVersion(events, 'npm', 'other', '7.4.1')).toBeNull();
  });
});

/** A knowledge-base event with the bookkeeping fields filled in. */
function kbEvent(e: Partial<KbRelicensingEvent> & Pick<KbRelicensingEvent, 'id' | 'project' | 'packages' | 'from' | 'to'>): KbRelicensingEvent {
  return {
    kind: 'restrictive',
    date: '2024-01-01',
    fromCategory: 'permissive',
    toCategory: 'source-available',
    lastOld: null,
    firstNew: null,
    relicensedRange: null,
    forks: [],
    sources: [],
    verified: true,
    notes: '',
    ...e,
  };
}

describe('the bundled relicensing knowledge base, as diff reads it', () => {
  const events = loadRelicensingEvents();

  test('knows the license on both sides of well-known boundaries', () => {
    expect(events.length).toBeGreaterThan(10);
    expect(licenseAtVersion(events, 'npm', '@elastic/eui', '34.6.0')?.expression).toBe('Apache-2.0');
    expect(licenseAtVersion(events, 'npm', '@elastic/eui', '35.0.0')?.category).toBe('source-available');
    expect(licenseAtVersion(events, 'golang', 'github.com/hashicorp/terraform', 'v1.5.7')?.expression).toBe('MPL-2.0');
    expect(licenseAtVersion(events, 'golang', 'github.com/hashicorp/terraform', 'v1.6.0')?.expression).toBe('BUSL-1.1');
    expect(eventBetween(events, 'golang', 'github.com/hashicorp/terraform', 'v1.5.7', 'v1.6.2')?.forks).toContain('OpenTofu');
    expect(eventBetween(events, 'golang', 'github.com/hashicorp/terraform', 'v1.6.0', 'v1.6.2')).toBeNull();
  });

  test('wildcard coordinates', () => {
    expect(nameMatches('com.typesafe.akka:akka-*', 'com.typesafe.akka:akka-actor_2.13')).toBe(true);
    expect(nameMatches('com.typesafe.akka:akka-*', 'com.typesafe.akka:other')).toBe(false);
    expect(nameMatches('a.b', 'aXb')).toBe(false);
  });
});
