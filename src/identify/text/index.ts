/**
 * License TEXT identification: what license(s) a LICENSE / COPYING / NOTICE-like file holds.
 *
 *   text ──► normalise ──► exact hash? ──► template regions (3-gram matching, segmented)
 *                                    └──► residual prose: pointers ("licensed under …"),
 *                                         SPDX-License-Identifier lines, vendor fingerprints,
 *                                         added restrictive sentences, GNU "or later" grants
 *        ──► combine (OR where the text offers a choice, AND otherwise) + parameters
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseSpdxMemo as parseSpdx } from '../../util/spdx-parse';
import { decodeBytes, MAX_FILE_BYTES, OPEN_READ_ONLY } from '../../read/fs';
import type { LicenseParameters, TextIdentification, TextMatch } from '../../types';
import { findTemplateHits, shinglesOf, templateHasShingle, type TemplateHit } from './match';
import { findNamedLicenses, resolveLicenseName } from './names';
import { cleanText, tokenize, tokenizeLinesWithCopyright, type TokenStream } from './normalize';
import { extractBslParameters, extractCommonsClauseParameters, extractFslParameters } from './parameters';
import { loadTemplateIndex, pairFamily, templateNorm, type TemplateIndex } from './template-index';
import { compareStrings } from '../../util/compare';

export { loadTemplateIndex } from './template-index';
export { tokenize, cleanText } from './normalize';

/** Id used when a known license carries extra restrictive sentences of its own. */
export const ADDED_RESTRICTION_ID = 'LicenseRef-Added-Restriction';
const COMMONS_CLAUSE_ID = 'LicenseRef-scancode-commons-clause';

/** Texts longer than this (tokens) that match no template are not read as pointers. */
const MAX_POINTER_TOKENS = 600;

const POINTER_CONFIDENCE = 0.6;
const UNBUNDLED_CONFIDENCE = 0.35;
const SPDX_LINE_CONFIDENCE = 0.9;
const FINGERPRINT_CONFIDENCE = 0.5;

interface Paragraph {
  text: string;
  startLine: number;
  endLine: number;
}

