import type { RuleSetting, Severity } from '../types';

const RANK: Record<Severity, number> = { info: 0, warn: 1, error: 2 };
const BY_RANK: Severity[] = ['info', 'warn', 'error'];

export function isSeverity(value: unknown): value is Severity {
  return value === 'error' || value === 'warn' || value === 'info';
}

export function isRuleSetting(value: unknown): value is RuleSetting {
  return value === 'off' || isSeverity(value);
}

/** `severity` lowered by `steps` levels, never below `info`. */
export function lowerSeverity(severity: Severity, steps = 1): Severity {
  return BY_RANK[Math.max(0, RANK[severity] - steps)];
}

/** The lesser of two severities. */
export function minSeverity(a: Severity, b: Severity): Severity {
  return RANK[a] <= RANK[b] ? a : b;
}

/** info 0, warn 1, error 2: higher is worse. Reports listing the worst first sort by the negation. */
export function severityRank(severity: Severity): number {
  return RANK[severity];
}
