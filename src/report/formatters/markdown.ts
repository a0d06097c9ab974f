import { modelRows } from '../models';
import { changesOf, describeVersionChange, type Change, type ReportWithChanges } from '../changes';
import { appendAll } from '../../util/append';
import { componentIndex } from '../identity';
import { CATEGORY_ORDER, type Formatter, type FormatterContext, type Report, type Severity } from '../../types';
import { groupFindings, groupSubject, workspacesOf } from '../grouping';
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
    `${verdict} **${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}**, ${s.infos} info, ${s.suppressed} suppressed${s.ignored ? `, ${s.ignored} ignored` : ''} · ${plural(s.components, 'component')} · ${profile}`,
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
  // "Could not judge" once per lockfile, then one row per cause (as the terminal report folds
  // them): packages sharing a cause through one direct dependency are one row, worst first.
  // The long explanations follow, folded away.
  const active = withMissingEvidenceGrouped(report.findings.filter((f) => !f.suppressed));
  const groups = groupFindings(active, components);
  out.push('', '### Findings', '');
  if (groups.length === 0) {
    out.push('No findings.');
  } else {
    const manyWorkspaces = (report.workspaces?.length ?? 0) > 1;
    const shown = groups.slice(0, maxRows);
    const rows = shown.map((g) => {
      const first = g.findings[0];
      const component = first.component ? components.get(first.component) : undefined;
      const license = first.data?.license ?? component?.license.expression ?? '';
      const groupWorkspaces = manyWorkspaces ? workspacesOf(g) : [];
      const where = `${first.location.file}:${first.location.line}:${first.location.column}${groupWorkspaces.length ? ` (workspace ${groupWorkspaces.join(', ')})` : ''}`;
      const subject = groupSubject(g) || '(project)';
      const names = g.packages.length > 1 ? `<br><sub>${g.packages.map(escapeCell).join(', ')}</sub>` : '';
      return [SEVERITY_LABEL[g.severity], escapeCell(subject) + names, escapeCell(license || '—'), escapeCell(g.short), `\`${g.ruleId.replace(/[^a-z0-9-]/gi, '')}\``, escapeCell(where)];
    });
    // appendAll, not push(...): a lockfile's 130k findings would pass the argument limit.
    appendAll(out, table(['severity', 'package', 'license', 'finding', 'rule', 'where'], rows));
    if (groups.length > maxRows) {
      const left = groups.slice(maxRows).reduce((n, g) => n + g.findings.length, 0);
      out.push('', `…and ${left} more finding(s); run \`license-risk --format json\` for all of them.`);
    }
    out.push('', '<details><summary>Why, and how to fix each</summary>', '');
    for (const g of shown) {
      out.push(`- **${escapeCell(groupSubject(g) || '(project)')}** (\`${g.ruleId.replace(/[^a-z0-9-]/gi, '')}\`): ${escapeCell(g.findings[0].message)}`);
    }
    out.push('', `Each rule is documented by \`license-risk explain <rule>\`.`, '', '</details>');
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
