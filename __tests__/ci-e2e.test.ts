/**
 * End to end through the real pipeline (discover → read → identify → classify → evaluate):
 * `runDiff` and the Action entry on a temporary git repository whose base commit and working
 * tree are the `fixtures/ci-diff` base and head checkouts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runDiff } from '../src/ci/diff';
import { runAction } from '../src/action/main';
import { git } from './helpers/git';
import { runCli } from './helpers/cli';

const fixtures = path.join(__dirname, '..', 'fixtures', 'ci-diff');
const TODAY = '2026-06-01';

let root: string;
let baseCommit: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-e2e-'));
  git(root, 'init', '-q');
  fs.cpSync(path.join(fixtures, 'base'), root, { recursive: true });
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'base');
  baseCommit = git(root, 'rev-parse', 'HEAD');
  fs.cpSync(path.join(fixtures, 'head'), root, { recursive: true });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const leftovers = () => fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('license-risk-base-'));

describe('runDiff on a real repository', () => {
  test('reports the dependency changes and only the findings they introduce', async () => {
    const before = leftovers();
    const { report, rules } = await runDiff({ dir: root, base: baseCommit, profile: 'saas', today: TODAY });
    expect(report.base).toEqual({ ref: baseCommit, commit: baseCommit });

    const byName = new Map(report.changes.map((c) => [c.name, c]));
    expect(byName.get('@elastic/eui')).toMatchObject({ kind: 'upgraded', from: '34.6.0', to: '35.0.0', expression: { from: 'Apache-2.0' } });
    expect(byName.get('@elastic/eui')!.category.to).toBe('source-available');
    expect(byName.get('left-pad')).toMatchObject({ kind: 'removed', from: '1.3.0', to: null });
    expect(byName.get('lodash')).toMatchObject({ kind: 'downgraded', from: '4.17.21', to: '4.17.20' });
    expect(byName.get('is-even')).toMatchObject({ kind: 'added', to: '1.0.0' });

    const rugPull = report.findings.find((f) => f.ruleId === 'relicense-risk' && f.component === 'npm:@elastic/eui@35.0.0' && f.messageId === 'changedBetweenVersions');
    expect(rugPull).toMatchObject({ severity: 'error', data: expect.objectContaining({ fromLicense: 'Apache-2.0', fromVersion: '34.6.0' }) });
    // Nothing about packages the change did not touch, nothing about the removed one.
    expect(report.findings.some((f) => f.component?.includes('left-pad'))).toBe(false);
    expect(report.summary.errors).toBeGreaterThanOrEqual(1);
    expect(rules['relicense-risk']).toBeDefined();
    // The base copy is gone and the working tree untouched.
    expect(leftovers()).toEqual(before);
    expect(git(root, 'diff', '--name-only').split('\n')).toEqual(['package-lock.json', 'package.json']);
  });

  test('diffing against the same tree reports no changes and no findings', async () => {
    const clean = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-e2e-same-'));
    try {
      git(clean, 'init', '-q');
      fs.cpSync(path.join(fixtures, 'head'), clean, { recursive: true });
      git(clean, 'add', '-A');
      git(clean, 'commit', '-q', '-m', 'head');
      const { report } = await runDiff({ dir: clean, base: 'HEAD', profile: 'saas', today: TODAY });
      expect(report.changes).toEqual([]);
      expect(report.findings.filter((f) => !f.suppressed)).toEqual([]);
    } finally {
      fs.rmSync(clean, { recursive: true, force: true });
    }
  });
});

describe('`diff` in the terminal', () => {
  test('opens with the base it compared against and the license changes, then the findings', async () => {
    const r = await runCli(['diff', root, '--base', baseCommit, '--profile', 'saas', '--today', TODAY], { cwd: root });
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^license-risk diff against ${baseCommit} \\(${baseCommit.slice(0, 12)}\\): \\d+ dependency changes, \\d+ license changes?$`));
    expect(r.stdout).toMatch(/^ {2}upgraded {4}@elastic\/eui 34\.6\.0 → 35\.0\.0 {2}Apache-2\.0 → .*SSPL-1\.0.* \(source-available\)$/m);
    expect(r.stdout).toMatch(/^ {2}\d+:\d+ +error +@elastic\/eui@35\.0\.0 {2}Apache-2\.0 in [^ ]+ → .+ relicense-risk$/m);
    expect(r.code).toBe(1);
  });
});

describe('the Action entry on a real repository', () => {
  test('diff-base input: annotations, summary with changes, outputs, SARIF, exit 1', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-e2e-action-'));
    try {
      const output = path.join(tmp, 'out');
      const summary = path.join(tmp, 'summary');
      fs.writeFileSync(output, '');
      fs.writeFileSync(summary, '');
      let stdout = '';
      const code = await runAction(
        {
          GITHUB_WORKSPACE: root,
          GITHUB_OUTPUT: output,
          GITHUB_STEP_SUMMARY: summary,
          RUNNER_TEMP: tmp,
          LICENSE_RISK_TODAY: TODAY,
          INPUT_PROFILE: 'saas',
          'INPUT_DIFF-BASE': baseCommit,
        },
        { stdout: (t) => (stdout += t) },
      );
      expect(stdout).toMatch(/^::error file=package(-lock)?\.json,line=\d+,col=\d+,title=license-risk relicense-risk%3A npm%3A@elastic\/eui@35\.0\.0::/m);
      expect(code).toBe(1);
      const md = fs.readFileSync(summary, 'utf8');
      expect(md).toContain('### Dependency changes');
      expect(md).toMatch(/\| upgraded \| npm:@elastic\/eui \| 34\.6\.0 → 35\.0\.0 \|/);
      const outputs = fs.readFileSync(output, 'utf8');
      expect(outputs).toMatch(/^sarif-file<<ghadelimiter_[0-9a-f-]+\n.+license-risk\.sarif\n/m);
      const sarif = JSON.parse(fs.readFileSync(path.join(tmp, 'license-risk.sarif'), 'utf8'));
      expect(sarif.runs[0].results.some((r: { ruleId: string }) => r.ruleId === 'relicense-risk')).toBe(true);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
