import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCacheFs } from '../src/read/ecosystems/shared/cache-fs';
import { ComponentCollector, DependencyGraph, propagateScopes } from '../src/read/ecosystems/shared/components';
import { TomlLocator, splitTomlKey } from '../src/read/ecosystems/shared/lines';
import { LICENSE_FILE_NAME } from '../src/read/ecosystems/shared/parse';
import { buildPurl, composerPurl, golangPurl, mavenPurl, normalizePypiName, pypiPurl } from '../src/read/ecosystems/shared/purl';
import { cargoReader } from '../src/read/ecosystems/cargo';
import { pypiReader } from '../src/read/ecosystems/pypi';
import { readDirectory } from '../src/read/ecosystems/shared/discover-dir';
import { gemReader } from '../src/read/ecosystems/gem';
import { nugetReader } from '../src/read/ecosystems/nuget';

describe('purl', () => {
  test.each([
    [pypiPurl('Django_REST.framework', '3.15.1'), 'pkg:pypi/django-rest-framework@3.15.1'],
    [mavenPurl('org.apache.commons', 'commons-lang3', '3.14.0'), 'pkg:maven/org.apache.commons/commons-lang3@3.14.0'],
    [golangPurl('github.com/hashicorp/vault/api', 'v1.14.0'), 'pkg:golang/github.com/hashicorp/vault/api@v1.14.0'],
    [golangPurl('gopkg.in/yaml.v3', 'v3.0.1'), 'pkg:golang/gopkg.in/yaml.v3@v3.0.1'],
    [composerPurl('Symfony/Console', 'v7.1.0'), 'pkg:composer/symfony/console@v7.1.0'],
    [buildPurl('cargo', undefined, 'serde', '1.0.0+build.1'), 'pkg:cargo/serde@1.0.0%2Bbuild.1'],
    [buildPurl('nuget', undefined, 'Newtonsoft.Json', ''), 'pkg:nuget/Newtonsoft.Json'],
    [buildPurl('gem', undefined, 'name with space', '1'), 'pkg:gem/name%20with%20space@1'],
  ])('%s', (got, expected) => {
    expect(got).toBe(expected);
  });

  test('PEP 503 normalisation', () => {
    expect(normalizePypiName('  Foo__Bar-.Baz ')).toBe('foo-bar-baz');
  });
});

describe('TomlLocator', () => {
  const text = [
    'name = "root"', // 1
    'dependencies.inline = "1"', // 2
    '[package]', // 3
    'name = "x"', // 4
    'license.workspace = true', // 5
    'description = """', // 6
    '[fake-header]', // 7
    '"""', // 8
    "[target.'cfg(unix)'.dependencies]", // 9
    '"quoted-key" = "2"', // 10
    '[[package]]', // 11
    'name = "a"', // 12
    '[[package]]', // 13
    'name = "b"', // 14
    'version = "2"', // 15
  ].join('\n');
  const loc = new TomlLocator('Cargo.toml', text);

  test('keys in tables, dotted keys, quoted headers and keys', () => {
    expect(loc.findKey('package', 'name', 0)).toEqual({ file: 'Cargo.toml', line: 4, column: 1 });
    expect(loc.findKey('package', 'license')).toEqual({ file: 'Cargo.toml', line: 5, column: 1 });
    expect(loc.findKey('dependencies', 'inline')).toEqual({ file: 'Cargo.toml', line: 2, column: 1 });
    expect(loc.findKey('target.cfg(unix).dependencies', 'quoted-key')?.line).toBe(10);
  });

  test('multi-line strings are not headers; array tables are indexed', () => {
    expect(loc.tablesNamed('fake-header')).toEqual([]);
    expect(loc.arrayTables('package')).toEqual([
      { line: 11, values: { name: 'a' } },
      { line: 13, values: { name: 'b', version: '2' } },
    ]);
    expect(loc.tableHeader('package', 1)).toEqual({ file: 'Cargo.toml', line: 11, column: 1 });
  });

  test('splitTomlKey', () => {
    expect(splitTomlKey(` a . "b.c" . 'd' `)).toEqual(['a', 'b.c', 'd']);
  });
});

