import { evidenceSourceOf, installHintFor, missingEvidenceByLockfile } from '../src/read/evidence-source';
import { groupMissingEvidence, withMissingEvidenceGrouped } from '../src/report/missing-evidence';
import type { Component, Finding, LicenseEvidence } from '../src/types';

function component(over: Partial<Component> & { evidence?: LicenseEvidence[] } = {}): Component {
  return {
    id: `npm:${over.name ?? 'a'}@1.0.0`,
    ecosystem: 'npm',
    name: 'a',
    version: '1.0.0',
    purl: 'pkg:npm/a@1.0.0',
    scope: 'prod',
    direct: false,
    paths: [],
    evidence: [],
    location: { file: 'pnpm-lock.yaml', line: 10, column: 3 },
    ...over,
  };
}

describe('evidence source of a component', () => {
  const cases: [string, Partial<Component>, string][] = [
    ['installed folder', { installedPath: 'node_modules/a', evidence: [{ kind: 'file', file: 'node_modules/a/LICENSE' }] }, 'installed'],
    ['a package manager cache', { cache: { kind: 'pnpm-store', path: '~/.local/share/pnpm/store/v10' } }, 'cache'],
    ['Go module cache file (absolute path)', { evidence: [{ kind: 'file', file: '/home/u/go/pkg/mod/x@v1/LICENSE' }] }, 'cache'],
    ['Cargo registry manifest (shown with ~)', { evidence: [{ kind: 'declared', field: 'license', value: 'MIT', location: { file: '~/.cargo/registry/src/x/Cargo.toml', line: 1, column: 1 } }] }, 'cache'],
    ['npm lockfile license', { evidence: [{ kind: 'lockfile', value: 'MIT' }] }, 'lockfile'],
    ['registry (--online)', { evidence: [{ kind: 'declared', field: 'registry:registry.npmjs.org', value: 'MIT' }] }, 'online'],
    ['vendored manifest in the checkout', { evidence: [{ kind: 'declared', field: 'license', value: 'MIT', location: { file: 'vendor/x/composer.json', line: 1, column: 1 } }] }, 'installed'],
    ['config override only', { evidence: [{ kind: 'override', value: 'MIT', origin: 'overrides["a"]' }] }, 'override'],
    ['nothing', {}, 'none'],
  ];
  test.each(cases)('%s', (_label, over, expected) => expect(evidenceSourceOf(component(over))).toBe(expected));
});

describe('install command for a lockfile', () => {
  const cases: [string, Component['ecosystem'], string, string][] = [
    ['package-lock.json', 'npm', 'npm', 'npm ci'],
    ['web/pnpm-lock.yaml', 'npm', 'pnpm', 'pnpm install --frozen-lockfile'],
    ['yarn.lock', 'npm', 'yarn', 'yarn install --frozen-lockfile'],
    ['go.mod', 'golang', 'go', 'go mod download'],
    ['Cargo.lock', 'cargo', 'cargo', 'cargo fetch'],
    ['Gemfile.lock', 'gem', 'bundler', 'bundle install'],
    ['composer.lock', 'composer', 'composer', 'composer install'],
    ['poetry.lock', 'pypi', 'poetry', 'poetry install'],
    ['uv.lock', 'pypi', 'uv', 'uv sync'],
    ['requirements-dev.txt', 'pypi', 'pip', 'pip install -r requirements-dev.txt'],
    ['src/App/App.csproj', 'nuget', 'nuget', 'dotnet restore'],
    ['pom.xml', 'maven', 'maven', 'mvn dependency:go-offline'],
    ['build.gradle.kts', 'maven', 'gradle', 'gradle dependencies'],
    ['Unknown.file', 'cargo', 'cargo', 'cargo fetch'],
  ];
  test.each(cases)('%s', (file, ecosystem, packageManager, command) => {
    expect(installHintFor(component({ ecosystem, location: { file, line: 1, column: 1 } }))).toEqual({ file, packageManager, command });
  });
  test("the reader's hint wins (it tells yarn berry from classic)", () => {
    const hint = { file: 'yarn.lock', packageManager: 'yarn-berry', command: 'yarn install --immutable' };
    expect(installHintFor(component({ installHint: hint }))).toBe(hint);
  });
});

describe('missing evidence, once per lockfile', () => {
  test('groups the unjudged components by lockfile and command; judged ones are left out', () => {
    const pnpm = { file: 'pnpm-lock.yaml', packageManager: 'pnpm', command: 'pnpm install --frozen-lockfile' };
    const components = [
      component({ name: 'a', installHint: pnpm }),
      component({ name: 'b', installHint: pnpm }),
      component({ name: 'c', ecosystem: 'golang', location: { file: 'go.mod', line: 3, column: 1 } }),
      component({ name: 'd', evidence: [{ kind: 'lockfile', value: 'MIT' }] }),
      component({ name: 'e', license: { expression: 'MIT', confidence: 1, source: 'override', category: 'permissive', traits: [], notes: [] } as unknown as Component['license'] }),
    ];
    expect(missingEvidenceByLockfile(components)).toEqual([
      { file: 'go.mod', ecosystem: 'golang', packageManager: 'go', components: 1, reason: 'not-installed', command: 'go mod download', online: '--online' },
      { file: 'pnpm-lock.yaml', ecosystem: 'npm', packageManager: 'pnpm', components: 2, reason: 'not-installed', command: 'pnpm install --frozen-lockfile', online: '--online' },
    ]);
  });

  const finding = (name: string, file: string, line: number, severity: Finding['severity'] = 'warn', messageId = 'noEvidence'): Finding => ({
    ruleId: 'unknown-license',
    severity,
    messageId,
    message: `${name} could not be judged`,
    component: `npm:${name}@1.0.0`,
    location: { file, line, column: 3 },
    data: { command: 'yarn install --frozen-lockfile', lockfile: 'yarn.lock', reason: 'not installed' },
  });

  test('human outputs: one finding per lockfile standing for many, others kept', () => {
    const findings = [
      finding('a', 'yarn.lock', 20),
      finding('b', 'yarn.lock', 12),
      finding('c', 'package.json', 7, 'error'),
      finding('d', 'yarn.lock', 30, 'error', 'unidentified'),
    ];
    const { rest, groups } = groupMissingEvidence(findings);
    expect(rest.map((f) => f.component)).toEqual(['npm:d@1.0.0']);
    expect(groups).toEqual([
      {
        file: 'yarn.lock',
        line: 12,
        column: 1,
        severity: 'error',
        ruleId: 'unknown-license',
        count: 3,
        command: 'yarn install --frozen-lockfile',
        message: '3 components could not be judged: no license evidence (not installed). Fix: run `yarn install --frozen-lockfile` and scan again, or scan with --online.',
      },
    ]);
    expect(withMissingEvidenceGrouped(findings).map((f) => [f.messageId, f.location.file, f.data?.components])).toEqual([
      ['noEvidence', 'yarn.lock', '3'],
      ['unidentified', 'yarn.lock', undefined],
    ]);
  });

  test('a single unjudged component stays as its own finding', () => {
    const one = [finding('a', 'yarn.lock', 20)];
    expect(groupMissingEvidence(one)).toEqual({ rest: one, groups: [] });
  });
});
