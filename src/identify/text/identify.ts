/**
 * License TEXT identification: what license(s) a LICENSE / COPYING / NOTICE-like file holds.
 *
 *   text ──► normalise ──► exact hash? ──► template regions (3-gram matching, segmented)
 *                                    └──► residual prose: pointers ("licensed under …"),
 *                                         SPDX-License-Identifier lines, vendor fingerprints,
 *                                         added restrictive sentences, GNU "or later" grants
 *        ──► combine (OR where the text offers a choice, AND otherwise) + parameters
 */
import type { TextIdentification } from '../../types';
import { ADDED_RESTRICTION_ID, combine } from './combine';
import { commercialTerms, identifyCommercialTerms, type CommercialTerms } from './commercial';
import { bundledNoticesStart, looksLikeNonLicenseDocument, titleTokenCount } from './document';
import { gnuGrants, resolveGnuPairs } from './gnu-grants';
import { findTemplateHits, type TemplateHit } from './match';
import { findNamedLicenses } from './names';
import { cleanText, tokenize, tokenizeLinesWithCopyright, type TokenStream } from './normalize';
import { COMMERCIAL_CONFIDENCE, FINGERPRINT_CONFIDENCE, MAX_POINTER_TOKENS, POINTER_CONFIDENCE, UNBUNDLED_CONFIDENCE, paragraphsOf, unknown, type Part } from './parts';
import { roundConfidence } from '../../util/confidence';
import { sha1Hex } from '../../util/sha1';
import { setBounded } from '../../util/memo';
import { pointerGroup } from './pointers';
import { bslBlockEnd, hasRestrictiveSentence, takesRightAway, isAddedText, isAddedTokens, isBslId, ownUsePolicyStart } from './restrictions';
import { spdxIdentifierParts } from './spdx-lines';
import { loadTemplateIndex, templateNorm, type TemplateIndex } from './template-index';

/**
 * Similarity hits depend only on the normalised tokens, and copyright lines are not tokens:
 * the hundreds of MIT/ISC/BSD files in a tree that differ only in their holder share one
 * answer (1,040 distinct files are 221 distinct token streams in the large bench tree).
 */
const hitsCache = new WeakMap<TemplateIndex, Map<string, TemplateHit[]>>();
const HITS_CACHE_LIMIT = 5000;

/** `key`: the sha1 of the stream's tokens joined by a space (the exact path's hash). */
function cachedTemplateHits(index: TemplateIndex, stream: TokenStream, key: string): TemplateHit[] {
  let hitsByTokens = hitsCache.get(index);
  if (!hitsByTokens) hitsCache.set(index, (hitsByTokens = new Map<string, TemplateHit[]>()));
  const cached = hitsByTokens.get(key);
  if (cached) return cached.slice();
  const hits = findTemplateHits(index, stream);
  setBounded(hitsByTokens, key, hits, HITS_CACHE_LIMIT);
  return hits.slice();
}

/** The note of a text the document guard judged not to be a license (a README, a changelog, source). */
const NOT_A_LICENSE_NOTE = 'not a license text';

/** Identifies the license(s) in a text. Never throws. */
export function identifyText(text: string, opts: { file?: string; truncated?: boolean } = {}): TextIdentification {
  try {
    const identified = identifyTextUnsafe(text, opts, { allowPointersInLongText: false, skipDocumentGuard: false });
    // Open-core enterprise terms borrow MIT's disclaimer, so they read as "MIT-0 with added
    // restrictions" or as nothing known; what they grant is decided by their own sentences
    // (the one commercial-terms detector, ./commercial.ts).
    if (identified.expression === null || identified.expression.includes(ADDED_RESTRICTION_ID)) {
      const documentLike = identified.notes.some((n) => n.startsWith(NOT_A_LICENSE_NOTE));
      return identifyCommercialTerms(text, { documentLike }) ?? identified;
    }
    return identified;
  } catch (err) {
    return unknown([`internal error while identifying${opts.file ? ` ${opts.file}` : ''}: ${(err as Error).message}`]);
  }
}

export interface Mode {
  allowPointersInLongText: boolean;
  skipDocumentGuard: boolean;
}