/** One piece of the answer before combining. */
interface Part {
  kind: 'template' | 'pointer' | 'spdx' | 'fingerprint';
  ids: string[];
  /** A nested SPDX expression kept as written (both AND and OR in it). */
  raw?: string;
  op: 'AND' | 'OR';
  line: number;
  match: TextMatch[];
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function unknown(notes: string[]): TextIdentification {
  return { expression: null, confidence: 0, matches: [], notes };
}

function paragraphsOf(lines: string[]): Paragraph[] {
  const out: Paragraph[] = [];
  let start = -1;
  for (let i = 0; i <= lines.length; i++) {
    const blank = i === lines.length || lines[i].trim() === '';
    if (!blank && start < 0) start = i;
    if (blank && start >= 0) {
      out.push({ text: lines.slice(start, i).join('\n'), startLine: start + 1, endLine: i });
      start = -1;
    }
  }
  // A paragraph that ends with ':' introduces the next one ("either:\n\na) … or b) …").
  const merged: Paragraph[] = [];
  for (const p of out) {
    const prev = merged[merged.length - 1];
    if (prev && /:\s*$/.test(prev.text) && p.startLine - prev.endLine <= 3) {
      prev.text += `\n${p.text}`;
      prev.endLine = p.endLine;
    } else merged.push({ ...p });
  }
  return merged;
}

/** Phrases that make a sentence say which license applies (a name before them is history). */
const LICENSING_VERBS = [
  'licensed under', 'licenced under', 'license under', 'licensed pursuant', 'available under', 'subject to',
  'governed by', 'covered by', 'released under', 'distributed under', 'dual licensed', 'dual license',
  'under the terms of', 'under your choice', 'choice of', 'defaults to', 'default license', 'license for this project is',
  'licensed as', 'under the', 'terms of', 'licensed using', 'licensed with', 'use it under',
].map((v) => v.split(' '));

function firstVerbPosition(tokens: string[]): number {
  let best = -1;
  for (const verb of LICENSING_VERBS) {
    for (let i = 0; i + verb.length <= tokens.length; i++) {
      let ok = true;
      for (let k = 0; k < verb.length && ok; k++) ok = tokens[i + k] === verb[k];
      if (ok) {
        if (best < 0 || i < best) best = i;
        break;
      }
    }
  }
  return best;
}

const CHOICE_WORDS = /\b(?:dual|either|choice|option|choose|alternatively|elect)\b/;
const SPLIT_WORDS = /\b(?:variously|various|except|portions?|parts?|certain|outside|within|inside)\b/;
const EXCLUSION_CUES = /\b(?:does not apply|do not apply|outside of|not covered)\b/;

/** Licenses a paragraph points to, as one group with its operator. */
function pointerGroup(index: TemplateIndex, paragraph: Paragraph, withTemplates: boolean, notes: Set<string>): Part | null {
  const tokens = tokenize(paragraph.text, { keepCopyright: true }).tokens;
  const joined = ` ${tokens.join(' ')} `;
  if (withTemplates && EXCLUSION_CUES.test(joined)) return null;
  const verbAt = firstVerbPosition(tokens);
  if (verbAt < 0) return null;
  const named = findNamedLicenses(index, tokens).filter((n) => n.position > verbAt);
  if (named.length === 0) return null;
  const ids: string[] = [];
  for (const n of named) {
    if (!ids.includes(n.id)) ids.push(n.id);
    if (n.assumedOnly) notes.add(`${n.id}: the text names the license without "only" or "or later"; -only assumed`);
  }
  let op: 'AND' | 'OR' = 'AND';
  if (ids.length > 1) {
    if (CHOICE_WORDS.test(joined)) op = 'OR';
    else if (!SPLIT_WORDS.test(joined)) {
      // The first connector between the first two names decides ("A or B" vs "A and B").
      const between = tokens.slice(named[0].position, named[1].position);
      const or = between.indexOf('or');
      const and = between.indexOf('and');
      if (or >= 0 && (and < 0 || or < and)) op = 'OR';
    }
  }
  const unbundled = ids.some((id) => id.startsWith('LicenseRef-') && !index.entries.some((e) => e.id === id));
  const confidence = unbundled ? UNBUNDLED_CONFIDENCE : POINTER_CONFIDENCE;
  return {
    kind: 'pointer',
    ids,
    op,
    line: paragraph.startLine,
    match: ids.map((id) => ({ id, confidence, startLine: paragraph.startLine, endLine: paragraph.endLine })),
  };
}

/** `SPDX-License-Identifier:` lines, parsed; invalid ones become notes. */
function spdxIdentifierParts(lines: string[], notes: Set<string>, coveredLines: Set<number>): Part[] {
  const parts: Part[] = [];
  lines.forEach((line, i) => {
    // A license text may quote identifiers as instructions (CAL-1.0 does); those are not claims.
    if (coveredLines.has(i + 1)) return;
    const m = /SPDX-License-Identifier:\s*(.+)$/i.exec(line);
    if (!m) return;
    const raw = m[1].replace(/\s*(?:\*\/|-->|`|#\}|\*\)).*$/, '').trim();
    try {
      const leaves = spdxLeaves(parseSpdx(raw));
      const op: 'AND' | 'OR' = /\bOR\b/.test(raw) && !/\bAND\b/.test(raw) ? 'OR' : 'AND';
      const nested = /\bOR\b/.test(raw) && /\bAND\b/.test(raw);
      parts.push({
        kind: 'spdx',
        ids: leaves,
        ...(nested ? { raw: raw.replace(/\s+/g, ' ') } : {}),
        op,
        line: i + 1,
        match: leaves.map((id) => ({ id, confidence: SPDX_LINE_CONFIDENCE, startLine: i + 1, endLine: i + 1 })),
      });
    } catch {
      notes.add(`line ${i + 1}: SPDX-License-Identifier "${raw}" is not a valid SPDX expression`);
    }
  });
  return parts;
}

type SpdxNode = { license?: string; plus?: boolean; exception?: string; left?: SpdxNode; right?: SpdxNode; conjunction?: string };

function spdxLeaves(node: SpdxNode): string[] {
  if (node.license) {
    let id = node.license;
    if (node.plus) id += '+';
    if (node.exception) id += ` WITH ${node.exception}`;
    return [id];
  }
  return [...(node.left ? spdxLeaves(node.left) : []), ...(node.right ? spdxLeaves(node.right) : [])];
}

/**
 * Sentences that restrict a known license beyond its own terms (an added "no commercial use"),
 * or vendor terms sitting beside bundled open-source notices ("licensed under the X TOS for use
 * only with X products").
 */
const RESTRICTIVE =
  /\b(?:non ?commercial|not for commercial|commercial (?:use|uses|purposes?|products?|offerings?|advantage|entities|entity|users?)|sell|selling|sale|resell|for a fee|prohibited|forbidden|not (?:be )?(?:permitted|allowed)|production (?:use|environment)|in production|as a service|hosted|saas|compete|competing|competitor|military|evil|personal use only|internal use only|educational (?:use|purposes)|(?:only|solely) (?:for|by|in) (?:non|personal|private|internal|educational|academic|research)|terms of service|tos|for use only|use only with|not authorized|account in good standing|(?:may|must|shall) not (?:use|copy|modify|distribute|redistribute|sublicense|reverse engineer))\b/;

function looksLikeNonLicenseDocument(lines: string[]): string | null {
  let code = 0;
  let nonEmpty = 0;
  let otherHeadings = 0;
  let versionHeadings = 0;
  for (const line of lines) {
    if (!line.trim()) continue;
    nonEmpty++;
    if (/[;{}]\s*$|^\s*(?:import|export|function|const|let|var|def|class|public|private|return|#include|package|from \S+ import)\b|=>|\)\s*\{/.test(line)) code++;
    const heading = /^\s{0,3}#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      if (/^\[?v?\d+\.\d+/.test(heading[1])) versionHeadings++;
      else if (/\b(?:install|installation|usage|getting started|examples?|api|features|contributing|changelog|change log|release notes|build|quick ?start|requirements|configuration|development|tests?|testing|documentation|options|roadmap|unreleased|added|fixed|changed|removed|how to|setup|overview|introduction|motivation)\b/i.test(heading[1])) otherHeadings++;
    }
  }
  if (versionHeadings >= 1) return 'changelog';
  if (code >= 3 && code >= nonEmpty * 0.15) return 'source code';
  if (otherHeadings >= 1) return 'README or documentation';
  return null;
}

/** Text that is really new: not a title, and mostly absent from the matched templates. */
function isAddedText(index: TemplateIndex, hits: TemplateHit[], paragraph: string): boolean {
  const trimmed = paragraph.trim();
  const tokens = tokenize(trimmed, { keepCopyright: true }).tokens;
  // A one-line heading ("# HPND sell variant") names the license; it adds no terms.
  const oneLine = !trimmed.includes('\n');
  if (oneLine && (/^#{1,6}\s/.test(trimmed) || (tokens.length <= 16 && !/[.;!]\s*$/.test(trimmed)))) return false;
  return isAddedTokens(index, hits, tokens);
}

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
  if (!hitsByTokens) hitsCache.set(index, (hitsByTokens = new Map()));
  const cached = hitsByTokens.get(key);
  if (cached) return cached.slice();
  const hits = findTemplateHits(index, stream);
  if (hitsByTokens.size >= HITS_CACHE_LIMIT) hitsByTokens.clear();
  hitsByTokens.set(key, hits);
  return hits.slice();
}

function isAddedTokens(index: TemplateIndex, hits: TemplateHit[], rawTokens: string[]): boolean {
  // List numbers move between line starts (dropped) and mid-line (kept) when text is rewrapped.
  const tokens = rawTokens.filter((t) => !/^(?:\d{1,3}|[a-z]|[ivx]{1,4})$/.test(t));
  const shingles = shinglesOf(tokens);
  if (shingles.length === 0) return false;
  let known = 0;
  for (const sh of shingles) if (hits.some((h) => templateHasShingle(index, h.entryIndex, sh))) known++;
  return known < shingles.length * 0.5;
}

/** End line of a BSL parameter block, so its Additional Use Grant is not read as an added restriction. */
function bslBlockEnd(lines: string[]): number {
  let last = 0;
  for (let i = 0; i < Math.min(lines.length, 120); i++) {
    if (/^\s*[*_]{0,2}(?:licensor|licensed work|software|additional use grant|use limitation|change date|change license)[*_]{0,2}\s*:/i.test(lines[i])) last = i + 1;
    if (last && /^\s*(?:[-=_]{5,}|#*\s*notice\s*$|#*\s*terms\s*$|for information about alternative licensing|license text copyright)/i.test(lines[i])) return i + 1;
  }
  // The grant after the last field runs to the next blank-line-separated heading.
  return last ? Math.min(lines.length, last + 2) : 0;
}

function isBslId(id: string): boolean {
  return id === 'BUSL-1.1' || id === 'LicenseRef-scancode-bsl-1.0';
}

/** Identifies the license(s) in a text. Never throws. */
export function identifyText(text: string, opts: { file?: string; truncated?: boolean } = {}): TextIdentification {
  try {
    return identifyTextUnsafe(text, opts, { allowPointersInLongText: false, skipDocumentGuard: false });
  } catch (err) {
    return unknown([`internal error while identifying${opts.file ? ` ${opts.file}` : ''}: ${(err as Error).message}`]);
  }
}

interface Mode {
  allowPointersInLongText: boolean;
  skipDocumentGuard: boolean;
}

/**
 * Build tools (Vite, Rollup, Vitest, …) append the licenses of the code they bundle under a
 * heading such as "# Licenses of bundled dependencies". Those are notices, not the package's
 * license: counting them turns a declared MIT into "MIT AND Apache-2.0 AND …" and costs most of
 * the matching time of a whole tree. Returns the heading's 1-based line, or 0.
 */
const BUNDLED_NOTICES_HEADING =
  /^\s*(?:#{1,6}\s*)?(?:licen[cs]es? (?:of|for) (?:the )?(?:bundled|included|vendored|embedded|third[- ]party) (?:dependencies|software|code|libraries|packages|modules)|third[- ]party (?:licen[cs]es|notices|software notices(?: and licen[cs]es)?)|bundled (?:dependencies|dependency licen[cs]es))\s*:?\s*$/i;

function bundledNoticesStart(lines: readonly string[]): number {
  for (let i = 1; i < lines.length; i++) {
    if (!BUNDLED_NOTICES_HEADING.test(lines[i])) continue;
    // Only when the package's own license text comes first.
    if (lines.slice(0, i).join(' ').split(/\s+/).filter(Boolean).length >= 20) return i + 1;
    return 0;
  }
  return 0;
}

function identifyTextUnsafe(text: string, opts: { file?: string; truncated?: boolean }, mode: Mode): TextIdentification {
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
  const hash = createHash('sha1').update(stream.tokens.join(' ')).digest('hex');
  const exact = index.exact.get(hash);
  let hits: TemplateHit[];
  const exactHit = (entryIndex: number, startToken: number): TemplateHit[] => [
    { entryIndex, entry: index.entries[entryIndex], startToken, endToken: stream.tokens.length - 1, coverage: 1, dice: 1, insertions: [] },
  ];
  const titleEnd = exact === undefined ? titleTokenCount(stream, lines) : 0;
  const afterTitle = titleEnd > 0 ? index.exact.get(createHash('sha1').update(stream.tokens.slice(titleEnd).join(' ')).digest('hex')) : undefined;
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
      match: [{ id: hit.entry.id, confidence: round(confidence), startLine, endLine }],
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
    if (kind) return unknown([...notes, `not a license text (looks like ${kind})`]);
  }
  if (hits.length === 0 && stream.tokens.length > MAX_POINTER_TOKENS && !mode.allowPointersInLongText) {
    const named = [...new Set(findNamedLicenses(index, stream.tokens).map((n) => n.id))];
    return unknown([...notes, `unrecognised license text${named.length ? ` (it names ${named.join(', ')})` : ''}`]);
  }

  // Residual prose: paragraphs mostly outside any template region.
  const bslEnd = hits.some((h) => isBslId(h.entry.id)) ? bslBlockEnd(lines) : 0;
  const addedTexts: Array<{ text: string; line: number }> = [];
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
        if (RESTRICTIVE.test(` ${words.join(' ')} `)) pointerRestrictions.push({ text: sentence.trim(), line: paragraph.startLine });
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
    if (hits.length > 0 && paragraph.endLine > bslEnd && RESTRICTIVE.test(norm) && isAddedText(index, hits, paragraph.text)) {
      addedTexts.push({ text: paragraph.text.trim(), line: paragraph.startLine });
    }
  }
  for (const hit of hits) {
    for (const [a, b] of hit.insertions) {
      const firstLine = stream.lines[a];
      const lastLine = stream.lines[Math.min(b, stream.tokens.length - 1)];
      if (lastLine <= bslEnd) continue;
      const inserted = stream.tokens.slice(a, b + 1);
      if (!RESTRICTIVE.test(` ${inserted.join(' ')} `) || !isAddedTokens(index, [hit], inserted)) continue;
      const snippet = lines.slice(firstLine - 1, lastLine).join('\n').trim();
      if (!addedTexts.some((x) => x.text.includes(snippet) || snippet.includes(x.text))) addedTexts.push({ text: snippet, line: firstLine });
    }
  }

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
  if (parts.length === 0) return unknown([...notes, 'no known license text or license name found']);

  // Restrictions next to pointers count only against open licenses named by SPDX id; a
  // source-available LicenseRef (or a vendor fingerprint) already carries its own limits.
  const pointsToSpdx = parts.some((p) => p.kind === 'pointer' && p.ids.some((id) => !id.startsWith('LicenseRef-')));
  const hasVendorTerms = parts.some((p) => p.ids.some((id) => id.startsWith('LicenseRef-')));
  if (hits.length === 0 && pointsToSpdx && !hasVendorTerms) addedTexts.push(...pointerRestrictions);
  resolveGnuPairs(index, parts, hits, whole, notes);
  return combine(index, parts, hits, addedTexts, clean, notes);
}

const GNU_GRANT =
  /\b(gnu (?:lesser |library |affero )?general public license) (?:as published by the free software foundation )?(?:either )?version (\d)(?: (\d))?(?: of the license)?( or at your option any later version| or any later version| or later)?/g;

/** GNU licenses granted in a normalised text, `-or-later` when the grant says so. */
function gnuGrants(norm: string): string[] {
  const out: string[] = [];
  for (const m of norm.matchAll(GNU_GRANT)) {
    const id = `${grantFamily(m[1], m[2], m[3])}-${m[4] ? 'or-later' : 'only'}`;
    if (!out.includes(id)) out.push(id);
  }
  return out;
}

function countOrLaterGrants(norm: string, family: string): number {
  let n = 0;
  for (const m of norm.matchAll(GNU_GRANT)) if (m[4] && grantFamily(m[1], m[2], m[3]) === family) n++;
  return n;
}

/** Tokens of a leading one-line title (short, no sentence punctuation), or 0. */
function titleTokenCount(stream: { tokens: string[]; lines: number[] }, lines: string[]): number {
  if (stream.tokens.length === 0) return 0;
  const first = stream.lines[0];
  let k = 0;
  while (k < stream.tokens.length && stream.lines[k] === first) k++;
  const text = (lines[first - 1] ?? '').trim();
  return k <= 12 && k < stream.tokens.length && !/[.;:,]$/.test(text) ? k : 0;
}

function grantFamily(name: string, major: string, minor: string | undefined): string {
  const version = `${major}.${minor ?? (name.includes('lesser') || name.includes('library') ? (major === '2' ? '1' : '0') : '0')}`;
  const prefix = name.includes('affero') ? 'AGPL' : name.includes('lesser') || name.includes('library') ? 'LGPL' : 'GPL';
  return `${prefix}-${version}`;
}

/** `-only` / `-or-later` twins: the text's own grant sentence (or a pointer) decides. */
function resolveGnuPairs(index: TemplateIndex, parts: Part[], hits: TemplateHit[], wholeNorm: () => string, notes: Set<string>): void {
  const pointerIds = new Set(parts.filter((p) => p.kind !== 'template').flatMap((p) => p.ids));
  for (const hit of hits) {
    const id = hit.entry.id;
    const family = pairFamily(id);
    const twin = family ? `${family}-or-later` : null;
    if (!family || !twin || !(hit.entry.alternatives ?? []).includes(twin)) continue;
    let chosen = `${family}-only`;
    // The template's own "How to Apply" appendix holds one grant sentence; a grant beyond those is the text's own.
    const ownGrant = countOrLaterGrants(wholeNorm(), family) > countOrLaterGrants(` ${templateNorm(index, hit.entryIndex)} `, family);
    if (ownGrant || pointerIds.has(twin)) chosen = twin;
    else if (!pointerIds.has(`${family}-only`)) {
      notes.add(`${family}: the license text alone cannot tell -only from -or-later; -only assumed (no "or any later version" grant found)`);
    }
    for (const part of parts) {
      part.ids = part.ids.map((x) => (x === id ? chosen : x));
      for (const m of part.match) if (m.id === id) m.id = chosen;
    }
  }
}

function combine(
  index: TemplateIndex,
  parts: Part[],
  hits: TemplateHit[],
  addedTexts: Array<{ text: string; line: number }>,
  clean: string,
  notes: Set<string>,
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

  // Riders go last so the base license reads first.
  terms.sort((a, b) => Number(a.ids.some((id) => riderIds.has(id))) - Number(b.ids.some((id) => riderIds.has(id))));
  if (modifiedBy) terms.push({ ids: [modifiedBy], op: 'AND' });
  const rendered = terms.map((t) => {
    if (t.raw) return terms.length > 1 ? `(${t.raw})` : t.raw;
    return t.ids.length > 1 ? (terms.length > 1 ? `(${t.ids.join(` ${t.op} `)})` : t.ids.join(` ${t.op} `)) : t.ids[0];
  });
  const expression = rendered.join(' AND ');

  // Each license counts with its best evidence (a pointer confirmed by the full text is sure).
  const best = new Map<string, number>();
  for (const m of matches) if (terms.some((t) => t.ids.includes(m.id))) best.set(m.id, Math.max(best.get(m.id) ?? 0, m.confidence));
  let confidence = best.size ? Math.min(...best.values()) : 0;
  if (modifiedBy) confidence = Math.min(confidence, 0.8);

  const result: TextIdentification = {
    expression,
    confidence: round(confidence),
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
function riderIdsOf(index: TemplateIndex): ReadonlySet<string> {
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

/**
 * A README's "License" section as low-confidence evidence: the section is identified like a
 * pointer file and the confidence is halved. Null when the README has no such section.
 */
export function identifyReadmeLicenseSection(text: string): TextIdentification | null {
  try {
    const lines = cleanText(text).split('\n');
    let start = -1;
    let level = 0;
    for (let i = 0; i < lines.length; i++) {
      const atx = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(lines[i]);
      const setext = i + 1 < lines.length && /^\s*(=+|-+)\s*$/.test(lines[i + 1]) && lines[i].trim() ? lines[i] : null;
      const title = atx ? atx[2] : setext;
      if (title && /^(?:\W*)(?:licen[cs]e|licensing|copying|copyright and licen[cs]e)\b/i.test(title.replace(/[*_`]/g, ''))) {
        start = setext && !atx ? i + 2 : i + 1;
        level = atx ? atx[1].length : /^\s*=/.test(lines[i + 1]) ? 1 : 2;
        break;
      }
    }
    if (start < 0) return null;
    let end = lines.length;
    for (let i = start; i < lines.length; i++) {
      const atx = /^\s{0,3}(#{1,6})\s/.exec(lines[i]);
      if (atx && atx[1].length <= level) {
        end = i;
        break;
      }
      if (i + 1 < lines.length && /^\s*(=+|-+)\s*$/.test(lines[i + 1]) && lines[i].trim() && level <= 2 && i > start) {
        end = i;
        break;
      }
    }
    const section = lines.slice(start, end).join('\n');
    if (!section.trim()) return null;
    // Keep line numbers relative to the README.
    const padded = `${'\n'.repeat(start)}${section}`;
    const result = identifyTextUnsafe(padded, {}, { allowPointersInLongText: true, skipDocumentGuard: true });
    if (!result.expression) {
      // A bare "MIT" / "Apache-2.0" line under the heading.
      const bare = resolveLicenseName(loadTemplateIndex(), section.trim().split('\n')[0]);
      if (!bare) return null;
      return {
        expression: bare,
        confidence: 0.3,
        matches: [{ id: bare, confidence: 0.3, startLine: start + 1, endLine: start + 1 }],
        notes: ['from the README "License" section (low confidence)'],
      };
    }
    return {
      ...result,
      confidence: round(Math.min(0.5, result.confidence / 2)),
      matches: result.matches.map((m) => ({ ...m, confidence: round(m.confidence / 2) })),
      notes: [...result.notes, 'from the README "License" section (low confidence)'].sort(),
    };
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// files

function readHead(absPath: string): { buf: Buffer; size: number } {
  const fd = fs.openSync(absPath, OPEN_READ_ONLY);
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, MAX_FILE_BYTES);
    const buf = Buffer.alloc(length);
    let offset = 0;
    while (offset < length) {
      const read = fs.readSync(fd, buf, offset, length - offset, offset);
      if (read === 0) break;
      offset += read;
    }
    return { buf: buf.subarray(0, offset), size };
  } finally {
    fs.closeSync(fd);
  }
}