describe('ComponentCollector and DependencyGraph', () => {
  test('repeats merge: the shipped scope wins, a direct declaration takes over the location', () => {
    const c = new ComponentCollector('cargo');
    c.add({ name: 'a', version: '1', purl: 'p', scope: 'dev', direct: false, location: { file: 'Cargo.lock', line: 9, column: 1 }, evidence: [{ kind: 'file', file: 'x' }] });
    c.add({ name: 'a', version: '1', purl: 'p', scope: 'prod', direct: true, requested: '^1', location: { file: 'Cargo.toml', line: 3, column: 1 }, evidence: [{ kind: 'file', file: 'x' }] });
    expect(c.list()).toEqual([
      expect.objectContaining({ id: 'cargo:a@1', scope: 'prod', direct: true, requested: '^1', location: { file: 'Cargo.toml', line: 3, column: 1 }, evidence: [{ kind: 'file', file: 'x' }] }),
    ]);
    expect(c.list(false)).toHaveLength(1);
  });

  test('shortest paths per root and scope propagation survive cycles', () => {
    const g = new DependencyGraph();
    g.addRootEdge('app@1', 'a');
    g.addRootEdge('app@1', 't');
    g.addEdge('a', 'b');
    g.addEdge('b', 'a');
    g.addEdge('t', 'b');
    g.addEdge('t', 'only-test');
    const paths = g.shortestPaths();
    expect(paths.get('b')).toEqual([['app@1', 'a', 'b']]);
    const scopes = propagateScopes(g, new Map([['a', 'prod'], ['t', 'dev']]));
    expect(Object.fromEntries(scopes)).toEqual({ a: 'prod', b: 'prod', t: 'dev', 'only-test': 'dev' });
  });

  test('license file names', () => {
    for (const yes of ['LICENSE', 'LICENSE.md', 'license.txt', 'LICENSE-MIT', 'MIT-LICENSE', 'COPYING', 'COPYING.LESSER', 'UNLICENSE', 'LICENCE']) expect([yes, LICENSE_FILE_NAME.test(yes)]).toEqual([yes, true]);
    for (const no of ['licensed.go', 'README.md', 'NOTICE', 'copyingutils.py']) expect([no, LICENSE_FILE_NAME.test(no)]).toEqual([no, false]);
  });
});

describe('cache reader (outside the checkout)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eco-cache-'));
    fs.writeFileSync(path.join(dir, 'ok.txt'), 'hello');
    fs.writeFileSync(path.join(dir, 'bin.dat'), Buffer.from([1, 0, 2]));
    fs.writeFileSync(path.join(dir, 'big.txt'), 'x'.repeat(2048));
    fs.mkdirSync(path.join(dir, 'sub'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('reads text, refuses binary, too large, missing and folders, with ~ in names', async () => {
    const cache = createCacheFs({ HOME: dir });
    expect(await cache.readText(path.join(dir, 'ok.txt'))).toEqual({ ok: true, text: 'hello', truncated: false, size: 5 });
    const codes = [];
    for (const f of ['bin.dat', 'big.txt', 'missing.txt', 'sub']) {
      const res = await cache.readText(path.join(dir, f), { maxBytes: 1024 });
      codes.push(res.ok ? 'ok' : [res.diagnostic.code, res.diagnostic.file]);
    }
    expect(codes).toEqual([
      ['binary-file', '~/bin.dat'],
      ['file-too-large', '~/big.txt'],
      ['not-found', '~/missing.txt'],
      ['not-a-file', '~/sub'],
    ]);
    expect(cache.list(dir)).toEqual(['big.txt', 'bin.dat', 'ok.txt', 'sub']);
    expect(cache.list(path.join(dir, 'nope'))).toEqual([]);
  });
});

