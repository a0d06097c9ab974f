import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ECOSYSTEMS,
  ECOSYSTEM_LIST,
  appPackagers,
  ecosystemOfPurlType,
  installCommandForFile,
  installFallback,
  isEcosystemFile,
  isInstalledLockfile,
  isLockfileName,
  isManifestName,
  isServerRunner,
  purlFoldsCase,
  serverFrameworks,
} from '../src/ecosystems';
import { selectReaders } from '../src/read';
import { REGISTRY_ENV, DEFAULT_REGISTRIES } from '../src/online/settings';
import type { DiscoveredFiles, ReaderEcosystem } from '../src/types';

function files(manifests: string[], lockfiles: string[] = [], all: string[] = [...manifests, ...lockfiles]): DiscoveredFiles {
  return { root: '/x', licenseFiles: [], manifests, lockfiles, installedTrees: [], all };
}

describe('the ecosystem registry (src/ecosystems)', () => {
  test('each descriptor is filed under its own id, and its reader reads that ecosystem', () => {
    for (const [id, d] of Object.entries(ECOSYSTEMS)) {
      expect(d.id).toBe(id);
      expect(d.reader().ecosystem).toBe(id);
      expect(typeof d.registry.lookup()).toBe('function');
    }
    expect(ECOSYSTEM_LIST.map((d) => d.id)).toEqual(Object.keys(ECOSYSTEMS).sort());
  });

  test('discover sorts every descriptor file name into manifests or lockfiles, in any case', () => {
    for (const d of ECOSYSTEM_LIST) {
      for (const name of d.files.manifests) {
        expect([name, isManifestName(name), isManifestName(name.toUpperCase())]).toEqual([name, true, true]);
        expect(isLockfileName(name)).toBe(false);
      }
      for (const name of d.files.lockfiles) expect([name, isLockfileName(name), isLockfileName(name.toLowerCase())]).toEqual([name, true, true]);
    }
    expect(isManifestName('requirements-dev.txt')).toBe(true);
    expect(isManifestName('App.csproj')).toBe(true);
    expect(isManifestName('foo.gemspec')).toBe(true);
    expect(isManifestName('README.md')).toBe(false);
    expect(isInstalledLockfile('vendor/modules.txt')).toBe(true);
    expect(isInstalledLockfile('app/vendor/composer/installed.json')).toBe(true);
    expect(isInstalledLockfile('vendor/foo/modules.txt')).toBe(false);
  });

  test.each<[string, string[], string[], ReaderEcosystem[]]>([
    ['a Cargo project', ['Cargo.toml'], ['Cargo.lock'], ['cargo']],
    ['npm with a pnpm lock', ['package.json'], ['pnpm-lock.yaml'], ['npm']],
    ['a Go module, vendored', ['go.mod'], ['vendor/modules.txt'], ['golang']],
    ['Composer from its installed tree only', [], ['vendor/composer/installed.json'], ['composer']],
    ['PyPI names in another case', ['REQUIREMENTS.txt'], [], ['pypi']],
    ['a polyglot root', ['Gemfile', 'api/App.csproj', 'pom.xml', 'pyproject.toml'], [], ['gem', 'maven', 'nuget', 'pypi']],
    ['a manifest name in a case its reader does not read', ['cargo.toml'], [], []],
  ])('selectReaders: %s', (_name, manifests, lockfiles, expected) => {
    expect(selectReaders(files(manifests, lockfiles)).map((r) => r.ecosystem)).toEqual(expected);
  });

  test('models are triggered by any file, not by manifests; CI YAML does not load the reader', () => {
    expect(selectReaders(files([], [], ['models/llama/model.safetensors'])).map((r) => r.ecosystem)).toEqual(['huggingface']);
    expect(selectReaders(files([], [], ['.github/workflows/ci.yml', 'pnpm-lock.yaml'])).map((r) => r.ecosystem)).toEqual([]);
    expect(isEcosystemFile(ECOSYSTEMS.huggingface, 'app.py')).toBe(false);
  });

  test('profile tables: frameworks per ecosystem, prefix patterns, Go major versions, runners of any ecosystem', () => {
    expect(serverFrameworks('npm', ['express', 'lodash', 'Fastify'])).toEqual(['express', 'fastify']);
    expect(serverFrameworks('maven', ['org.springframework.boot:spring-boot-starter-webflux'])).toEqual(['org.springframework.boot:spring-boot-starter-webflux']);
    expect(serverFrameworks('golang', ['github.com/labstack/echo/v4'])).toEqual(['github.com/labstack/echo']);
    expect(serverFrameworks('generic', ['express'])).toEqual([]);
    expect(appPackagers('npm', ['electron', 'react', 'electron'])).toEqual(['electron']);
    expect(appPackagers('pypi', ['electron'])).toEqual([]);
    for (const runner of ['gunicorn', 'puma', 'net/http', 'Microsoft.NET.Sdk.Web', 'org.springframework.boot:spring-boot-starter-web', 'io.ktor:ktor-server-netty-jvm']) expect([runner, isServerRunner(runner)]).toEqual([runner, true]);
    for (const other of ['flask', 'Gunicorn', 'io.ktor:ktor-server-core', 'express']) expect([other, isServerRunner(other)]).toEqual([other, false]);
  });

  test('install hints by file name, then by ecosystem', () => {
    expect(installCommandForFile('pnpm-lock.yaml')).toEqual({ packageManager: 'pnpm', command: 'pnpm install --frozen-lockfile' });
    expect(installCommandForFile('requirements-dev.txt')).toEqual({ packageManager: 'pip', command: 'pip install -r {file}' });
    expect(installCommandForFile('notes.txt')).toBeUndefined();
    expect(installFallback('golang')).toEqual({ packageManager: 'go', command: 'go mod download' });
  });

  test('purl types map to ecosystems; other types are generic', () => {
    for (const d of ECOSYSTEM_LIST) expect(ecosystemOfPurlType(d.purl.type)).toBe(d.id);
    expect(ecosystemOfPurlType('deb')).toBe('generic');
    expect(['pypi', 'composer', 'nuget', 'npm', 'maven'].map(purlFoldsCase)).toEqual([true, true, true, false, false]);
  });

  test('--online settings come from the descriptors', () => {
    expect(REGISTRY_ENV).toEqual({
      crates: 'LICENSE_RISK_REGISTRY_CRATES',
      packagist: 'LICENSE_RISK_REGISTRY_PACKAGIST',
      rubygems: 'LICENSE_RISK_REGISTRY_RUBYGEMS',
      huggingface: 'LICENSE_RISK_REGISTRY_HUGGINGFACE',
      maven: 'LICENSE_RISK_REGISTRY_MAVEN',
      nuget: 'LICENSE_RISK_REGISTRY_NUGET',
      pypi: 'LICENSE_RISK_REGISTRY_PYPI',
    });
    expect(DEFAULT_REGISTRIES.crates).toBe('https://crates.io/');
  });

  test('the profile inference reads the descriptors, never the read stage', () => {
    const source = fs.readFileSync(path.join(__dirname, '..', 'src', 'evaluate', 'profile.ts'), 'utf8');
    expect(source).not.toMatch(/from '\.\.\/read\//);
    expect(source).toMatch(/from '\.\.\/ecosystems'/);
  });
});
