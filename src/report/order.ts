import type { Severity } from '../types';
import { severityRank } from '../util/severity';

/** Worst first: error, warn, info. */
export function compareSeverityWorstFirst(a: Severity, b: Severity): number {
  return severityRank(b) - severityRank(a);
}
