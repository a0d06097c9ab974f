import * as path from 'node:path';
import { cargoReader } from '../src/read/ecosystems/cargo';
import { readDirectory } from '../src/read/ecosystems/shared/discover-dir';
import type { Component } from '../src/types';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'eco-cargo');
const HOME = path.join(__dirname, '..', 'fixtures', 'eco-home');

function byId(components: Component[], id: string): Component {
  const c = components.find((x) => x.id === id);
  if (!c) throw new Error(`no component ${id}; have ${components.map((x) => x.id).join(', ')}`);
  return c;
}

describe('cargo reader', () => {
  let result: Awaited<ReturnType<typeof readDirectory>>;
  beforeAll(async () => {
    result = await readDirectory(cargoReader, FIXTURE, { env: { HOME } });
  });

  test('workspace members resolve through the root Cargo.lock; path crates are not components', () => {
    expect(result.components.map((c) => c.id)).toEqual([
      'cargo:anyhow@1.0.86',
      'cargo:cc@1.0.98',
      'cargo:insta@1.39.0',
      'cargo:serde@1.0.203',
      'cargo:similar@2.5.0',
      'cargo:tokio@1.38.0',
      'cargo:winapi@0.3.9',
    ]);
  });

  test('scopes: dependencies, optional, target-specific, dev and build dependencies', () => {
    expect(byId(result.components, 'cargo:anyhow@1.0.86')).toMatchObject({
      purl: 'pkg:cargo/anyhow@1.0.86',
      scope: 'prod',
      direct: true,
      requested: '1.0.86',
      location: { file: 'crates/agent/Cargo.toml', line: 12, column: 1 },
      paths: [['acme-agent@0.9.0', 'anyhow@1.0.86']],
    });
    expect(byId(result.components, 'cargo:tokio@1.38.0').scope).toBe('optional');
    expect(byId(result.components, 'cargo:winapi@0.3.9')).toMatchObject({ scope: 'prod', location: { line: 17 } });
    expect(byId(result.components, 'cargo:insta@1.39.0').scope).toBe('dev');
    expect(byId(result.components, 'cargo:cc@1.0.98').scope).toBe('dev');
    expect(byId(result.components, 'cargo:similar@2.5.0')).toMatchObject({
      scope: 'dev',
      direct: false,
      location: { file: 'Cargo.lock', line: 52, column: 1 },
      paths: [['acme-agent@0.9.0', 'insta@1.39.0', 'similar@2.5.0']],
    });
  });

  test('workspace-inherited dependency: requested from [workspace.dependencies], reached from both members', () => {
    const serde = byId(result.components, 'cargo:serde@1.0.203');
    expect(serde).toMatchObject({ direct: true, scope: 'prod', requested: '1.0', location: { file: 'crates/agent/Cargo.toml', line: 11 } });
    expect(serde.paths).toEqual([
      ['acme-agent@0.9.0', 'serde@1.0.203'],
      ['acme-proto@0.9.0', 'serde@1.0.203'],
    ]);
  });

  test('vendored crate: declared license with location and license files', () => {
    expect(byId(result.components, 'cargo:anyhow@1.0.86')).toMatchObject({
      installedPath: 'vendor/anyhow',
      evidence: [
        { kind: 'declared', field: 'license', value: 'MIT OR Apache-2.0', location: { file: 'vendor/anyhow/Cargo.toml', line: 9, column: 1 }, baseDir: 'vendor/anyhow' },
        { kind: 'file', file: 'vendor/anyhow/LICENSE-APACHE' },
        { kind: 'file', file: 'vendor/anyhow/LICENSE-MIT' },
      ],
    });
  });

  test('registry cache under $HOME/.cargo: declared license and absolute license file paths', () => {
    const dir = path.join(HOME, '.cargo/registry/src/index.crates.io-6f17d22bba15001f/serde-1.0.203').split(path.sep).join('/');
    expect(byId(result.components, 'cargo:serde@1.0.203').evidence).toEqual([
      { kind: 'declared', field: 'license', value: 'MIT OR Apache-2.0' },
      { kind: 'file', file: `${dir}/LICENSE-APACHE` },
      { kind: 'file', file: `${dir}/LICENSE-MIT` },
    ]);
  });

  test('CARGO_HOME overrides the default location', async () => {
    const other = await readDirectory(cargoReader, FIXTURE, { env: { HOME: '/nonexistent', CARGO_HOME: path.join(HOME, '.cargo') } });
    expect(byId(other.components, 'cargo:serde@1.0.203').evidence).toHaveLength(3);
    const none = await readDirectory(cargoReader, FIXTURE, { env: { HOME: '/nonexistent' } });
    expect(byId(none.components, 'cargo:serde@1.0.203').evidence).toEqual([]);
  });

  test('projects: workspace-inherited version/license, license-file, publish = false', () => {
    expect(result.projects.map((p) => [p.name, p.version, p.private])).toEqual([
      ['acme-agent', '0.9.0', true],
      ['acme-proto', '0.9.0', false],
    ]);
    const agent = result.projects[0];
    expect(agent.evidence).toEqual([{ kind: 'declared', field: 'license', value: 'BUSL-1.1', location: { file: 'crates/agent/Cargo.toml', line: 5, column: 1 }, baseDir: 'crates/agent' }]);
    expect(agent.facts).toMatchObject({ hasBin: true, isApplication: true });
    expect(agent).toMatchObject({ description: 'Telemetry agent', keywords: ['telemetry', 'agent'], location: { line: 2 } });
    expect(result.projects[1].evidence).toContainEqual({ kind: 'file', file: 'LICENSE-PROTO' });
  });
});
