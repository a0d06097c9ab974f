/** Text added to a known license that takes rights away (an added restriction). */
import { shinglesOf, templateHasShingle, type TemplateHit } from './match';
import { tokenize } from './normalize';
import type { TemplateIndex } from './template-index';

/**
 * Sentences that restrict a known license beyond its own terms (an added "no commercial use"),
 * or vendor terms sitting beside bundled open-source notices ("licensed under the X TOS for use
 * only with X products").
 */
export const RESTRICTIVE =
  /\b(?:non ?commercial|not for commercial|commercial (?:use|uses|purposes?|products?|offerings?|advantage|entities|entity|users?)|sell|selling|sale|resell|for a fee|prohibited|forbidden|not (?:be )?(?:permitted|allowed)|production (?:use|environment)|in production|as a service|hosted|saas|compete|competing|competitor|military|evil|personal use only|internal use only|educational (?:use|purposes)|(?:only|solely) (?:for|by|in) (?:non|personal|private|internal|educational|academic|research)|terms of service|tos|for use only|use only with|not authorized|account in good standing|(?:may|must|shall) not (?:use|copy|modify|distribute|redistribute|sublicense|reverse engineer))\b/;

/** Text that is really new: not a title, and mostly absent from the matched templates. */
export function isAddedText(index: TemplateIndex, hits: TemplateHit[], paragraph: string): boolean {
  const trimmed = paragraph.trim();
  const tokens = tokenize(trimmed, { keepCopyright: true }).tokens;
  // A one-line heading ("# HPND sell variant") names the license; it adds no terms.
  const oneLine = !trimmed.includes('\n');
  if (oneLine && (/^#{1,6}\s/.test(trimmed) || (tokens.length <= 16 && !/[.;!]\s*$/.test(trimmed)))) return false;
  return isAddedTokens(index, hits, tokens);
}

export function isAddedTokens(index: TemplateIndex, hits: TemplateHit[], rawTokens: string[]): boolean {
  // List numbers move between line starts (dropped) and mid-line (kept) when text is rewrapped.
  const tokens = rawTokens.filter((t) => !/^(?:\d{1,3}|[a-z]|[ivx]{1,4})$/.test(t));
  const shingles = shinglesOf(tokens);
  if (shingles.length === 0) return false;
  let known = 0;
  for (const sh of shingles) if (hits.some((h) => templateHasShingle(index, h.entryIndex, sh))) known++;
  return known < shingles.length * 0.5;
}

/** End line of a BSL parameter block, so its Additional Use Grant is not read as an added restriction. */
export function bslBlockEnd(lines: string[]): number {
  let last = 0;
  for (let i = 0; i < Math.min(lines.length, 120); i++) {
    if (/^\s*[*_]{0,2}(?:licensor|licensed work|software|additional use grant|use limitation|change date|change license)[*_]{0,2}\s*:/i.test(lines[i])) last = i + 1;
    if (last && /^\s*(?:[-=_]{5,}|#*\s*notice\s*$|#*\s*terms\s*$|for information about alternative licensing|license text copyright)/i.test(lines[i])) return i + 1;
  }
  // The grant after the last field runs to the next blank-line-separated heading.
  return last ? Math.min(lines.length, last + 2) : 0;
}

export function isBslId(id: string): boolean {
  return id === 'BUSL-1.1' || id === 'LicenseRef-scancode-bsl-1.0';
}
