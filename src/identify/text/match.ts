/**
 * Similarity matching of a normalised text against the template index: word-set candidate
 * selection, then token 3-gram (shingle) matching that finds *where* each template sits in
 * the text, so a file holding several licenses is segmented into one match per license.
 */
import type { TokenStream } from './normalize';
import { buildPostings, ensureTexts, type IndexEntry, type Postings, type TemplateIndex } from './template-index';

const SHINGLE = 3;
/** A template must be this much present (distinct shingles) to count. */
const MIN_COVERAGE = 0.5;
const MIN_DICE = 0.5;
const MIN_SHINGLES = 8;
const MAX_CANDIDATES = 30;

export interface TemplateHit {
  entryIndex: number;
  entry: IndexEntry;
  /** First and last token of the matched region (inclusive). */
  startToken: number;
  endToken: number;
  /** Share of the template's shingles found in the region. */
  coverage: number;
  /** Dice coefficient between the region and the template. */
  dice: number;
  /** Token ranges inside the region that match nothing in the template (inserted text). */
  insertions: Array<[number, number]>;
}

/**
 * Per-index lookup structures, built lazily on the first similarity match. A 3-gram is a
 * number made from its three vocabulary ids (no strings, no dictionary: a template's words are
 * all in the vocabulary, and a query word that is not can match no template), and an inverted
 * word index makes candidate selection proportional to the query.
 */
interface MatchTables {
  templateSets: Map<number, KeySet>;
}

const tablesByIndex = new WeakMap<TemplateIndex, MatchTables>();

function tablesOf(index: TemplateIndex): MatchTables {
  let tables = tablesByIndex.get(index);
  if (!tables) {
    tables = { templateSets: new Map() };
    tablesByIndex.set(index, tables);
  }
  return tables;
}

/**
 * Three word ids mixed into a 30-bit key (a small integer V8 stores unboxed). Two different
 * 3-grams may share a key; with ~10^3 shingles per template the chance that a query shingle
 * falsely hits one is ~10^-6, far below what moves a score.
 */
function shingleKey(a: number, b: number, c: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b) ^ Math.imul(c + 0x165667b1, 0xc2b2ae35)) & 0x3fffffff;
}

/** Vocabulary ids of tokens; -1 for a word no template has. */
function wordIdsOf(index: TemplateIndex, tokens: string[]): Int32Array {
  const ids = new Int32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) ids[i] = index.wordIds.get(tokens[i]) ?? -1;
  return ids;
}

/** Keys of a token sequence's 3-grams; -1 where a word is outside the vocabulary. */
function shingleKeys(index: TemplateIndex, tokens: string[]): Int32Array {
  return shingleKeysOfIds(wordIdsOf(index, tokens));
}

function shingleKeysOfIds(ids: ArrayLike<number> & { includes(id: number): boolean }): Int32Array {
  if (ids.length < SHINGLE) {
    if (ids.length === 0 || ids.includes(-1)) return new Int32Array(ids.length ? 1 : 0).fill(-1);
    return Int32Array.of(shingleKey(ids[0], ids[1] ?? -2, -3));
  }
  const out = new Int32Array(ids.length - SHINGLE + 1);
  for (let i = 0; i + SHINGLE <= ids.length; i++) {
    const a = ids[i];
    const b = ids[i + 1];
    const c = ids[i + 2];
    out[i] = a < 0 || b < 0 || c < 0 ? -1 : shingleKey(a, b, c);
  }
  return out;
}

/**
 * An open-addressing table of non-negative keys: linear probing, power-of-two size. A slot
 * holds its key plus one, so a fresh (zeroed) array is an empty table with no fill pass:
 * scoring builds and drops many of these, some for texts of tens of thousands of words.
 */
class KeyTable {
  protected readonly slots: Int32Array;
  protected readonly mask: number;

  constructor(capacity: number) {
    let size = 8;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
  }

