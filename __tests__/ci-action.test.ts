import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Report, RuleMeta } from '../src/types';
import { createBaseline, writeBaseline } from '../src/ci/baseline';
import { exitCodeFor, limitAnnotations, outputRecord, parseInputs, runAction, type ActionDeps } from '../src/action/main';
import { annotations } from '../src/report/formatters/github';

const fixtures = path.join(__dirname, '..', 'fixtures');
const loadReport = (): Report => JSON.parse(fs.readFileSync(path.join(fixtures, 'ci-report', 'report.json'), 'utf8'));
const rules: Record<string, RuleMeta> = JSON.parse(fs.readFileSync(path.join(fixtures, 'ci-report', 'rules.json'), 'utf8'));

/** Parses `$GITHUB_OUTPUT` the way the runner does: `name<<DELIM` … `DELIM`, or `name=value`. */
function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]);
      if (i >= lines.length) throw new Error(`unterminated output ${name}`);
      out[name] = value.join('\n');
    } else {
      const eq = line.indexOf('=');
      out[line.slice(0, eq)] = line.slice(eq + 1);
    }
  }
  return out;
}

interface Run {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
  runnerTemp: string;
}

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-action-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs the entry with INPUT_* variables and real GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files. */
async function run(inputs: Record<string, string>, deps: ActionDeps, extraEnv: Record<string, string> = {}): Promise<Run> {
  const workspace = path.join(tmp, 'workspace');
  const runnerTemp = path.join(tmp, 'runner-temp');
  fs.mkdirSync(path.join(workspace, 'services', 'api'), { recursive: true });
  fs.mkdirSync(runnerTemp, { recursive: true });
  const outputFile = path.join(tmp, 'github_output');
  const summaryFile = path.join(tmp, 'step_summary');
  fs.writeFileSync(outputFile, '');
  fs.writeFileSync(summaryFile, '# earlier step\n');
  const env: NodeJS.ProcessEnv = {
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: runnerTemp,
    LICENSE_RISK_TODAY: '2026-06-01',
    ...extraEnv,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  let stdout = '';
  const code = await runAction(env, { stdout: (t) => (stdout += t) }, deps);
  return {
    code,
    stdout,
    outputs: parseOutputFile(fs.readFileSync(outputFile, 'utf8')),
    summary: fs.readFileSync(summaryFile, 'utf8'),
    workspace,
    runnerTemp,
  };
}

const scanWith = (report: Report, seen?: { dir?: string; profile?: string; configPath?: string }): ActionDeps => ({
  scan: async (opts) => {
    if (seen) Object.assign(seen, opts);
    return { report, rules };
  },
});

describe('GitHub Action entry, run end to end', () => {
  test('writes annotations, job summary, outputs and SARIF; fails on errors by default', async () => {
    const seen: { dir?: string; profile?: string } = {};
    const r = await run({ path: 'services/api', profile: 'saas' }, scanWith(loadReport(), seen));
    expect(seen.dir).toBe(path.join(r.workspace, 'services', 'api'));
    expect(seen.profile).toBe('saas');
    expect(r.code).toBe(1);

    // Annotations point at repository paths (scanned folder prefixed).
    expect(r.stdout).toContain('::error file=services/api/package.json,line=12,col=5,title=license-risk cloud-resale%3A npm%3A@elastic/eui@35.0.0::');
    expect(r.stdout).toContain('::warning file=services/api/packages/web ui/package-lock.json,line=88,col=7');
    expect(r.stdout).toMatch(/^license-risk: 1 error\(s\), 1 warning\(s\)/m);

    // Job summary appended after what an earlier step wrote.
    expect(r.summary.startsWith('# earlier step\n## license-risk\n')).toBe(true);
    expect(r.summary).toContain('| severity | package | license | finding | rule | where |');

    // Outputs with the heredoc syntax.
    const sarifPath = path.join(r.runnerTemp, 'license-risk.sarif');
    expect(r.outputs).toEqual({ errors: '1', warnings: '1', 'sarif-file': sarifPath });

    const sarif = JSON.parse(fs.readFileSync(sarifPath, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('services/api/package.json');
  });

  test.each<[string, number]>([
    ['error', 1],
    ['warn', 1],
    ['never', 0],
  ])('fail-on %s with errors → exit %d', async (failOn, code) => {
    expect((await run({ 'fail-on': failOn }, scanWith(loadReport()))).code).toBe(code);
  });

  test('fail-on warn fails on warnings alone; fail-on error does not', async () => {
    const report = loadReport();
    report.findings = report.findings.filter((f) => f.severity !== 'error');
    report.summary = { ...report.summary, errors: 0 };
    expect((await run({ 'fail-on': 'warn' }, scanWith(report))).code).toBe(1);
    expect((await run({ 'fail-on': 'error' }, scanWith(report))).code).toBe(0);
  });

  test('the baseline in the scanned folder is applied: accepted findings no longer fail the step', async () => {
    const report = loadReport();
    const dir = path.join(tmp, 'workspace', 'services', 'api');
    fs.mkdirSync(dir, { recursive: true });
    writeBaseline(path.join(dir, '.license-risk-baseline.json'), createBaseline(report));
    const r = await run({ path: 'services/api' }, scanWith(report));
    expect(r.code).toBe(0);
    expect(r.outputs.errors).toBe('0');
    expect(r.summary).toContain('4 suppressed');
    // ...unless disabled.
    expect((await run({ path: 'services/api', baseline: 'none' }, scanWith(loadReport()))).code).toBe(1);
  });

  test('a corrupted baseline, a bad fail-on, a missing path: exit 2 with an error annotation', async () => {
    fs.mkdirSync(path.join(tmp, 'workspace'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'workspace', 'bl.json'), '{"version": 1, "findings": ');
    const bad = await run({ baseline: 'bl.json' }, scanWith(loadReport()));
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/^::error title=license-risk::baseline .*bl\.json:1:\d+: invalid JSON/m);
    expect(bad.outputs).toEqual({});

    const failOn = await run({ 'fail-on': 'sometimes' }, scanWith(loadReport()));
    expect(failOn.code).toBe(2);
    expect(failOn.stdout).toContain('fail-on must be error, warn or never');

    const missing = await run({ path: 'does/not/exist' }, scanWith(loadReport()));
    expect(missing.code).toBe(2);
    expect(missing.stdout).toContain('is not a directory');
  });

  test('on a pull request, diffs against the base commit from the event payload', async () => {
    const event = path.join(tmp, 'event.json');
    fs.writeFileSync(event, JSON.stringify({ pull_request: { number: 7, base: { sha: 'a'.repeat(40) } } }));
    const diffed: { base?: string } = {};
    const deps: ActionDeps = {
      scan: async () => {
        throw new Error('should diff, not scan');
      },
      diff: async (opts) => {
        diffed.base = opts.base;
        return { report: { ...loadReport(), changes: [] } as Report, rules };
      },
      hasCommit: async () => true,
    };
    const r = await run({}, deps, { GITHUB_EVENT_PATH: event });
    expect(diffed.base).toBe('a'.repeat(40));
    expect(r.summary).toContain('### Dependency changes');

    // An explicit diff-base wins; `none` turns diffing off.
    await run({ 'diff-base': 'origin/main' }, deps, { GITHUB_EVENT_PATH: event });
    expect(diffed.base).toBe('origin/main');
    const scanned = await run({ 'diff-base': 'none' }, scanWith(loadReport()), { GITHUB_EVENT_PATH: event });
    expect(scanned.summary).not.toContain('### Dependency changes');
  });

  test('a PR base missing from a shallow clone falls back to a full scan with a warning', async () => {
    const event = path.join(tmp, 'event.json');
    fs.writeFileSync(event, JSON.stringify({ pull_request: { base: { sha: 'b'.repeat(40) } } }));
    const r = await run({}, { ...scanWith(loadReport()), hasCommit: async () => false }, { GITHUB_EVENT_PATH: event });
    expect(r.stdout).toMatch(/^::warning title=license-risk::The pull request base b{40} is not in this clone/m);
    expect(r.code).toBe(1);
  });

  test('annotations are capped at 10 per level, the rest summarised', () => {
    const report = loadReport();
    const template = report.findings[0];
    report.findings = Array.from({ length: 25 }, (_, i) => ({ ...template, component: `npm:p${i}@1.0.0` }));
    const limited = limitAnnotations(annotations(report));
    expect(limited.filter((a) => a.command === 'error')).toHaveLength(10);
    expect(limited[limited.length - 1]).toMatchObject({ command: 'notice', message: expect.stringMatching(/^16 more finding/) });
  });

  test('helpers: outputs heredoc, inputs, exit codes', () => {
    const record = outputRecord('errors', 'multi\nline');
    const [first, ...rest] = record.trimEnd().split('\n');
    const delimiter = first.split('<<')[1];
    expect(rest).toEqual(['multi', 'line', delimiter]);
    expect(parseInputs({ 'INPUT_FAIL-ON': 'WARN', INPUT_BASELINE: 'false', RUNNER_TEMP: '/rt' })).toMatchObject({
      failOn: 'warn',
      baseline: null,
      path: '.',
      sarifFile: path.join('/rt', 'license-risk.sarif'),
    });
    expect(exitCodeFor(loadReport(), 'never')).toBe(0);
  });
});
