import { modelRows } from '../models';
import { changesOf, describeVersionChange, type Change, type ReportWithChanges } from '../changes';
import { appendAll } from '../../util/append';
import { componentIndex } from '../identity';
import { docUrl } from '../links';
import { CATEGORY_ORDER, type Formatter, type FormatterContext, type Report, type Severity } from '../../types';
import { sortFindingsBySeverity } from '../order';
import { withMissingEvidenceGrouped } from '../missing-evidence';

/**
 * Markdown for `$GITHUB_STEP_SUMMARY` and pull-request comments. Every value that came from a
 * scanned checkout (package names, messages, paths) is untrusted: it is escaped so it cannot
 * break a table, inject HTML or turn into a link.
 */
export function escapeCell(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~#!])/g, '\\$1')
    .replace(/\r\n|\r|\n/g, '<br>');
}

/** Default row cap: a PR comment holds 65,536 characters, a step summary 1 MiB. */
export const DEFAULT_MAX_ROWS = 500;

export interface MarkdownOptions {
  /** Findings-table rows before the rest is summarised in one line. */
  maxRows?: number;
  /** Heading text (default `license-risk`). */
  title?: string;
}

const SEVERITY_LABEL: Record<Severity, string> = { error: '🔴 error', warn: '🟡 warning', info: '🔵 info' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => ' --- ').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

function changeRow(change: Change): string[] {
  const expression =
    change.expression.from === change.expression.to || change.kind === 'added' || change.kind === 'removed'
      ? (change.expression.to ?? change.expression.from ?? 'unknown')
      : `${change.expression.from ?? 'unknown'} → ${change.expression.to ?? 'unknown'}`;
  const category =
    change.category.from === change.category.to || !change.category.from || !change.category.to
      ? (change.category.to ?? change.category.from ?? 'unknown')
      : `${change.category.from} → ${change.category.to}`;
  return [
    change.kind,
    escapeCell(`${change.ecosystem}:${change.name}`),
    escapeCell(describeVersionChange(change)),
    escapeCell(expression),
    escapeCell(category),
  ];
}

export function renderMarkdown(report: Report, ctx: Pick<FormatterContext, 'rules'>, opts: MarkdownOptions = {}): string {
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  const s = report.summary;
  const out: string[] = [`## ${escapeCell(opts.title ?? 'license-risk')}`, ''];

  const verdict = s.errors > 0 ? '❌' : s.warnings > 0 ? '⚠️' : '✅';
  const profile = `profile \`${report.profile.distribution}\`${report.profile.commercial ? ' (commercial)' : ' (non-commercial)'}`;
  out.push(
    `${verdict} **${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}**, ${s.infos} info, ${s.suppressed} suppressed · ${plural(s.components, 'component')} · ${profile}`,
  );
  if (report.profile.reasons.length > 0) {
    out.push('', `<sub>Profile ${escapeCell(report.profile.origin)}: ${report.profile.reasons.map(escapeCell).join('; ')}</sub>`);
  }

  if (report.ownLicense) {
    out.push('', `Project license: ${escapeCell(report.ownLicense.expression ?? 'unknown')} (${report.ownLicense.category})`);
  }

  const changes = changesOf(report);
  if (changes) {
    out.push('', '### Dependency changes', '');
    const base = (report as Partial<ReportWithChanges>).base;
    if (base) out.push(`Compared with ${escapeCell(base.ref)} (${escapeCell(base.commit.slice(0, 12))}); findings below are only those this change introduces.`, '');
    if (changes.length === 0) out.push('No component changes against the base.');
    else appendAll(out, table(['change', 'package', 'version', 'license', 'category'], changes.map(changeRow)));
  }

  const components = componentIndex(report);
  const active = sortFindingsBySeverity(withMissingEvidenceGrouped(report.findings.filter((f) => !f.suppressed)));
  out.push('', '### Findings', '');
  if (active.length === 0) {
    out.push('No findings.');
  } else {
    const rows = active.slice(0, maxRows).map((f) => {
      const component = f.component ? components.get(f.component) : undefined;
      const meta = ctx.rules?.[f.ruleId];
      const rule = meta ? `[${escapeCell(f.ruleId)}](${docUrl(meta.docs.url)})` : escapeCell(f.ruleId);
      const pkg = component ? `${component.name}@${component.version}` : (f.component ?? '(project)');
      const license = f.data?.license ?? component?.license.expression ?? '';
      const where = `${f.location.file}:${f.location.line}:${f.location.column}`;
      return [SEVERITY_LABEL[f.severity], rule, escapeCell(pkg), escapeCell(license || '—'), escapeCell(f.message), escapeCell(where)];
    });
    // appendAll, not push(...): a lockfile's 130k findings would pass the argument limit.
    appendAll(out, table(['severity', 'rule', 'package@version', 'license', 'why', 'where'], rows));
    if (active.length > maxRows) {
      out.push('', `…and ${active.length - maxRows} more finding(s); run \`license-risk --format json\` for all of them.`);
    }
  }

  out.push('', '### Licenses by category', '');
  const categoryRows = CATEGORY_ORDER.filter((c) => (s.byCategory?.[c] ?? 0) > 0).map((c) => [c, String(s.byCategory[c])]);
  if (categoryRows.length === 0) out.push('No components.');
  else out.push(...table(['category', 'components'], categoryRows));

  const models = modelRows(report);
  if (models.length > 0) {
    out.push('', '### AI models', '');
    out.push(...table(['model', 'license', 'category', 'base models'], models.map((m) => [escapeCell(m.model), escapeCell(m.license), m.category, escapeCell(m.basedOn || '—')])));
  }

  if (report.diagnostics.length > 0) {
    out.push('', `<details><summary>${plural(report.diagnostics.length, 'diagnostic')}</summary>`, '');
    const rows = report.diagnostics
      .slice(0, maxRows)
      .map((d) => [d.severity, escapeCell(d.code), escapeCell(d.line ? `${d.file}:${d.line}` : d.file), escapeCell(d.message)]);
    appendAll(out, table(['severity', 'code', 'file', 'message'], rows)).push('', '</details>');
  }
  return `${out.join('\n')}\n`;
}

export const format: Formatter = (report, ctx) => renderMarkdown(report, ctx);