  /** The slot that holds `key`, or the empty one where it would go. */
  protected slot(key: number): number {
    const stored = key + 1;
    let at = (Math.imul(key, 0x9e3779b1) >>> 0) & this.mask;
    for (;;) {
      const here = this.slots[at];
      if (here === stored || here === 0) return at;
      at = (at + 1) & this.mask;
    }
  }
}

/**
 * Slot stamps for {@link KeySet.countDistinct}, shared by every set (one count runs at a time):
 * a count then allocates and clears nothing.
 */
let countMarks = new Int32Array(0);
let countStamp = 0;

/**
 * A set of non-negative 30-bit keys: scoring asks it about every 3-gram of a text for each of
 * up to 30 candidate templates, and a typed table answers those lookups several times faster
 * than a `Set<number>`.
 */
export class KeySet extends KeyTable {
  size = 0;
  private list: Int32Array | undefined;

  static of(keys: ArrayLike<number>): KeySet {
    const set = new KeySet(keys.length);
    for (let i = 0; i < keys.length; i++) if (keys[i] >= 0) set.add(keys[i]);
    return set;
  }

  add(key: number): void {
    const at = this.slot(key);
    if (this.slots[at] === 0) {
      this.slots[at] = key + 1;
      this.size++;
    }
  }

  has(key: number): boolean {
    return key >= 0 && this.slots[this.slot(key)] === key + 1;
  }

  /**
   * Sets `isHit[p]` for every `keys[p]` in this set where `covered[p]` is not set, and returns
   * how many. Scoring asks this of every candidate for every 3-gram of a text: the probe is
   * written out here rather than called through {@link has}, since the scan's compiler flags
   * turn inlining off and the first texts run before the optimising compiler has this loop.
   */
  markMembers(keys: Int32Array, covered: Uint8Array, isHit: Uint8Array): number {
    const slots = this.slots;
    const mask = this.mask;
    let count = 0;
    for (let p = 0; p < keys.length; p++) {
      const key = keys[p];
      if (key < 0 || covered[p]) continue;
      const stored = key + 1;
      let at = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
      let here = slots[at];
      while (here !== stored && here !== 0) {
        at = (at + 1) & mask;
        here = slots[at];
      }
      if (here === stored) {
        isHit[p] = 1;
        count++;
      }
    }
    return count;
  }

  /** The keys, in table order (cached: a template's set never changes once built). */
  keys(): Int32Array {
    if (!this.list) {
      const out = new Int32Array(this.size);
      let n = 0;
      const slots = this.slots;
      for (let i = 0; i < slots.length; i++) if (slots[i] !== 0) out[n++] = slots[i] - 1;
      this.list = out;
    }
    return this.list;
  }

  /** How many distinct members of this set occur among `keys[from..to]` where `flagged` is set. */
  countDistinct(keys: Int32Array, flagged: Uint8Array, from: number, to: number): number {
    if (countMarks.length < this.slots.length || countStamp === 0x7fffffff) {
      countMarks = new Int32Array(Math.max(countMarks.length, this.slots.length));
      countStamp = 0;
    }
    const marks = countMarks;
    const stamp = ++countStamp;
    let count = 0;
    for (let p = from; p <= to; p++) {
      if (!flagged[p]) continue;
      const key = keys[p];
      if (key < 0) continue;
      const at = this.slot(key);
      if (this.slots[at] !== key + 1 || marks[at] === stamp) continue;
      marks[at] = stamp;
      count++;
    }
    return count;
  }
}

/**
 * Where each 3-gram key occurs in a text: `first(key)` and then `next[p]` chain its positions.
 * Lets a short template be looked up in a long text (a bundle of many licenses) with one
 * lookup per template 3-gram instead of one per text 3-gram.
 */
class PositionIndex extends KeyTable {
  private readonly heads: Int32Array;
  readonly next: Int32Array;