export function identifyTextUnsafe(text: string, opts: { file?: string; truncated?: boolean }, mode: Mode): TextIdentification {
  const notes = new Set<string>();
  if (opts.truncated) notes.add('file truncated to first 1 MB; only that part was identified');
  let clean = cleanText(typeof text === 'string' ? text : String(text ?? ''));
  if (!clean.trim()) return unknown([...notes, 'empty file']);
  let lines = clean.split('\n');
  const bundledAt = bundledNoticesStart(lines);
  if (bundledAt > 0) {
    lines = lines.slice(0, bundledAt - 1);
    clean = lines.join('\n');
    notes.add(`lines ${bundledAt}- are license notices of bundled third-party code, not this package's own license; not identified`);
  }
  const index = loadTemplateIndex();
  const { stream, withCopyright } = tokenizeLinesWithCopyright(lines);
  if (stream.tokens.length === 0) return unknown([...notes, 'no license text: only copyright lines or punctuation']);

  // Exact fast path: the normalised text is a template.
  const hash = sha1Hex(stream.tokens.join(' '));
  const exact = index.exact.get(hash);
  let hits: TemplateHit[];
  const exactHit = (entryIndex: number, startToken: number): TemplateHit[] => [
    { entryIndex, entry: index.entries[entryIndex], startToken, endToken: stream.tokens.length - 1, coverage: 1, dice: 1, insertions: [] },
  ];
  const titleEnd = exact === undefined ? titleTokenCount(stream, lines) : 0;
  const afterTitle = titleEnd > 0 ? index.exact.get(sha1Hex(stream.tokens.slice(titleEnd).join(' '))) : undefined;
  if (exact !== undefined) hits = exactHit(exact, 0);
  // Still exact under a title line of its own ("# MIT License"): no need for the similarity path.
  else if (afterTitle !== undefined) hits = exactHit(afterTitle, titleEnd);
  else hits = cachedTemplateHits(index, stream, hash);

  const parts: Part[] = [];
  const coveredLines = new Set<number>();
  const insertionLines = new Set<number>();
  for (const hit of hits) {
    const startLine = stream.lines[hit.startToken];
    const endLine = stream.lines[hit.endToken];
    for (let l = startLine; l <= endLine; l++) coveredLines.add(l);
    for (const [a, b] of hit.insertions) {
      for (let l = stream.lines[a]; l <= stream.lines[Math.min(b, stream.tokens.length - 1)]; l++) insertionLines.add(l);
    }
    // A BSL's parameter block is filled in by each licensor: long grants lower the Dice score
    // without making the license any less the BSL, so its confidence is the template's coverage.
    const confidence = isBslId(hit.entry.id) ? Math.max(hit.dice, Math.min(hit.coverage, 0.95)) : hit.dice;
    parts.push({
      kind: 'template',
      ids: [hit.entry.id],
      op: 'AND',
      line: startLine,
      match: [{ id: hit.entry.id, confidence: roundConfidence(confidence), startLine, endLine }],
    });
  }
  // Lines holding inserted text are not "covered" by the license they sit in.
  for (const l of insertionLines) coveredLines.delete(l);

  const nonEmptyLines = lines.filter((l) => l.trim()).length;
  let coveredNonEmpty = 0;
  for (const l of coveredLines) if (lines[l - 1]?.trim()) coveredNonEmpty++;
  const templateCoversMost = hits.some((h) => h.coverage >= 0.8) && coveredNonEmpty >= nonEmptyLines * 0.5;
  if (!mode.skipDocumentGuard && !templateCoversMost) {
    const kind = looksLikeNonLicenseDocument(lines);
    if (kind) return unknown([...notes, `${NOT_A_LICENSE_NOTE} (looks like ${kind})`]);
  }
  if (hits.length === 0 && stream.tokens.length > MAX_POINTER_TOKENS && !mode.allowPointersInLongText) {
    // A full EULA or vendor agreement is long and matches no template, and says what it is.
    const commercial = commercialTerms(clean);
    if (commercial) return combine(index, [commercialPart(commercial, lines.length, notes)], [], [], clean, notes);
    const named = [...new Set(findNamedLicenses(index, stream.tokens).map((n) => n.id))];
    return unknown([...notes, `unrecognised license text${named.length ? ` (it names ${named.join(', ')})` : ''}`]);
  }

  // Residual prose: paragraphs mostly outside any template region.
  const bslEnd = hits.some((h) => isBslId(h.entry.id)) ? bslBlockEnd(lines) : 0;
  // A model license's own Acceptable Use Policy, appended after it, belongs to its terms.
  const policyAt = hits.length > 0 ? ownUsePolicyStart(lines, coveredLines) : 0;
  const isOwnPolicy = (line: number): boolean => policyAt > 0 && line >= policyAt;
  const addedTexts: Array<{ text: string; line: number }> = [];
  /** Clauses added inside a known license that take no right away (the license is modified, not restricted). */
  const addedTerms: Array<{ text: string; line: number }> = [];
  const pointerRestrictions: Array<{ text: string; line: number }> = [];
  for (const paragraph of paragraphsOf(lines)) {
    let outside = 0;
    for (let l = paragraph.startLine; l <= paragraph.endLine; l++) if (!coveredLines.has(l)) outside++;
    if (outside * 2 < paragraph.endLine - paragraph.startLine + 1) continue;
    // The BSL parameter block names the Change License: a parameter, not a pointer.
    if (paragraph.endLine <= bslEnd) continue;
    const group = pointerGroup(index, paragraph, hits.length > 0, notes);
    if (hits.length === 0) {
      // A pointer ("Released under the MIT License.") followed by its own restriction
      // ("Commercial use is prohibited.") is not the plain license either.
      for (const sentence of paragraph.text.split(/(?<=[.!?])\s+/)) {
        const words = tokenize(sentence, { keepCopyright: true }).tokens;
        if (findNamedLicenses(index, words).length > 0) continue;
        if (takesRightAway(words.join(' '))) pointerRestrictions.push({ text: sentence.trim(), line: paragraph.startLine });
      }
    }
    if (group) {
      parts.push(group);
      continue;
    }
    const norm = ` ${tokenize(paragraph.text, { keepCopyright: true }).tokens.join(' ')} `;
    if (hits.length === 0) {
      // A bare GNU notice ("… either version 2 of the License, or (at your option) any later version").
      const grants = gnuGrants(norm);
      if (grants.length) {
        parts.push({
          kind: 'pointer',
          ids: grants,
          op: 'AND',
          line: paragraph.startLine,
          match: grants.map((id) => ({ id, confidence: POINTER_CONFIDENCE, startLine: paragraph.startLine, endLine: paragraph.endLine })),
        });
        continue;
      }
    }
    if (hits.length > 0 && paragraph.endLine > bslEnd && !isOwnPolicy(paragraph.startLine) && hasRestrictiveSentence(paragraph.text) && isAddedText(index, hits, paragraph.text)) {
      addedTexts.push({ text: paragraph.text.trim(), line: paragraph.startLine });
    }
  }
  for (const hit of hits) {
    for (const [a, b] of hit.insertions) {
      const firstLine = stream.lines[a];
      const lastLine = stream.lines[Math.min(b, stream.tokens.length - 1)];
      if (lastLine <= bslEnd || isOwnPolicy(firstLine)) continue;
      const inserted = stream.tokens.slice(a, b + 1);
      const snippet = lines.slice(firstLine - 1, lastLine).join('\n').trim();
      if (!isAddedTokens(index, [hit], inserted)) continue;
      const known = (x: { text: string }): boolean => x.text.includes(snippet) || snippet.includes(x.text);
      // The aligner may leave the modal ("you may not") in the template's region: judge whole lines,
      // but only lines mostly made of the inserted text (a filled-in name on a long line adds nothing).
      const insertedShare = inserted.length / Math.max(1, tokenize(snippet, { keepCopyright: true }).tokens.length);
      if (insertedShare >= 1 / 3 && hasRestrictiveSentence(snippet)) {
        if (!addedTexts.some(known)) addedTexts.push({ text: snippet, line: firstLine });
        continue;
      }
    }
    // A clause of its own inside the license (wrk's "Modified Apache 2.0 License" adds a 4(e)):
    // the text is no longer the license as published, whatever the clause says. Common phrases
    // ("of the Work", "in Source or Object form") split one added clause into several runs.
    for (const [a, b] of mergeCloseRuns(hit.insertions, 12)) {
      const firstLine = stream.lines[a];
      let lastLine = stream.lines[Math.min(b, stream.tokens.length - 1)];
      if (lastLine <= bslEnd) continue;
      const inserted = stream.tokens.slice(a, b + 1);
      // Quote the clause to the end of its paragraph.
      for (let k = 0; k < 10 && lastLine < lines.length && lines[lastLine].trim(); k++) lastLine++;
      const snippet = lines.slice(firstLine - 1, lastLine).join('\n').trim();
      const known = (x: { text: string }): boolean => x.text.includes(snippet) || snippet.includes(x.text);
      if (addedTexts.some(known) || addedTerms.some(known)) continue;
      const insertedShare = inserted.length / Math.max(1, tokenize(snippet, { keepCopyright: true }).tokens.length);
      if (isAddedClause(inserted, insertedShare) && isAddedTokens(index, [hit], inserted)) addedTerms.push({ text: snippet, line: firstLine });
    }
  }
  // A title that calls the text a modified version of the license it matches ("Modified Apache 2.0 License").
  const modifiedTitle = hits.length > 0 ? modifiedLicenseTitle(lines, stream.lines[hits[0].startToken]) : null;
  // Unless the license matched is itself the modified one (SPDX's `Pixar` is a "Modified Apache 2.0 License").
  if (modifiedTitle && !templateNorm(index, hits[0].entryIndex).includes(tokenize(modifiedTitle.title, { keepCopyright: true }).tokens.join(' '))) {
    addedTerms.unshift({ text: modifiedTitle.text, line: modifiedTitle.line });
  }

  if (policyAt > 0) notes.add(`lines ${policyAt}- are the license's own acceptable use policy (the license incorporates it by reference): part of its terms, not an added restriction`);
  parts.push(...spdxIdentifierParts(lines, notes, coveredLines));

  // Vendor notices without a full text (an exact template match has no room for one).
  let wholeNorm: string | undefined;
  const whole = (): string => (wholeNorm ??= ` ${withCopyright.join(' ')} `);
  for (const fp of exact === undefined ? index.fingerprints : []) {
    if (!fp.phrases.every((p) => whole().includes(` ${p} `))) continue;
    const ids = fp.target.split(/\s+OR\s+/);
    parts.push({
      kind: 'fingerprint',
      ids,
      op: ids.length > 1 ? 'OR' : 'AND',
      line: 1,
      match: ids.map((id) => ({ id, confidence: FINGERPRINT_CONFIDENCE, startLine: 1, endLine: lines.length })),
    });
  }

  if (/\blicenses?\s+(?:directory|folder|dir)\b|(?<![\w./-])licenses\/(?:\s|$)/im.test(clean)) {
    notes.add('pointer to licenses/ folder: the license texts there apply too');
  }

  // A file that is nothing but a license's name ("MIT License", "Apache-2.0").
  if (parts.length === 0 && stream.tokens.length <= 8) {
    const named = findNamedLicenses(index, stream.tokens);
    const only = named.length === 1 ? named[0] : undefined;
    const rest = only ? stream.tokens.filter((_, i) => i < only.position).filter((t) => t !== 'the') : [];
    if (only && rest.length === 0) {
      const line = stream.lines[only.position];
      parts.push({
        kind: 'pointer',
        ids: [only.id],
        op: 'AND',
        line,
        match: [{ id: only.id, confidence: UNBUNDLED_CONFIDENCE, startLine: line, endLine: line }],
      });
      notes.add('the file holds only a license name, not its text');
      if (only.assumedOnly) notes.add(`${only.id}: the text names the license without "only" or "or later"; -only assumed`);
    }
  }
  // Vendor terms no template or name explains ("is commercial software", a revenue threshold,
  // a branding link): recognised from their wording, unless an open license is named too.
  if (hits.length === 0 && parts.every((p) => p.ids.every(isCommercialId))) {
    const commercial = commercialTerms(clean);
    if (commercial) parts.splice(0, parts.length, commercialPart(commercial, lines.length, notes));
  }
  if (parts.length === 0) return unknown([...notes, 'no known license text or license name found']);

  // Restrictions next to pointers count only against open licenses named by SPDX id; a
  // source-available LicenseRef (or a vendor fingerprint) already carries its own limits.
  const pointsToSpdx = parts.some((p) => p.kind === 'pointer' && p.ids.some((id) => !id.startsWith('LicenseRef-')));
  const hasVendorTerms = parts.some((p) => p.ids.some((id) => id.startsWith('LicenseRef-')));
  if (hits.length === 0 && pointsToSpdx && !hasVendorTerms) addedTexts.push(...pointerRestrictions);
  resolveGnuPairs(index, parts, hits, whole, notes);
  widenOpenChoices(parts, lines, notes);
  return combine(index, parts, hits, addedTexts, clean, notes, addedTerms);
}

