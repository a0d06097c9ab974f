import type { Finding, Severity } from '../types';
import { compareStrings } from '../ci/identity';

export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warn: 1, info: 2 };

/** The reading order of human reports (markdown, HTML): worst first, then by rule and package. */
export function sortFindingsBySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      compareStrings(a.ruleId, b.ruleId) ||
      compareStrings(a.component ?? '', b.component ?? '') ||
      compareStrings(a.location.file, b.location.file) ||
      a.location.line - b.location.line,
  );
}
