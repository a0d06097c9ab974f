import * as path from 'node:path';
import { format } from '../src/report/formatters/stylish';
import type { Finding, FormatterContext, Report, ReportComponent } from '../src/types';
import { scan } from '../src/pipeline';
import { summarise } from '../src/report/build';
import { renderReport } from '../src/cli/commands/check';
import type { CliIO } from '../src/cli/main';

function component(name: string, version = '1.0.0'): ReportComponent {
  return {
    id: `npm:${name}@${version}`,
    ecosystem: 'npm',
    name,
    version,
    purl: `pkg:npm/${name}@${version}`,
    scope: 'prod',
    direct: false,
    paths: [],
    location: { file: 'package-lock.json', line: 1, column: 1 },
    license: { expression: 'MIT', category: 'permissive', confidence: 1, source: 'declared', traits: [], notes: [] },
  };
}

function report(findings: Finding[], components: ReportComponent[] = []): Report {
  return {
    tool: { name: 'license-risk', version: '0.0.0' },
    root: '.',
    profile: { distribution: 'saas', commercial: true, origin: 'flag', reasons: [] },
    components,
    findings,
    diagnostics: [],
    summary: summarise(components, findings, []),
  };
}

const finding = (severity: Finding['severity'], line: number, suppressed = false): Finding => ({
  ruleId: 'cloud-resale',
  severity,
  messageId: 'x',
  message: `a ${severity}\nover two lines`,
  component: 'npm:a@1.0.0',
  location: { file: line > 100 ? 'package-lock.json' : 'package.json', line, column: 5 },
  ...(suppressed ? { suppressed: { by: 'exception' as const, reason: 'ok' } } : {}),
});

/** A transitive finding as evaluate makes it: short message, dependency path from the root. */
const transitive = (name: string, line: number, via: string, extra: Partial<Finding> = {}): Finding => ({
  ruleId: 'commercial-use',
  severity: 'error',
  messageId: 'internalUseOnly',
  message: `${name}@1.0.0 is licensed SUL-1.0, which allows only internal business or personal use (§1). Under the saas profile hosting counts. Fix: buy a license.`,
  shortMessage: 'LicenseRef-n8n-SUL-1.0 allows internal business or personal use only',
  component: `npm:${name}@1.0.0`,
  path: ['app@1.0.0', `${via}@2.0.0`, `${name}@1.0.0`],
  location: { file: 'package-lock.json', line, column: 5 },
  ...extra,
});

const ctx: FormatterContext = { color: false, cwd: '.', rules: {} };
const findingRows = (out: string) => out.split('\n').filter((l) => /^\s+\d+:\d+/.test(l));