describe('more real shapes', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eco-shapes-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (rel: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  };

  test('Cargo.lock v1 dependency strings "name version (source)" and two versions of one crate', async () => {
    write('Cargo.toml', '[package]\nname = "app"\nversion = "0.1.0"\n\n[dependencies]\nrand = "0.8"\nold = { package = "rand", version = "0.7" }\n');
    write(
      'Cargo.lock',
      [
        '[[package]]',
        'name = "app"',
        'version = "0.1.0"',
        'dependencies = [',
        ' "rand 0.7.3 (registry+https://github.com/rust-lang/crates.io-index)",',
        ' "rand 0.8.5 (registry+https://github.com/rust-lang/crates.io-index)",',
        ']',
        '',
        '[[package]]',
        'name = "rand"',
        'version = "0.7.3"',
        'source = "registry+https://github.com/rust-lang/crates.io-index"',
        '',
        '[[package]]',
        'name = "rand"',
        'version = "0.8.5"',
        'source = "registry+https://github.com/rust-lang/crates.io-index"',
        '',
        '[metadata]',
        '"checksum rand 0.7.3 (registry+https://github.com/rust-lang/crates.io-index)" = "abc"',
      ].join('\n'),
    );
    const res = await readDirectory(cargoReader, dir);
    expect(res.components.map((c) => [c.id, c.direct, c.location.line])).toEqual([
      ['cargo:rand@0.7.3', true, 7],
      ['cargo:rand@0.8.5', true, 6],
    ]);
  });

  test('a declaration missing from an out-of-date lockfile is still a direct dependency', async () => {
    write('rs/Cargo.toml', '[package]\nname = "app"\nversion = "0.1.0"\n[dependencies]\nnew-crate = "2"\n');
    write('rs/Cargo.lock', 'version = 3\n\n[[package]]\nname = "app"\nversion = "0.1.0"\n');
    write('rb/Gemfile', 'source "https://rubygems.org"\ngem "newgem", "~> 1.0"\n');
    write('rb/Gemfile.lock', 'GEM\n  remote: https://rubygems.org/\n  specs:\n\nDEPENDENCIES\n');
    write('net/App.csproj', '<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="New.Pkg" Version="3.0.1" /></ItemGroup></Project>');
    write('net/packages.lock.json', '{"version": 1, "dependencies": {"net8.0": {}}}');
    const got = [];
    for (const reader of [cargoReader, gemReader, nugetReader]) {
      const res = await readDirectory(reader, dir);
      got.push(...res.components.map((c) => [c.id, c.direct, c.requested, `${c.location.file}:${c.location.line}`]));
    }
    expect(got).toEqual([
      ['cargo:new-crate@', true, '2', 'rs/Cargo.toml:5'],
      ['gem:newgem@', true, '~> 1.0', 'rb/Gemfile:2'],
      ['nuget:New.Pkg@3.0.1', true, '3.0.1', 'net/App.csproj:1'],
    ]);
  });

  test('Windows virtualenv layout (Lib/site-packages) and egg-info', async () => {
    write('venv/pyvenv.cfg', 'home = C:\\Python312\n');
    write('venv/Lib/site-packages/six-1.16.0.dist-info/METADATA', 'Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\nLicense: MIT\n');
    write('venv/Lib/site-packages/old_pkg-0.1.egg-info/PKG-INFO', 'Metadata-Version: 1.0\nName: old_pkg\nVersion: 0.1\nLicense: BSD\n');
    const res = await readDirectory(pypiReader, dir);
    expect(res.components.map((c) => [c.id, c.evidence.map((e) => (e.kind === 'declared' ? e.value : e.kind))])).toEqual([
      ['pypi:old-pkg@0.1', ['BSD']],
      ['pypi:six@1.16.0', ['MIT']],
    ]);
  });
});