/**
 * "You may use it under either the BSD License or the GNU GPL Version 2", followed by both full
 * texts: the prose names the choice, the texts say what each option is. When a choice ahead of
 * the texts resolved only one of its names, the options are the distinct licenses whose full
 * texts follow it (node-forge's LICENSE).
 */
function widenOpenChoices(parts: Part[], lines: string[], notes: Set<string>): void {
  const templates = parts.filter((p) => p.kind === 'template');
  for (const part of parts) {
    if (!part.openChoice || part.ids.length !== 1) continue;
    // "… the GNU General Public License Version 2 or later, or commercial license terms from X" (CKEditor 5).
    const paragraph = lines.slice(part.line - 1, part.match[0].endLine).join(' ');
    if (COMMERCIAL_OPTION.test(paragraph) && !isCommercialId(part.ids[0])) {
      part.ids = [part.ids[0], COMMERCIAL_ID];
      part.op = 'OR';
      part.match = [...part.match, { ...part.match[0], id: COMMERCIAL_ID }];
      notes.add(`the text offers ${part.ids[0]} or commercial license terms`);
      continue;
    }
    const following = templates.filter((t) => t.line > part.line);
    const options = [...new Set(following.flatMap((t) => t.ids))].filter((id) => !id.startsWith('LicenseRef-'));
    const named = part.ids[0];
    if (options.length < 2 || !options.includes(named)) continue;
    part.ids = options;
    part.op = 'OR';
    part.match = options.map((id) => ({ ...part.match[0], id }));
    notes.add(`the text offers a choice between the licenses whose texts follow it: ${options.join(' OR ')}`);
  }
}

