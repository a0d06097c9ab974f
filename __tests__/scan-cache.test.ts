import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scan, type ScanOptions } from '../src/pipeline';
import { jsonChunks } from '../src/report/formatters/json';
import { FIXTURES, fixture, runCli } from './helpers/cli';

/**
 * `--cache` (issue 18): a rerun of an unchanged checkout reuses the previous run's components,
 * and any change to an input that decided them — a license file, a package.json, the lockfile,
 * a new package folder, the config — is seen: the report is always the one a run without the
 * cache gives, byte for byte.
 */
const TODAY = '2026-12-02';
const MIT = 'MIT License\n\nCopyright (c) 2020 A\n\nPermission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions:\n\nThe above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.\n';

const write = (dir: string, rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
};
const json = (value: unknown) => JSON.stringify(value, null, 2);
/** Files written in the same instant as a scan starts are "changed during the scan": wait a little. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('scan --cache', () => {
  let base: string;
  let dir: string;
  let cacheHome: string;
  let options: ScanOptions;
  const text = async (opts: ScanOptions) => {
    const outcome = await scan(opts);
    return { text: [...jsonChunks(outcome.report)].join(''), fromCache: outcome.fromCache === true };
  };
  /** A cached run and a run without the cache: the same report, and whether the cache was used. */
  const both = async () => {
    await settle();
    const cached = await text(options);
    const fresh = await text({ ...options, cache: false });
    expect(cached.text).toBe(fresh.text);
    return cached;
  };

  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-scan-cache-'));
    dir = path.join(base, 'app');
    cacheHome = path.join(base, 'cache-home');
    write(dir, 'package.json', json({ name: 'app', version: '1.0.0', private: true, dependencies: { a: '^1.0.0', b: '^1.0.0' } }));
    write(dir, 'package-lock.json', json({ name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'app', version: '1.0.0', dependencies: { a: '^1.0.0', b: '^1.0.0' } }, 'node_modules/a': { version: '1.0.0', license: 'MIT' }, 'node_modules/b': { version: '1.0.0', license: 'MIT' } } }));
    write(dir, 'node_modules/a/package.json', json({ name: 'a', version: '1.0.0', license: 'MIT' }));
    write(dir, 'node_modules/a/LICENSE', MIT);
    write(dir, 'node_modules/b/package.json', json({ name: 'b', version: '1.0.0', license: 'MIT' }));
    options = { dir, today: TODAY, env: { HOME: base, XDG_CACHE_HOME: cacheHome }, cache: true };
  });
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

  it('reuses an unchanged checkout, byte-identical, and keeps the cache out of the checkout', async () => {
    expect((await both()).fromCache).toBe(false);
    expect((await both()).fromCache).toBe(true);
    expect(fs.readdirSync(path.join(cacheHome, 'license-risk', 'scan'))).toHaveLength(1);
    const inCheckout = fs.readdirSync(dir, { recursive: true }).map(String);
    expect(inCheckout.filter((f) => /\.bin$|scan/.test(f))).toEqual([]);
  });

  it.each([
    // Same size, other terms: only the content (and the file's times) changed.
    ['a license file', () => write(dir, 'node_modules/a/LICENSE', 'Copyright (c) 2020 A. All rights reserved. No license is granted to use, copy or modify this software.\n'.padEnd(MIT.length, ' '))],
    ['an installed package.json', () => write(dir, 'node_modules/b/package.json', json({ name: 'b', version: '1.0.0', license: 'GPL-3.0-only' }))],
    ['a new license file', () => write(dir, 'node_modules/b/LICENSE', 'GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3, 19 November 2007\n')],
    ['a new folder in node_modules', () => write(dir, 'node_modules/c/package.json', json({ name: 'c', version: '2.0.0', license: 'SSPL-1.0' }))],
    ['a removed package folder', () => fs.rmSync(path.join(dir, 'node_modules/b'), { recursive: true })],
    ['the project package.json', () => write(dir, 'package.json', json({ name: 'app', version: '1.0.0', license: 'MIT', dependencies: { a: '^1.0.0' } }))],
    ['the config', () => write(dir, '.license-riskrc.json', json({ profile: 'saas' }))],
    ['the own LICENSE', () => write(dir, 'LICENSE', MIT)],
  ])('sees a change to %s', async (_what, change) => {
    const first = await both();
    expect((await both()).fromCache).toBe(true);
    await settle();
    change();
    const after = await both();
    expect(after.fromCache).toBe(false);
    expect(after.text).not.toBe(first.text);
    // and the new state is cached in turn
    expect((await both()).fromCache).toBe(true);
  });

  it('sees a changed lockfile of a checkout with nothing installed', async () => {
    fs.rmSync(path.join(dir, 'node_modules'), { recursive: true });
    const first = await both();
    expect((await both()).fromCache).toBe(true);
    await settle();
    write(dir, 'package-lock.json', fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8').replace('"license": "MIT"', '"license": "AGPL-3.0-only"'));
    const after = await both();
    expect(after.fromCache).toBe(false);
    expect(after.text).not.toBe(first.text);
  });

  it('is keyed by the options: another profile is another answer', async () => {
    await both();
    options = { ...options, profile: 'saas' };
    expect((await both()).fromCache).toBe(false);
  });

  it('never caches an answer that came from outside the checkout (nothing installed, no lockfile license)', async () => {
    fs.rmSync(path.join(dir, 'node_modules'), { recursive: true });
    fs.rmSync(path.join(dir, 'package-lock.json'));
    await both();
    expect((await both()).fromCache).toBe(false);
  });

  it('writes to --cache-location, a file or a folder', async () => {
    const file = path.join(base, 'elsewhere', 'lr.cache');
    options = { ...options, cacheLocation: file };
    await both();
    expect(fs.existsSync(file)).toBe(true);
    expect((await both()).fromCache).toBe(true);
    const folder = path.join(base, 'folder') + path.sep;
    options = { ...options, cacheLocation: folder };
    await both();
    expect(fs.readdirSync(folder)).toHaveLength(1);
  });

  it('does not write into the checkout when the cache folder lies inside it', async () => {
    options = { ...options, env: { HOME: base, XDG_CACHE_HOME: path.join(dir, '.cache') } };
    await both();
    expect(fs.existsSync(path.join(dir, '.cache', 'license-risk', 'scan'))).toBe(false);
  });

  it('says whether a previous run left a file (the binary sets its V8 flags before loading one)', async () => {
    const { ScanCache } = await import('../src/cache/scan-cache');
    const file = path.join(base, 'lr.cache');
    const open = () => ScanCache.open({ env: options.env ?? {}, root: dir, location: file, keyParts: [] });
    expect(open()?.hasFile()).toBe(false);
    options = { ...options, cacheLocation: file };
    await both();
    expect(open()?.hasFile()).toBe(true);
  });

  it('ignores a damaged cache file', async () => {
    const file = path.join(base, 'lr.cache');
    options = { ...options, cacheLocation: file };
    await both();
    fs.writeFileSync(file, 'not a cache');
    expect((await both()).fromCache).toBe(false);
  });
});

