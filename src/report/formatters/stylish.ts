import { changesOf, describeVersionChange, type ReportWithChanges } from '../changes';
import { componentIndex } from '../identity';
import { modelRows } from '../models';
import type { Category, Finding, Formatter, Report } from '../../types';
import { CATEGORY_ORDER } from '../../types';
import { compareStrings } from '../../util/compare';
import { paint, type Paint } from '../color';
import { activeFindings, clip, groupFindings, groupSubject, workspacesOf, type FindingGroup } from '../grouping';
import { withMissingEvidenceGrouped } from '../missing-evidence';
import { displayPath } from '../display-path';

const SEVERITY_LABEL: Record<Finding['severity'], string> = { error: 'error', warn: 'warning', info: 'info' };
/** Lines never get longer than this, TTY or not (the subject column is the one that yields). */
const MAX_LINE = 200;
/** License changes listed at the top of a diff before "+N more". */
const MAX_CHANGES_LISTED = 25;

/**
 * Reads like ESLint's stylish: findings grouped by file (paths relative to where the command
 * runs), errors first, one line each — `line:col  severity  package@version via direct  short
 * message  rule` — with identical causes folded into one line; then the counts, the profile
 * and the license breakdown. Info findings are counted but listed only with `--info`; the long
 * explanations only with `--verbose`. On a TTY lines are cut to the terminal width.
 */