  constructor(query: Int32Array) {
    super(query.length);
    this.heads = new Int32Array(this.slots.length);
    this.next = new Int32Array(query.length).fill(-1);
    // Walk backwards so each chain runs in text order.
    for (let p = query.length - 1; p >= 0; p--) {
      const key = query[p];
      if (key < 0) continue;
      const at = this.slot(key);
      if (this.slots[at] === key + 1) this.next[p] = this.heads[at];
      else this.slots[at] = key + 1;
      this.heads[at] = p;
    }
  }

  first(key: number): number {
    const at = this.slot(key);
    return this.slots[at] === key + 1 ? this.heads[at] : -1;
  }
}

/** The 3-gram set of one template, as keys (cached). */
export function templateShingles(index: TemplateIndex, entryIndex: number): KeySet {
  const tables = tablesOf(index);
  let set = tables.templateSets.get(entryIndex);
  if (!set) {
    ensureTexts(index);
    set = KeySet.of(shingleKeysOfIds(index.entries[entryIndex].tokenIds));
    tables.templateSets.set(entryIndex, set);
  }
  return set;
}

/** Whether a template contains a 3-gram given as three words. */
export function templateHasShingle(index: TemplateIndex, entryIndex: number, shingle: string): boolean {
  ensureTexts(index);
  const key = shingleKeys(index, shingle.split(' '))[0];
  return key !== undefined && key >= 0 && templateShingles(index, entryIndex).has(key);
}

function postingsOf(index: TemplateIndex): Postings {
  // Prebuilt in the texts file; an index built in memory builds them once.
  index.postings ??= buildPostings(index.vocab.length, index.entries.map((e) => e.words));
  return index.postings;
}

export function shinglesOf(tokens: string[]): string[] {
  if (tokens.length < SHINGLE) return tokens.length ? [tokens.join(' ')] : [];
  const out = new Array<string>(tokens.length - SHINGLE + 1);
  for (let i = 0; i + SHINGLE <= tokens.length; i++) out[i] = `${tokens[i]} ${tokens[i + 1]} ${tokens[i + 2]}`;
  return out;
}

/**
 * Candidate selection's per-word marks and per-template counts, kept between texts: a fresh
 * pair per text (the vocabulary's size and the index's) was most of the selection's
 * allocation, and each is a buffer outside V8's heap that its collector then has to sweep.
 * `seen` holds the stamp of the text that marked a word; `shared` is left zeroed.
 */
interface SelectionScratch {
  seen: Int32Array;
  shared: Int32Array;
  stamp: number;
}

const selectionScratchByIndex = new WeakMap<TemplateIndex, SelectionScratch>();

function selectionScratch(index: TemplateIndex): SelectionScratch {
  let scratch = selectionScratchByIndex.get(index);
  if (!scratch || scratch.stamp === 0x7fffffff) {
    scratch = { seen: new Int32Array(index.vocab.length), shared: new Int32Array(index.entries.length), stamp: 0 };
    selectionScratchByIndex.set(index, scratch);
  }
  return scratch;
}

/** Templates whose vocabulary is largely present in the text, best first. */
function selectCandidates(index: TemplateIndex, ids: Int32Array): number[] {
  const scratch = selectionScratch(index);
  const shared = scratch.shared;
  const touched = countSharedWords(postingsOf(index), ids, scratch);
  const scored = sharingMost(index.entries, touched, shared);
  // Two views so neither short templates (high ratio) nor long ones (many shared words) are crowded out.
  const byRatio = [...scored].sort((a, b) => b.ratio - a.ratio || b.inter - a.inter || a.i - b.i).slice(0, MAX_CANDIDATES / 2);
  const byMass = [...scored].sort((a, b) => b.inter * b.ratio - a.inter * a.ratio || a.i - b.i).slice(0, MAX_CANDIDATES / 2);
  return [...new Set([...byRatio, ...byMass].map((s) => s.i))].sort((a, b) => a - b);
}

