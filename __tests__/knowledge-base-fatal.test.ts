import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A compliance tool that runs without its knowledge base reports fewer findings and passes.
 * These run the built CLI from a copy of the package whose data is broken: exit 2, one line.
 */
const ROOT = path.join(__dirname, '..');
const FIXTURE = path.join(ROOT, 'fixtures', 'cli-saas-app');

function brokenInstall(breakIt: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-kb-'));
  for (const part of ['bin', 'dist', 'data', 'rules', 'package.json']) fs.cpSync(path.join(ROOT, part), path.join(dir, part), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  breakIt(dir);
  return dir;
}

function run(dir: string): { status: number | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, [path.join(dir, 'bin', 'license-risk.js'), 'check', FIXTURE, '--format', 'json'], {
    encoding: 'utf8',
    env: { ...process.env, LICENSE_RISK_CACHE: '0', LICENSE_RISK_TODAY: '2026-12-02' },
  });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

describe('a missing or broken knowledge base is fatal', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  test.each([
    ['kb.json missing', (d: string) => fs.rmSync(path.join(d, 'data', 'licenses', 'kb.json')), /data\/licenses\/kb\.json cannot be loaded \(ENOENT\)/],
    ['relicensing events not JSON', (d: string) => fs.writeFileSync(path.join(d, 'data', 'relicensing', 'events.json'), '{"events": ['), /data\/relicensing\/events\.json cannot be loaded \(invalid JSON/],
    ['license aliases missing', (d: string) => fs.rmSync(path.join(d, 'data', 'licenses', 'aliases.json')), /data\/licenses\/aliases\.json cannot be loaded \(ENOENT\)/],
  ])('%s: exit 2 with one line naming the file, no report', (_label, breakIt, message) => {
    const dir = brokenInstall(breakIt);
    dirs.push(dir);
    const r = run(dir);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^license-risk: the knowledge base file /);
    expect(r.stderr).toMatch(message);
  });

  test('the intact copy scans normally (the harness itself is sound)', () => {
    const dir = brokenInstall(() => undefined);
    dirs.push(dir);
    const r = run(dir);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).findings.length).toBeGreaterThan(0);
  });
});