const COMMERCIAL_ID = 'LicenseRef-Commercial';
const COMMERCIAL_OPTION = /\bor (?:under )?(?:a |the )?commercial licen[cs]e(?: terms)?\b/i;

function isCommercialId(id: string): boolean {
  return id.startsWith('LicenseRef-Commercial') || id === 'LicenseRef-All-Rights-Reserved';
}

function commercialPart(terms: CommercialTerms, lineCount: number, notes: Set<string>): Part {
  notes.add(`${terms.cue} (recognised from its wording; read the vendor's terms)`);
  return {
    kind: 'fingerprint',
    ids: terms.ids,
    op: terms.ids.length > 1 ? 'OR' : 'AND',
    line: 1,
    match: terms.ids.map((id) => ({ id, confidence: COMMERCIAL_CONFIDENCE, startLine: 1, endLine: lineCount })),
  };
}

/** Words that make inserted text a term of the license (an obligation, condition or prohibition). */
const CLAUSE_WORDS = /\b(?:must|shall|required?|may not|agrees?|you will|is not permitted|condition|provided that)\b/;

/**
 * Inserted text that is a clause of its own: a dozen words or more, mostly the insertion's own
 * lines, binding wording. Filled-in names, rewording of a few words and list numbering are not.
 */
function isAddedClause(inserted: string[], insertedShare: number): boolean {
  if (inserted.length < 12 || insertedShare < 0.5) return false;
  return CLAUSE_WORDS.test(` ${inserted.join(' ')} `);
}

const MODIFIED_TITLE = /^\W*(?:modified|amended|altered|customi[sz]ed)\b.*\blicen[cs]e\b/i;

/** The title line (before the first matched token) that says the license is modified; null otherwise. */
function modifiedLicenseTitle(lines: string[], firstMatchedLine: number): { title: string; text: string; line: number } | null {
  // The title may sit inside the matched region when it shares the license's own words.
  for (let i = 0; i < Math.max(firstMatchedLine, 3) && i < 10 && i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    if (MODIFIED_TITLE.test(line) && line.length <= 100) {
      const next = lines.slice(i + 1, i + 3).find((l) => l.trim() && /\bversion\b/i.test(l));
      return { title: line, text: next ? `${line} ${next.trim()}` : line, line: i + 1 };
    }
  }
  return null;
}

/** Token runs closer than `gap` tokens joined into one span. */
function mergeCloseRuns(runs: Array<[number, number]>, gap: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [a, b] of runs) {
    const last = out[out.length - 1];
    if (last && a - last[1] <= gap) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}
