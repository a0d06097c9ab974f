import { compareStrings } from '../../util/compare';
import { componentIndex } from '../identity';
import type { Diagnostic, Finding, Formatter, Report, Severity } from '../../types';
import { groupFindings, groupSubject, type FindingGroup } from '../grouping';
import { withMissingEvidenceGrouped } from '../missing-evidence';

/**
 * GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
 * Escaping follows the runner's command parser (actions/toolkit `command.ts`): in the message,
 * `%` → %25, CR → %0D, LF → %0A; in property values additionally `:` → %3A and `,` → %2C.
 */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export type AnnotationCommand = 'error' | 'warning' | 'notice';

export function annotationCommand(severity: Severity): AnnotationCommand {
  return severity === 'error' ? 'error' : severity === 'warn' ? 'warning' : 'notice';
}

export interface Annotation {
  command: AnnotationCommand;
  file?: string;
  line?: number;
  col?: number;
  title?: string;
  message: string;
}

export function workflowCommand(a: Annotation): string {
  const props: string[] = [];
  if (a.file) props.push(`file=${escapeProperty(a.file)}`);
  if (a.line && a.line >= 1) props.push(`line=${Math.floor(a.line)}`);
  if (a.col && a.col >= 1) props.push(`col=${Math.floor(a.col)}`);
  if (a.title) props.push(`title=${escapeProperty(a.title)}`);
  return `::${a.command}${props.length ? ` ${props.join(',')}` : ''}::${escapeData(a.message)}`;
}

/** Prefixes a path relative to the scanned root so annotations land on the repository file. */
function joinPrefix(prefix: string | undefined, file: string): string {
  const clean = (prefix ?? '').replace(/\\/g, '/').replace(/^\.\/?/, '').replace(/\/+$/, '');
  return clean ? `${clean}/${file}` : file;
}

function findingAnnotation(finding: Finding, prefix?: string): Annotation {
  const via = finding.path && finding.path.length > 1 ? ` (via ${finding.path.join(' > ')})` : '';
  return {
    command: annotationCommand(finding.severity),
    file: joinPrefix(prefix, finding.location.file),
    line: finding.location.line,
    col: finding.location.column,
    title: `license-risk ${finding.ruleId}${finding.component ? `: ${finding.component}` : ''}${finding.workspace && finding.workspace !== '.' ? ` (${finding.workspace})` : ''}`,
    message: `${finding.message}${via}`,
  };
}

/**
 * One annotation per cause within a file: the short message first (what the annotation shows
 * folded), the packages when several share it, then the full explanation of the first.
 */
function groupAnnotation(group: FindingGroup, prefix?: string): Annotation {
  // The first finding's annotation (its file, position and explanation) speaks for the group.
  const single = findingAnnotation(group.findings[0], prefix);
  if (group.findings.length === 1) return { ...single, message: `${group.short}\n\n${single.message}` };
  return {
    ...single,
    command: annotationCommand(group.severity),
    title: `license-risk ${group.ruleId}: ${groupSubject(group)}`,
    message: `${group.short}\nPackages: ${group.packages.join(', ')}\n\n${single.message}`,
  };
}

function diagnosticAnnotation(diagnostic: Diagnostic, prefix?: string): Annotation {
  return {
    command: annotationCommand(diagnostic.severity),
    // `.` means "the checkout as a whole": no file to annotate.
    file: diagnostic.file && diagnostic.file !== '.' ? joinPrefix(prefix, diagnostic.file) : undefined,
    line: diagnostic.line,
    col: diagnostic.column,
    title: `license-risk ${diagnostic.code}`,
    message: diagnostic.message,
  };
}

const ORDER: Record<AnnotationCommand, number> = { error: 0, warning: 1, notice: 2 };

/**
 * All annotations for a report, errors first. `pathPrefix` is the scanned folder relative to the
 * repository root (GitHub resolves `file=` against the workspace).
 */
export function annotations(report: Report, opts: { pathPrefix?: string; grouped?: boolean } = {}): Annotation[] {
  // "Could not judge" once per lockfile, not once per component.
  const active = withMissingEvidenceGrouped(report.findings.filter((f) => !f.suppressed));
  // Grouped: findings with the same cause in one file are one annotation, so GitHub's cap of
  // ten per level reaches ten different problems instead of ten packages of one.
  const fromFindings = opts.grouped
    ? groupFindings(active, componentIndex(report), { byFile: true }).map((g) => groupAnnotation(g, opts.pathPrefix))
    : active.map((f) => findingAnnotation(f, opts.pathPrefix));
  const fromDiagnostics = report.diagnostics.map((d) => diagnosticAnnotation(d, opts.pathPrefix));
  return [...fromFindings, ...fromDiagnostics].sort(
    (a, b) =>
      ORDER[a.command] - ORDER[b.command] ||
      compareStrings(a.file ?? '', b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.col ?? 0) - (b.col ?? 0) ||
      compareStrings(a.title ?? '', b.title ?? '') ||
      compareStrings(a.message, b.message),
  );
}

export function summaryLine(report: Report): string {
  const s = report.summary;
  return `license-risk: ${s.errors} error(s), ${s.warnings} warning(s), ${s.infos} info, ${s.suppressed} suppressed, ${s.components} component(s) (profile ${report.profile.distribution}${report.profile.commercial ? ', commercial' : ''})`;
}

export const format: Formatter = (report) => {
  const lines = annotations(report, { grouped: true }).map(workflowCommand);
  lines.push(summaryLine(report));
  return `${lines.join('\n')}\n`;
};
