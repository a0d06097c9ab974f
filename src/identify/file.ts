import type { Diagnostic, SafeReadError, SafeReadResult, TextIdentification } from '../types';

/** What one license file yields: its identification (null when unreadable) and what to report. */
export interface LicenseFileOutcome {
  identification: TextIdentification | null;
  diagnostics: Diagnostic[];
}

/**
 * The text matcher and hashing load on the first license file: a checkout without one (a new
 * project, a pre-commit run on a manifest-only change) never pays for them.
 */
function textMatcher(): { identifyText: typeof import('./text').identifyText; sha1: (text: string) => string } {
  const { identifyText } = require('./text') as typeof import('./text');
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return { identifyText, sha1: (text) => createHash('sha1').update(text).digest('hex') };
}
let matcher: ReturnType<typeof textMatcher> | undefined;

/**
 * Identifies a license file that was read (from the checkout or a user cache), caching by
 * content hash: most trees ship the same dozen texts.
 */
export function identifyReadFile(read: SafeReadResult | SafeReadError, file: string, cache: Map<string, TextIdentification>): LicenseFileOutcome {
  if (!read.ok) return { identification: null, diagnostics: [read.diagnostic] };
  matcher ??= textMatcher();
  const key = textCacheKey(read.sha1 ?? matcher.sha1(read.text), read.truncated);
  let identification = cache.get(key);
  if (!identification) {
    identification = matcher.identifyText(read.text, { file, truncated: read.truncated });
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
