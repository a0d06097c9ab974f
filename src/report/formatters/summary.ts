import type { Formatter, ReportComponent } from '../../types';
import { CATEGORY_ORDER } from '../../types';
import { compareStrings } from '../../util/compare';

/**
 * `--format summary`: licenses by expression with their category and how many components use
 * each, most used first (as `license-checker --summary`), then the count per category.
 */
export const format: Formatter = (report) => {
  const byLicense = new Map<string, { category: string; count: number }>();
  for (const c of report.components) {
    const key = licenseLabel(c);
    const seen = byLicense.get(key);
    if (seen) seen.count++;
    else byLicense.set(key, { category: c.license.category, count: 1 });
  }
  const rows = [...byLicense].sort((a, b) => b[1].count - a[1].count || compareStrings(a[0], b[0]));
  const licenseWidth = Math.max('license'.length, ...rows.map(([l]) => l.length));
  const categoryWidth = Math.max('category'.length, ...rows.map(([, r]) => r.category.length));
  const line = (a: string, b: string, c: string) => `${a.padEnd(licenseWidth)}  ${b.padEnd(categoryWidth)}  ${c}`.trimEnd();
  const out = [line('license', 'category', 'components')];
  for (const [license, row] of rows) out.push(line(license, row.category, String(row.count)));
  out.push('', `${report.components.length} components`);
  const categories = CATEGORY_ORDER.filter((c) => report.summary.byCategory[c] > 0);
  for (const category of categories) out.push(`  ${category.padEnd(categoryWidth)}  ${report.summary.byCategory[category]}`);
  return `${out.join('\n')}\n`;
};

function licenseLabel(c: ReportComponent): string {
  return c.license.expression ?? (c.license.declared !== undefined ? `unknown ("${c.license.declared}")` : 'unknown (no evidence)');
}
