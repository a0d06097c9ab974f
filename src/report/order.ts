import type { Finding, Severity } from '../types';
import { compareStrings } from '../util/compare';
import { severityRank } from '../util/severity';

/** Worst first: error, warn, info. */
export function compareSeverityWorstFirst(a: Severity, b: Severity): number {
  return severityRank(b) - severityRank(a);
}

/** The reading order of human reports (markdown, HTML): worst first, then by rule and package. */
export function sortFindingsBySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      compareSeverityWorstFirst(a.severity, b.severity) ||
      compareStrings(a.ruleId, b.ruleId) ||
      compareStrings(a.component ?? '', b.component ?? '') ||
      compareStrings(a.location.file, b.location.file) ||
      a.location.line - b.location.line,
  );
}
