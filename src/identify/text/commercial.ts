/**
 * The one commercial-terms detector: commercial, EULA and enterprise terms recognised from their
 * wording, for texts no template or license name explains. One ordered set of patterns:
 *
 * 1. enterprise-edition / commercial-subscription terms as open-core vendors publish them next to
 *    their open code (PostHog, Cal.com, Tabby, SigNoz `ee/LICENSE`): a title naming enterprise or
 *    commercial terms in the first lines, and a sentence that makes production use depend on a
 *    paid subscription or license → `LicenseRef-Enterprise-Commercial` (proprietary +
 *    production-use-limited). They reuse MIT's warranty disclaimer, so the template matcher sees
 *    "MIT-0 with added restrictions"; identify asks this module again for such results;
 * 2. a branding link that must stay (linkware) → `-Commercial-Linkware OR -Commercial`;
 * 3. vendor wording ("is commercial software", "you have to purchase a license", "trial license
 *    terms", an EULA, per-seat or subscription licensing) or a vendor's license URL
 *    (data/licenses/commercial.json), refined by a revenue / team-size threshold
 *    (`-Commercial-Community`) or a free non-commercial grant (`-Commercial-Free-NonCommercial`);
 * 4. "all rights reserved" with no grant of permission (short texts) → `LicenseRef-All-Rights-Reserved`.
 *
 * The answer uses the knowledge base's generic ids, so the rules see `proprietary` (or
 * `noncommercial`) with the traits that apply.
 */
import type { TextIdentification } from '../../types';
import { vendorByUrl, urlsIn } from '../commercial-vendors';

export interface CommercialTerms {
  /** The options the text offers, least restrictive first. */
  ids: string[];
  /** What was recognised, for the notes. */
  cue: string;
  /** 1-based line where the terms start (an enterprise title); 1 otherwise. */
  line?: number;
}

/** Confidence of terms recognised from enterprise wording (a title and a production condition). */
const ENTERPRISE_CONFIDENCE = 0.9;
/** Confidence of terms recognised from vendor wording alone (identify's COMMERCIAL_CONFIDENCE). */
const WORDING_CONFIDENCE = 0.5;

/**
 * The same detector as a whole-text answer, for identify's second look at a text the template
 * matcher left unknown or read as a known license with added restrictions (an enterprise
 * license borrowing MIT's disclaimer).
 */
export function identifyCommercialTerms(text: string, opts: { documentLike?: boolean } = {}): TextIdentification | null {
  const terms = commercialTerms(text, opts);
  if (!terms) return null;
  const endLine = text.split(/\r?\n/).length;
  const confidence = terms.ids[0] === ENTERPRISE_TERMS_ID ? ENTERPRISE_CONFIDENCE : WORDING_CONFIDENCE;
  return {
    expression: terms.ids.join(' OR '),
    confidence,
    matches: terms.ids.map((id) => ({ id, confidence, startLine: terms.line ?? 1, endLine })),
    notes: [terms.ids[0] === ENTERPRISE_TERMS_ID ? terms.cue : `${terms.cue} (recognised from its wording; read the vendor's terms)`],
  };
}

/** Normalised (lower case, single spaces) phrases; each names a reason. */
const PAID_TERMS: Array<[RegExp, string]> = [
  [/\bis (?:a )?commercial (?:software|product)\b/, 'says it is commercial software'],
  [/\b(?:end[- ]user licen[cs]e agreement|eula)\b/, 'requires an End User License Agreement'],
  [/\b(?:have to|must|need to|required to) (?:purchase|buy|obtain|acquire) (?:a |an )?(?:valid |commercial |paid )?licen[cs]e\b/, 'requires a purchased license'],
  [/\bcommercial licen[cs]es? (?:may|can|must) be (?:obtained|purchased|bought)\b|\bpurchase (?:a |an )?commercial licen[cs]e\b/, 'offers commercial licenses for purchase'],
  [/\btrial licen[cs]e\b|\bevaluation \(?trial\)? licen[cs]es?\b/, 'falls back to trial license terms'],
  [/\bper (?:developer|seat|user) licen[cs]e\b|\bsubscription (?:licen[cs]e|agreement|fee)\b/, 'licensed per seat or by subscription'],
  [/\bcommercial use of this software is governed by\b/, 'governs commercial use by a vendor agreement'],
];

