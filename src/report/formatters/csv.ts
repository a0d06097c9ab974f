import type { Formatter, ReportComponent } from '../../types';

/**
 * `--format csv`: one row per component (RFC 4180: comma separated, CRLF line ends, fields
 * quoted when they hold a comma, quote or line break). A field a spreadsheet would read as a
 * formula (starting with `=`, `+`, `-`, `@` other than an npm scope, tab or carriage return) is prefixed with `'`, since
 * package names and license strings come from strangers.
 */
export const CSV_COLUMNS = ['ecosystem', 'name', 'version', 'purl', 'scope', 'direct', 'license', 'category', 'confidence', 'source', 'declared', 'traits', 'findings'] as const;

export const format: Formatter = (report) => {
  const findingCount = new Map<string, number>();
  for (const f of report.findings) if (f.component && !f.suppressed) findingCount.set(f.component, (findingCount.get(f.component) ?? 0) + 1);
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const c of report.components) rows.push(rowOf(c, findingCount.get(c.id) ?? 0));
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
};

function rowOf(c: ReportComponent, findings: number): string[] {
  return [
    c.ecosystem,
    c.name,
    c.version,
    c.purl,
    c.scope,
    String(c.direct),
    c.license.expression ?? '',
    c.license.category,
    String(c.license.confidence),
    c.license.source,
    c.license.declared ?? '',
    c.license.traits.join(' '),
    String(findings),
  ];
}

/** An npm scope (`@elastic/eui`) starts with `@` but is no formula. */
const NPM_SCOPED_NAME = /^@[a-z0-9~][a-z0-9._~-]*\/[a-z0-9._~-]+$/i;

export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !NPM_SCOPED_NAME.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
