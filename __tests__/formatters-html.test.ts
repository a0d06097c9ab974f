import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FormatterContext, Report, RuleMeta } from '../src/types';
import { escapeHtml, format } from '../src/report/formatters/html';

const fixture = path.join(__dirname, '..', 'fixtures', 'ci-report');
const loadReport = (): Report => JSON.parse(fs.readFileSync(path.join(fixture, 'report.json'), 'utf8'));
const rules: Record<string, RuleMeta> = JSON.parse(fs.readFileSync(path.join(fixture, 'rules.json'), 'utf8'));
const ctx: FormatterContext = { color: false, cwd: fixture, rules };

describe('html formatter', () => {
  test('escapeHtml escapes the five significant characters', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  test('one self-contained page: no scripts, no external stylesheets, images or fonts', () => {
    const html = format(loadReport(), ctx);
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<img\b|@import|url\(/i);
    expect(html).not.toMatch(/\bsrc=/i);
    expect(html).toContain("Content-Security-Policy");
  });

  test('untrusted text from the report is escaped', () => {
    const html = format(loadReport(), ctx);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;hosted&quot;');
  });

  test('findings (unsuppressed), components, categories and diagnostics are all there', () => {
    const html = format(loadReport(), ctx);
    const findingsSection = html.slice(html.indexOf('<h2>Findings</h2>'), html.indexOf('<h2>Licenses by category</h2>'));
    expect(findingsSection.match(/<tr><td>/g)).toHaveLength(3);
    expect(findingsSection).not.toContain('LEGAL-12');
    expect(findingsSection).toContain('href="https://github.com/license-risk/license-risk/blob/main/rules/cloud-resale/README.md"');
    expect(html).toContain('<h2>Components</h2>');
    expect(html).toContain('npm:gpl-widget');
    expect(html).toContain('<td>source-available</td><td>1</td>');
    expect(html).toContain('invalid-json');
  });

  test('deterministic', () => {
    expect(format(loadReport(), ctx)).toBe(format(loadReport(), ctx));
  });
});