/**
 * The done-when of issue 18 for `--cache`: on every fixture, a run that reuses the previous
 * run's result prints what a run without the cache prints, byte for byte (stdout, stderr, exit
 * code), and leaves nothing in the checkout.
 */
describe('scan --cache on every fixture', () => {
  let home: string;
  beforeAll(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-cache-fixtures-'));
  });
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  const fixtureNames = fs
    .readdirSync(FIXTURES, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

  it.each(fixtureNames)('%s', async (name) => {
    const env = { HOME: path.join(home, name), XDG_CACHE_HOME: path.join(home, name, 'cache') };
    const args = ['check', fixture(name), '--format', 'json'];
    const before = fs.readdirSync(fixture(name), { recursive: true }).map(String).sort();
    const fresh = await runCli(args, { env });
    const first = await runCli([...args, '--cache'], { env });
    const rerun = await runCli([...args, '--cache'], { env });
    for (const run of [first, rerun]) expect(run).toEqual(fresh);
    expect(fs.readdirSync(fixture(name), { recursive: true }).map(String).sort()).toEqual(before);
  });

  it('reuses the previous result on most of them (the comparison above is not vacuous)', () => {
    const cached = fs.readdirSync(home).filter((name) => fs.existsSync(path.join(home, name, 'cache', 'license-risk', 'scan')));
    expect(cached.length).toBeGreaterThan(fixtureNames.length / 2);
  });
});