describe('stylish', () => {
  it('groups by file, aligns line:col and severity, keeps messages on one line', () => {
    const out = format(report([finding('error', 9), finding('warn', 12), finding('info', 140)]), { ...ctx, info: true });
    expect(out).toContain('package-lock.json\n  140:5  info  a@1.0.0  a info over two lines  cloud-resale');
    expect(out).toContain('package.json\n  9:5   error    a@1.0.0  a error over two lines  cloud-resale\n  12:5  warning  a@1.0.0  a warn over two lines  cloud-resale');
    expect(out).toMatch(/✖ 3 problems \(1 error, 1 warning, 1 info\) in 0 components/);
  });

  it('lists errors first within a file, then by line', () => {
    const at = (severity: Finding['severity'], line: number, name: string): Finding => ({ ...finding(severity, line), component: `npm:${name}@1.0.0`, shortMessage: `cause ${name}` });
    const out = format(report([at('warn', 3, 'a'), at('error', 9, 'b'), at('warn', 12, 'c')]), ctx);
    const lines = out.split('\n').filter((l) => /^\s+\d+:\d+/.test(l));
    expect(lines.map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual(['9:5 error', '3:5 warning', '12:5 warning']);
  });

  it('counts info findings but lists them only with --info (or --verbose)', () => {
    const r = report([finding('error', 9), finding('info', 140)]);
    const plain = format(r, ctx);
    expect(plain).not.toContain('a info');
    expect(plain).toContain('1 info not listed (nothing to fix; --info lists them)');
    expect(format(r, { ...ctx, info: true })).toContain('a info over two lines');
    expect(format(r, { ...ctx, info: true })).not.toContain('info not listed');
  });

  it('says when there is nothing to fix', () => {
    expect(format(report([]), ctx)).toMatch(/^✔ no license risks found in 0 components$/m);
    expect(format(report([finding('info', 3)]), ctx)).toMatch(/^✔ no errors or warnings \(1 info\)/m);
  });

  it('hides suppressed findings and counts them', () => {
    const out = format(report([finding('error', 9, true)]), ctx);
    expect(out).not.toContain('a error');
    expect(out).toMatch(/1 suppressed by exceptions or the baseline/);
  });

  it('adds colour only when asked', () => {
    expect(format(report([finding('error', 9)]), { ...ctx, color: true })).toMatch(/\u001b\[31m/);
    expect(format(report([finding('error', 9)]), ctx)).not.toMatch(/\u001b\[/);
  });

  it('names the direct dependency that brought a transitive package in', () => {
    const out = format(report([transitive('@n8n/errors', 40, 'n8n-workflow')], [component('@n8n/errors')]), ctx);
    expect(out).toContain('  40:5  error  @n8n/errors@1.0.0 via n8n-workflow  LicenseRef-n8n-SUL-1.0 allows internal business or personal use only  commercial-use');
  });

  it('folds identical causes into one line naming how many packages and which', () => {
    const names = ['@n8n/constants', '@n8n/errors', '@n8n/tournament', '@n8n/utils', '@n8n/expression-runtime'];
    const findings = names.map((n, i) => transitive(n, 40 + i, 'n8n-workflow'));
    // Same rule and cause but another direct dependency: its own line.
    findings.push(transitive('other', 90, 'something-else'));
    const out = format(report(findings, [...names, 'other'].map((n) => component(n))), ctx);
    const rows = out.split('\n').filter((l) => /^\s+\d+:\d+/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^ {2}40:5 {2}error {2}5 packages via n8n-workflow \(@n8n\/constants, @n8n\/errors, .*\) {2}LicenseRef-n8n-SUL-1\.0 allows/);
    expect(rows[1]).toContain('other@1.0.0 via something-else');
  });

  it('folds 30,000 findings of one cause into one line, in linear time', () => {
    const findings = Array.from({ length: 30_000 }, (_, i) => transitive(`pkg-${i}`, 10 + i, 'giant'));
    const started = Date.now();
    const rows = findingRows(format(report(findings), ctx));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/30000 packages via giant \(pkg-0, pkg-1, .*, \+\d+\)/);
    expect(rows[0].length).toBeLessThanOrEqual(200);
  });

  it('says "could not judge" once per lockfile, naming how many components and the install command', () => {
    const noEvidence = (name: string, line: number): Finding => ({
      ruleId: 'unknown-license',
      severity: 'warn',
      messageId: 'noEvidence',
      message: `${name}@1.0.0 has no license evidence.`,
      shortMessage: 'no license evidence: terms unknown',
      component: `npm:${name}@1.0.0`,
      location: { file: 'package-lock.json', line, column: 5 },
      data: { lockfile: 'package-lock.json', command: 'npm ci', reason: 'not installed' },
    });
    const rows = findingRows(format(report(['a', 'b', 'c'].map((n, i) => noEvidence(n, 10 + i))), ctx));
    expect(rows).toEqual(['  10:1  warning  3 components  could not be judged: run `npm ci` and scan again, or scan with --online  unknown-license']);
  });

  it('keeps different causes apart even for one package', () => {
    const a = transitive('x', 5, 'd');
    const b = { ...transitive('x', 5, 'd'), ruleId: 'cloud-resale', messageId: 'managedService', shortMessage: 'forbids hosting' };
    const rows = format(report([a, b], [component('x')]), ctx).split('\n').filter((l) => /^\s+\d+:\d+/.test(l));
    expect(rows).toHaveLength(2);
  });

  it('prints paths relative to where the command runs', () => {
    const out = format(report([finding('error', 9)]), { ...ctx, pathPrefix: '../my-app' });
    expect(out).toMatch(/^\.\.\/my-app\/package\.json$/m);
  });

  it('fits lines to the terminal width only when given one (a TTY)', () => {
    const long = { ...transitive('pkg', 3, 'd'), shortMessage: 'word '.repeat(30).trim() };
    const r = report([long], [component('pkg')]);
    const wide = format(r, ctx).split('\n');
    const narrow = format(r, { ...ctx, width: 80 }).split('\n');
    expect(Math.max(...wide.map((l) => l.length))).toBeGreaterThan(80);
    const rows = narrow.filter((l) => /^\s+\d+:\d+/.test(l));
    expect(rows[0].length).toBeLessThanOrEqual(80);
    expect(rows[0]).toContain('…');
  });

  it('--verbose adds the long explanation under the line', () => {
    const out = format(report([transitive('pkg', 3, 'd')], [component('pkg')]), { ...ctx, verbose: true });
    expect(out).toMatch(/commercial-use\n {6}pkg@1\.0\.0 is licensed SUL-1\.0, which allows only internal/);
    expect(out).not.toContain('--verbose explains');
  });

  it('opens a diff with the base and the license changes', () => {
    const r = {
      ...report([]),
      base: { ref: 'origin/main', commit: '0123456789abcdef0123456789abcdef01234567' },
      changes: [
        {
          kind: 'upgraded',
          ecosystem: 'npm',
          name: 'terraform-thing',
          from: '1.5.0',
          to: '1.6.0',
          expression: { from: 'MPL-2.0', to: 'BUSL-1.1' },
          category: { from: 'weak-copyleft', to: 'source-available' },
          scope: 'prod',
          location: { file: 'package-lock.json', line: 3, column: 5 },
        },
        {
          kind: 'upgraded',
          ecosystem: 'npm',
          name: 'same-license',
          from: '1.0.0',
          to: '1.0.1',
          expression: { from: 'MIT', to: 'MIT' },
          category: { from: 'permissive', to: 'permissive' },
          scope: 'prod',
          location: { file: 'package-lock.json', line: 9, column: 5 },
        },
      ],
    } as Report;
    const out = format(r, ctx).split('\n');
    expect(out[0]).toBe('license-risk diff against origin/main (0123456789ab): 2 dependency changes, 1 license change');
    expect(out[1]).toBe('  upgraded    terraform-thing 1.5.0 → 1.6.0  MPL-2.0 → BUSL-1.1 (source-available)');
    expect(out.join('\n')).not.toContain('same-license');
  });
});

describe('stylish on a real 2,483-package tree (bench/trees-src/large)', () => {
  const dir = path.join(__dirname, '..', 'bench', 'trees-src', 'large');
  let output = '';
  beforeAll(async () => {
    const { report, rules } = await scan({ dir, today: '2026-01-15', env: {} });
    const io = { stdout: () => undefined, stderr: () => undefined, isTTY: false, env: {}, cwd: path.join(__dirname, '..') } as CliIO;
    output = [...renderReport(report, rules, { dir, format: 'stylish', quiet: false }, io)].join('');
  }, 60_000);

  it('is at most 8,000 characters with no line over 200', () => {
    expect(output.length).toBeLessThanOrEqual(8000);
    expect(Math.max(...output.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(200);
  });

  it('prints file paths relative to the directory it runs from', () => {
    expect(output).toMatch(/^bench\/trees-src\/large\/package-lock\.json$/m);
    expect(output).toMatch(/^bench\/trees-src\/large\/package\.json$/m);
  });

  it('names the direct dependency of transitive findings and folds the n8n packages', () => {
    expect(output).toMatch(/@pm2\/agent@[\d.]+ via pm2 /);
    expect(output).toMatch(/\d packages via n8n-workflow \(@n8n\//);
  });

  it('lists the errors of each file before its warnings', () => {
    for (const block of output.split('\n\n')) {
      const sev = block.split('\n').filter((l) => /^\s+\d+:\d+/.test(l)).map((l) => l.trim().split(/\s+/)[1]);
      const firstWarning = sev.indexOf('warning');
      if (firstWarning >= 0) expect(sev.slice(firstWarning)).not.toContain('error');
    }
  });
});
