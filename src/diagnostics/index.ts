/**
 * Diagnostics: the non-fatal problems met while scanning (a broken lockfile, an unreadable
 * folder). One constructor, one order; the codes and their meaning are in `./codes.ts`.
 */
import type { Diagnostic } from '../types';
import { compareStrings } from '../util/compare';
import type { DiagnosticCode } from './codes';

export { DIAGNOSTIC_CODES, type DiagnosticCode } from './codes';

export function diag(
  code: DiagnosticCode,
  file: string,
  message: string,
  pos?: { line?: number; column?: number },
  severity: Diagnostic['severity'] = 'warn',
): Diagnostic {
  const d: Diagnostic = { code, severity, file, message };
  if (pos?.line !== undefined) d.line = pos.line;
  if (pos?.column !== undefined) d.column = pos.column;
  return d;
}

/** An exception's message as one line: parser messages often carry a multi-line excerpt. */
export function errorMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  return raw.split('\n')[0].trim();
}

/**
 * Duplicates removed (the same problem at the same place, met by two readers or two passes),
 * then by file, line, column, code and message: the report's order.
 */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of list) {
    const key = `${d.file}\0${d.code}\0${d.line ?? 0}\0${d.column ?? 0}\0${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out.sort(
    (a, b) =>
      compareStrings(a.file, b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      compareStrings(a.code, b.code) ||
      compareStrings(a.message, b.message),
  );
}
