import type { TextIdentification } from '../../types';

/**
 * Enterprise-edition and commercial-subscription terms, as open-core vendors publish them next to
 * their open code (PostHog, Cal.com, Tabby, SigNoz `ee/LICENSE`: "may only be used in production,
 * if you … have a valid … Enterprise license"). They reuse MIT's warranty disclaimer, so the
 * template matcher sees "MIT-0 with added restrictions"; what they are is proprietary terms.
 * Recognised by what they say, not by one vendor's wording: a title naming enterprise or
 * commercial terms, and a sentence that makes use depend on a paid subscription or license.
 * Asked only when the template matcher found no license or a known one with added restrictions,
 * so a BSL whose Licensed Work is "files marked Enterprise Edition" stays a BSL.
 */
export const ENTERPRISE_TERMS_ID = 'LicenseRef-Enterprise-Commercial';

/** A first-lines title: "The PostHog Enterprise license", "GitLab Enterprise Edition (EE) license", "Commercial License Agreement". */
const TITLE = /\b(enterprise(\s+edition)?(\s*\(ee\))?|commercial)\s+(licen[cs]e|terms|subscription|agreement)\b|\benterprise\s+edition\b/i;

/** Use conditioned on a paid agreement. */
const CONDITION = [
  /\bmay\s+only\s+be\s+used\s+in\s+production\b/i,
  /\b(only|solely)\s+(be\s+)?(used|use)\b[^.]{0,200}\bvalid\b[^.]{0,120}\b(subscription|enterprise\s+licen[cs]e|commercial\s+licen[cs]e)/i,
  /\bwith\s+a\s+valid\b[^.]{0,80}\b(subscription|enterprise\s+licen[cs]e|commercial\s+licen[cs]e)\b/i,
  /\brequires?\s+an?\s+(paid|commercial|enterprise)\s+(licen[cs]e|subscription)\b/i,
];

/** How many leading non-blank lines may hold the title (a heading and a copyright line). */
const TITLE_LINES = 2;

export function identifyEnterpriseTerms(text: string): TextIdentification | null {
  const lines = text.split(/\r?\n/);
  const titleIndex = lines
    .map((line, i) => ({ line, i }))
    .filter((l) => l.line.trim() !== '')
    .slice(0, TITLE_LINES)
    .find((l) => TITLE.test(l.line))?.i;
  if (titleIndex === undefined) return null;
  const flat = text.replace(/\s+/g, ' ');
  if (!CONDITION.some((re) => re.test(flat))) return null;
  const title = lines[titleIndex].trim().replace(/^#+\s*/, '');
  return {
    expression: ENTERPRISE_TERMS_ID,
    confidence: 0.9,
    matches: [{ id: ENTERPRISE_TERMS_ID, confidence: 0.9, startLine: titleIndex + 1, endLine: lines.length }],
    notes: [`enterprise/commercial terms ("${title.length > 100 ? title.slice(0, 97) + '...' : title}"): production use needs the vendor's paid subscription or license`],
  };
}