const POINTED_FOLDERS = ['licenses', 'LICENSES', 'license', 'LICENSE', 'licences'];

/**
 * Identifies one file on disk for `license-risk identify`: reads at most 1 MB (and says so),
 * decodes UTF-8 / UTF-16, refuses binary content with a note; an unreadable file gets `error`.
 * When the text points to a sibling `licenses/` folder, the texts there are identified and
 * ANDed in (one level, at most 20 files).
 */
export function identifyFile(absPath: string): TextIdentification & { error?: string } {
  return identifyFileDepth(absPath, 0);
}

function identifyFileDepth(absPath: string, depth: number): TextIdentification & { error?: string } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    const error = code === 'ENOENT' ? 'file not found' : code === 'ELOOP' ? 'symbolic link loop' : `cannot read (${code})`;
    return { ...unknown([error]), error };
  }
  if (stat.isDirectory()) return { ...unknown(['is a directory']), error: 'is a directory' };
  if (!stat.isFile()) return { ...unknown(['not a regular file']), error: 'not a regular file' };
  let head: { buf: Buffer; size: number };
  try {
    head = readHead(absPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    const error = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : `cannot read (${code})`;
    return { ...unknown([error]), error };
  }
  const { buf, size } = head;
  const truncated = size > MAX_FILE_BYTES;
  if (buf.length === 0) return unknown(['empty file']);
  const extraNotes: string[] = [];
  // The same decision as `check` makes (read/fs.ts), so both agree on every file.
  const decoded = decodeBytes(buf);
  if (decoded.binary) return unknown([`binary file (${size} bytes); not read as text`]);
  const text = decoded.text;
  if (decoded.encoding === 'utf-16') extraNotes.push('decoded as UTF-16');
  if (decoded.encoding === 'utf-16-no-bom') extraNotes.push('decoded as UTF-16 (no byte order mark)');
  if (decoded.encoding === 'utf-8' && text.includes('\uFFFD') && !buf.includes(Buffer.from([0xef, 0xbf, 0xbd]))) {
    extraNotes.push('invalid UTF-8 byte sequences were replaced');
  }
  const result = identifyText(text, { file: absPath, truncated });
  if (extraNotes.length) result.notes = [...result.notes, ...extraNotes].sort();
  if (depth === 0 && result.notes.some((n) => n.startsWith('pointer to licenses/ folder'))) {
    addPointedFolder(absPath, result);
  }
  return result;
}

