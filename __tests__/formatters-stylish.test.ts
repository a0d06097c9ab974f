import { format } from '../src/report/formatters/stylish';
import type { Finding, Report } from '../src/types';
import { summarise } from '../src/pipeline';

function report(findings: Finding[]): Report {
  return {
    tool: { name: 'license-risk', version: '0.0.0' },
    root: '.',
    profile: { distribution: 'saas', commercial: true, origin: 'flag', reasons: [] },
    components: [],
    findings,
    diagnostics: [],
    summary: summarise([], findings, []),
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

const ctx = { color: false, cwd: '.', rules: {} };

describe('stylish', () => {
  it('groups by file, aligns line:col and severity, keeps messages on one line', () => {
    const out = format(report([finding('error', 9), finding('warn', 12), finding('info', 140)]), ctx);
    expect(out).toContain('package-lock.json\n  140:5  info  a info over two lines  cloud-resale');
    expect(out).toContain('package.json\n  9:5   error    a error over two lines  cloud-resale\n  12:5  warning  a warn over two lines  cloud-resale');
    expect(out).toMatch(/✖ 3 problems \(1 error, 1 warning, 1 info\) in 0 components/);
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
});
