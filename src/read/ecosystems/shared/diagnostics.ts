import type { Diagnostic } from '../../../types';
import { compareStrings } from '../../../util/compare';

export function diag(
  code: string,
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

export function errorMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  // Parser messages often carry a multi-line excerpt; a diagnostic is one line.
  return raw.split('\n')[0].trim();
}

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
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

/**
 * Last line of defence for a reader: an unexpected exception (a bug, or input no check
 * foresaw) becomes one diagnostic instead of ending the scan.
 */
export async function guardRead<T extends { components: unknown[]; projects: unknown[]; diagnostics: Diagnostic[] }>(
  ecosystem: string,
  files: { manifests: string[]; lockfiles: string[] },
  run: () => Promise<T>,
): Promise<T | { components: never[]; projects: never[]; diagnostics: Diagnostic[] }> {
  try {
    return await run();
  } catch (err) {
    const first = [...files.manifests, ...files.lockfiles][0] ?? '.';
    return {
      components: [],
      projects: [],
      diagnostics: [diag('reader-error', first, `the ${ecosystem} reader stopped on an unexpected error: ${errorMessage(err)}`, undefined, 'error')],
    };
  }
}
