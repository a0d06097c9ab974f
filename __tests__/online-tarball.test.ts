/**
 * `--online` when the registry has no license metadata for a version: the package's tarball is
 * fetched and its license files read (then cached, keeping only the texts). The packument is
 * npm's real one for is-number@7.0.0 with `license` removed (a registry that lacks it);
 * the tarball is npm's real is-number-7.0.0.tgz, from fixtures/npm-caches.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { enrichFromRegistries } from '../src/online';
import { evidenceSourceOf } from '../src/read/evidence-source';
import type { Component } from '../src/types';

const PACKUMENT = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'online', 'registry', 'npm-is-number-no-license.json'), 'utf8');
const TARBALL_DIR = path.join(__dirname, '..', 'fixtures', 'npm-caches', 'homes', 'npm', '.npm', '_cacache', 'content-v2', 'sha512', 'e3', '50');
const TARBALL = fs.readFileSync(path.join(TARBALL_DIR, fs.readdirSync(TARBALL_DIR)[0]));

let server: http.Server;
let origin = '';
const requests: string[] = [];
let tarballBody: Buffer = TARBALL;
let tmp: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/is-number') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(PACKUMENT.replace(/\{\{BASE\}\}/g, origin));
    } else if (req.url === '/is-number/-/is-number-7.0.0.tgz') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(tarballBody);
    } else {
      res.writeHead(404);
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-online-tarball-'));
  requests.length = 0;
  tarballBody = TARBALL;
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function isNumber(): Component {
  return {
    id: 'npm:is-number@7.0.0',
    ecosystem: 'npm',
    name: 'is-number',
    version: '7.0.0',
    purl: 'pkg:npm/is-number@7.0.0',
    scope: 'prod',
    direct: true,
    paths: [],
    evidence: [],
    location: { file: 'pnpm-lock.yaml', line: 12, column: 3 },
  };
}

const options = () => ({ root: fs.mkdirSync(path.join(tmp, 'checkout'), { recursive: true }) ?? path.join(tmp, 'checkout'), env: { HOME: tmp, npm_config_registry: `${origin}/` }, cacheDir: path.join(tmp, 'cache'), backoffMs: 5, timeoutMs: 5000 });

test('no license in the packument: the tarball\'s LICENSE is read, and cached', async () => {
  const c = isNumber();
  expect(await enrichFromRegistries([c], options())).toEqual([]);
  expect(c.evidence).toEqual([{ kind: 'file', file: `${origin}/is-number/-/is-number-7.0.0.tgz!/LICENSE`, text: expect.stringMatching(/^The MIT License \(MIT\)/) }]);
  expect(evidenceSourceOf(c)).toBe('online');
  expect(requests).toEqual(['/is-number', '/is-number/-/is-number-7.0.0.tgz']);

  // A second run answers from the cache: no request at all.
  const again = isNumber();
  await enrichFromRegistries([again], options());
  expect(again.evidence).toEqual(c.evidence);
  expect(requests).toHaveLength(2);
});

test('a tarball that is not gzip: one warning naming it, the scan goes on', async () => {
  tarballBody = Buffer.from('<html>not a tarball</html>');
  const c = isNumber();
  const diagnostics = await enrichFromRegistries([c], options());
  expect(diagnostics.map((d) => [d.code, d.severity, d.file])).toEqual([['registry-lookup-failed', 'warn', 'pnpm-lock.yaml']]);
  expect(diagnostics[0].message).toMatch(/is-number-7\.0\.0\.tgz/);
  expect(c.evidence).toEqual([]);
});
