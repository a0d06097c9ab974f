/**
 * `--online` against local registries: node:http servers on 127.0.0.1 serving responses of
 * each registry's real shape (fixtures/online/registry), pointed at through the settings users
 * have (.npmrc, npm_config_registry, PIP_INDEX_URL, LICENSE_RISK_REGISTRY_*). No internet.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { Component, Ecosystem } from '../src/types';
import { enrichFromRegistries, type OnlineOptions } from '../src/online';
import { RegistryCache } from '../src/online/cache';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'online');
const RESPONSES = path.join(FIXTURE, 'registry');
const CERTS = path.join(__dirname, '..', 'fixtures', 'online-proxy');

function response(name: string): string {
  return fs.readFileSync(path.join(RESPONSES, name), 'utf8');
}

// ---------------------------------------------------------------------------------------------
// A scriptable registry and a counting proxy

interface Served {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  /** Wait before answering (to trip the client's timeout). */
  delayMs?: number;
  gzip?: boolean;
}

interface RecordedRequest {
  method: string;
  url: string;
  authorization?: string;
  userAgent?: string;
}

interface TestServer {
  origin: string;
  host: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const servers: TestServer[] = [];

/** A route answers with one response, or with each of a list in turn (the last repeats). */
async function startRegistry(routes: Record<string, Served | Served[]>, tls = false): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const hits = new Map<string, number>();
  let origin = '';
  const handler: http.RequestListener = (req, res) => {
    const url = req.url ?? '/';
    requests.push({ method: req.method ?? '', url, authorization: req.headers.authorization, userAgent: req.headers['user-agent'] });
    const route = routes[url];
    const n = hits.get(url) ?? 0;
    hits.set(url, n + 1);
    const served: Served = route === undefined ? { status: 404, body: '{"error":"Not found"}' } : Array.isArray(route) ? route[Math.min(n, route.length - 1)] : route;
    const send = (): void => {
      if (res.destroyed) return;
      const body = (served.body ?? '').replace(/\{\{BASE\}\}/g, origin);
      res.writeHead(served.status ?? 200, { 'content-type': 'application/json', ...(served.gzip ? { 'content-encoding': 'gzip' } : {}), ...served.headers });
      res.end(served.gzip ? zlib.gzipSync(body) : body);
    };
    if (served.delayMs) setTimeout(send, served.delayMs);
    else send();
  };
  const server = tls
    ? https.createServer({ key: fs.readFileSync(path.join(CERTS, 'registry-key.pem')), cert: fs.readFileSync(path.join(CERTS, 'registry-cert.pem')) }, handler)
    : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  origin = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const started: TestServer = {
    origin,
    host: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(started);
  return started;
}

/** A forward proxy: absolute-form GETs for http, CONNECT tunnels for https; counts both. */
async function startProxy(requiredAuth?: string): Promise<TestServer & { connects: string[] }> {
  const requests: RecordedRequest[] = [];
  const connects: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers['proxy-authorization'] });
    if (requiredAuth && req.headers['proxy-authorization'] !== requiredAuth) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="proxy"' }).end();
      return;
    }
    const target = new URL(req.url ?? '');
    const upstream = http.request(
      { hostname: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    upstream.end();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req, client: net.Socket, head: Buffer) => {
    connects.push(req.url ?? '');
    if (requiredAuth && req.headers['proxy-authorization'] !== requiredAuth) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="proxy"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [hostname, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), hostname, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const proxy = {
    origin: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    connects,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(proxy);
  return proxy;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

// ---------------------------------------------------------------------------------------------
// Components as the readers produce them for lockfile-only scans

function purlOf(ecosystem: Ecosystem, name: string, version: string): string {
  if (ecosystem === 'maven') {
    const [group, artifact] = name.split(':');
    return `pkg:maven/${group}/${artifact}@${version}`;
  }
  const encoded = name.startsWith('@') ? `%40${name.slice(1)}` : name;
  return `pkg:${ecosystem}/${encoded}@${version}`;
}

function component(ecosystem: Ecosystem, name: string, version: string, file: string, line = 1): Component {
  return {
    id: `${ecosystem}:${name}@${version}`,
    ecosystem,
    name,
    version,
    purl: purlOf(ecosystem, name, version),
    scope: 'prod',
    direct: true,
    paths: [[`${name}@${version}`]],
    evidence: [],
    location: { file, line, column: 1 },
  };
}

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'license-risk-online-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Options with an isolated HOME and cache, so the developer's own .npmrc and cache stay out. */
function options(env: NodeJS.ProcessEnv, extra: Partial<OnlineOptions> = {}): OnlineOptions {
  const home = path.join(tmp, 'home');
  fs.mkdirSync(home, { recursive: true });
  return { root: FIXTURE, env: { HOME: home, ...env }, cacheDir: path.join(tmp, 'cache'), backoffMs: 5, timeoutMs: 5000, ...extra };
}

function registryEvidence(c: Component): { field: string; value: unknown }[] {
  return c.evidence.map((e) => (e.kind === 'declared' ? { field: e.field, value: e.value } : { field: e.kind, value: null }));
}

// ---------------------------------------------------------------------------------------------

describe('enrichFromRegistries: one lookup per ecosystem', () => {
  test('every ecosystem answers from its configured registry with the raw license field', async () => {
    const registry = await startRegistry({
      '/left-pad': { body: response('npm-left-pad.json') },
      '/legacy-licenses': { body: response('npm-legacy-licenses.json') },
      '/pypi/requests/2.31.0/json': { body: response('pypi-requests-2.31.0.json') },
      '/pypi/attrs/25.1.0/json': { body: response('pypi-attrs-25.1.0.json') },
      '/api/v1/crates/serde/1.0.197': { body: response('crates-serde-1.0.197.json') },
      '/maven2/org/apache/commons/commons-lang3/3.14.0/commons-lang3-3.14.0.pom': { body: response('maven-commons-lang3-3.14.0.pom'), headers: { 'content-type': 'text/xml' } },
      '/maven2/org/apache/commons/commons-parent/64/commons-parent-64.pom': { body: response('maven-commons-parent-64.pom') },
      '/maven2/org/apache/apache/30/apache-30.pom': { body: response('maven-apache-30.pom') },
      '/maven2/ch/qos/logback/logback-classic/1.4.14/logback-classic-1.4.14.pom': { body: response('maven-logback-classic-1.4.14.pom') },
      '/p2/monolog/monolog.json': { body: response('packagist-monolog.json') },
      '/api/v2/rubygems/rails/versions/7.1.3.json': { body: response('rubygems-rails-7.1.3.json') },
      '/api/v2/rubygems/nokogiri/versions/1.16.0.json?platform=x86_64-linux': { body: response('rubygems-nokogiri-1.16.0-x86_64-linux.json') },
      '/v3/index.json': { body: response('nuget-index.json') },
      '/v3-flatcontainer/newtonsoft.json/13.0.3/newtonsoft.json.nuspec': { body: response('nuget-newtonsoft.json-13.0.3.nuspec') },
    });
    const corp = await startRegistry({ '/@corp%2fwidget': { body: response('npm-corp-widget.json') } });

    const components = [
      component('npm', 'left-pad', '1.3.0', 'pnpm-lock.yaml', 22),
      component('npm', 'legacy-licenses', '0.4.2', 'pnpm-lock.yaml', 29),
      component('npm', '@corp/widget', '2.0.1', 'pnpm-lock.yaml', 19),
      component('pypi', 'requests', '2.31.0', 'requirements.txt', 1),
      component('pypi', 'attrs', '25.1.0', 'requirements.txt', 2),
      component('cargo', 'serde', '1.0.197', 'Cargo.lock', 5),
      component('maven', 'org.apache.commons:commons-lang3', '3.14.0', 'pom.xml', 10),
      component('maven', 'ch.qos.logback:logback-classic', '1.4.14', 'pom.xml', 15),
      component('composer', 'monolog/monolog', '3.4.0', 'composer.lock', 8),
      component('composer', 'monolog/monolog', 'v3.5.0', 'composer.lock', 40),
      component('composer', 'monolog/monolog', '1.0.0', 'composer.lock', 70),
      component('gem', 'rails', '7.1.3', 'Gemfile.lock', 3),
      component('gem', 'nokogiri', '1.16.0-x86_64-linux', 'Gemfile.lock', 4),
      component('nuget', 'Newtonsoft.Json', '13.0.3', 'packages.lock.json', 6),
      component('golang', 'github.com/hashicorp/vault/api', 'v1.12.0', 'go.mod', 5),
    ];
    const diagnostics = await enrichFromRegistries(
      components,
      options({
        npm_config_registry: `${registry.origin}/`,
        LR_TEST_CORP_REGISTRY: `${corp.origin}/`,
        LR_TEST_CORP_HOST: corp.host,
        LR_TEST_CORP_TOKEN: 'corp-secret-token',
        PIP_INDEX_URL: `${registry.origin}/simple/`,
        LICENSE_RISK_REGISTRY_CRATES: registry.origin,
        LICENSE_RISK_REGISTRY_MAVEN: `${registry.origin}/maven2`,
        LICENSE_RISK_REGISTRY_PACKAGIST: registry.origin,
        LICENSE_RISK_REGISTRY_RUBYGEMS: registry.origin,
        LICENSE_RISK_REGISTRY_NUGET: `${registry.origin}/v3/index.json`,
      }),
    );

    const byId = Object.fromEntries(components.map((c) => [c.id, registryEvidence(c)]));
    // npm packuments date each version (`time`): what an FSL's two-year conversion counts from.
    expect(components.filter((c) => c.released).map((c) => [c.id, c.released])).toEqual([
      ['npm:left-pad@1.3.0', '2018-04-09'],
      ['npm:@corp/widget@2.0.1', '2024-02-01'],
    ]);
    const field = `registry:${registry.host}`;
    expect(byId).toEqual({
      'npm:left-pad@1.3.0': [{ field, value: 'WTFPL' }],
      'npm:legacy-licenses@0.4.2': [
        {
          field,
          value: [
            { type: 'MIT', url: 'https://github.com/example/legacy-licenses/raw/master/LICENSE-MIT' },
            { type: 'GPL-2.0', url: 'https://github.com/example/legacy-licenses/raw/master/LICENSE-GPL' },
          ],
        },
      ],
      'npm:@corp/widget@2.0.1': [{ field: `registry:${corp.host}`, value: 'BUSL-1.1' }],
      // license_expression absent: the short `license` first, the classifier as a fallback.
      'pypi:requests@2.31.0': [
        { field, value: 'Apache 2.0' },
        { field, value: 'Apache-2.0' },
      ],
      'pypi:attrs@25.1.0': [{ field, value: 'MIT' }],
      'cargo:serde@1.0.197': [{ field, value: 'MIT OR Apache-2.0' }],
      // Inherited through commons-parent from the org.apache:apache POM.
      'maven:org.apache.commons:commons-lang3@3.14.0': [{ field, value: 'Apache-2.0' }],
      'maven:ch.qos.logback:logback-classic@1.4.14': [{ field, value: ['Eclipse Public License - v 1.0', 'GNU Lesser General Public License'] }],
      // 3.4.0 repeats nothing of 3.5.0's license in the minified list: it inherits it.
      'composer:monolog/monolog@3.4.0': [{ field, value: ['MIT'] }],
      'composer:monolog/monolog@v3.5.0': [{ field, value: ['MIT'] }],
      'composer:monolog/monolog@1.0.0': [],
      'gem:rails@7.1.3': [{ field, value: ['MIT'] }],
      'gem:nokogiri@1.16.0-x86_64-linux': [{ field, value: ['MIT'] }],
      'nuget:Newtonsoft.Json@13.0.3': [{ field, value: 'MIT' }],
      'golang:github.com/hashicorp/vault/api@v1.12.0': [],
    });

    expect(diagnostics).toEqual([
      {
        code: 'registry-no-license',
        severity: 'info',
        file: 'composer.lock',
        line: 70,
        column: 1,
        message: `${registry.host} has no license metadata for monolog/monolog@1.0.0`,
      },
      {
        code: 'registry-lookup-unsupported',
        severity: 'info',
        file: 'go.mod',
        message: expect.stringContaining('golang: license metadata is not available from the Go module proxy'),
      },
    ]);
    expect(diagnostics[1].message).toContain('github.com/hashicorp/vault/api@v1.12.0');

    // The scoped name is encoded as npm does, and the token goes to its own host only.
    expect(corp.requests.map((r) => [r.url, r.authorization])).toEqual([['/@corp%2fwidget', 'Bearer corp-secret-token']]);
    expect(registry.requests.every((r) => r.authorization === undefined)).toBe(true);
    expect(registry.requests.every((r) => r.userAgent?.startsWith('license-risk/'))).toBe(true);
    // Three monolog versions share one metadata file and one request.
    expect(registry.requests.filter((r) => r.url === '/p2/monolog/monolog.json')).toHaveLength(1);
  });

  test('components with declared, lockfile or override evidence are not looked up', async () => {
    const registry = await startRegistry({ '/left-pad': { body: response('npm-left-pad.json') } });
    const declared = component('npm', 'left-pad', '1.3.0', 'pnpm-lock.yaml');
    declared.evidence.push({ kind: 'lockfile', value: 'MIT' });
    const withFileOnly = component('npm', 'left-pad', '1.1.3', 'pnpm-lock.yaml');
    withFileOnly.evidence.push({ kind: 'file', file: 'node_modules/left-pad/LICENSE' });
    const diagnostics = await enrichFromRegistries([declared, withFileOnly], options({ npm_config_registry: registry.origin }));
    expect(diagnostics).toEqual([]);
    expect(declared.evidence).toEqual([{ kind: 'lockfile', value: 'MIT' }]);
    expect(registryEvidence(withFileOnly)).toEqual([{ field: 'file', value: null }, { field: `registry:${registry.host}`, value: 'WTFPL' }]);
    expect(registry.requests).toHaveLength(1);
  });
});

test('SEE LICENSE IN from a registry never points into the checkout', async () => {
  const packument = JSON.parse(response('npm-left-pad.json'));
  packument.versions['1.3.0'].license = 'SEE LICENSE IN LICENSE.md';
  const registry = await startRegistry({ '/left-pad': { body: JSON.stringify(packument) } });
  const remote = component('npm', 'left-pad', '1.3.0', 'pnpm-lock.yaml');
  const installed = component('npm', 'left-pad', '1.3.0', 'pnpm-lock.yaml');
  installed.installedPath = 'node_modules/.pnpm/left-pad@1.3.0/node_modules/left-pad';
  await enrichFromRegistries([remote], options({ npm_config_registry: registry.origin }));
  await enrichFromRegistries([installed], options({ npm_config_registry: registry.origin }));
  const field = `registry:${registry.host}`;
  expect(remote.evidence).toEqual([{ kind: 'declared', field, value: 'SEE LICENSE IN LICENSE.md', baseDir: `${field}/left-pad@1.3.0` }]);
  expect(installed.evidence).toEqual([{ kind: 'declared', field, value: 'SEE LICENSE IN LICENSE.md', baseDir: installed.installedPath }]);
});

describe('enrichFromRegistries: cache', () => {
  test('a second run answers from the disk cache without a request', async () => {
    const registry = await startRegistry({
      '/left-pad': { body: response('npm-left-pad.json') },
      '/api/v1/crates/serde/1.0.197': { body: response('crates-serde-1.0.197.json') },
    });
    const env = { npm_config_registry: registry.origin, LICENSE_RISK_REGISTRY_CRATES: registry.origin };
    const first = [component('npm', 'left-pad', '1.3.0', 'pnpm-lock.yaml'), component('cargo', 'serde', '1.0.197', 'Cargo.lock')];
    expect(await enrichFromRegistries(first, options(env))).toEqual([]);
    expect(registry.requests).toHaveLength(2);

    const second = [component('npm', 'left-pad', '1.3.0', 'pnpm-lock.yaml'), component('cargo', 'serde', '1.0.197', 'Cargo.lock')];
    expect(await enrichFromRegistries(second, options(env))).toEqual([]);
    expect(registry.requests).toHaveLength(2);
    expect(second.map(registryEvidence)).toEqual(first.map(registryEvidence));

    // Entries carry the tool version and fetch date, and never the checkout's path.
    const files = fs.readdirSync(path.join(tmp, 'cache'), { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(2);
    const entry = JSON.parse(fs.readFileSync(path.join(tmp, 'cache', files[0]), 'utf8'));
    expect(entry).toMatchObject({ tool: 'license-risk', toolVersion: expect.any(String), fetchedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(fs.readdirSync(path.join(tmp, 'cache'), { recursive: true }).map(String).some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  test('a cached packument without the wanted version is fetched again', async () => {
    const older = JSON.parse(response('npm-left-pad.json'));
    delete older.versions['1.3.0'];
    const registry = await startRegistry({ '/left-pad': [{ body: JSON.stringify(older) }, { body: response('npm-left-pad.json') }] });
    const env = { npm_config_registry: registry.origin };
    await enrichFromRegistries([component('npm', 'left-pad', '1.1.3', 'pnpm-lock.yaml')], options(env));
    const later = component('npm', 'left-pad', '1.3.0', 'pnpm-lock.yaml');
    expect(await enrichFromRegistries([later], options(env))).toEqual([]);
    expect(registryEvidence(later)).toEqual([{ field: `registry:${registry.host}`, value: 'WTFPL' }]);
    expect(registry.requests).toHaveLength(2);
  });

  test('versions missing from a fresh packument cost no further requests', async () => {
    const registry = await startRegistry({ '/left-pad': { body: response('npm-left-pad.json') } });
    const components = ['1.3.0', '9.9.8', '9.9.9'].map((v) => component('npm', 'left-pad', v, 'pnpm-lock.yaml'));
    const diagnostics = await enrichFromRegistries(components, options({ npm_config_registry: registry.origin }));
    expect(diagnostics.map((d) => d.message)).toEqual([
      `could not look up left-pad@9.9.8 on ${registry.host}: the registry lists no version 9.9.8`,
      `could not look up left-pad@9.9.9 on ${registry.host}: the registry lists no version 9.9.9`,
    ]);
    expect(registry.requests).toHaveLength(1);
  });

  test('entries from another tool version are ignored', async () => {
    const url = new URL('https://registry.example/left-pad');
    await new RegistryCache(path.join(tmp, 'c'), '0.0.1').write(url, { versions: {} });
    expect(await new RegistryCache(path.join(tmp, 'c'), '0.0.1').read(url)).toEqual({ versions: {} });
    expect(await new RegistryCache(path.join(tmp, 'c'), '0.0.2').read(url)).toBeUndefined();
  });

  test('a cache folder inside the checkout is not written to', async () => {
    const checkout = path.join(tmp, 'checkout');
    fs.mkdirSync(checkout);
    const registry = await startRegistry({ '/left-pad': { body: response('npm-left-pad.json') } });
    const c = component('npm', 'left-pad', '1.3.0', 'pnpm-lock.yaml');
    const diagnostics = await enrichFromRegistries(
      [c],
      options({ npm_config_registry: registry.origin }, { root: checkout, cacheDir: path.join(checkout, '.cache', 'license-risk') }),
    );
    expect(diagnostics.map((d) => d.code)).toEqual(['registry-cache-disabled']);
    expect(registryEvidence(c)).toEqual([{ field: `registry:${registry.host}`, value: 'WTFPL' }]);
    expect(fs.readdirSync(checkout)).toEqual([]);
  });
});

describe('enrichFromRegistries: failures become one diagnostic each', () => {
  test('a 404 names the package, the host and the status', async () => {
    const registry = await startRegistry({});
    const c = component('npm', 'no-such-package', '1.0.0', 'pnpm-lock.yaml', 12);
    const diagnostics = await enrichFromRegistries([c], options({ npm_config_registry: registry.origin }));
    expect(diagnostics).toEqual([
      {
        code: 'registry-lookup-failed',
        severity: 'warn',
        file: 'pnpm-lock.yaml',
        line: 12,
        column: 1,
        message: `could not look up no-such-package@1.0.0 on ${registry.host}: HTTP 404 Not Found`,
      },
    ]);
    expect(c.evidence).toEqual([]);
    // 4xx is an answer, not a hiccup: no retry.
    expect(registry.requests).toHaveLength(1);
  });

  test('a slow registry times out and the scan goes on', async () => {
    const registry = await startRegistry({
      '/api/v1/crates/slow/1.0.0': { delayMs: 2000, body: '{}' },
      '/api/v1/crates/serde/1.0.197': { body: response('crates-serde-1.0.197.json') },
    });
    const slow = component('cargo', 'slow', '1.0.0', 'Cargo.lock', 3);
    const serde = component('cargo', 'serde', '1.0.197', 'Cargo.lock', 9);
    const started = Date.now();
    const diagnostics = await enrichFromRegistries([slow, serde], options({ LICENSE_RISK_REGISTRY_CRATES: registry.origin }, { timeoutMs: 150, retries: 0 }));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'registry-lookup-failed', file: 'Cargo.lock', line: 3, message: `could not look up slow@1.0.0 on ${registry.host}: timed out after 150 ms` }),
    ]);
    expect(registryEvidence(serde)).toEqual([{ field: `registry:${registry.host}`, value: 'MIT OR Apache-2.0' }]);
  });

  test('a 500 is retried and the second answer is used', async () => {
    const registry = await startRegistry({
      '/api/v2/rubygems/rails/versions/7.1.3.json': [{ status: 500, body: 'Internal Server Error' }, { body: response('rubygems-rails-7.1.3.json') }],
    });
    const c = component('gem', 'rails', '7.1.3', 'Gemfile.lock');
    expect(await enrichFromRegistries([c], options({ LICENSE_RISK_REGISTRY_RUBYGEMS: registry.origin }))).toEqual([]);
    expect(registryEvidence(c)).toEqual([{ field: `registry:${registry.host}`, value: ['MIT'] }]);
    expect(registry.requests).toHaveLength(2);
  });

  test('429 and 503 retries stop after the configured count', async () => {
    const registry = await startRegistry({
      '/api/v1/crates/serde/1.0.197': [{ status: 429, headers: { 'retry-after': '0' } }, { status: 503 }, { status: 503 }, { body: response('crates-serde-1.0.197.json') }],
    });
    const c = component('cargo', 'serde', '1.0.197', 'Cargo.lock');
    const diagnostics = await enrichFromRegistries([c], options({ LICENSE_RISK_REGISTRY_CRATES: registry.origin }, { retries: 2 }));
    expect(diagnostics.map((d) => d.message)).toEqual([`could not look up serde@1.0.197 on ${registry.host}: HTTP 503 Service Unavailable`]);
    expect(registry.requests).toHaveLength(3);
  });

  test('malformed JSON is reported and not cached', async () => {
    const registry = await startRegistry({ '/pypi/requests/2.31.0/json': { body: '{"info": {"license": "Apache 2.0",' } });
    const env = { PIP_INDEX_URL: `${registry.origin}/simple` };
    const diagnostics = await enrichFromRegistries([component('pypi', 'requests', '2.31.0', 'requirements.txt')], options(env));
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'registry-lookup-failed', severity: 'warn', file: 'requirements.txt' })]);
    expect(diagnostics[0].message).toMatch(new RegExp(`^could not look up requests@2\\.31\\.0 on ${registry.host.replace(/\./g, '\\.')}: malformed JSON`));
    await enrichFromRegistries([component('pypi', 'requests', '2.31.0', 'requirements.txt')], options(env));
    expect(registry.requests).toHaveLength(2);
  });

  test('a response of the wrong shape is reported, not trusted', async () => {
    const registry = await startRegistry({ '/left-pad': { body: '{"error":"maintenance"}' } });
    const diagnostics = await enrichFromRegistries([component('npm', 'left-pad', '1.3.0', 'pnpm-lock.yaml')], options({ npm_config_registry: registry.origin }));
    expect(diagnostics.map((d) => d.message)).toEqual([`could not look up left-pad@1.3.0 on ${registry.host}: response is not an npm packument (no "versions" object)`]);
  });

  test('a refused connection is retried, then reported', async () => {
    const closed = await startRegistry({});
    const host = closed.host;
    await closed.close();
    servers.splice(servers.indexOf(closed), 1);
    const diagnostics = await enrichFromRegistries([component('cargo', 'serde', '1.0.197', 'Cargo.lock')], options({ LICENSE_RISK_REGISTRY_CRATES: `http://${host}` }, { retries: 1 }));
    expect(diagnostics.map((d) => d.message)).toEqual([`could not look up serde@1.0.197 on ${host}: connection refused (ECONNREFUSED)`]);
  });

  test('a non-/simple PIP_INDEX_URL is noted as unsupported once per file', async () => {
    const diagnostics = await enrichFromRegistries(
      [component('pypi', 'requests', '2.31.0', 'requirements.txt', 1), component('pypi', 'attrs', '25.1.0', 'requirements.txt', 2)],
      options({ PIP_INDEX_URL: 'http://127.0.0.1:9/root/pypi/+simple/' }),
    );
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'registry-lookup-unsupported', severity: 'info', file: 'requirements.txt' });
    expect(diagnostics[0].message).toContain('not a PyPI-style "/simple" index');
    expect(diagnostics[0].message).toContain('attrs@25.1.0, requests@2.31.0');
  });

  test('results and diagnostics do not depend on concurrency or input order', async () => {
    const registry = await startRegistry({
      '/left-pad': { body: response('npm-left-pad.json') },
      '/api/v1/crates/serde/1.0.197': { body: response('crates-serde-1.0.197.json'), delayMs: 30 },
    });
    const env = { npm_config_registry: registry.origin, LICENSE_RISK_REGISTRY_CRATES: registry.origin };
    const make = () => [
      component('npm', 'left-pad', '1.3.0', 'pnpm-lock.yaml', 5),
      component('npm', 'gone', '1.0.0', 'pnpm-lock.yaml', 2),
      component('cargo', 'serde', '1.0.197', 'Cargo.lock', 4),
      component('cargo', 'missing', '0.1.0', 'Cargo.lock', 1),
      component('npm', 'ranged', '', 'package.json', 3),
    ];
    const a = make();
    const b = make().reverse();
    const da = await enrichFromRegistries(a, options(env, { concurrency: 1, cacheDir: path.join(tmp, 'c1') }));
    const db = await enrichFromRegistries(b, options(env, { concurrency: 8, cacheDir: path.join(tmp, 'c2') }));
    expect(db).toEqual(da);
    expect(da.map((d) => [d.file, d.line, d.code])).toEqual([
      ['Cargo.lock', 1, 'registry-lookup-failed'],
      ['package.json', undefined, 'registry-lookup-unsupported'],
      ['pnpm-lock.yaml', 2, 'registry-lookup-failed'],
    ]);
  });
});