/**
 * For each template sharing a word with the text (`touched`), how many of its distinct words
 * the text has (`scratch.shared`). Only templates sharing a word are looked at, not all seven
 * hundred. A function of its own: this loop is what gets hot, and optimised on its own it
 * does not take the code after it along before that code has run (V8 then threw the
 * optimised selection away on reaching it, 13 times in a scan of the large bench tree).
 */
function countSharedWords(postings: Postings, ids: Int32Array, scratch: SelectionScratch): number[] {
  const { offsets, entries } = postings;
  const seen = scratch.seen;
  const stamp = ++scratch.stamp;
  const shared = scratch.shared;
  const touched: number[] = [];
  for (let t = 0; t < ids.length; t++) {
    const id = ids[t];
    if (id < 0 || seen[id] === stamp) continue;
    seen[id] = stamp;
    for (let k = offsets[id], end = offsets[id + 1]; k < end; k++) {
      const e = entries[k];
      if (shared[e]++ === 0) touched.push(e);
    }
  }
  return touched;
}

/**
 * The touched templates that share at least 60 % of their words with the text, and how many;
 * `shared` is left zeroed for the next text. A function of its own for the reason given at
 * {@link countSharedWords}: this loop is the hot part of the selection.
 */
function sharingMost(entries: readonly IndexEntry[], touched: number[], shared: Int32Array): Array<{ i: number; ratio: number; inter: number }> {
  const scored: Array<{ i: number; ratio: number; inter: number }> = [];
  for (let t = 0; t < touched.length; t++) {
    const i = touched[t];
    const inter = shared[i];
    shared[i] = 0;
    const total = entries[i].words.length;
    if (total === 0) continue;
    const ratio = inter / total;
    if (ratio >= 0.6) scored.push({ i, ratio, inter });
  }
  return scored;
}

interface Region {
  start: number;
  end: number;
}

/**
 * The densest stretch of hits: maximum-sum subarray where a hit scores +1 and a miss -1, so
 * a region grows across inserted text only while the license continues on both sides, and
 * scattered common phrases elsewhere in the file never join it. Covered positions break it.
 */
function densestRegion(isHit: Uint8Array, covered: Uint8Array): Region | null {
  let bestSum = 0;
  let bestStart = 0;
  let bestEnd = -1;
  let sum = 0;
  let start = 0;
  for (let p = 0; p < isHit.length; p++) {
    if (covered[p]) {
      sum = 0;
      start = p + 1;
      continue;
    }
    sum += isHit[p] ? 1 : -1;
    if (sum <= 0) {
      sum = 0;
      start = p + 1;
      continue;
    }
    if (sum > bestSum) {
      bestSum = sum;
      bestStart = start;
      bestEnd = p;
    }
  }
  return bestEnd < 0 ? null : { start: bestStart, end: bestEnd };
}

interface Scored {
  ci: number;
  region: Region;
  isHit: Uint8Array;
  distinct: number;
  size: number;
  coverage: number;
  dice: number;
}

/**
 * Finds every template that occurs in the text, greedily: the best-matching region first,
 * then the rest of the text. Returned in text order.
 */
