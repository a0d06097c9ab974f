import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FormatterContext, Report, RuleMeta } from '../src/types';
import type { Change } from '../src/report/changes';
import { escapeCell, format, renderMarkdown } from '../src/report/formatters/markdown';

const fixture = path.join(__dirname, '..', 'fixtures', 'ci-report');
const loadReport = (): Report => JSON.parse(fs.readFileSync(path.join(fixture, 'report.json'), 'utf8'));
const rules: Record<string, RuleMeta> = JSON.parse(fs.readFileSync(path.join(fixture, 'rules.json'), 'utf8'));
const ctx: FormatterContext = { color: false, cwd: fixture, rules };

/** Splits a table row on unescaped pipes, as GFM does. */
function cells(row: string): string[] {
  const inner = row.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim());
}

function tableAfter(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const rows: string[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    if (lines[i].startsWith('|')) rows.push(lines[i]);
    else if (rows.length > 0) break;
  }
  return rows;
}

describe('markdown formatter', () => {
  test.each([
    ['a|b', 'a\\|b'],
    ['line\nbreak', 'line<br>break'],
    ['crlf\r\nx', 'crlf<br>x'],
    ['<script>', '&lt;script&gt;'],
    ['[link](http://x)', '\\[link\\](http://x)'],
    ['a_b*c`d', 'a\\_b\\*c\\`d'],
  ])('escapeCell(%j) = %j', (input, expected) => {
    expect(escapeCell(input)).toBe(expected);
  });

  test('summary line names counts and the profile', () => {
    const md = format(loadReport(), ctx);
    expect(md.split('\n')[0]).toBe('## license-risk');
    expect(md).toContain('❌ **1 error, 1 warning**, 1 info, 1 suppressed · 3 components · profile `saas` (commercial)');
  });

  test('findings table: one row per cause, short message, hostile text escaped', () => {
    const md = format(loadReport(), ctx);
    const rows = tableAfter(md, '### Findings');
    expect(cells(rows[0])).toEqual(['severity', 'package', 'license', 'finding', 'rule', 'where']);
    const body = rows.slice(2);
    expect(body).toHaveLength(3);
    for (const row of body) expect(cells(row)).toHaveLength(6);
    const first = cells(body[0]);
    expect(first[0]).toContain('error');
    expect(first[1]).toBe('@elastic/eui@35.0.0');
    expect(first[2]).toBe('Elastic-2.0 OR SSPL-1.0');
    expect(first[3]).toBe('Elastic-2.0 OR SSPL-1.0 forbids offering it to others as a hosted or managed service \\| &lt;b&gt;');
    expect(first[4]).toBe('`cloud-resale`');
    expect(first[5]).toBe('package.json:12:5');
    expect(cells(body[1])[1]).toBe('gpl-widget@2.1.0 via build-tools');
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<b>');
    expect(cells(body[2])[1]).toBe('(project)');
    expect(md).not.toContain('left-pad@1.3.0 |');
  });

  test('the long explanations follow the table, folded away', () => {
    const md = format(loadReport(), ctx);
    const details = md.slice(md.indexOf('<details><summary>Why, and how to fix each</summary>'));
    expect(details).toContain('- **@elastic/eui@35.0.0** (`cloud-resale`): @elastic/eui 35.0.0 is Elastic-2.0 OR SSPL-1.0: neither option allows offering it as a managed service \\| 100% of the "hosted" plan<br>is exposed &lt;script&gt;');
    expect(details).toContain('`license-risk explain <rule>`');
  });

  test('packages sharing a cause through one direct dependency are one row', () => {
    const report = loadReport();
    const template = report.findings[1];
    report.findings = ['a', 'b', 'c'].map((n, i) => ({ ...template, component: `npm:${n}@1.0.0`, path: ['shop-api@1.0.0', 'build-tools@3.0.0', `${n}@1.0.0`], location: { ...template.location, line: 5 + i } }));
    const body = tableAfter(format(report, ctx), '### Findings').slice(2).map(cells);
    expect(body).toHaveLength(1);
    expect(body[0][1]).toBe('3 packages via build-tools<br><sub>a@1.0.0, b@1.0.0, c@1.0.0</sub>');
  });

  test('license breakdown lists only categories that occur, in category order', () => {
    const rows = tableAfter(format(loadReport(), ctx), '### Licenses by category');
    expect(rows.slice(2).map(cells)).toEqual([
      ['permissive', '1'],
      ['strong-copyleft', '1'],
      ['source-available', '1'],
    ]);
  });

  test('diagnostics go in a collapsed section', () => {
    const md = format(loadReport(), ctx);
    expect(md).toContain('<details><summary>1 diagnostic</summary>');
    expect(md).toContain('packages/broken/package.json:3');
  });

  test('a diff report renders its changes as a table', () => {
    const changes: Change[] = [
      {
        kind: 'upgraded',
        ecosystem: 'npm',
        name: '@elastic/eui',
        from: '34.6.0',
        to: '35.0.0',
        expression: { from: 'Apache-2.0', to: 'Elastic-2.0 OR SSPL-1.0' },
        category: { from: 'permissive', to: 'source-available' },
        scope: 'prod',
        location: { file: 'package.json', line: 12, column: 5 },
      },
      {
        kind: 'added',
        ecosystem: 'npm',
        name: 'left-pad',
        from: null,
        to: '1.3.0',
        expression: { from: null, to: 'WTFPL' },
        category: { from: null, to: 'permissive' },
        scope: 'prod',
        location: { file: 'package.json', line: 13, column: 5 },
      },
    ];
    const md = format({ ...loadReport(), changes, base: { ref: 'origin/main', commit: '0123456789abcdef0123456789abcdef01234567' } } as Report, ctx);
    expect(md).toContain('Compared with origin/main (0123456789ab); findings below are only those this change introduces.');
    const rows = tableAfter(md, '### Dependency changes').slice(2).map(cells);
    expect(rows).toEqual([
      ['upgraded', 'npm:@elastic/eui', '34.6.0 → 35.0.0', 'Apache-2.0 → Elastic-2.0 OR SSPL-1.0', 'permissive → source-available'],
      ['added', 'npm:left-pad', '1.3.0', 'WTFPL', 'permissive'],
    ]);
    expect(format(loadReport(), ctx)).not.toContain('### Dependency changes');
  });

  test('caps the findings table and says how many were left out', () => {
    const md = renderMarkdown(loadReport(), ctx, { maxRows: 1 });
    expect(tableAfter(md, '### Findings').slice(2)).toHaveLength(1);
    expect(md).toContain('…and 2 more finding(s)');
  });

  test('a clean report says so', () => {
    const report = loadReport();
    report.findings = [];
    report.summary = { ...report.summary, errors: 0, warnings: 0, infos: 0, suppressed: 0 };
    const md = format(report, ctx);
    expect(md).toContain('✅ **0 errors, 0 warnings**');
    expect(md).toContain('No findings.');
  });
});
