import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { npmReader } from '../src/read/ecosystems/npm';
import { discoverDirectory as discoverNpmFiles } from '../src/read/ecosystems/shared/discover-dir';
import { iniValue, yamlValue, yarnrcValue } from '../src/read/ecosystems/npm/caches/locations';
import { yarnCacheFolderFromEnv, yarnClassicCacheRoots, type YarnHost } from '../src/read/ecosystems/npm/caches/yarn-classic-dirs';
import { integrityHex, licenseFileNames } from '../src/read/ecosystems/npm/caches/cached-package';
import { createSafeFs } from '../src/read/fs';
import type { Component, ReadResult } from '../src/types';
import { runCli } from './helpers/cli';

/**
 * fixtures/npm-caches: lockfiles and caches made by the real package managers (see its README):
 * `apps/<layout>` are lockfile-only checkouts, `homes/<cache>` the HOME folders holding the caches.
 */
const CACHES = path.join(__dirname, '..', 'fixtures', 'npm-caches');
const app = (name: string) => path.join(CACHES, 'apps', name);
const home = (name: string) => path.join(CACHES, 'homes', name);
/** A HOME with no caches at all: a fresh CI runner. */
const EMPTY_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-empty-home-'));

async function read(root: string, env: NodeJS.ProcessEnv): Promise<ReadResult> {
  const files = await discoverNpmFiles(root);
  return npmReader.read(files, { root: files.root, fs: createSafeFs(files.root), env, includeDev: true });
}

function byName(result: ReadResult, name: string): Component {
  const found = result.components.find((c) => c.name === name);
  if (!found) throw new Error(`no ${name} in ${result.components.map((c) => c.id).join(', ')}`);
  return found;
}

