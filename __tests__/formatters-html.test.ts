import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding, FormatterContext, Report, RuleMeta } from '../src/types';
import { escapeHtml, format } from '../src/report/formatters/html';
import { inlineMarkdown } from '../src/report/html/escape';

const fixture = path.join(__dirname, '..', 'fixtures', 'ci-report');
const loadReport = (): Report => JSON.parse(fs.readFileSync(path.join(fixture, 'report.json'), 'utf8'));
const rules: Record<string, RuleMeta> = JSON.parse(fs.readFileSync(path.join(fixture, 'rules.json'), 'utf8'));
const ctx: FormatterContext = { color: false, cwd: fixture, rules, run: { project: 'shop-api@1.0.0', date: '2026-03-04', commit: '0123456789abcdef0123456789abcdef01234567' } };

const sha256 = (text: string) => `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
const between = (html: string, open: string, close: string) => html.slice(html.indexOf(open) + open.length, html.indexOf(close, html.indexOf(open)));

describe('html formatter', () => {
  test('escapeHtml escapes the five significant characters', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  test('Markdown code spans in messages become code, everything else stays escaped', () => {
    expect(inlineMarkdown('run `npm ci` then <b>')).toBe('run <code>npm ci</code> then &lt;b&gt;');
  });

  test('one self-contained page: its one style and one script are allowed by hash, nothing else', () => {
    const html = format(loadReport(), ctx);
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    const style = between(html, '<style>', '</style>');
    const script = between(html, '<script>', '</script>');
    const csp = between(html, '<meta http-equiv="Content-Security-Policy" content="', '">');
    expect(csp).toBe(`default-src 'none'; style-src '${sha256(style)}'; script-src '${sha256(script)}'; img-src 'none'; base-uri 'none'; form-action 'none'`);
    // One script runs; the components are a JSON data block, which no browser executes.
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).toContain('<script type="application/json" id="components-data">');
    expect(html.match(/<style/g)).toHaveLength(1);
    // Nothing that could load from elsewhere, no inline handlers or style attributes (the CSP would block them).
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|@import|url\(|\bsrc=|https?:\/\//i);
    expect(html).not.toMatch(/\son[a-z]+=|\sstyle=/i);
  });

  test('the header names the project, the scan date, the commit, and the profile with why', () => {
    const html = format(loadReport(), ctx);
    expect(html).toContain('<title>License risk: shop-api@1.0.0</title>');
    expect(html).toContain('<h1>License risk report: <span class="project">shop-api@1.0.0</span></h1>');
    expect(html).toContain('<dt>Scanned</dt><dd><time datetime="2026-03-04">2026-03-04</time></dd>');
    expect(html).toContain('<dt>Commit</dt><dd><code>0123456789abcdef0123456789abcdef01234567</code></dd>');
    expect(html).toMatch(/<dt>Profile<\/dt><dd><strong>saas<\/strong>, commercial \(/);
  });

  test('without run facts the project comes from the dependency paths and no date is invented', () => {
    const html = format(loadReport(), { ...ctx, run: undefined });
    expect(html).toContain('<span class="project">shop-api@1.0.0</span>');
    expect(html).not.toContain('<dt>Scanned</dt>');
  });

  test('three inline-SVG charts, each with a text alternative', () => {
    const html = format(loadReport(), ctx);
    expect(html.match(/<figure class="chart"/g)).toHaveLength(3);
    expect(html).toMatch(/<svg role="img" aria-labelledby="chart-categories-t chart-categories-d"/);
    expect(html).toMatch(/<desc id="chart-rules-d">cloud-resale: 1 error; copyleft-obligation: 1 warning; own-license: 1 info<\/desc>/);
    // gpl-widget came in through build-tools: the chart charges it to build-tools.
    expect(html).toMatch(/<desc id="chart-direct-d">@elastic\/eui: 1 error; build-tools: 1 warning<\/desc>/);
  });

  test('findings are grouped, each a <details> with a one-line summary, explanation, fix and evidence', () => {
    const html = format(loadReport(), ctx);
    const byCause = between(html, '<div id="by-cause">', '</div>\n<div id="by-package"');
    expect(byCause.match(/<details class="group"/g)).toHaveLength(3);
    expect(byCause).not.toContain('LEGAL-12');
    const gpl = byCause.slice(byCause.indexOf('gpl-widget@2.1.0 via build-tools'));
    expect(gpl).toMatch(/^gpl-widget@2\.1\.0 via build-tools<\/span> <span class="short">/);
    expect(gpl).toContain('<h3>Why</h3>');
    expect(gpl).toContain('data-item data-severity="warn" data-rule="copyleft-obligation"');
    expect(gpl).toContain('via shop-api@1.0.0 › build-tools@3.0.0 › gpl-widget@2.1.0');
    expect(html).toContain('<code>license-risk explain cloud-resale</code>');
    // No links to a documentation site that may not exist.
    expect(html).not.toContain('README.md"');
  });

  test('folds packages with the same cause via the same direct dependency into one group', () => {
    const report = loadReport();
    const base = report.findings.find((f) => f.ruleId === 'copyleft-obligation')!;
    const twin: Finding = { ...base, component: 'npm:gpl-twin@1.0.0', path: ['shop-api@1.0.0', 'build-tools@3.0.0', 'gpl-twin@1.0.0'] };
    const html = format({ ...report, findings: [...report.findings, twin] }, ctx);
    expect(html).toContain('<span class="subject">2 packages via build-tools</span>');
    expect(html.match(/<details class="group"/g)!.length).toBe(3 + 4); // by cause + by package (one more package)
  });

  test('suppressed findings have their own section with reason and expiry', () => {
    const report = loadReport();
    for (const f of report.findings) if (f.suppressed) f.suppressed.expires = '2027-06-30';
    const section = between(format(report, ctx), '<h2 id="suppressed-h">', '</section>');
    expect(section).toMatch(/^Suppressed findings and exceptions \(1\)<\/h2>/);
    expect(section).toContain('<td>left-pad@1.3.0</td>');
    expect(section).toContain('<td>approved by legal, ticket LEGAL-12</td><td>2027-06-30</td>');
  });

  test('filters exist for severity, rule, category and scope, with a search box and sort', () => {
    const html = format(loadReport(), ctx);
    for (const facet of ['severity', 'rule', 'category', 'scope']) expect(html).toContain(`data-facet="${facet}"`);
    expect(html).toContain('<input type="search" id="q"');
    expect(html).toContain('<select id="sort">');
    expect(html).toContain('role="status" aria-live="polite"');
  });

  test('untrusted text from the report is escaped', () => {
    const html = format(loadReport(), ctx);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;hosted&quot;');
  });

  test('components and diagnostics are there, components folded away', () => {
    const html = format(loadReport(), ctx);
    expect(html).toContain('<details class="section" id="components">\n<summary>Components (3)</summary>');
    expect(html).toContain('["npm","gpl-widget","2.1.0","GPL-3.0-only","strong-copyleft","dev",0]');
    expect(html).toContain('invalid-json');
  });

  test('deterministic', () => {
    expect(format(loadReport(), ctx)).toBe(format(loadReport(), ctx));
  });
});
