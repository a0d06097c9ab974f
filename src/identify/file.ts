import type { Diagnostic, SafeReadError, SafeReadResult, TextIdentification } from '../types';
import { sha1Hex } from '../util/sha1';

/** What one license file yields: its identification (null when unreadable) and what to report. */
export interface LicenseFileOutcome {
  identification: TextIdentification | null;
  diagnostics: Diagnostic[];
}

/**
 * The text matcher (and, in `sha1Hex`, hashing) load on the first license file: a checkout
 * without one (a new project, a pre-commit run on a manifest-only change) never pays for them.
 */
let identifyText: typeof import('./text').identifyText | undefined;

/**
 * Identifies a license file that was read (from the checkout or a user cache), caching by
 * content hash: most trees ship the same dozen texts.
 */
export function identifyReadFile(read: SafeReadResult | SafeReadError, file: string, cache: Map<string, TextIdentification>): LicenseFileOutcome {
  if (!read.ok) return { identification: null, diagnostics: [read.diagnostic] };
  const key = textCacheKey(read.sha1 ?? sha1Hex(read.text), read.truncated);
  let identification = cache.get(key);
  if (!identification) {
    identifyText ??= (require('./text') as typeof import('./text')).identifyText;
    identification = identifyText(read.text, { file, truncated: read.truncated });
    cache.set(key, identification);
  }
  const diagnostics: Diagnostic[] = read.truncated
    ? [{ code: 'file-truncated', severity: 'info', file, message: `file is ${read.size} bytes; only the first 1 MB was identified` }]
    : [];
  return { identification, diagnostics };
}

/** A text's key in the identification cache: its SHA-1, marked when only the first 1 MB was read. */
export function textCacheKey(sha1: string, truncated: boolean): string {
  return truncated ? `${sha1}:t` : sha1;
}
