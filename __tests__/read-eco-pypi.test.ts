import * as path from 'node:path';
import { pypiReader } from '../src/read/ecosystems/pypi';
import { readDirectory } from '../src/read/ecosystems/shared/discover-dir';
import { parseRequirement, isDevRequirementsFile } from '../src/read/ecosystems/pypi/requirements';
import { parseCoreMetadata, firstHeader } from '../src/read/ecosystems/pypi/metadata';
import { mapLicenseClassifiers } from '../src/read/ecosystems/pypi/classifiers';
import type { Component } from '../src/types';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'eco-pypi');

function byId(components: Component[], id: string): Component {
  const c = components.find((x) => x.id === id);
  if (!c) throw new Error(`no component ${id}; have ${components.map((x) => x.id).join(', ')}`);
  return c;
}

describe('pypi reader', () => {
  let result: Awaited<ReturnType<typeof readDirectory>>;
  beforeAll(async () => {
    result = await readDirectory(pypiReader, FIXTURE, { env: { HOME: '/nonexistent-home' } });
  });

  test('PEP 621 dependencies are direct, versions come from uv.lock, location is the declaration', () => {
    const requests = byId(result.components, 'pypi:requests@2.32.3');
    expect(requests).toMatchObject({
      purl: 'pkg:pypi/requests@2.32.3',
      scope: 'prod',
      direct: true,
      requested: '>=2.31',
      location: { file: 'pyproject.toml', line: 17, column: 6 },
      installedPath: '.venv/lib/python3.12/site-packages/requests-2.32.3.dist-info',
    });
    expect(requests.paths).toEqual([['acme-service@1.4.0', 'requests@2.32.3']]);
    const fastapi = byId(result.components, 'pypi:fastapi@0.111.0');
    expect(fastapi).toMatchObject({ direct: true, requested: '>=0.110,<1.0', location: { file: 'pyproject.toml', line: 18 } });
  });

  test('transitive uv.lock packages take the scope of what brings them in, with paths', () => {
    expect(byId(result.components, 'pypi:starlette@0.37.2')).toMatchObject({
      direct: false,
      scope: 'prod',
      location: { file: 'uv.lock', line: 77, column: 1 },
      paths: [['acme-service@1.4.0', 'fastapi@0.111.0', 'starlette@0.37.2']],
    });
    expect(byId(result.components, 'pypi:iniconfig@2.0.0')).toMatchObject({ direct: false, scope: 'dev' });
  });

  test('optional-dependencies are optional, test extras and dependency-groups are dev', () => {
    expect(byId(result.components, 'pypi:redis@5.0.4').scope).toBe('optional');
    expect(byId(result.components, 'pypi:ruff@0.4.4')).toMatchObject({ scope: 'dev', location: { file: 'pyproject.toml', line: 29 } });
    expect(byId(result.components, 'pypi:pytest@8.2.0').scope).toBe('dev');
  });

  test('installed METADATA gives License-Expression, License text, classifiers and license files', () => {
    const requests = byId(result.components, 'pypi:requests@2.32.3');
    const meta = '.venv/lib/python3.12/site-packages/requests-2.32.3.dist-info/METADATA';
    expect(requests.evidence).toEqual([
      { kind: 'declared', field: 'license-expression', value: 'Apache-2.0', location: { file: meta, line: 7, column: 1 }, baseDir: '.venv/lib/python3.12/site-packages/requests-2.32.3.dist-info' },
      { kind: 'declared', field: 'classifiers', value: 'Apache-2.0', location: { file: meta, line: 10, column: 1 } },
      { kind: 'file', file: '.venv/lib/python3.12/site-packages/requests-2.32.3.dist-info/licenses/LICENSE' },
    ]);
    const idna = byId(result.components, 'pypi:idna@3.7');
    expect(idna.evidence).toContainEqual(expect.objectContaining({ field: 'license', value: 'BSD-3-Clause\nwith an extra line' }));
    expect(idna.evidence).toContainEqual({ kind: 'file', file: '.venv/lib/python3.12/site-packages/idna-3.7.dist-info/LICENSE.md' });
    // "License: UNKNOWN" is no evidence; two license classifiers are a choice.
    const internal = byId(result.components, 'pypi:acme-internal@0.1.0');
    expect(internal.evidence).toEqual([expect.objectContaining({ field: 'classifiers', value: 'Apache-2.0 OR MIT' })]);
    expect(internal.direct).toBe(false);
  });

  test('requirements files: pins, extras, markers, -e #egg=, dev file names, missing -r include', () => {
    const django = byId(result.components, 'pypi:django@');
    expect(django).toMatchObject({ direct: true, scope: 'prod', requested: '>=4.2,<5', location: { file: 'requirements.txt', line: 4, column: 1 } });
    expect(byId(result.components, 'pypi:acme-tooling@').location.line).toBe(5);
    expect(byId(result.components, 'pypi:black@')).toMatchObject({ scope: 'dev', location: { file: 'requirements-dev.txt', line: 3 } });
    expect(result.diagnostics).toContainEqual(expect.objectContaining({ code: 'not-found', file: 'requirements.txt', line: 6 }));
  });

  test('poetry: dependencies, optional, groups, lock categories and transitive paths', () => {
    expect(byId(result.components, 'pypi:pymongo@4.7.2')).toMatchObject({ direct: true, scope: 'prod', requested: '^4.7', location: { file: 'poetry-app/pyproject.toml', line: 11 } });
    expect(byId(result.components, 'pypi:celery@5.4.0').scope).toBe('optional');
    expect(byId(result.components, 'pypi:mypy@1.10.0').scope).toBe('dev');
    expect(byId(result.components, 'pypi:mypy-extensions@1.0.0')).toMatchObject({ scope: 'dev', direct: false, location: { file: 'poetry-app/poetry.lock', line: 30 } });
    expect(byId(result.components, 'pypi:dnspython@2.6.1').paths).toEqual([['poetry-app@0.3.0', 'pymongo@4.7.2', 'dnspython@2.6.1']]);
  });

  test('Pipfile + Pipfile.lock: default is prod, develop is dev', () => {
    expect(byId(result.components, 'pypi:elasticsearch@8.13.1')).toMatchObject({ scope: 'prod', direct: true, location: { file: 'pipenv-app/Pipfile', line: 8 } });
    expect(byId(result.components, 'pypi:flask@3.0.3').requested).toBe('==3.0.3');
  });

  test('setup.cfg dependencies and project', () => {
    expect(byId(result.components, 'pypi:psycopg2-binary@2.9.9')).toMatchObject({ direct: true, scope: 'prod', location: { file: 'legacy/setup.cfg', line: 15 } });
    expect(byId(result.components, 'pypi:sphinx@').scope).toBe('dev');
    const legacy = result.projects.find((p) => p.name === 'legacy-tool')!;
    expect(legacy.evidence).toEqual([
      { kind: 'declared', field: 'license', value: 'GPL-3.0-or-later', location: { file: 'legacy/setup.cfg', line: 5, column: 1 }, baseDir: 'legacy' },
      { kind: 'file', file: 'legacy/COPYING' },
      { kind: 'declared', field: 'classifiers', value: 'GPL-3.0-or-later', location: { file: 'legacy/setup.cfg', line: 7, column: 1 } },
    ]);
  });

  test('own projects: PEP 639 license, license-files globs, facts', () => {
    const acme = result.projects.find((p) => p.file === 'pyproject.toml')!;
    expect(acme).toMatchObject({ ecosystem: 'pypi', name: 'Acme_Service', version: '1.4.0', description: 'Open source ingestion service', keywords: ['ingest', 'etl'] });
    expect(acme.evidence).toContainEqual({ kind: 'declared', field: 'license', value: 'Apache-2.0', location: { file: 'pyproject.toml', line: 10, column: 1 }, baseDir: '.' });
    expect(acme.evidence).toContainEqual({ kind: 'file', file: 'LICENSE' });
    expect(acme.evidence).toContainEqual({ kind: 'file', file: 'licenses/THIRD-PARTY.txt' });
    expect(acme.facts).toMatchObject({ hasScripts: true, isLibrary: true, serverFrameworks: ['fastapi'] });
    const poetry = result.projects.find((p) => p.name === 'poetry-app')!;
    expect(poetry.facts).toMatchObject({ isApplication: true });
    // A Pipfile folder with no package metadata is an application.
    expect(result.projects.find((p) => p.file === 'pipenv-app/Pipfile')).toMatchObject({
      name: 'pipenv-app',
      private: true,
      facts: { isApplication: true, isLibrary: false, serverFrameworks: ['flask'] },
    });
    // The checkout's own package is never a component.
    expect(result.components.some((c) => c.name === 'acme-service')).toBe(false);
  });

  test('malformed TOML is a positioned diagnostic and the scan goes on', () => {
    expect(result.diagnostics).toContainEqual(expect.objectContaining({ code: 'invalid-toml', file: 'broken/pyproject.toml', line: 4 }));
  });

  test('includeDev: false leaves dev components out', async () => {
    const prodOnly = await readDirectory(pypiReader, FIXTURE, { includeDev: false });
    expect(prodOnly.components.some((c) => c.scope === 'dev')).toBe(false);
    expect(prodOnly.components.some((c) => c.id === 'pypi:requests@2.32.3')).toBe(true);
  });

  test('output is deterministic and sorted', async () => {
    const again = await readDirectory(pypiReader, FIXTURE, { env: { HOME: '/nonexistent-home' } });
    expect(JSON.stringify(again.components)).toBe(JSON.stringify(result.components));
    const ids = result.components.map((c) => c.id);
    expect(ids).toEqual([...ids].sort((a, b) => a.localeCompare(b)));
  });
});