export function findTemplateHits(index: TemplateIndex, stream: TokenStream): TemplateHit[] {
  ensureTexts(index);
  const { tokens } = stream;
  if (tokens.length === 0) return [];
  const ids = wordIdsOf(index, tokens);
  const queryShingles = shingleKeysOfIds(ids);
  const candidates = selectCandidates(index, ids);
  const covered = new Uint8Array(queryShingles.length);
  const hits: TemplateHit[] = [];

  // A template's score stays valid until a chosen region takes some of its hits; one with too
  // few hits never recovers (covering only removes hits), but one whose region was too sparse
  // may pass once a license in its middle is taken out.
  const cache = new Map<number, { scored: Scored | null; isHit: Uint8Array | null }>();
  /** Hits of templates whose score a chosen region invalidated: re-scored without new lookups. */
  const stale = new Map<number, Uint8Array>();
  const scratch = new Uint8Array(queryShingles.length);
  let positions: PositionIndex | undefined;
  const score = (ci: number): { scored: Scored | null; isHit: Uint8Array | null } => {
    const set = templateShingles(index, ci);
    if (set.size < MIN_SHINGLES && set.size < queryShingles.length) return { scored: null, isHit: null };
    let isHit = stale.get(ci);
    let count: number;
    if (isHit) {
      // Covering only removes hits: the earlier lookups minus the covered positions.
      stale.delete(ci);
      count = uncoverHits(isHit, covered);
    } else if (set.size * 2 < queryShingles.length) {
      // A long text: look the template's 3-grams up in the text, not the other way round.
      isHit = new Uint8Array(queryShingles.length);
      positions ??= new PositionIndex(queryShingles);
      count = markTemplateInText(set.keys(), positions, covered, isHit);
    } else {
      // Into a scratch array first: most candidates of a text fall short and are dropped.
      isHit = scratch.fill(0);
      count = set.markMembers(queryShingles, covered, isHit);
      if (count >= Math.min(MIN_SHINGLES, set.size)) isHit = isHit.slice();
    }
    if (count < Math.min(MIN_SHINGLES, set.size)) return { scored: null, isHit: null };
    const region = densestRegion(isHit, covered);
    if (!region) return { scored: null, isHit: null };
    const distinct = set.countDistinct(queryShingles, isHit, region.start, region.end);
    const coverage = distinct / set.size;
    const dice = (2 * distinct) / (region.end - region.start + 1 + set.size);
    if (coverage < MIN_COVERAGE || dice < MIN_DICE) return { scored: null, isHit };
    return { scored: { ci, region, isHit, distinct, size: set.size, coverage, dice }, isHit };
  };
  let live = candidates;
  for (let round = 0; round < 12; round++) {
    const scored: Scored[] = [];
    const next: number[] = [];
    for (const ci of live) {
      if (!cache.has(ci)) cache.set(ci, score(ci));
      const c = cache.get(ci)!;
      if (c.scored) scored.push(c.scored);
      if (c.isHit) next.push(ci);
    }
    live = next;
    if (scored.length === 0) break;
    scored.sort((a, b) => b.dice - a.dice || b.distinct - a.distinct || a.ci - b.ci);
    // Templates competing for the same stretch are compared over the union of their regions,
    // so a template that explains only part of the stretch (Apache-2.0 without its appendix)
    // loses to one that explains all of it.
    const lead = scored[0];
    const rivals = scored.filter((s) => overlap(s.region, lead.region) >= 0.5 * Math.min(length(s.region), length(lead.region)));
    const union: Region = {
      start: Math.min(...rivals.map((r) => r.region.start)),
      end: Math.max(...rivals.map((r) => r.region.end)),
    };
    let winner = lead;
    let winnerScore = -1;
    for (const r of rivals) {
      const d = templateShingles(index, r.ci).countDistinct(queryShingles, r.isHit, union.start, union.end);
      const score = (2 * d) / (length(union) + r.size);
      if (score > winnerScore + 1e-9 || (Math.abs(score - winnerScore) <= 1e-9 && r.distinct > winner.distinct)) {
        winner = r;
        winnerScore = score;
      }
    }
    // A close variant (BSD-3-Clause-HP, MIT-Khronos-old, HPND-sell-variant-…-rev) wins over the
    // license it varies only when its distinguishing text is present.
    // (MIT-0 is MIT with text taken out: there the base's own text being absent is what counts.)
    const base = rivals.find(
      (r) =>
        r !== winner &&
        isBaseOf(index.entries[r.ci].id, index.entries[winner.ci].id) &&
        !distinguishingTextPresent(index, winner.ci, r.ci, queryShingles, covered, union) &&
        distinguishingTextPresent(index, r.ci, winner.ci, queryShingles, covered, union),
    );
    if (base) winner = base;
    const { region } = winner;
    const insertions = insertionsIn(winner.isHit, region);
    covered.fill(1, region.start, region.end + 1);
    invalidateScoresIn(region, live, cache, stale);
    hits.push({
      entryIndex: winner.ci,
      entry: index.entries[winner.ci],
      startToken: region.start,
      endToken: Math.min(tokens.length - 1, region.end + SHINGLE - 1),
      coverage: winner.coverage,
      dice: winner.dice,
      insertions,
    });
  }
  return hits.sort((a, b) => a.startToken - b.startToken);
}

