import * as path from 'node:path';
import { golangReader } from '../src/read/ecosystems/golang';
import { escapeModulePath, parseGoMod } from '../src/read/ecosystems/golang/gomod';
import { readDirectory } from '../src/read/ecosystems/shared/discover-dir';
import type { Component } from '../src/types';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'eco-golang');
const HOME = path.join(__dirname, '..', 'fixtures', 'eco-home');
const MODCACHE = path.join(HOME, 'go', 'pkg', 'mod').split(path.sep).join('/');

function byId(components: Component[], id: string): Component {
  const c = components.find((x) => x.id === id);
  if (!c) throw new Error(`no component ${id}; have ${components.map((x) => x.id).join(', ')}`);
  return c;
}

describe('golang reader', () => {
  let result: Awaited<ReturnType<typeof readDirectory>>;
  beforeAll(async () => {
    result = await readDirectory(golangReader, FIXTURE, { env: { HOME } });
  });

  test('require blocks and lines, // indirect, replace to a module, local replace dropped', () => {
    expect(result.components.map((c) => [c.id, c.direct])).toEqual([
      ['golang:github.com/BurntSushi/toml@v1.4.0', true],
      ['golang:github.com/hashicorp/go-version@v1.7.0', true],
      ['golang:github.com/hashicorp/terraform@v1.6.0', false],
      ['golang:github.com/new/lib@v1.2.0', true],
      ['golang:golang.org/x/sys@v0.21.0', false],
    ]);
    expect(byId(result.components, 'golang:github.com/new/lib@v1.2.0')).toMatchObject({ requested: 'v1.0.0', location: { file: 'go.mod', line: 13, column: 9 } });
  });

  test('purls, scopes, locations and paths', () => {
    expect(byId(result.components, 'golang:github.com/BurntSushi/toml@v1.4.0')).toMatchObject({
      purl: 'pkg:golang/github.com/BurntSushi/toml@v1.4.0',
      scope: 'prod',
      location: { file: 'go.mod', line: 6, column: 2 },
      paths: [['github.com/acme/agent@', 'github.com/BurntSushi/toml@v1.4.0']],
    });
    // Indirect modules: the path comes from the go.mod files kept in the module cache.
    expect(byId(result.components, 'golang:github.com/hashicorp/terraform@v1.6.0')).toMatchObject({
      location: { line: 8 },
      paths: [['github.com/acme/agent@', 'github.com/hashicorp/go-version@v1.7.0', 'github.com/hashicorp/terraform@v1.6.0']],
    });
    expect(byId(result.components, 'golang:golang.org/x/sys@v0.21.0').paths[0]).toHaveLength(4);
  });

  test('license files from vendor/ first, else the module cache with case-escaped paths', () => {
    expect(byId(result.components, 'golang:github.com/hashicorp/go-version@v1.7.0')).toMatchObject({
      installedPath: 'vendor/github.com/hashicorp/go-version',
      evidence: [{ kind: 'file', file: 'vendor/github.com/hashicorp/go-version/LICENSE' }],
    });
    // A replaced module is vendored under its old import path.
    expect(byId(result.components, 'golang:github.com/new/lib@v1.2.0')).toMatchObject({
      installedPath: 'vendor/github.com/old/lib',
      evidence: [{ kind: 'file', file: 'vendor/github.com/old/lib/LICENSE' }],
    });
    expect(byId(result.components, 'golang:github.com/BurntSushi/toml@v1.4.0').evidence).toEqual([
      { kind: 'file', file: `${MODCACHE}/github.com/!burnt!sushi/toml@v1.4.0/COPYING` },
    ]);
    expect(byId(result.components, 'golang:github.com/hashicorp/terraform@v1.6.0').evidence).toEqual([
      { kind: 'file', file: `${MODCACHE}/github.com/hashicorp/terraform@v1.6.0/LICENSE` },
    ]);
  });

  test('GOMODCACHE and GOPATH select the module cache', async () => {
    const viaModcache = await readDirectory(golangReader, FIXTURE, { env: { GOMODCACHE: MODCACHE } });
    expect(byId(viaModcache.components, 'golang:github.com/hashicorp/terraform@v1.6.0').evidence).toHaveLength(1);
    const viaGopath = await readDirectory(golangReader, FIXTURE, { env: { GOPATH: path.join(HOME, 'go') } });
    expect(byId(viaGopath.components, 'golang:github.com/hashicorp/terraform@v1.6.0').evidence).toHaveLength(1);
  });

  test('project: module path and main package', () => {
    expect(result.projects).toEqual([
      expect.objectContaining({ ecosystem: 'golang', name: 'github.com/acme/agent', file: 'go.mod', location: { file: 'go.mod', line: 1, column: 8 }, facts: expect.objectContaining({ hasMain: true }) }),
    ]);
  });
});

describe('go.mod parsing', () => {
  test('quoted paths, comments, blocks, replace forms and errors', () => {
    const mod = parseGoMod(
      [
        'module "example.com/m" // comment',
        'go 1.16',
        'require (',
        '  "example.com/a" v1.0.0 // indirect; reason',
        '  example.com/b v2.0.0+incompatible',
        ')',
        'replace example.com/a v1.0.0 => example.com/c v1.1.0',
        'replace example.com/b => ./b',
        'exclude example.com/a v0.9.0',
        'require example.com/broken',
        'require (',
      ].join('\n'),
    );
    expect(mod.module).toEqual({ path: 'example.com/m', line: 1, column: 8 });
    expect(mod.goVersion).toBe('1.16');
    expect(mod.requires.map((r) => [r.path, r.version, r.indirect])).toEqual([
      ['example.com/a', 'v1.0.0', true],
      ['example.com/b', 'v2.0.0+incompatible', false],
    ]);
    expect(mod.replaces).toEqual([
      { oldPath: 'example.com/a', oldVersion: 'v1.0.0', newPath: 'example.com/c', newVersion: 'v1.1.0', line: 7 },
      { oldPath: 'example.com/b', newPath: './b', line: 8 },
    ]);
    expect(mod.errors.map((e) => e.line)).toEqual([10, 11]);
  });

  test('module cache case escaping', () => {
    expect(escapeModulePath('github.com/BurntSushi/toml')).toBe('github.com/!burnt!sushi/toml');
    expect(escapeModulePath('v1.0.0-RC1')).toBe('v1.0.0-!r!c1');
  });

  test('go.sum fills the build list for modules before Go 1.17', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eco-go-'));
    try {
      fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/old\n\ngo 1.13\n\nrequire github.com/pkg/errors v0.9.1\n');
      fs.writeFileSync(
        path.join(dir, 'go.sum'),
        'github.com/pkg/errors v0.9.1 h1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4=\ngithub.com/pkg/errors v0.9.1/go.mod h1:bwawxfHBFNV+L2hUp1rHADufV3IMtnDRdf1r5NINEl0=\ngolang.org/x/text v0.3.0 h1:g61tztE5qeGQ89tm6NTjjM9VPIm088od1l6aSorWRWg=\nnot a sum line\n',
      );
      const res = await readDirectory(golangReader, dir);
      expect(res.components.map((c) => [c.id, c.direct, c.location.file, c.location.line])).toEqual([
        ['golang:github.com/pkg/errors@v0.9.1', true, 'go.mod', 5],
        ['golang:golang.org/x/text@v0.3.0', false, 'go.sum', 3],
      ]);
      expect(res.diagnostics).toEqual([expect.objectContaining({ code: 'invalid-go-sum', file: 'go.sum', line: 4 })]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
