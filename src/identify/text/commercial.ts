/**
 * Commercial and EULA terms recognised from their wording, for texts no template or license
 * name explains: "is commercial software", "you have to purchase a license", "trial license
 * terms", a revenue threshold, a branding link that must stay, "all rights reserved" with no
 * grant. The answer uses the generic `LicenseRef-Commercial*` ids of the knowledge base, so the
 * rules see `proprietary` with the traits that apply (non-commercial, revenue cap, branding).
 */
import { vendorByUrl, urlsIn } from '../commercial-vendors';

export interface CommercialTerms {
  /** The options the text offers, least restrictive first. */
  ids: string[];
  /** What was recognised, for the notes. */
  cue: string;
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

/** Commercial terms in a text that matched no license; null when nothing indicates them. */
export function commercialTerms(text: string): CommercialTerms | null {
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
