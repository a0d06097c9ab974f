/** Combining the parts into one SPDX expression: OR where the text offers a choice, AND otherwise. */
import type { LicenseParameters, TextIdentification, TextMatch } from '../../types';
import { compareStrings } from '../../util/compare';
import type { TemplateHit } from './match';
import { resolveLicenseName } from './names';
import { extractBslParameters, extractCommonsClauseParameters, extractFslParameters } from './parameters';
import { type Part } from './parts';
import { roundConfidence } from '../../util/confidence';
import { isBslId } from './restrictions';
import { pairFamily, type TemplateIndex } from './template-index';

/** Id used when a known license carries extra restrictive sentences of its own. */
export const ADDED_RESTRICTION_ID = 'LicenseRef-Added-Restriction';
/** Id used when a known license carries an added clause (or calls itself modified) that takes no right away. */
export const ADDED_TERMS_ID = 'LicenseRef-Added-Terms';
export const COMMONS_CLAUSE_ID = 'LicenseRef-scancode-commons-clause';

export function combine(
  index: TemplateIndex,
  parts: Part[],
  hits: TemplateHit[],
  addedTexts: Array<{ text: string; line: number }>,
  clean: string,
  notes: Set<string>,
  addedTerms: Array<{ text: string; line: number }> = [],
): TextIdentification {
  parts.sort((a, b) => a.line - b.line);
  const orGroups = parts.filter((p) => p.op === 'OR' && p.ids.length > 1);
  const inOrGroup = new Set(orGroups.flatMap((p) => p.ids));
  const terms: Array<{ ids: string[]; op: 'AND' | 'OR'; raw?: string }> = [];
  const seen = new Set<string>();
  for (const part of parts) {
    if (part.raw) {
      if (seen.has(part.raw)) continue;
      seen.add(part.raw);
      terms.push({ ids: part.ids, op: 'AND', raw: part.raw });
      continue;
    }
    if (part.op === 'OR' && part.ids.length > 1) {
      const key = [...part.ids].sort().join('|');
      if (seen.has(key)) continue;
      seen.add(key);
      // A choice whose options are all already offered by an earlier choice adds nothing.
      if (terms.some((t) => t.op === 'OR' && part.ids.every((id) => t.ids.includes(id)))) continue;
      terms.push({ ids: part.ids, op: 'OR' });
      continue;
    }
    for (const id of part.ids) {
      if (inOrGroup.has(id) || seen.has(id)) continue;
      seen.add(id);
      terms.push({ ids: [id], op: 'AND' });
    }
  }

  const matches: TextMatch[] = [];
  const matchKey = new Set<string>();
  for (const part of parts) {
    for (const m of part.match) {
      const key = `${m.id}@${m.startLine}`;
      if (matchKey.has(key)) continue;
      matchKey.add(key);
      matches.push({ ...m });
    }
  }

  // Riders: a Commons Clause modifies the license(s) it is attached to.
  const riderIds = riderIdsOf(index);
  const riderMatches = matches.filter((m) => riderIds.has(m.id));
  if (riderMatches.length > 0) {
    const lines = clean.split('\n');
    const riderText = riderMatches.map((r) => lines.slice(r.startLine - 1, r.endLine).join('\n').trim()).join('\n\n');
    for (const m of matches) {
      if (riderIds.has(m.id)) continue;
      m.modified = true;
      m.addedText = riderText;
    }
    notes.add('modified: a Commons Clause rider removes the right to sell the licensed software');
  }

  // Extra restrictive sentences next to a full license text.
  let modifiedBy: string | null = null;
  if (addedTexts.length > 0 && (hits.length === 0 || hits.some((h) => !h.entry.rider))) {
    const added = addedTexts.map((a) => a.text).join('\n\n');
    for (const m of matches) {
      if (riderIds.has(m.id)) continue;
      if (hits.length > 0 && !hits.some((h) => h.entry.id === m.id || (h.entry.alternatives ?? []).includes(m.id))) continue;
      m.modified = true;
      m.addedText = m.addedText ? `${m.addedText}\n\n${added}` : added;
    }
    notes.add('modified: extra restrictive text added to a known license');
    modifiedBy = ADDED_RESTRICTION_ID;
  }

  // Added clauses that restrict nothing still make it another license than the one published.
  let modifiedTerms = false;
  if (addedTerms.length > 0 && hits.some((h) => !h.entry.rider)) {
    const added = addedTerms.map((a) => a.text).join('\n\n');
    for (const m of matches) {
      if (riderIds.has(m.id) || !hits.some((h) => h.entry.id === m.id || (h.entry.alternatives ?? []).includes(m.id))) continue;
      m.modified = true;
      m.addedText = m.addedText ? `${m.addedText}\n\n${added}` : added;
    }
    notes.add(`modified: the known license text carries added terms (${quote(added)}); it is not the license as published — read the added text`);
    modifiedTerms = true;
  }

  // Riders go last so the base license reads first.
  terms.sort((a, b) => Number(a.ids.some((id) => riderIds.has(id))) - Number(b.ids.some((id) => riderIds.has(id))));
  if (modifiedBy) terms.push({ ids: [modifiedBy], op: 'AND' });
  if (modifiedTerms) terms.push({ ids: [ADDED_TERMS_ID], op: 'AND' });
  const rendered = terms.map((t) => {
    if (t.raw) return terms.length > 1 ? `(${t.raw})` : t.raw;
    return t.ids.length > 1 ? (terms.length > 1 ? `(${t.ids.join(` ${t.op} `)})` : t.ids.join(` ${t.op} `)) : t.ids[0];
  });
  const expression = rendered.join(' AND ');

  // Each license counts with its best evidence (a pointer confirmed by the full text is sure).
  const best = new Map<string, number>();
  for (const m of matches) if (terms.some((t) => t.ids.includes(m.id))) best.set(m.id, Math.max(best.get(m.id) ?? 0, m.confidence));
  let confidence = best.size ? Math.min(...best.values()) : 0;
  if (modifiedBy || modifiedTerms) confidence = Math.min(confidence, 0.8);

  const result: TextIdentification = {
    expression,
    confidence: roundConfidence(confidence),
    matches: matches.sort((a, b) => a.startLine - b.startLine || compareStrings(a.id, b.id)),
    notes: [...notes].sort(),
  };
  const parameters = extractParameters(index, clean, terms.flatMap((t) => t.ids));
  if (parameters) result.parameters = parameters;
  for (const hit of hits) {
    for (const alt of hit.entry.alternatives ?? []) {
      if (!pairFamily(alt) && !alt.startsWith('GFDL')) notes.add(`${hit.entry.id}: text identical to ${alt}`);
    }
  }
  result.notes = [...notes].sort();
  return result;
}

