import { modelRows } from '../models';
import type { Category, Finding, Formatter, Report } from '../../types';
import { CATEGORY_ORDER } from '../../types';
import { paint } from '../color';
import { groupMissingEvidence } from '../missing-evidence';

const SEVERITY_LABEL: Record<Finding['severity'], string> = { error: 'error', warn: 'warning', info: 'info' };

/**
 * Reads like ESLint's stylish: findings grouped by file with `line:col`, severity, message and
 * rule id; then a problem count, the profile used and why, and the license breakdown.
 */
export const format: Formatter = (report: Report, ctx) => {
  const c = paint(ctx.color);
  const out: string[] = [];
  const { rest: findings, groups: missing } = groupMissingEvidence(report.findings.filter((f) => !f.suppressed));

  const byFile = new Map<string, Finding[]>();
  // "Could not judge" once per lockfile, as one row standing for its components.
  for (const g of missing) {
    const list = byFile.get(g.file) ?? [];
    list.push({ ruleId: g.ruleId, severity: g.severity, messageId: 'noEvidence', message: g.message, location: { file: g.file, line: g.line, column: g.column } });
    byFile.set(g.file, list);
  }
  for (const f of findings) {
    const list = byFile.get(f.location.file) ?? [];
    list.push(f);
    byFile.set(f.location.file, list);
  }
  for (const file of [...byFile.keys()].sort()) {
    out.push('', c.underline(file));
    const rows = byFile.get(file)!.map((f) => [
      `${f.location.line}:${f.location.column}`,
      SEVERITY_LABEL[f.severity],
      f.message.replace(/\s*\n\s*/g, ' '),
      f.ruleId,
    ]);
    // reduce, not Math.max(...): a lockfile's 130k findings would pass the argument limit.
    const posWidth = rows.reduce((w, r) => Math.max(w, r[0].length), 0);
    const sevWidth = rows.reduce((w, r) => Math.max(w, r[1].length), 0);
    for (const [pos, sev, message, rule] of rows) {
      const colored = sev === 'error' ? c.red(sev.padEnd(sevWidth)) : sev === 'warning' ? c.yellow(sev.padEnd(sevWidth)) : c.blue(sev.padEnd(sevWidth));
      out.push(`  ${c.dim(pos.padEnd(posWidth))}  ${colored}  ${message}  ${c.dim(rule)}`);
    }
  }

  const s = report.summary;
  const total = s.errors + s.warnings + s.infos;
  out.push('');
  if (total === 0) {
    out.push(`${c.bold('✔ no license risks found')} in ${plural(s.components, 'component')}`);
  } else if (s.errors === 0 && s.warnings === 0) {
    out.push(`${c.bold('✔ no errors or warnings')} (${s.infos} info) in ${plural(s.components, 'component')}`);
  } else {
    const line = `✖ ${plural(total, 'problem')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.infos} info) in ${plural(s.components, 'component')}`;
    out.push(s.errors > 0 ? c.red(c.bold(line)) : c.yellow(c.bold(line)));
  }
  if (s.suppressed > 0) out.push(c.dim(`  ${s.suppressed} suppressed by exceptions or the baseline`));

  const p = report.profile;
  const why = p.reasons.length ? ` — ${p.reasons.join('; ')}` : '';
  out.push(`Profile: ${p.distribution}${p.commercial ? '' : ' (non-commercial)'} (${p.origin})${why}`);
  if (report.ownLicense) {
    out.push(`Project license: ${report.ownLicense.expression ?? 'unknown'} (${report.ownLicense.category})`);
  }
  const breakdown = CATEGORY_ORDER.filter((cat: Category) => s.byCategory[cat] > 0).map((cat) => `${s.byCategory[cat]} ${cat}`);
  out.push(`Licenses: ${breakdown.length ? breakdown.join(', ') : 'no dependencies found'}`);
  const models = modelRows(report);
  if (models.length > 0) out.push(`AI models: ${models.map((m) => `${m.model} (${m.license})`).join(', ')}`);
  // Info diagnostics (e.g. registry notes under --online) are not printed, so they are not "above".
  const shown = report.diagnostics.filter((d) => d.severity !== 'info').length;
  if (shown > 0) out.push(c.dim(`${plural(shown, 'file')} could not be fully read (see messages above)`));
  return `${out.join('\n').replace(/^\n/, '')}\n`;
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