export const format: Formatter = (report: Report, ctx) => {
  const c = paint(ctx.color);
  const out: string[] = [];
  const components = componentIndex(report);
  const showInfo = ctx.info === true || ctx.verbose === true;
  const width = ctx.width && ctx.width > 20 ? Math.min(ctx.width, MAX_LINE) : MAX_LINE;

  const changes = changesOf(report);
  if (changes) out.push(...diffHeader(report as ReportWithChanges, c));

  // "Could not judge" once per lockfile (one row standing for its components), then causes folded.
  const shown = withMissingEvidenceGrouped(activeFindings(report, { info: showInfo }));
  const groups = groupFindings(shown, components, { byFile: true });
  const byFile = new Map<string, FindingGroup[]>();
  for (const g of groups) {
    const file = g.findings[0].location.file;
    const list = byFile.get(file) ?? [];
    list.push(g);
    byFile.set(file, list);
  }
  const manyWorkspaces = (report.workspaces?.length ?? 0) > 1;
  for (const file of [...byFile.keys()].sort(compareStrings)) {
    out.push('', c.underline(displayPath(file, ctx.pathPrefix)));
    // groupFindings already orders errors first, then by rule and line.
    const rows = byFile.get(file)!.map((g) => rowOf(g, manyWorkspaces));
    // reduce, not Math.max(...): a lockfile's 130k findings would pass the argument limit.
    const posWidth = rows.reduce((w, r) => Math.max(w, r.pos.length), 0);
    const sevWidth = rows.reduce((w, r) => Math.max(w, r.sev.length), 0);
    for (const row of rows) {
      out.push(renderRow(row, posWidth, sevWidth, width, c));
      if (ctx.verbose) out.push(...explanation(row.group, ctx.width && ctx.width > 20 ? ctx.width : undefined, c));
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
  const hiddenInfo = showInfo ? 0 : activeFindings(report).filter((f) => f.severity === 'info').length;
  if (hiddenInfo > 0) out.push(c.dim(`  ${hiddenInfo} info not listed (nothing to fix; --info lists them)`));
  if (s.suppressed > 0) out.push(c.dim(`  ${s.suppressed} suppressed by exceptions or the baseline`));
  if (s.ignored) out.push(c.dim(`  ${s.ignored} ignored by the config's workspace "ignore"`));
  if (total > 0 && !ctx.verbose) out.push(c.dim('  --verbose explains each finding; license-risk explain <rule> documents a rule'));

  const p = report.profile;
  const why = p.reasons.length ? ` — ${p.reasons.join('; ')}` : '';
  out.push(clip(`Profile: ${p.distribution}${p.commercial ? '' : ' (non-commercial)'} (${p.origin})${why}`, MAX_LINE));
  if (report.ownLicense) {
    out.push(`Project license: ${report.ownLicense.expression ?? 'unknown'} (${report.ownLicense.category})`);
    for (const scope of report.ownLicense.scopes ?? []) out.push(`  ${scope.path}: ${scope.expression ?? 'unknown'} (${scope.category})`);
  }
  if (manyWorkspaces) {
    out.push(`Workspaces: ${report.workspaces!.map((w) => `${w.path} ${w.profile.distribution}`).join(', ')}`);
  }
  const breakdown = CATEGORY_ORDER.filter((cat: Category) => s.byCategory[cat] > 0).map((cat) => `${s.byCategory[cat]} ${cat}`);
  out.push(`Licenses: ${breakdown.length ? breakdown.join(', ') : 'no dependencies found'}`);
  const models = modelRows(report);
  if (models.length > 0) out.push(clip(`AI models: ${models.map((m) => `${m.model} (${m.license})`).join(', ')}`, MAX_LINE));
  // Info diagnostics (e.g. registry notes under --online) are not printed, so they are not "above".
  const printed = report.diagnostics.filter((d) => d.severity !== 'info').length;
  if (printed > 0) out.push(c.dim(`${plural(printed, 'file')} could not be fully read (see messages above)`));
  return `${out.join('\n').replace(/^\n/, '')}\n`;
};

interface Row {
  group: FindingGroup;
  pos: string;
  sev: string;
  subject: string;
  names: string[];
  message: string;
  rule: string;
}

function rowOf(group: FindingGroup, manyWorkspaces: boolean): Row {
  const first = group.findings[0];
  // In a monorepo, which workspaces' business models judged it.
  const workspaces = manyWorkspaces ? workspacesOf(group).map((w) => (w === '.' ? 'root' : w)) : [];
  const n = group.packages.length;
  const subject =
    n === 0 ? groupSubject(group) : n === 1 ? group.packages[0] + (group.via ? ` via ${group.via}` : '') : `${n} packages${group.via ? ` via ${group.via}` : ''}`;
  return {
    group,
    pos: `${first.location.line}:${first.location.column}`,
    sev: SEVERITY_LABEL[group.severity],
    subject,
    names: n > 1 ? [...new Set(group.packages.map(nameOnly))] : [],
    message: group.short,
    rule: workspaces.length ? `${group.ruleId} (${workspaces.join(', ')})` : group.ruleId,
  };
}

function nameOnly(label: string): string {
  const at = label.lastIndexOf('@');
  return at > 0 ? label.slice(0, at) : label;
}

/**
 * `  pos  severity  subject (names…)  message  rule`, at most `width` characters: the list of
 * folded package names shrinks first, then the message is cut at a word.
 */
function renderRow(row: Row, posWidth: number, sevWidth: number, width: number, c: Paint): string {
  const fixed = 2 + posWidth + 2 + sevWidth + 2 + (row.subject ? row.subject.length + 2 : 0) + 2 + row.rule.length;
  let names = '';
  if (row.names.length > 0) {
    const room = width - fixed - row.message.length - 3;
    names = fitNames(row.names, room);
  }
  const subject = row.subject ? `${row.subject}${names}  ` : '';
  const messageRoom = Math.max(10, width - fixed - names.length);
  const message = clip(row.message, messageRoom);
  const sev = row.sev.padEnd(sevWidth);
  const colored = row.sev === 'error' ? c.red(sev) : row.sev === 'warning' ? c.yellow(sev) : c.blue(sev);
  return `  ${c.dim(row.pos.padEnd(posWidth))}  ${colored}  ${subject}${message}  ${c.dim(row.rule)}`;
}

/** ` (a, b, +3)` within `room` characters, or nothing when not even one name fits. */
function fitNames(names: string[], room: number): string {
  // Greedy from the front, in one pass: a folded group can hold many thousands of names.
  let best = '';
  let listed = '';
  for (let k = 1; k <= names.length; k++) {
    listed = k === 1 ? names[0] : `${listed}, ${names[k - 1]}`;
    const rest = names.length - k;
    const text = ` (${listed}${rest > 0 ? `, +${rest}` : ''})`;
    if (text.length <= room) best = text;
    if (listed.length > room) break;
  }
  return best;
}

/** `--verbose`: the folded packages and the long message, indented; wrapped only on a TTY (`width`). */
function explanation(group: FindingGroup, width: number | undefined, c: Paint): string[] {
  const lines: string[] = [];
  const indent = '      ';
  const fit = (text: string) => (width ? wrap(text, width - indent.length) : [text.replace(/\s+/g, ' ').trim()]);
  if (group.packages.length > 1) lines.push(...fit(`packages: ${group.packages.join(', ')}`).map((l) => c.dim(indent + l)));
  for (const paragraph of group.findings[0].message.split(/\n+/)) {
    lines.push(...fit(paragraph).map((l) => indent + l));
  }
  lines.push('');
  return lines;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** A diff opens with what it compared against and the license changes it found. */
function diffHeader(report: ReportWithChanges, c: Paint): string[] {
  const base = report.base ? `${report.base.ref}${report.base.commit ? ` (${report.base.commit.slice(0, 12)})` : ''}` : 'the base ref';
  const licenseChanges = report.changes.filter((ch) => ch.kind === 'relicensed' || ch.expression.from !== ch.expression.to);
  const out = [c.bold(`license-risk diff against ${base}: ${plural(report.changes.length, 'dependency change')}, ${plural(licenseChanges.length, 'license change')}`)];
  for (const ch of licenseChanges.slice(0, MAX_CHANGES_LISTED)) {
    const license = ch.expression.from === ch.expression.to ? (ch.expression.to ?? 'unknown') : `${ch.expression.from ?? '—'} → ${ch.expression.to ?? '—'}`;
    const category = ch.category.to && ch.category.to !== ch.category.from ? ` (${ch.category.to})` : '';
    out.push(clip(`  ${ch.kind.padEnd(10)}  ${ch.name} ${describeVersionChange(ch)}  ${license}${category}`, MAX_LINE));
  }
  if (licenseChanges.length > MAX_CHANGES_LISTED) out.push(c.dim(`  +${licenseChanges.length - MAX_CHANGES_LISTED} more (--format json lists every change)`));
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