// The loops over a chosen region are functions of their own, so the optimising compiler takes
// them and not findTemplateHits whole (a large function, compiled once per scan for ~65 ms
// of a background thread, for a body that runs a few hundred times).

/** Clears the hits at covered positions; the hits left. */
function uncoverHits(isHit: Uint8Array, covered: Uint8Array): number {
  let count = 0;
  for (let p = 0; p < isHit.length; p++) {
    if (covered[p]) isHit[p] = 0;
    else count += isHit[p];
  }
  return count;
}

/** Marks where the template's 3-grams (`keys`) occur in the text, outside covered positions; the marks made. */
function markTemplateInText(keys: Int32Array, positions: PositionIndex, covered: Uint8Array, isHit: Uint8Array): number {
  let count = 0;
  for (let k = 0; k < keys.length; k++) {
    for (let p = positions.first(keys[k]); p >= 0; p = positions.next[p]) {
      if (!covered[p]) {
        isHit[p] = 1;
        count++;
      }
    }
  }
  return count;
}

/** Runs of unmatched 3-grams longer than a 3-gram inside `region`: inserted (or changed) text, as token ranges. */
function insertionsIn(isHit: Uint8Array, region: Region): Array<[number, number]> {
  const insertions: Array<[number, number]> = [];
  let runStart = -1;
  for (let p = region.start; p <= region.end + 1; p++) {
    const miss = p <= region.end && !isHit[p];
    if (miss && runStart < 0) runStart = p;
    if (!miss && runStart >= 0) {
      if (p - runStart > SHINGLE + 3) insertions.push([runStart + SHINGLE - 1, p - 1]);
      runStart = -1;
    }
  }
  return insertions;
}

/** Templates with a hit inside the region just taken: their score is stale, their hits kept for re-scoring. */
function invalidateScoresIn(region: Region, live: number[], cache: Map<number, { isHit: Uint8Array | null }>, stale: Map<number, Uint8Array>): void {
  for (let i = 0; i < live.length; i++) {
    const ci = live[i];
    const hitsHere = cache.get(ci)?.isHit;
    if (!hitsHere) continue;
    for (let p = region.start; p <= region.end; p++) {
      if (hitsHere[p]) {
        cache.delete(ci);
        stale.set(ci, hitsHere);
        break;
      }
    }
  }
}

function length(r: Region): number {
  return r.end - r.start + 1;
}

function overlap(a: Region, b: Region): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start) + 1);
}

/** `base` is the license `variant` varies: `BSD-3-Clause` of `BSD-3-Clause-HP`. */
function isBaseOf(base: string, variant: string): boolean {
  return variant.length > base.length + 1 && variant.startsWith(`${base}-`);
}

/**
 * Whether the text holds at least half of the 3-grams that set `variant` apart from `base`
 * (its own wording), within `range`; true when it has none.
 */
function distinguishingTextPresent(index: TemplateIndex, variant: number, base: number, query: Int32Array, covered: Uint8Array, range: Region): boolean {
  const baseSet = templateShingles(index, base);
  const own = new Set<number>();
  for (const key of templateShingles(index, variant).keys()) if (!baseSet.has(key)) own.add(key);
  if (own.size === 0) return true;
  const seen = new Set<number>();
  for (let p = range.start; p <= range.end && p < query.length; p++) {
    if (!covered[p] && own.has(query[p])) seen.add(query[p]);
  }
  return seen.size * 2 >= own.size;
}
