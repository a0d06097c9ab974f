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

/**
 * What makes a sentence bind: a prohibition, a condition or a limit. A sentence that only
 * mentions commerce ("not being taken advantage of by lucrative commercial entities") takes
 * no right away.
 */
const BINDING =
  /\b(?:may not|must not|shall not|cannot|can not|do not|not (?:be )?(?:permitted|allowed|authorized|licensed|granted|used)|prohibited|forbidden|only|solely|except|unless|requires?|must|shall|restricted|without (?:a|prior|written|express)|no (?:commercial|right|rights|license)|purchase|fee|non ?commercial)\b/;

/**
 * Requests, hopes and notes that take no right away: expected-but-not-required payment,
 * donations, contact lines, warranty and trademark notes.
 */
const NON_BINDING =
  /\b(?:not required|appreciated|would be (?:nice|great|grateful)|please|encouraged?|donat\w*|sponsor\w*|contact (?:us|me)|feel free|welcome|we (?:ask|request|hope)|warranty|warranties|trademarks?|trade names?|logos?)\b/;

/** A normalised sentence (tokens joined by spaces) that takes a right away (use, field of use, commerce, distribution, hosting). */
export function takesRightAway(norm: string): boolean {
  const padded = ` ${norm.trim()} `;
  return RESTRICTIVE.test(padded) && BINDING.test(padded) && !NON_BINDING.test(padded);
}

/** Whether any sentence of a paragraph takes a right away. */
export function hasRestrictiveSentence(text: string): boolean {
  return text.split(/(?<=[.!?;])\s+/).some((sentence) => takesRightAway(tokenize(sentence, { keepCopyright: true }).tokens.join(' ')));
}

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

/**
 * A heading that opens a model license's own use policy, as copies of the Llama licenses append
 * it ("Meta Llama 3 Acceptable Use Policy", "Gemma Prohibited Use Policy").
 */
const USE_POLICY_HEADING = /^\W{0,8}(?:[\w.-]+\s+){0,4}(?:acceptable|prohibited)\s+use\s+policy\W{0,4}$/i;

/**
 * Line (1-based) where the license's own use policy starts, or 0. A policy appended after a
 * license that incorporates it by reference (its covered text names a "use policy") is part of
 * that license's terms, not a restriction added to it; anything else still is.
 */
export function ownUsePolicyStart(lines: string[], coveredLines: ReadonlySet<number>): number {
  let reference = 0;
  for (const l of [...coveredLines].sort((a, b) => a - b)) {
    if (/\buse policy\b/i.test(lines[l - 1] ?? '')) {
      reference = l;
      break;
    }
  }
  if (reference === 0) return 0;
  // The heading may sit at the edge of the license's matched region (the aligner takes it in).
  for (let i = reference; i < lines.length; i++) {
    if (lines[i].length <= 80 && USE_POLICY_HEADING.test(lines[i].trim())) return i + 1;
  }
  return 0;
}
