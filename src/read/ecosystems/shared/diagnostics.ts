import type { Diagnostic } from '../../../types';
import { diag, errorMessage, sortDiagnostics } from '../../../diagnostics';

// The readers import these from here; they live with the codes in src/diagnostics/.
export { diag, errorMessage, sortDiagnostics };

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