describe('enrichFromRegistries: hostile registries', () => {
  test('a redirect to another origin loses the token; compressed bodies are read', async () => {
    const mirror = await startRegistry({ '/@corp%2fwidget': { body: response('npm-corp-widget.json'), gzip: true } });
    const corp = await startRegistry({ '/@corp%2fwidget': { status: 302, headers: { location: `${mirror.origin}/@corp%2fwidget` } } });
    const c = component('npm', '@corp/widget', '2.0.1', 'pnpm-lock.yaml');
    const env = { LR_TEST_CORP_REGISTRY: corp.origin, LR_TEST_CORP_HOST: corp.host, LR_TEST_CORP_TOKEN: 'corp-secret-token' };
    expect(await enrichFromRegistries([c], options(env))).toEqual([]);
    expect(registryEvidence(c)).toEqual([{ field: `registry:${corp.host}`, value: 'BUSL-1.1' }]);
    expect(corp.requests.map((r) => r.authorization)).toEqual(['Bearer corp-secret-token']);
    expect(mirror.requests.map((r) => r.authorization)).toEqual([undefined]);
  });

  test('malformed XML, parent cycles and service indexes without a flat container', async () => {
    const pom = (artifact: string, parent: string) =>
      `<project><modelVersion>4.0.0</modelVersion><parent><groupId>org.cycle</groupId><artifactId>${parent}</artifactId><version>1</version></parent><artifactId>${artifact}</artifactId><version>1</version></project>`;
    const registry = await startRegistry({
      '/maven2/org/broken/broken/1.0/broken-1.0.pom': { body: '<project><licenses><license><name>MIT</name></license></project>' },
      '/maven2/org/cycle/a/1/a-1.pom': { body: pom('a', 'b') },
      '/maven2/org/cycle/b/1/b-1.pom': { body: pom('b', 'a') },
      '/v3/index.json': { body: '{"version":"3.0.0","resources":[{"@id":"https://x/query","@type":"SearchQueryService"}]}' },
    });
    const components = [
      component('maven', 'org.broken:broken', '1.0', 'pom.xml', 1),
      component('maven', 'org.cycle:a', '1', 'pom.xml', 2),
      component('nuget', 'Newtonsoft.Json', '13.0.3', 'packages.lock.json', 3),
      component('maven', '..:..', '1', 'pom.xml', 4),
    ];
    const diagnostics = await enrichFromRegistries(
      components,
      options({ LICENSE_RISK_REGISTRY_MAVEN: `${registry.origin}/maven2/`, LICENSE_RISK_REGISTRY_NUGET: `${registry.origin}/v3/index.json` }),
    );
    // Sorted by file, then line.
    expect(diagnostics.map((d) => [d.file, d.line, d.code, d.message])).toEqual([
      ['packages.lock.json', 3, 'registry-lookup-failed', `could not look up Newtonsoft.Json@13.0.3 on ${registry.host}: service index: the NuGet service index has no PackageBaseAddress/3.0.0 resource`],
      ['pom.xml', 1, 'registry-lookup-failed', expect.stringMatching(/^could not look up org\.broken:broken@1\.0 on 127\.0\.0\.1:\d+: malformed XML \(line 1: /)],
      ['pom.xml', 2, 'registry-no-license', `${registry.host} has no license metadata for org.cycle:a@1`],
      ['pom.xml', 4, 'registry-lookup-failed', 'could not look up ..:..@1: not a valid maven name or version: "" cannot be a path segment of a registry URL'],
    ]);
    // The dotted name was never requested.
    expect(registry.requests.every((r) => r.url.startsWith('/maven2/org/') || r.url === '/v3/index.json')).toBe(true);
  });
});

describe('enrichFromRegistries: proxies', () => {
  test('http lookups go through HTTP_PROXY unless NO_PROXY names the host', async () => {
    const registry = await startRegistry({ '/api/v1/crates/serde/1.0.197': { body: response('crates-serde-1.0.197.json') } });
    const proxy = await startProxy();
    const c = component('cargo', 'serde', '1.0.197', 'Cargo.lock');
    const env = { LICENSE_RISK_REGISTRY_CRATES: registry.origin, HTTP_PROXY: proxy.origin };
    expect(await enrichFromRegistries([c], options(env))).toEqual([]);
    expect(registryEvidence(c)).toEqual([{ field: `registry:${registry.host}`, value: 'MIT OR Apache-2.0' }]);
    expect(proxy.requests.map((r) => r.url)).toEqual([`${registry.origin}/api/v1/crates/serde/1.0.197`]);

    const bypassed = component('cargo', 'serde', '1.0.197', 'Cargo.lock');
    await enrichFromRegistries([bypassed], options({ ...env, NO_PROXY: 'localhost,127.0.0.1' }, { cacheDir: path.join(tmp, 'other-cache') }));
    expect(registryEvidence(bypassed)).toHaveLength(1);
    expect(proxy.requests).toHaveLength(1);
    expect(registry.requests).toHaveLength(2);
  });

  test('npm lookups honour proxy= in .npmrc', async () => {
    const registry = await startRegistry({ '/left-pad': { body: response('npm-left-pad.json') } });
    const proxy = await startProxy();
    const checkout = path.join(tmp, 'checkout');
    fs.mkdirSync(checkout);
    fs.writeFileSync(path.join(checkout, '.npmrc'), `registry=${registry.origin}/\nproxy=${proxy.origin}/\n`);
    const c = component('npm', 'left-pad', '1.3.0', 'pnpm-lock.yaml');
    expect(await enrichFromRegistries([c], options({}, { root: checkout }))).toEqual([]);
    expect(registryEvidence(c)).toEqual([{ field: `registry:${registry.host}`, value: 'WTFPL' }]);
    expect(proxy.requests.map((r) => r.url)).toEqual([`${registry.origin}/left-pad`]);
  });

  test('https lookups tunnel through HTTPS_PROXY with CONNECT', async () => {
    const registry = await startRegistry({ '/api/v2/rubygems/rails/versions/7.1.3.json': { body: response('rubygems-rails-7.1.3.json') } }, true);
    const proxy = await startProxy();
    const c = component('gem', 'rails', '7.1.3', 'Gemfile.lock');
    const env = {
      LICENSE_RISK_REGISTRY_RUBYGEMS: registry.origin,
      HTTPS_PROXY: proxy.origin,
      NODE_EXTRA_CA_CERTS: path.join(CERTS, 'registry-cert.pem'),
    };
    expect(await enrichFromRegistries([c], options(env))).toEqual([]);
    expect(registryEvidence(c)).toEqual([{ field: `registry:${registry.host}`, value: ['MIT'] }]);
    expect(proxy.connects).toEqual([registry.host]);
    expect(proxy.requests).toEqual([]);
  });

  test('proxy credentials from the proxy URL are sent; a refused tunnel is reported', async () => {
    const registry = await startRegistry({ '/api/v2/rubygems/rails/versions/7.1.3.json': { body: response('rubygems-rails-7.1.3.json') } }, true);
    const proxy = await startProxy(`Basic ${Buffer.from('ci:p@ss').toString('base64')}`);
    const base = { LICENSE_RISK_REGISTRY_RUBYGEMS: registry.origin, NODE_EXTRA_CA_CERTS: path.join(CERTS, 'registry-cert.pem') };
    const ok = component('gem', 'rails', '7.1.3', 'Gemfile.lock');
    expect(await enrichFromRegistries([ok], options({ ...base, https_proxy: `http://ci:p%40ss@${proxy.host}` }))).toEqual([]);
    expect(registryEvidence(ok)).toHaveLength(1);

    const refused = await enrichFromRegistries(
      [component('gem', 'rails', '7.1.3', 'Gemfile.lock')],
      options({ ...base, https_proxy: `http://${proxy.host}` }, { cacheDir: path.join(tmp, 'cache-2') }),
    );
    expect(refused.map((d) => d.message)).toEqual([`could not look up rails@7.1.3 on ${registry.host}: proxy ${proxy.host} refused the tunnel (HTTP 407)`]);
    expect(proxy.connects).toHaveLength(2);
  });

  test('an untrusted certificate is a TLS failure, not retried', async () => {
    const registry = await startRegistry({ '/api/v2/rubygems/rails/versions/7.1.3.json': { body: response('rubygems-rails-7.1.3.json') } }, true);
    const diagnostics = await enrichFromRegistries([component('gem', 'rails', '7.1.3', 'Gemfile.lock')], options({ LICENSE_RISK_REGISTRY_RUBYGEMS: registry.origin }));
    expect(diagnostics.map((d) => d.message)).toEqual([expect.stringContaining(`could not look up rails@7.1.3 on ${registry.host}: TLS error`)]);
    expect(registry.requests).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------

describe('an FSL version dated by its packument converts in classify (issue 12)', () => {
  /** A lockfile-only checkout: the registry tells both the license and the publication day. */
  const checkout = (): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-fsl-'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, dependencies: { 'fsl-tool': '1.0.0', 'fsl-new': '2.0.0' } }));
    const entry = (name: string, version: string) => ({ version, resolved: `https://registry.example/${name}/-/${name}-${version}.tgz`, integrity: 'sha512-AAAA' });
    fs.writeFileSync(
      path.join(dir, 'package-lock.json'),
      JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'app', version: '1.0.0', dependencies: { 'fsl-tool': '1.0.0', 'fsl-new': '2.0.0' } }, 'node_modules/fsl-tool': entry('fsl-tool', '1.0.0'), 'node_modules/fsl-new': entry('fsl-new', '2.0.0') } }),
    );
    return dir;
  };
  const packument = (name: string, version: string, time: string) =>
    JSON.stringify({ name, versions: { [version]: { name, version, license: 'FSL-1.1-MIT', dist: { tarball: `{{BASE}}/${name}/-/${name}-${version}.tgz` } } }, time: { created: time, [version]: time } });

  test('released 2023-06-01: MIT since 2025-06-01; released 2026-01-10: still FSL until 2028-01-10', async () => {
    const registry = await startRegistry({ '/fsl-tool': { body: packument('fsl-tool', '1.0.0', '2023-06-01T09:00:00.000Z') }, '/fsl-new': { body: packument('fsl-new', '2.0.0', '2026-01-10T09:00:00.000Z') } });
    const dir = checkout();
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-fsl-home-'));
    const { scan } = await import('../src/pipeline');
    const { report } = await scan({ dir, today: '2026-12-02', noConfig: true, profile: 'saas', online: true, env: { HOME: home, XDG_CACHE_HOME: path.join(home, '.cache'), LICENSE_RISK_CACHE: '0', npm_config_registry: `${registry.origin}/` } });
    const byName = (n: string) => report.components.find((c) => c.name === n)!;
    expect(byName('fsl-tool')).toMatchObject({ released: '2023-06-01', license: { expression: 'MIT', category: 'permissive', conversion: { state: 'converted', from: 'FSL-1.1-MIT', to: 'MIT', date: '2025-06-01' } } });
    expect(byName('fsl-new')).toMatchObject({ released: '2026-01-10', license: { expression: 'FSL-1.1-MIT', category: 'source-available', conversion: { state: 'pending', date: '2028-01-10' } } });
    expect(report.findings.filter((f) => f.component === byName('fsl-tool').id).map((f) => `${f.ruleId}:${f.messageId}:${f.severity}`)).toEqual(['relicense-risk:converted:info']);
    expect(report.findings.some((f) => f.component === byName('fsl-new').id && f.ruleId === 'cloud-resale')).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  });
});
