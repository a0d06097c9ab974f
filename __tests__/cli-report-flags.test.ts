import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCheckFast } from '../src/cli/fast-check';
import { fixture, runCli } from './helpers/cli';

const app = fixture('cli-saas-app');
const repoRoot = path.join(__dirname, '..');
const findingRows = (out: string) => out.split('\n').filter((l) => /^\s+\d+:\d+\s/.test(l));

describe('terminal report flags and paths', () => {
  test('file paths are relative to the directory the command runs from', async () => {
    const fromRoot = await runCli(['check', app], { cwd: repoRoot });
    expect(fromRoot.stdout).toMatch(/^fixtures\/cli-saas-app\/package\.json$/m);
    const fromInside = await runCli(['check', app], { cwd: app });
    expect(fromInside.stdout).toMatch(/^package\.json$/m);
    const fromSibling = await runCli(['check', app], { cwd: fixture('ci-diff') });
    expect(fromSibling.stdout).toMatch(/^\.\.\/cli-saas-app\/package\.json$/m);
  });

  test('diagnostics on stderr name files relative to the directory the command runs from too', async () => {
    const r = await runCli(['check', fixture('npm-broken-lockfile')], { cwd: repoRoot });
    expect(r.stderr).toMatch(/^license-risk: (warning|error): fixtures\/npm-broken-lockfile\/package-lock\.json(:\d+(:\d+)?)?: /m);
  });

  test('info findings are counted by default and listed with --info; --quiet keeps errors only', async () => {
    const plain = await runCli(['check', app, '--profile', 'internal']);
    expect(findingRows(plain.stdout).some((l) => /\binfo\b/.test(l))).toBe(false);
    expect(plain.stdout).toMatch(/\d+ info not listed \(nothing to fix; --info lists them\)/);
    const info = await runCli(['check', app, '--profile', 'internal', '--info']);
    expect(findingRows(info.stdout).some((l) => /^\s+\S+\s+info\s/.test(l))).toBe(true);
    const quiet = await runCli(['check', app, '--profile', 'internal', '--info', '--quiet']);
    expect(findingRows(quiet.stdout).every((l) => /^\s+\S+\s+error\s/.test(l))).toBe(true);
  });

  test('--verbose prints the long explanation under each line, unwrapped in a pipe, wrapped on a TTY', async () => {
    expect(parseCheckFast(['check', app, '--verbose', '--info'])).toMatchObject({ verbose: true, info: true });
    const pipe = await runCli(['check', app, '--verbose']);
    expect(pipe.stdout).toMatch(/cloud-resale\n {6}@elastic\/eui@[\d.]+ is licensed SSPL-1\.0: [^\n]{300,}\n/);
    const tty = await runCli(['check', app, '--verbose', '--no-color'], { isTTY: true, columns: 100 });
    expect(tty.stdout).toMatch(/cloud-resale\n {6}@elastic\/eui@[\d.]+ is licensed SSPL-1\.0: [^\n]{10,94}\n {6}\S/);
    for (const line of tty.stdout.split('\n')) if (line.startsWith('      ')) expect(line.length).toBeLessThanOrEqual(100);
  });

  test('lines are cut to the terminal width on a TTY, never in a pipe', async () => {
    const tty = await runCli(['check', app, '--no-color'], { isTTY: true, columns: 80 });
    for (const row of findingRows(tty.stdout)) expect(row.length).toBeLessThanOrEqual(80);
    expect(tty.stdout).toContain('…');
    const pipe = await runCli(['check', app], { isTTY: false, columns: 80 });
    expect(Math.max(...findingRows(pipe.stdout).map((l) => l.length))).toBeGreaterThan(80);
    for (const row of findingRows(pipe.stdout)) expect(row).not.toContain('…');
  });

  test('--format html names the project, the date (pinned by --today) and the commit', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lr-html-')), 'report.html');
    const r = await runCli(['check', app, '--format', 'html', '--output', out, '--today', '2026-11-26']);
    expect(r.stderr).toBe('');
    const html = fs.readFileSync(out, 'utf8');
    // The root manifest's name and version (package.json), not the folder's.
    expect(html).toContain('<span class="project">acme-dashboard@3.2.0</span>');
    expect(html).toContain('<time datetime="2026-11-26">2026-11-26</time>');
    expect(html).toMatch(/<dt>Commit<\/dt><dd><code>[0-9a-f]{40}/);
  });
});