describe('uv workspace', () => {
  test('the root uv.lock resolves members declared in their own pyproject.toml', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eco-uv-'));
    const write = (rel: string, content: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), content);
    };
    try {
      write('pyproject.toml', '[project]\nname = "root"\nversion = "0.1.0"\ndependencies = []\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\n');
      write('packages/svc/pyproject.toml', '[project]\nname = "svc"\nversion = "0.2.0"\ndependencies = ["httpx>=0.27"]\n');
      write(
        'uv.lock',
        'version = 1\n\n[[package]]\nname = "root"\nversion = "0.1.0"\nsource = { virtual = "." }\n\n[[package]]\nname = "svc"\nversion = "0.2.0"\nsource = { editable = "packages/svc" }\ndependencies = [{ name = "httpx" }]\n\n[[package]]\nname = "httpx"\nversion = "0.27.0"\nsource = { registry = "https://pypi.org/simple" }\n',
      );
      const res = await readDirectory(pypiReader, dir);
      expect(res.components.map((c) => [c.id, c.direct, c.requested, c.location.file])).toEqual([['pypi:httpx@0.27.0', true, '>=0.27', 'packages/svc/pyproject.toml']]);
      expect(res.components[0].paths).toEqual([['svc@0.2.0', 'httpx@0.27.0']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pypi helpers', () => {
  test.each([
    ['requests', { name: 'requests', specifier: '' }],
    ['Foo_Bar.baz[security,socks]>=1.0 ; python_version<"3.8"', { name: 'foo-bar-baz', specifier: '>=1.0', extras: ['security', 'socks'], marker: 'python_version<"3.8"' }],
    ['pkg==1.2.3', { name: 'pkg', pinned: '1.2.3' }],
    ['pkg===1.2.3', { name: 'pkg', pinned: '1.2.3' }],
    ['pkg==1.*', { name: 'pkg', specifier: '==1.*' }],
    ['name @ https://example.com/x.whl ; sys_platform == "linux"', { name: 'name', specifier: '@ https://example.com/x.whl', marker: 'sys_platform == "linux"' }],
  ])('parseRequirement(%s)', (raw, expected) => {
    expect(parseRequirement(raw)).toMatchObject(expected);
  });

  test('parseRequirement refuses what names no package', () => {
    expect(parseRequirement('./local/pkg')).toBeUndefined();
    expect(parseRequirement('')).toBeUndefined();
  });

  test('dev requirements files by name', () => {
    expect(isDevRequirementsFile('requirements-dev.txt')).toBe(true);
    expect(isDevRequirementsFile('dev-requirements.txt')).toBe(true);
    expect(isDevRequirementsFile('requirements/test.txt')).toBe(true);
    expect(isDevRequirementsFile('requirements.txt')).toBe(false);
    expect(isDevRequirementsFile('requirements-prod.txt')).toBe(false);
  });

  test('core metadata stops at the body and joins continuation lines', () => {
    const meta = parseCoreMetadata('Name: x\nLicense: line one\n        line two\n\nLicense: body text\n');
    expect(firstHeader(meta, 'license')).toEqual({ value: 'line one\nline two', line: 2 });
    expect(meta.headers.get('license')).toHaveLength(1);
  });

  test('trove classifiers: mapped, generic ones left unmapped', () => {
    expect(mapLicenseClassifiers(['License :: OSI Approved :: MIT License', 'License :: OSI Approved :: BSD License', 'Framework :: Django'])).toEqual({
      spdx: ['MIT'],
      unmapped: ['License :: OSI Approved :: BSD License'],
    });
  });
});