/** A scratch copy (to break cache entries or drop a checkout's own cache) under the OS temp folder. */
function copyToTmp(src: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-caches-'));
  fs.cpSync(src, dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

describe('package manager caches: each layout, offline', () => {
  const cases: [string, string, string, string][] = [
    // [app, home, cache kind, where the cache is shown]
    ['pnpm-v9', 'pnpm-v3', 'pnpm-store', '~/.local/share/pnpm/store/v3'],
    ['pnpm-v10', 'pnpm-v10', 'pnpm-store', '~/.local/share/pnpm/store/v10'],
    ['yarn-classic', 'yarn-classic', 'yarn-cache', '~/.cache/yarn/v6'],
    ['yarn-berry', '', 'yarn-berry-cache', '.yarn/cache'],
    ['yarn-berry-global', 'yarn-berry-global', 'yarn-berry-cache', '~/.yarn/berry/cache'],
    // npm's cache answers other package managers' lockfiles too, by integrity.
    ['pnpm-v10', 'npm', 'npm-cache', '~/.npm/_cacache'],
    ['yarn-classic', 'npm', 'npm-cache', '~/.npm/_cacache'],
  ];
  test.each(cases)('%s with HOME=%s reads %s', async (appName, homeName, kind, shown) => {
    const result = await read(app(appName), { HOME: homeName ? home(homeName) : EMPTY_HOME });
    expect(result.diagnostics.filter((d) => /cache/.test(d.code))).toEqual([]);
    const isNumber = byName(result, 'is-number');
    expect(isNumber.cache).toEqual({ kind, path: shown });
    expect(isNumber.installedPath).toBeUndefined();
    expect(isNumber.evidence.find((e) => e.kind === 'declared')).toMatchObject({ kind: 'declared', field: 'license', value: 'MIT' });
    const licenseFile = isNumber.evidence.find((e) => e.kind === 'file');
    expect(licenseFile).toMatchObject({ kind: 'file', file: expect.stringMatching(/!\/LICENSE$/) });
    expect(licenseFile?.kind === 'file' && licenseFile.text).toMatch(/^The MIT License \(MIT\)/);
  });

  test('yarn berry lockfile with only npm\'s cache: found through the index by the registry URL (berry records no integrity)', async () => {
    const dir = copyToTmp(app('yarn-berry'));
    fs.rmSync(path.join(dir, '.yarn'), { recursive: true });
    const result = await read(dir, { HOME: home('npm') });
    expect(byName(result, 'left-pad').cache?.kind).toBe('npm-cache');
    expect(byName(result, 'left-pad').evidence.map((e) => (e.kind === 'file' ? e.file.replace(/^.*!\//, '') : e.kind))).toEqual(['declared', 'COPYING']);
  });

  test('the whole scan: license, evidence source, summary.evidence; same answer as the installed tree', async () => {
    const { stdout } = await runCli(['check', app('pnpm-v10'), '-f', 'json'], { env: { HOME: home('pnpm-v10') } });
    const report = JSON.parse(stdout);
    expect(report.components.map((c: { id: string; license: { expression: string; category: string }; evidence: unknown }) => [c.id, c.license.expression, c.license.category, c.evidence])).toEqual([
      ['npm:is-number@7.0.0', 'MIT', 'permissive', { source: 'cache', cache: 'pnpm-store ~/.local/share/pnpm/store/v10' }],
      ['npm:left-pad@1.3.0', 'WTFPL', 'permissive', { source: 'cache', cache: 'pnpm-store ~/.local/share/pnpm/store/v10' }],
    ]);
    expect(report.summary.evidence).toEqual({ installed: 0, lockfile: 0, cache: 2, online: 0, override: 0, none: 0 });
    expect(report.missingEvidence).toBeUndefined();
    expect(report.findings).toEqual([]);
    // The cached texts are identified like installed ones, and named inside the cache entry.
    expect(report.components[1].license.files).toEqual([{ file: expect.stringMatching(/^~\/\.local\/share\/pnpm\/store\/v10\/index\/5c\/.*-left-pad@1\.3\.0\.json!\/COPYING$/), expression: 'WTFPL', confidence: expect.any(Number) }]);
  });

  test('an npm lockfile with license metadata is judged from it: no cache is read', async () => {
    const result = await read(app('npm'), { HOME: home('npm') });
    expect(byName(result, 'is-number').cache).toBeUndefined();
    expect(byName(result, 'is-number').evidence.map((e) => e.kind)).toEqual(['lockfile']);
  });
});

describe('no cache: say it once, with the install command of the lockfile\'s package manager', () => {
  const cases: [string, string, string][] = [
    ['pnpm-v10', 'pnpm-lock.yaml', 'pnpm install --frozen-lockfile'],
    ['pnpm-v9', 'pnpm-lock.yaml', 'pnpm install --frozen-lockfile'],
    ['yarn-classic', 'yarn.lock', 'yarn install --frozen-lockfile'],
    ['yarn-berry-global', 'yarn.lock', 'yarn install --immutable'],
  ];
  test.each(cases)('%s with an empty HOME', async (appName, lockfile, command) => {
    const json = await runCli(['check', app(appName), '-f', 'json'], { env: { HOME: EMPTY_HOME } });
    const report = JSON.parse(json.stdout);
    expect(report.summary.evidence).toEqual({ installed: 0, lockfile: 0, cache: 0, online: 0, override: 0, none: 2 });
    expect(report.missingEvidence).toEqual([
      { file: lockfile, ecosystem: 'npm', packageManager: expect.any(String), components: 2, reason: 'not-installed', command, online: '--online' },
    ]);
    // The JSON keeps one finding per component, each with the reason and the command.
    const noEvidence = report.findings.filter((f: { messageId: string }) => f.messageId === 'noEvidence');
    expect(noEvidence).toHaveLength(2);
    for (const f of noEvidence) expect(f.data).toMatchObject({ command, lockfile });
    for (const c of report.components) expect(c.evidence).toEqual({ source: 'none', reason: expect.stringMatching(/not installed/), command });

    const stylish = await runCli(['check', app(appName)], { env: { HOME: EMPTY_HOME } });
    const lines = stylish.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => /could not be judged/.test(l))).toEqual([expect.stringContaining(`run \`${command}\` and scan again, or scan with --online`)]);
    expect(lines.filter((l) => /warning/.test(l) && /unknown-license/.test(l))).toHaveLength(1);
    // Could not judge is a warning, not an error: exit 0 unless --max-warnings says otherwise.
    expect(stylish.code).toBe(0);
    expect((await runCli(['check', app(appName), '--max-warnings', '0'], { env: { HOME: EMPTY_HOME } })).code).toBe(1);
  });
});

describe('broken cache entries: one diagnostic naming the entry, the scan goes on', () => {
  test('pnpm store: an index that is not JSON, a content file gone', async () => {
    const h = copyToTmp(home('pnpm-v10'));
    const store = path.join(h, '.local/share/pnpm/store/v10');
    const [leftPadIndex] = fs.readdirSync(path.join(store, 'index/5c')).map((f) => path.join(store, 'index/5c', f));
    fs.writeFileSync(leftPadIndex, '{"name":"left-pad", truncated');
    const isNumberIndex = JSON.parse(fs.readFileSync(path.join(store, 'index/e3', fs.readdirSync(path.join(store, 'index/e3'))[0]), 'utf8'));
    const licenseHex = Buffer.from(isNumberIndex.files.LICENSE.integrity.split('-')[1], 'base64').toString('hex');
    fs.rmSync(path.join(store, 'files', licenseHex.slice(0, 2), licenseHex.slice(2)));
    const result = await read(app('pnpm-v10'), { HOME: h });
    expect(result.diagnostics.map((d) => [d.code, d.file.replace(/[0-9a-f]{20,}/g, 'HASH')])).toEqual([
      ['unreadable-cache-entry', `~/.local/share/pnpm/store/v10/files/${licenseHex.slice(0, 2)}/HASH`],
      ['invalid-cache-entry', '~/.local/share/pnpm/store/v10/index/5c/HASH-left-pad@1.3.0.json'],
    ]);
    // is-number still gets its manifest's license; left-pad falls back to "could not judge".
    expect(byName(result, 'is-number').evidence.map((e) => e.kind)).toEqual(['declared']);
    expect(byName(result, 'left-pad').cache).toBeUndefined();
    expect(byName(result, 'left-pad').installHint).toEqual({ file: 'pnpm-lock.yaml', packageManager: 'pnpm', command: 'pnpm install --frozen-lockfile' });
  });

  test('yarn classic: a package.json that is not JSON; a LICENSE that is a symlink out of the cache is not followed', async () => {
    const h = copyToTmp(home('yarn-classic'));
    const v6 = path.join(h, '.cache/yarn/v6');
    const entry = (name: string) => path.join(v6, fs.readdirSync(v6).find((e) => e.startsWith(`npm-${name}-`))!, 'node_modules', name);
    fs.writeFileSync(path.join(entry('left-pad'), 'package.json'), 'not json');
    fs.rmSync(path.join(entry('is-number'), 'LICENSE'));
    fs.symlinkSync('/etc/passwd', path.join(entry('is-number'), 'LICENSE'));
    const result = await read(app('yarn-classic'), { HOME: h });
    expect(result.diagnostics.map((d) => [d.code, d.file.replace(/-[0-9a-f]{40}-/, '-SHA1-'), d.message])).toEqual([
      ['unreadable-cache-entry', '~/.cache/yarn/v6/npm-is-number-7.0.0-SHA1-integrity/node_modules/is-number/LICENSE', 'a symbolic link; not followed'],
      ['invalid-cache-entry', '~/.cache/yarn/v6/npm-left-pad-1.3.0-SHA1-integrity/node_modules/left-pad/package.json', 'not a JSON object; package not read from the yarn cache'],
    ]);
    expect(byName(result, 'is-number').evidence.map((e) => e.kind)).toEqual(['declared']);
    expect(byName(result, 'left-pad').evidence).toEqual([]);
  });

  test('yarn berry: a truncated zip; npm cache: a tarball that is not gzip', async () => {
    const dir = copyToTmp(app('yarn-berry'));
    const zip = fs.readdirSync(path.join(dir, '.yarn/cache')).find((f) => f.startsWith('left-pad-'))!;
    const zipPath = path.join(dir, '.yarn/cache', zip);
    fs.writeFileSync(zipPath, fs.readFileSync(zipPath).subarray(0, 200));
    const berry = await read(dir, { HOME: EMPTY_HOME });
    expect(berry.diagnostics.map((d) => [d.code, d.file])).toEqual([['invalid-cache-entry', `.yarn/cache/${zip}`]]);
    expect(byName(berry, 'is-number').cache?.kind).toBe('yarn-berry-cache');

    const h = copyToTmp(home('npm'));
    const tarball = path.join(h, '.npm/_cacache/content-v2/sha512/5c/8e', fs.readdirSync(path.join(h, '.npm/_cacache/content-v2/sha512/5c/8e'))[0]);
    fs.writeFileSync(tarball, 'garbage');
    const npm = await read(app('pnpm-v10'), { HOME: h });
    expect(npm.diagnostics.map((d) => [d.code, d.file.replace(/[0-9a-f]{20,}/, 'HASH')])).toEqual([['invalid-cache-entry', '~/.npm/_cacache/content-v2/sha512/5c/8e/HASH']]);
    expect(byName(npm, 'is-number').cache?.kind).toBe('npm-cache');
  });

  test('an oversized cache entry is not read', async () => {
    const h = copyToTmp(home('yarn-berry-global'));
    const cacheDir = path.join(h, '.yarn/berry/cache');
    const zip = fs.readdirSync(cacheDir).find((f) => f.startsWith('is-number-'))!;
    fs.truncateSync(path.join(cacheDir, zip), 65 * 1024 * 1024);
    const result = await read(app('yarn-berry-global'), { HOME: h });
    expect(result.diagnostics.map((d) => [d.code, d.file, d.message])).toEqual([
      ['unreadable-cache-entry', `~/.yarn/berry/cache/${zip}`, `${65 * 1024 * 1024} bytes, over the ${64 * 1024 * 1024}-byte limit; not read`],
    ]);
  });
});

describe('cache settings and keys', () => {
  test('where the caches are configured', async () => {
    expect(iniValue('registry=https://r.example\nstore-dir = /data/pnpm-store\n', 'store-dir')).toBe('/data/pnpm-store');
    expect(iniValue('; cache=/nope\ncache="/ci/npm"\n', 'cache')).toBe('/ci/npm');
    expect(yarnrcValue('--cache-folder "/ci/yarn"\n', 'cache-folder')).toBe('/ci/yarn');
    expect(yarnrcValue('cache-folder /ci/yarn2\n', 'cache-folder')).toBe('/ci/yarn2');
    expect(yamlValue('nodeLinker: node-modules\ncacheFolder: "./ci-cache" # shared\n', 'cacheFolder')).toBe('./ci-cache');
    expect(yamlValue('nodeLinker: pnp\n', 'cacheFolder')).toBeUndefined();
  });

  test('a store named in the checkout\'s .npmrc and yarn\'s cache named by YARN_CACHE_FOLDER are used', async () => {
    const dir = copyToTmp(app('pnpm-v10'));
    fs.writeFileSync(path.join(dir, '.npmrc'), `store-dir=${path.join(home('pnpm-v10'), '.local/share/pnpm/store')}\n`);
    expect(byName(await read(dir, { HOME: EMPTY_HOME }), 'left-pad').cache?.kind).toBe('pnpm-store');
    const yarn = await read(app('yarn-classic'), { HOME: EMPTY_HOME, YARN_CACHE_FOLDER: path.join(home('yarn-classic'), '.cache/yarn') });
    expect(byName(yarn, 'left-pad').cache?.kind).toBe('yarn-cache');
  });

  // yarn 1.22.22's own rules (lib/cli.js: user-home-dir, user-dirs getCacheDir, constants
  // getPreferredCacheDirectories): root keeps its cache under /usr/local/share.
  const linux = (uid: number | undefined) => ({ platform: 'linux' as const, uid, tmpdir: '/tmp' });
  test.each([
    ['root on Linux', {}, linux(0), ['/usr/local/share/.cache/yarn', '/tmp/.yarn-cache-0', '/tmp/.yarn-cache', '/home/u/.cache/yarn', '/home/u/Library/Caches/Yarn']],
    ['root under fakeroot', { FAKEROOTKEY: '1' }, linux(0), ['/home/u/.cache/yarn', '/tmp/.yarn-cache-0', '/tmp/.yarn-cache', '/home/u/Library/Caches/Yarn']],
    ['a user on Linux', {}, linux(1000), ['/home/u/.cache/yarn', '/tmp/.yarn-cache-1000', '/tmp/.yarn-cache', '/home/u/Library/Caches/Yarn']],
    ['XDG_CACHE_HOME', { XDG_CACHE_HOME: '/xdg' }, linux(1000), ['/xdg/yarn', '/tmp/.yarn-cache-1000', '/tmp/.yarn-cache', '/home/u/.cache/yarn', '/home/u/Library/Caches/Yarn']],
    ['root on macOS', {}, { platform: 'darwin' as const, uid: 0, tmpdir: '/tmp' }, ['/usr/local/share/Library/Caches/Yarn', '/tmp/.yarn-cache-0', '/tmp/.yarn-cache', '/home/u/Library/Caches/Yarn', '/home/u/.cache/yarn']],
    ['Windows', { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, { platform: 'win32' as const, uid: undefined, tmpdir: 'C:\\Temp' }, ['C:\\Users\\u\\AppData\\Local\\Yarn\\Cache', 'C:\\Temp\\.yarn-cache', 'C:\\Users\\u\\.cache\\yarn', 'C:\\Users\\u\\Library\\Caches\\Yarn'], 'C:\\Users\\u'],
  ] as [string, NodeJS.ProcessEnv, YarnHost, string[], string?][])('yarn classic cache folders: %s', (_what, env, host, expected, homeDir = '/home/u') => {
    expect(yarnClassicCacheRoots(env, homeDir, host, [])).toEqual(expected);
  });

  test('yarn classic cache-folder settings: yarn_* variables in any case, npm_config_cache_folder, a .yarnrc above the lockfile', async () => {
    expect(yarnCacheFolderFromEnv({ yarn_cache_folder: '/a', npm_config_cache_folder: '/b', YARN_CACHE_FOLDERS: '/no' })).toEqual(['/a', '/b']);
    expect(yarnClassicCacheRoots({}, '/home/u', linux(1000), ['/ci/yarn'])[0]).toBe('/ci/yarn');
    // A monorepo: the lockfile in app/, the .yarnrc at the checkout root naming a folder relative to itself.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-yarnrc-'));
    fs.cpSync(app('yarn-classic'), path.join(dir, 'app'), { recursive: true });
    fs.cpSync(path.join(home('yarn-classic'), '.cache/yarn'), path.join(dir, 'ci-cache'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.yarnrc'), 'cache-folder "./ci-cache"\n');
    const files = await discoverNpmFiles(dir);
    const result = await npmReader.read(files, { root: files.root, fs: createSafeFs(files.root), env: { HOME: EMPTY_HOME }, includeDev: true });
    expect(byName(result, 'left-pad').cache).toEqual({ kind: 'yarn-cache', path: `${dir.split(path.sep).join('/')}/ci-cache/v6` });
  });

  test('integrity hex and license file names', () => {
    expect(integrityHex('sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQGinBN9yTQT3bFlCBy/aVx2HrNcqQGsdot8ghrjyrvMCoEA==')).toMatch(/^5c8e4c3f354d0298/);
    expect(integrityHex('sha1-dYo0W4lnNNX4DUwNxglVUnoU8Ss=')).toBeUndefined();
    expect(integrityHex('sha512-%%%')).toBeUndefined();
    expect(licenseFileNames(['index.js', 'LICENSE', 'LICENSE.js', 'COPYING.md', 'LICENSES/MIT.txt', 'docs/LICENSE', 'EULA.txt'], { license: 'SEE LICENSE IN EULA.txt' })).toEqual([
      'COPYING.md',
      'EULA.txt',
      'LICENSE',
      'LICENSES/MIT.txt',
    ]);
    // A SEE LICENSE IN that leaves the package names nothing.
    expect(licenseFileNames(['x'], { license: 'SEE LICENSE IN ../../etc/passwd' })).toEqual([]);
  });
});
