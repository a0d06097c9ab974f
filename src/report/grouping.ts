import type { Finding, Report, ReportComponent, Severity } from '../types';
import { compareStrings } from '../util/compare';
import { severityRank } from '../util/severity';

/**
 * What the human reports (stylish, markdown, github, html) share: the one-line form of a
 * finding, the direct dependency that brought it in, and findings with the same cause folded
 * into one group ("5 packages via n8n-workflow: SUL-1.0 allows internal use only").
 */

/** Longest short line a report prints for a finding; longer texts are cut at a word. */
export const SHORT_MESSAGE_LIMIT = 110;

/** The finding's one-line message: the rule's short template, else the long message's first sentence. */
export function shortMessageOf(finding: Finding): string {
  const text = finding.shortMessage ?? firstSentence(finding.message);
  return clip(text.replace(/\s+/g, ' ').trim(), SHORT_MESSAGE_LIMIT);
}

function firstSentence(message: string): string {
  const flat = message.replace(/\s+/g, ' ');
  const end = flat.search(/\.(\s|$)/);
  return end > 0 ? flat.slice(0, end) : flat;
}

/** The workspaces whose profiles judged a group's findings, in the order they first appear. */
export function workspacesOf(group: FindingGroup): string[] {
  return [...new Set(group.findings.map((f) => f.workspace).filter((w): w is string => w !== undefined))];
}

/** Cuts at the last word boundary before `max` characters and marks the cut with an ellipsis. */
export function clip(text: string, max: number): string {
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- code points on purpose: a cut must not split a surrogate pair
  const chars = [...text];
  if (chars.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  const head = chars.slice(0, max - 1).join('');
  const space = head.lastIndexOf(' ');
  return `${space > max / 2 ? head.slice(0, space) : head}…`;
}

/** `name` of a path entry written `name@version` (scoped names keep their leading `@`). */
export function nameOfPathEntry(entry: string): string {
  const at = entry.lastIndexOf('@');
  return at > 0 ? entry.slice(0, at) : entry;
}

/**
 * The direct dependency that brought a transitive component in: the second entry of its
 * dependency path (the first is the root or workspace manifest). Undefined for direct ones.
 */
export function viaDirectOf(finding: Finding): string | undefined {
  const p = finding.path;
  if (!p || p.length < 3) return undefined;
  return nameOfPathEntry(p[1]);
}

/** `name@version` of the finding's component, or undefined for project-level findings. */
export function packageLabelOf(finding: Finding, components: Map<string, ReportComponent>): string | undefined {
  if (!finding.component) return undefined;
  const c = components.get(finding.component);
  if (c) return c.version ? `${c.name}@${c.version}` : c.name;
  // `npm:name@version` → `name@version`
  const colon = finding.component.indexOf(':');
  return colon >= 0 ? finding.component.slice(colon + 1) : finding.component;
}

export interface FindingGroup {
  /** Stable key of the cause, usable as an HTML id or URL fragment. */
  key: string;
  severity: Severity;
  ruleId: string;
  messageId: string;
  short: string;
  via?: string;
  /** Findings in the group, in report order (by file, line). */
  findings: Finding[];
  /** `name@version` of each member with a component (project-level findings have none). */
  packages: string[];
}

/**
 * Folds findings with the same cause — severity, rule, message id, short message and direct
 * dependency — into one group. `byFile` keeps findings of different files apart (stylish lists
 * per file). Groups come worst first, then by first location, then by rule.
 */
export function groupFindings(
  findings: readonly Finding[],
  components: Map<string, ReportComponent>,
  opts: { byFile?: boolean } = {},
): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  // A Set beside each group's list: a lockfile can fold 100k findings into one cause.
  const labels = new Map<FindingGroup, Set<string>>();
  for (const f of findings) {
    const short = shortMessageOf(f);
    const via = viaDirectOf(f);
    // Project-level findings are about different things even when they read alike.
    const own = f.component ? '' : `${f.location.file}:${f.location.line}:${f.location.column}`;
    const key = [f.severity, f.ruleId, f.messageId, short, via ?? '', opts.byFile ? f.location.file : '', own].join('\u0000');
    let group = groups.get(key);
    if (!group) {
      group = { key: '', severity: f.severity, ruleId: f.ruleId, messageId: f.messageId, short, via, findings: [], packages: [] };
      groups.set(key, group);
    }
    group.findings.push(f);
    const label = packageLabelOf(f, components);
    if (label) {
      let seen = labels.get(group);
      if (!seen) labels.set(group, (seen = new Set()));
      if (!seen.has(label)) {
        seen.add(label);
        group.packages.push(label);
      }
    }
  }
  const list = [...groups.values()];
  for (const g of list) g.findings.sort(compareLocation);
  list.sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      compareLocation(a.findings[0], b.findings[0]) ||
      compareStrings(a.ruleId, b.ruleId) ||
      compareStrings(a.short, b.short),
  );
  const used = new Map<string, number>();
  for (const g of list) {
    const base = `${g.ruleId}-${slug(g.via ?? g.packages[0] ?? g.messageId)}`;
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    g.key = n === 1 ? base : `${base}-${n}`;
  }
  return list;
}

function compareLocation(a: Finding, b: Finding): number {
  return (
    compareStrings(a.location.file, b.location.file) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    compareStrings(a.component ?? '', b.component ?? '')
  );
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'x';
}

/** "5 packages via n8n-workflow" or the single package's `name@version`. */
export function groupSubject(group: FindingGroup): string {
  const n = group.packages.length;
  // The "could not judge" line of a lockfile stands for its components (missing-evidence.ts).
  if (n === 0) return group.findings[0].data?.components ? `${group.findings[0].data.components} components` : '';
  if (n === 1) return group.via ? `${group.packages[0]} via ${group.via}` : group.packages[0];
  return group.via ? `${n} packages via ${group.via}` : `${n} packages`;
}

/** The report's findings that are not suppressed, optionally without info. */
export function activeFindings(report: Report, opts: { info?: boolean } = {}): Finding[] {
  return report.findings.filter((f) => !f.suppressed && (opts.info !== false || f.severity !== 'info'));
}
