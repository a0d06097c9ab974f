/** The settings `--online` reads: .npmrc, proxies, pip's index, cache folder, version forms. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { authorizationFor, NpmConfigLoader, packumentUrl, parseNpmrc, registryFor } from '../src/online/npmrc';
import { bypassesProxy, proxyFor } from '../src/online/proxy';
import { loadRegistrySettings, pipIndexUrlFromConf, pypiJsonBase } from '../src/online/settings';
import { cacheKey, defaultCacheDir } from '../src/online/cache';
import { normalizeNugetVersion } from '../src/online/registries/nuget';
import { expandMinified } from '../src/online/registries/composer';
import { splitGemPlatform } from '../src/online/registries/gem';
import { normalizePypiName } from '../src/online/registries/pypi';
import { mavenCoordinates } from '../src/online/registries/maven';
import { createSafeFs } from '../src/read/fs';
import type { Diagnostic } from '../src/types';

describe('.npmrc', () => {
  test('parses keys, quotes, comments and ${VAR} in keys and values; ignores sections', () => {
    const config = parseNpmrc(
      [
        '; comment',
        '# comment',
        'registry = "https://npm.example.com/repo"',
        '@corp:registry=https://corp.example/npm/',
        '//corp.example/npm/:_authToken=${CORP_TOKEN}',
        '//${MIRROR}/:_auth=${MISSING?}',
        'email=${UNSET}',
        '[section]',
        'registry=https://ignored.example/',
      ].join('\n'),
      { CORP_TOKEN: 't0k3n', MIRROR: 'mirror.example:8443' },
    );
    expect([...config]).toEqual([
      ['registry', 'https://npm.example.com/repo'],
      ['@corp:registry', 'https://corp.example/npm/'],
      ['//corp.example/npm/:_authToken', 't0k3n'],
      ['//mirror.example:8443/:_auth', ''],
      ['email', '${UNSET}'],
    ]);
  });

  test('scoped registries win for their scope; registry paths are kept', () => {
    const config = parseNpmrc('registry=https://npm.example.com/artifactory/api/npm/remote\n@corp:registry=https://corp.example/', {});
    expect(registryFor('@corp/widget', config)).toMatchObject({ origin: '@corp:registry' });
    const plain = registryFor('left-pad', config);
    if ('error' in plain) throw new Error(plain.error);
    expect(packumentUrl(plain.registry, 'left-pad').href).toBe('https://npm.example.com/artifactory/api/npm/remote/left-pad');
    const scoped = registryFor('@other/thing', config);
    if ('error' in scoped) throw new Error(scoped.error);
    expect(packumentUrl(scoped.registry, '@other/thing').href).toBe('https://npm.example.com/artifactory/api/npm/remote/@other%2fthing');
    expect(registryFor('x', new Map())).toMatchObject({ origin: 'default', registry: new URL('https://registry.npmjs.org/') });
    expect(registryFor('x', parseNpmrc('registry=file:///tmp/x', {}))).toEqual({ error: 'npm setting registry="file:///tmp/x" is not an http(s) URL' });
  });

  test('credentials apply only to the host (and path) they are keyed by', () => {
    const config = parseNpmrc(
      [
        '//npm.example.com/:_authToken=root-token',
        '//npm.example.com/private/:_authToken=private-token',
        '//basic.example/:username=alice',
        `//basic.example/:_password=${Buffer.from('s3cret').toString('base64')}`,
      ].join('\n'),
      {},
    );
    expect(authorizationFor(new URL('https://npm.example.com/left-pad'), config)).toBe('Bearer root-token');
    expect(authorizationFor(new URL('https://npm.example.com/private/@a%2fb'), config)).toBe('Bearer private-token');
    expect(authorizationFor(new URL('https://npm.example.com:8443/left-pad'), config)).toBeUndefined();
    expect(authorizationFor(new URL('https://evil.example/npm.example.com/left-pad'), config)).toBeUndefined();
    expect(authorizationFor(new URL('https://basic.example/pkg'), config)).toBe(`Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
  });

  test('layers: user config, then the nearest project .npmrc, then npm_config_* variables', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'license-risk-npmrc-'));
    try {
      const home = path.join(tmp, 'home');
      const root = path.join(tmp, 'repo');
      fs.mkdirSync(home);
      fs.mkdirSync(path.join(root, 'packages', 'app'), { recursive: true });
      fs.writeFileSync(path.join(home, '.npmrc'), 'registry=https://user.example/\n@corp:registry=https://user-corp.example/\n');
      fs.writeFileSync(path.join(root, 'packages', '.npmrc'), '@corp:registry=https://project-corp.example/\n');
      const diagnostics: Diagnostic[] = [];
      const loader = new NpmConfigLoader(createSafeFs(root), { HOME: home, NPM_CONFIG_REGISTRY: 'https://env.example/' }, diagnostics);
      const nested = await loader.configFor('packages/app/pnpm-lock.yaml');
      expect(nested.get('registry')).toBe('https://env.example/');
      expect(nested.get('@corp:registry')).toBe('https://project-corp.example/');
      const atRoot = await loader.configFor('pnpm-lock.yaml');
      expect(atRoot.get('@corp:registry')).toBe('https://user-corp.example/');
      expect(diagnostics).toEqual([]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('proxies', () => {
  const url = (s: string) => new URL(s);
  test('https prefers HTTPS_PROXY, falls back to HTTP_PROXY; lower case wins', () => {
    expect(proxyFor(url('https://registry.npmjs.org/x'), { HTTPS_PROXY: 'http://p1:3128', HTTP_PROXY: 'http://p2:3128' })?.host).toBe('p1:3128');
    expect(proxyFor(url('https://registry.npmjs.org/x'), { HTTP_PROXY: 'p2:3128' })?.href).toBe('http://p2:3128/');
    expect(proxyFor(url('http://registry.example/x'), { HTTPS_PROXY: 'http://p1:3128' })).toBeNull();
    expect(proxyFor(url('http://registry.example/x'), { http_proxy: 'http://lower:1', HTTP_PROXY: 'http://upper:1' })?.hostname).toBe('lower');
  });

  test('NO_PROXY matches hosts, subdomains, ports and *', () => {
    expect(bypassesProxy(url('https://registry.npmjs.org/x'), 'localhost, .npmjs.org')).toBe(true);
    expect(bypassesProxy(url('https://npmjs.org/x'), '.npmjs.org')).toBe(false);
    expect(bypassesProxy(url('https://registry.npmjs.org/x'), 'npmjs.org')).toBe(true);
    expect(bypassesProxy(url('https://notnpmjs.org/x'), 'npmjs.org')).toBe(false);
    expect(bypassesProxy(url('https://pypi.org/x'), '*.pypi.org')).toBe(false);
    expect(bypassesProxy(url('https://files.pypi.org/x'), '*.pypi.org')).toBe(true);
    expect(bypassesProxy(url('http://127.0.0.1:8080/x'), '127.0.0.1:8080')).toBe(true);
    expect(bypassesProxy(url('http://127.0.0.1:9090/x'), '127.0.0.1:8080')).toBe(false);
    expect(bypassesProxy(url('http://[::1]:80/x'), '[::1]')).toBe(true);
    expect(bypassesProxy(url('https://anything.example/'), '*')).toBe(true);
    expect(proxyFor(url('https://crates.io/x'), { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'crates.io' })).toBeNull();
  });
});

describe('PyPI index settings', () => {
  test('a /simple index maps to the JSON API of the same server, credentials moved to a header', () => {
    const ep = pypiJsonBase('https://user:p%40ss@pypi.corp.example/repository/pypi-proxy/simple/', 'PIP_INDEX_URL');
    expect(ep).toEqual({
      ok: true,
      url: new URL('https://pypi.corp.example/repository/pypi-proxy/'),
      authorization: `Basic ${Buffer.from('user:p@ss').toString('base64')}`,
      origin: 'PIP_INDEX_URL',
    });
    expect(pypiJsonBase('https://pypi.org/simple', 'PIP_INDEX_URL')).toMatchObject({ ok: true, url: new URL('https://pypi.org/') });
  });

  test('other index layouts are unsupported, not guessed', () => {
    expect(pypiJsonBase('https://devpi.example/root/pypi/+simple/', 'PIP_INDEX_URL')).toMatchObject({ ok: false, unsupported: true });
    expect(pypiJsonBase('not a url', 'PIP_INDEX_URL')).toMatchObject({ ok: false, error: 'PIP_INDEX_URL "not a url" is not a URL' });
  });

  test('pip.conf index-url, [install] over [global]; PIP_INDEX_URL over files', () => {
    expect(pipIndexUrlFromConf('[global]\nindex-url = https://a.example/simple\n[install]\nindex_url: https://b.example/simple\n')).toBe('https://b.example/simple');
    expect(pipIndexUrlFromConf('[global]\ntimeout = 60\n')).toBeUndefined();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'license-risk-pip-'));
    try {
      fs.mkdirSync(path.join(tmp, '.config', 'pip'), { recursive: true });
      fs.writeFileSync(path.join(tmp, '.config', 'pip', 'pip.conf'), '[global]\nindex-url = https://mirror.example/pypi/simple/\n');
      const fromFile = loadRegistrySettings({ HOME: tmp }, []);
      expect(fromFile.pypi).toMatchObject({ ok: true, url: new URL('https://mirror.example/pypi/') });
      const fromEnv = loadRegistrySettings({ HOME: tmp, PIP_INDEX_URL: 'https://env.example/simple' }, []);
      expect(fromEnv.pypi).toMatchObject({ ok: true, url: new URL('https://env.example/') });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('Maven mirrors of central in ~/.m2/settings.xml are used, with their server login', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'license-risk-m2-'));
    try {
      fs.mkdirSync(path.join(tmp, '.m2'));
      fs.writeFileSync(
        path.join(tmp, '.m2', 'settings.xml'),
        `<settings><servers><server><id>nexus</id><username>ci</username><password>pw</password></server></servers>
         <mirrors><mirror><id>nexus</id><mirrorOf>*</mirrorOf><url>https://nexus.example/repository/maven-public/</url></mirror></mirrors></settings>`,
      );
      const settings = loadRegistrySettings({ HOME: tmp }, []);
      expect(settings.maven).toMatchObject({ ok: true, url: new URL('https://nexus.example/repository/maven-public/'), authorization: `Basic ${Buffer.from('ci:pw').toString('base64')}` });
      fs.writeFileSync(path.join(tmp, '.m2', 'settings.xml'), '<settings><mirrors>');
      const diagnostics: Diagnostic[] = [];
      expect(loadRegistrySettings({ HOME: tmp }, diagnostics).maven).toMatchObject({ ok: true, url: new URL('https://repo1.maven.org/maven2/') });
      expect(diagnostics).toEqual([expect.objectContaining({ code: 'registry-config-invalid', file: path.join(tmp, '.m2', 'settings.xml') })]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('LICENSE_RISK_REGISTRY_* overrides that are not http(s) URLs are reported per lookup', () => {
    const settings = loadRegistrySettings({ HOME: '/nonexistent', LICENSE_RISK_REGISTRY_CRATES: 'ftp://crates.example' }, []);
    expect(settings.crates).toEqual({ ok: false, error: 'LICENSE_RISK_REGISTRY_CRATES "ftp://crates.example/" is not an http(s) URL' });
    expect(settings.nuget).toMatchObject({ ok: true, url: new URL('https://api.nuget.org/v3/index.json') });
  });
});

describe('cache location', () => {
  test('follows each platform’s user cache folder', () => {
    expect(defaultCacheDir({ HOME: '/home/u' }, 'linux')).toBe(path.join('/home/u', '.cache', 'license-risk', 'registry'));
    expect(defaultCacheDir({ HOME: '/home/u', XDG_CACHE_HOME: '/xdg' }, 'linux')).toBe(path.join('/xdg', 'license-risk', 'registry'));
    expect(defaultCacheDir({ HOME: '/Users/u' }, 'darwin')).toBe(path.join('/Users/u', 'Library', 'Caches', 'license-risk', 'registry'));
    expect(defaultCacheDir({ HOME: 'C:\\Users\\u', LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32')).toBe(
      path.join('C:\\Users\\u\\AppData\\Local', 'license-risk', 'registry'),
    );
  });

  test('cache keys never hold credentials', () => {
    expect(cacheKey(new URL('https://user:secret@pypi.example/pypi/x/1/json#frag'))).toBe('https://pypi.example/pypi/x/1/json');
  });
});

describe('ecosystem name and version forms', () => {
  test('NuGet normalised versions', () => {
    expect(normalizeNugetVersion('13.0.3')).toBe('13.0.3');
    expect(normalizeNugetVersion('1.0')).toBe('1.0.0');
    expect(normalizeNugetVersion('1.00.01.0')).toBe('1.0.1');
    expect(normalizeNugetVersion('4.3.0.1')).toBe('4.3.0.1');
    expect(normalizeNugetVersion('2.0.0-Beta.1+sha.abc')).toBe('2.0.0-beta.1');
  });

  test('Packagist minified lists inherit fields and honour __unset', () => {
    expect(expandMinified([{ version: '2.0.0', license: ['MIT'], require: { php: '>=8' } }, { version: '1.9.0' }, { version: '1.0.0', license: '__unset' }])).toEqual([
      { version: '2.0.0', license: ['MIT'], require: { php: '>=8' } },
      { version: '1.9.0', license: ['MIT'], require: { php: '>=8' } },
      { version: '1.0.0', require: { php: '>=8' } },
    ]);
  });

  test('RubyGems platform suffixes, PyPI names, Maven coordinates', () => {
    expect(splitGemPlatform('1.16.0-x86_64-linux')).toEqual({ version: '1.16.0', platform: 'x86_64-linux' });
    expect(splitGemPlatform('1.16.0-arm64-darwin')).toEqual({ version: '1.16.0', platform: 'arm64-darwin' });
    expect(splitGemPlatform('9.4.3.0-java')).toEqual({ version: '9.4.3.0', platform: 'java' });
    expect(splitGemPlatform('7.1.3')).toEqual({ version: '7.1.3' });
    expect(normalizePypiName('Zope.Interface')).toBe('zope-interface');
    expect(normalizePypiName('typing__extensions')).toBe('typing-extensions');
    expect(mavenCoordinates('org.slf4j:slf4j-api', '2.0.9', 'pkg:maven/org.slf4j/slf4j-api@2.0.9')).toEqual({ group: 'org.slf4j', artifact: 'slf4j-api', version: '2.0.9' });
    expect(mavenCoordinates('slf4j-api', '2.0.9', 'pkg:maven/org.slf4j/slf4j-api@2.0.9')).toEqual({ group: 'org.slf4j', artifact: 'slf4j-api', version: '2.0.9' });
    expect(mavenCoordinates('x', '1', 'pkg:npm/x@1')).toBeNull();
  });
});
