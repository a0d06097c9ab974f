import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IdentifyDiskCache } from '../src/identify/disk-cache';
import type { TextIdentification } from '../src/types';

const BIN = path.join(__dirname, '..', 'bin', 'license-risk.js');
const FIXTURE = path.join(__dirname, '..', 'fixtures', 'npm-lock-and-installed');

const mit: TextIdentification = { expression: 'MIT', confidence: 1, matches: [{ id: 'MIT', confidence: 1, startLine: 1, endLine: 21 }], notes: [] };
const bsl: TextIdentification = {
  expression: 'BUSL-1.1',
  confidence: 0.95,
  matches: [{ id: 'BUSL-1.1', confidence: 0.95, startLine: 3, endLine: 80 }],
  parameters: { licensor: 'Acme', changeDate: '2029-01-01', changeLicense: 'Apache-2.0' },
  notes: ['a note'],
};

describe('IdentifyDiskCache', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-idcache-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('what one run saves, the next loads, unchanged', () => {
    const file = path.join(dir, 'identify', 'aaaaaaaaaaaaaaaa.json');
    IdentifyDiskCache.at(file, 'aaaaaaaaaaaaaaaa').save(new Map([['k1', mit], ['k2:t', bsl]]));
    const loaded = IdentifyDiskCache.at(file, 'aaaaaaaaaaaaaaaa').load();
    expect(loaded).toEqual(new Map([['k1', mit], ['k2:t', bsl]]));
  });

  test('a file of another build, a damaged file or no file loads as empty', () => {
    const file = path.join(dir, 'x.json');
    expect(IdentifyDiskCache.at(file, 'bbbbbbbbbbbbbbbb').load().size).toBe(0);
    IdentifyDiskCache.at(file, 'aaaaaaaaaaaaaaaa').save(new Map([['k', mit]]));
    expect(IdentifyDiskCache.at(file, 'bbbbbbbbbbbbbbbb').load().size).toBe(0);
    fs.writeFileSync(file, '{"schema":1,"buil');
    expect(IdentifyDiskCache.at(file, 'aaaaaaaaaaaaaaaa').load().size).toBe(0);
  });

  test('saves only when the run added something, and removes other builds’ files', () => {
    const old = path.join(dir, 'old.json');
    fs.writeFileSync(old, '{}');
    const file = path.join(dir, 'cur.json');
    const cache = IdentifyDiskCache.at(file, 'aaaaaaaaaaaaaaaa');
    cache.save(new Map());
    expect(fs.existsSync(file)).toBe(false);
    cache.save(new Map([['k', mit]]));
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.existsSync(old)).toBe(false);
    const reread = IdentifyDiskCache.at(file, 'aaaaaaaaaaaaaaaa');
    const entries = reread.load();
    const mtime = fs.statSync(file).mtimeMs;
    reread.save(entries);
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
  });

  test('an unwritable cache folder is not an error', () => {
    const blocker = path.join(dir, 'file');
    fs.writeFileSync(blocker, '');
    expect(() => IdentifyDiskCache.at(path.join(blocker, 'sub', 'x.json'), 'aaaaaaaaaaaaaaaa').save(new Map([['k', mit]]))).not.toThrow();
  });

  test('off in-process under ts-jest and with LICENSE_RISK_CACHE=0', () => {
    expect(IdentifyDiskCache.open({ HOME: dir }, dir)).toBeNull();
  });
});

describe('the binary keeps identifications between runs', () => {
  let home: string;
  beforeEach(() => (home = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-idcache-home-'))));
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  const run = (env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [BIN, 'check', FIXTURE, '--format', 'json'], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home, XDG_CACHE_HOME: '', LICENSE_RISK_TODAY: '2026-11-26', ...env } });
  const cacheFiles = () => {
    const dir = path.join(home, '.cache', 'license-risk', 'identify');
    return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  };

  test('cold and warm runs give the same report; a damaged cache changes nothing', () => {
    const cold = run();
    expect(cacheFiles()).toHaveLength(1);
    const warm = run();
    expect(warm.stdout).toBe(cold.stdout);
    expect(warm.status).toBe(cold.status);
    fs.writeFileSync(path.join(home, '.cache', 'license-risk', 'identify', cacheFiles()[0]), 'not json');
    expect(run().stdout).toBe(cold.stdout);
  });

  test('a cache folder inside the scanned checkout is never written', () => {
    const checkout = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-idcache-co-'));
    try {
      fs.cpSync(FIXTURE, checkout, { recursive: true });
      const before = spawnSync(process.execPath, [BIN, 'check', checkout, '--format', 'json'], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home, XDG_CACHE_HOME: path.join(checkout, '.cache'), LICENSE_RISK_TODAY: '2026-11-26' } });
      expect(before.status).not.toBe(2);
      expect(fs.existsSync(path.join(checkout, '.cache'))).toBe(false);
    } finally {
      fs.rmSync(checkout, { recursive: true, force: true });
    }
  });

  test('LICENSE_RISK_CACHE=0 writes nothing', () => {
    run({ LICENSE_RISK_CACHE: '0' });
    expect(cacheFiles()).toHaveLength(0);
  });
});