const REVENUE_THRESHOLD = /\b(?:gross|annual) revenue (?:of )?(?:less|under|below|lower) than\b|\brevenue (?:is )?(?:less than|under|below)\b|\bless than \w+ (?:\(\d+\) )?developers\b|\bcommunity licen[cs]e\b/;
const NONCOMMERCIAL_FREE = /\bnon[- ]?commercial (?:use|purposes?|projects?)\b/;
const LINKWARE = /\blinkware\b|\bbranding link\b|\bwithout (?:the )?built[- ]in attribution\b/;
const ALL_RIGHTS_RESERVED = /\ball rights reserved\b/;
/** Any grant of permission: with one, "all rights reserved" is only the copyright line of a license. */
const GRANTS = /\b(?:permission is hereby granted|hereby grants?|licen[cs]ed under|you (?:may|can|are free to)|is free software|free of charge|permitted provided|redistribution and use)\b/;

export const ENTERPRISE_TERMS_ID = 'LicenseRef-Enterprise-Commercial';

/** A first-lines title: "The PostHog Enterprise license", "GitLab Enterprise Edition (EE) license", "Commercial License Agreement". */
const ENTERPRISE_TITLE = /\b(enterprise(\s+edition)?(\s*\(ee\))?|commercial)\s+(licen[cs]e|terms|subscription|agreement)\b|\benterprise\s+edition\b/i;

/** Production use conditioned on a paid agreement. */
const ENTERPRISE_CONDITION = [
  /\bmay\s+only\s+be\s+used\s+in\s+production\b/i,
  /\b(only|solely)\s+(be\s+)?(used|use)\b[^.]{0,200}\bvalid\b[^.]{0,120}\b(subscription|enterprise\s+licen[cs]e|commercial\s+licen[cs]e)/i,
  /\bwith\s+a\s+valid\b[^.]{0,80}\b(subscription|enterprise\s+licen[cs]e|commercial\s+licen[cs]e)\b/i,
  /\brequires?\s+an?\s+(paid|commercial|enterprise)\s+(licen[cs]e|subscription)\b/i,
];

/** How many leading non-blank lines may hold the title (a heading and a copyright line). */
const TITLE_LINES = 2;

/** The enterprise title and its line (1-based) when the text's first lines name enterprise/commercial terms. */
function enterpriseTitle(text: string): { title: string; line: number } | null {
  const lines = text.split(/\r?\n/);
  let seen = 0;
  for (let i = 0; i < lines.length && seen < TITLE_LINES; i++) {
    if (lines[i].trim() === '') continue;
    seen++;
    if (ENTERPRISE_TITLE.test(lines[i])) return { title: lines[i].trim().replace(/^#+\s*/, ''), line: i + 1 };
  }
  return null;
}

/**
 * Commercial terms in a text that matched no license; null when nothing indicates them.
 * `documentLike`: the matcher judged the text a README, changelog or source file rather than a
 * license; only terms titled as such (1.) count then, since a README's "commercial licenses are
 * available" or a source header's "All rights reserved" says nothing about the package's grant.
 */
export function commercialTerms(text: string, opts: { documentLike?: boolean } = {}): CommercialTerms | null {
  const title = enterpriseTitle(text);
  if (title && ENTERPRISE_CONDITION.some((re) => re.test(text.replace(/\s+/g, ' ')))) {
    const quoted = title.title.length > 100 ? `${title.title.slice(0, 97)}...` : title.title;
    return { ids: [ENTERPRISE_TERMS_ID], cue: `enterprise/commercial terms ("${quoted}"): production use needs the vendor's paid subscription or license`, line: title.line };
  }
  if (opts.documentLike) return null;
  const norm = text.toLowerCase().replace(/[*_`]/g, '').replace(/\s+/g, ' ');
  const paid = PAID_TERMS.find(([re]) => re.test(norm));
  const vendor = vendorByUrl(urlsIn(text));
  if (LINKWARE.test(norm)) return { ids: ['LicenseRef-Commercial-Linkware', 'LicenseRef-Commercial'], cue: 'a free linkware license (branding must stay) beside commercial licenses' };
  if (paid || vendor) {
    if (REVENUE_THRESHOLD.test(norm)) return { ids: ['LicenseRef-Commercial-Community', 'LicenseRef-Commercial'], cue: 'a community license below a revenue / team-size threshold, a commercial license otherwise' };
    if (NONCOMMERCIAL_FREE.test(norm)) return { ids: ['LicenseRef-Commercial-Free-NonCommercial', 'LicenseRef-Commercial'], cue: 'free for non-commercial use, a paid license for commercial use' };
    if (paid) return { ids: ['LicenseRef-Commercial'], cue: `commercial terms: the text ${paid[1]}` };
    return { ids: vendor!.expression.split(' OR '), cue: `commercial terms: the text points at ${vendor!.vendor}'s license (data/licenses/commercial.json)` };
  }
  if (ALL_RIGHTS_RESERVED.test(norm) && !GRANTS.test(norm) && norm.split(' ').length <= 400) {
    return { ids: ['LicenseRef-All-Rights-Reserved'], cue: '"All rights reserved" and no grant of permission' };
  }
  return null;
}