function addPointedFolder(absPath: string, result: TextIdentification): void {
  const dir = path.dirname(absPath);
  const folder = POINTED_FOLDERS.map((name) => path.join(dir, name)).find((p) => {
    try {
      return fs.statSync(p).isDirectory();
    } catch {
      return false;
    }
  });
  if (!folder) return;
  let names: string[];
  try {
    names = fs.readdirSync(folder).sort().slice(0, 20);
  } catch {
    return;
  }
  const found: string[] = [];
  for (const name of names) {
    const sub = identifyFileDepth(path.join(folder, name), 1);
    if (!sub.expression) continue;
    found.push(`${path.basename(folder)}/${name}: ${sub.expression}`);
    const subIds = sub.expression.split(/\s+(?:AND|OR)\s+|[()]/).filter(Boolean);
    const present = result.expression ?? '';
    if (subIds.every((id) => new RegExp(`(?:^|[\\s(])${id.replace(/[.+]/g, '\\$&')}(?:$|[\\s)])`).test(present))) continue;
    result.expression = result.expression ? `${wrap(result.expression)} AND ${wrap(sub.expression)}` : sub.expression;
    // The folder's matches have line ranges in other files, so only the expression and a note carry over.
    result.confidence = round(Math.min(result.confidence || 1, sub.confidence));
  }
  if (found.length) result.notes = [...result.notes, `licenses folder identified: ${found.join('; ')}`].sort();
}

function wrap(expression: string): string {
  return /\s(?:OR|AND)\s/.test(expression) && /\bOR\b/.test(expression) ? `(${expression})` : expression;
}
