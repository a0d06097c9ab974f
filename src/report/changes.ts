import type { Category, Ecosystem, Report, Scope, SourceLocation } from '../types';

/**
 * One component-level difference between a base ref and the working tree. Lives apart from
 * `diff.ts` so formatters can render changes without pulling in git access.
 */
export type ChangeKind = 'added' | 'removed' | 'upgraded' | 'downgraded' | 'relicensed';

export interface Change {
  /** `relicensed`: same version on both sides, but the identified license differs. */
  kind: ChangeKind;
  ecosystem: Ecosystem;
  name: string;
  /** Version at the base ref; null when added. */
  from: string | null;
  /** Version in the working tree; null when removed. */
  to: string | null;
  expression: { from: string | null; to: string | null };
  category: { from: Category | null; to: Category | null };
  scope: Scope;
  /** Where the change shows in the working tree (or at the base ref, for removals). */
  location: SourceLocation;
}

export type ReportWithChanges = Report & { changes: Change[]; base?: { ref: string; commit: string } };

/** Formatters accept plain reports; a diff report additionally carries `changes`. */
export function changesOf(report: Report): Change[] | undefined {
  const changes = (report as Partial<ReportWithChanges>).changes;
  return Array.isArray(changes) ? changes : undefined;
}

export function describeVersionChange(change: Change): string {
  if (change.from && change.to && change.from !== change.to) return `${change.from} → ${change.to}`;
  return change.to ?? change.from ?? '';
}