const ridersByIndex = new WeakMap<TemplateIndex, ReadonlySet<string>>();

/** Ids of licenses that modify another one (riders such as the Commons Clause); once per index. */
export function riderIdsOf(index: TemplateIndex): ReadonlySet<string> {
  let ids = ridersByIndex.get(index);
  if (!ids) {
    ids = new Set([...index.entries.filter((e) => e.rider).map((e) => e.id), COMMONS_CLAUSE_ID]);
    ridersByIndex.set(index, ids);
  }
  return ids;
}

function extractParameters(index: TemplateIndex, clean: string, ids: string[]): LicenseParameters | undefined {
  const resolve = (phrase: string): string | null => resolveLicenseName(index, phrase);
  let params: LicenseParameters = {};
  if (ids.some(isBslId)) params = { ...params, ...extractBslParameters(clean, resolve) };
  if (ids.some((id) => /^(?:FSL-|LicenseRef-scancode-fsl-)/.test(id))) params = { ...params, ...extractFslParameters(clean, resolve) };
  if (ids.includes(COMMONS_CLAUSE_ID)) params = { ...params, ...extractCommonsClauseParameters(clean, resolve) };
  return Object.keys(params).length ? params : undefined;
}

/** A short quotation of added text for a note: one line, at most 160 characters. */
function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `"${flat.slice(0, 157)}…"` : `"${flat}"`;
}
