/**
 * The template index: every text in the SPDX license list (from the maintained
 * `spdx-license-list` package) plus license-risk's own LicenseRef templates in
 * `data/templates/`, normalised once at build time (`scripts/build-index.ts`) so a run only
 * pays for reading one JSON file. When the prebuilt file is missing or stale (for example
 * under ts-jest without a build) the same index is built in memory.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageRoot } from '../../paths';
import { normalisePhrase, tokenize } from './normalize';
import { compareStrings } from '../../util/compare';
import { sha1Hex } from '../../util/sha1';

export const INDEX_FORMAT = 5;
/** Where `scripts/build-index.ts` writes the index, relative to the package root. */
export const INDEX_RELATIVE_PATH = path.join('dist', 'identify-index.json');
/**
 * The normalised texts (as vocabulary ids) and word lists, only needed by the similarity path:
 * a second file, read on first use, so loading the index (enough for the exact fast path and
 * pointer names) stays small. Binary, because parsing 4 MB of JSON text cost more than all the
 * matching of a large tree; the integer arrays are used in place, without a copy.
 */
export const TEXTS_RELATIVE_PATH = path.join('dist', 'identify-index-texts.bin');
const TEXTS_MAGIC = 'LRTX';

/** Vocabulary ids: a plain array when built in memory, a view over the texts file when loaded. */
export type IdList = readonly number[] | Uint16Array | Uint32Array;

export interface IndexEntry {
  /** SPDX id, `LicenseRef-` id, or (for vendor dual licenses) a whole expression. */
  id: string;
  name: string;
  origin: 'spdx' | 'project';
  /** Other ids whose normalised text is identical (e.g. the `-or-later` twin). */
  alternatives?: string[];
  /** A rider modifies another license rather than standing alone (Commons Clause). */
  rider?: boolean;
  /** sha1 of the normalised text: the exact fast path. */
  hash: string;
  /** The normalised text as vocabulary ids, in order (filled by `ensureTexts`). */
  tokenIds: IdList;
  /** Sorted unique vocabulary ids of the text's words, for candidate selection (filled by `ensureTexts`). */
  words: IdList;
}

/** The header of the binary texts file (JSON after the magic and its length). */
interface TextsHeader {
  format: number;
  sourceKey: string;
  /** Bytes of the vocabulary: its words in UTF-8, joined by a newline (words never hold one). */
  vocabBytes: number;
  /** Width of every id that follows: little-endian unsigned 16- or 32-bit integers. */
  idBytes: 2 | 4;
  wordCounts: number[];
  tokenCounts: number[];
  /** Width of each posting (an entry index), 2 or 4 bytes; the postings follow the ids. */
  postingBytes: 2 | 4;
}

/**
 * The inverted word index candidate selection reads: the entries whose vocabulary holds word
 * `w` are `entries[offsets[w] .. offsets[w + 1])`, in entry order. Prebuilt, because building
 * it (~180,000 postings) was the largest part of the first similarity match of a run.
 */
export interface Postings {
  offsets: Uint32Array;
  entries: Uint16Array | Uint32Array;
}

/** Builds the postings of a vocabulary of `vocabSize` words from each entry's word list. */
export function buildPostings(vocabSize: number, words: readonly IdList[]): Postings {
  const offsets = new Uint32Array(vocabSize + 1);
  for (const list of words) for (const w of list) offsets[w + 1]++;
  for (let w = 0; w < vocabSize; w++) offsets[w + 1] += offsets[w];
  const entries = words.length <= 0x10000 ? new Uint16Array(offsets[vocabSize]) : new Uint32Array(offsets[vocabSize]);
  const next = offsets.slice(0, vocabSize);
  words.forEach((list, entry) => {
    for (const w of list) entries[next[w]++] = entry;
  });
  return { offsets, entries };
}

export interface NameAlias {
  /** Normalised phrase. */
  phrase: string;
  /** SPDX id, LicenseRef id, or a GNU family ending in `+`. */
  target: string;
}

export interface Fingerprint {
  target: string;
  /** Every normalised phrase must occur. */
  phrases: string[];
}

export interface SerializedIndex {
  format: number;
  sourceKey: string;
  vocab: string[];
  entries: IndexEntry[];
  names: NameAlias[];
  orLaterGrants: NameAlias[];
  fingerprints: Fingerprint[];
}

export interface TemplateIndex extends SerializedIndex {
  /** hash → entry index. */
  exact: Map<string, number>;
  /** word → vocabulary id (filled by `ensureTexts`). */
  wordIds: Map<string, number>;
  /** Where it came from, for the benchmark. */
  loadedFrom: 'file' | 'memory';
  /** Whether `tokenIds`/`words`/`vocab`/`postings` are present. */
  textsLoaded: boolean;
  /** The inverted word index (filled by `ensureTexts`, or built on first use for an in-memory index). */
  postings?: Postings;
}

interface ProjectTemplateDef {
  id: string;
  name: string;
  file?: string;
  source: string;
  rider?: boolean;
  /** Another wording of an SPDX license, kept under the SPDX id. */
  variant?: boolean;
  names?: string[];
  fingerprints?: string[][];
}

interface AliasFile {
  aliases: Record<string, string[]>;
  orLaterGrants: Record<string, string[]>;
}

interface SpdxFullEntry {
  name: string;
  licenseText: string;
}

function templatesDir(): string {
  return path.join(packageRoot(), 'data', 'templates');
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- T is the caller's claim about a JSON file we build
function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** Identifies the inputs an index was built from, so a stale prebuilt file is not used. */
export function computeSourceKey(): string {
  const hash = createHash('sha1');
  hash.update(`format:${INDEX_FORMAT}\n`);
  const listPkg = readJson<{ version: string }>(require.resolve('spdx-license-list/package.json'));
  hash.update(`spdx-license-list:${listPkg.version}\n`);
  const dir = templatesDir();
  for (const name of fs.readdirSync(dir).sort()) {
    hash.update(name);
    hash.update(fs.readFileSync(path.join(dir, name)));
  }
  return hash.digest('hex');
}

const PAIR_SUFFIX = /-(only|or-later)$/;

/** Picks the id that stands for a group of identical texts; `-only` wins over `-or-later`. */
function primaryOf(ids: string[]): string {
  const sorted = [...ids].sort((a, b) => a.length - b.length || compareStrings(a, b));
  const only = sorted.find((id) => id.endsWith('-only'));
  return only ?? sorted[0];
}

/** Builds the index from its sources (used by the build script and as the in-memory fallback). */
export function buildTemplateIndex(): SerializedIndex {
  const full = require('spdx-license-list/full') as Record<string, SpdxFullEntry>;
  const deprecated = new Set(require('spdx-license-ids/deprecated.json') as string[]);
  const dir = templatesDir();
  const projectDefs = [
    ...readJson<{ templates: ProjectTemplateDef[] }>(path.join(dir, 'templates.json')).templates,
    // AI model licenses (issue 19), kept in their own file.
    ...readJson<{ templates: ProjectTemplateDef[] }>(path.join(dir, 'model-templates.json')).templates,
  ];
  const aliasFile = readJson<AliasFile>(path.join(dir, 'spdx-aliases.json'));

  interface Raw {
    id: string;
    name: string;
    origin: 'spdx' | 'project';
    rider?: boolean;
    norm: string;
  }
  const raws: Raw[] = [];
  for (const id of Object.keys(full).sort()) {
    if (deprecated.has(id) || id.endsWith('+')) continue;
    const norm = tokenize(full[id].licenseText).tokens.join(' ');
    if (norm.length === 0) continue;
    raws.push({ id, name: full[id].name, origin: 'spdx', norm });
    // What follows "END OF TERMS AND CONDITIONS" (Apache's appendix, the GPL's "How to Apply
    // These Terms") is optional in the SPDX templates; many copies leave it out.
    const text = full[id].licenseText;
    const end = /END OF TERMS AND CONDITIONS/i.exec(text);
    if (end && text.length - (end.index + end[0].length) > 200) {
      raws.push({ id, name: full[id].name, origin: 'spdx', norm: tokenize(text.slice(0, end.index + end[0].length)).tokens.join(' ') });
    }
  }
  // LGPL-3.0 is distributed as its own short text next to a separate GPL-3.0 COPYING file;
  // the SPDX text appends the whole GPL, so the LGPL part alone is a template too.
  for (const id of ['LGPL-3.0-only', 'LGPL-3.0-or-later']) {
    const text = full[id]?.licenseText ?? '';
    const gplAt = text.indexOf('GNU GENERAL PUBLIC LICENSE');
    if (gplAt > 0) raws.push({ id, name: full[id].name, origin: 'spdx', norm: tokenize(text.slice(0, gplAt)).tokens.join(' ') });
  }
  for (const def of projectDefs) {
    if (!def.file) continue;
    const text = fs.readFileSync(path.join(dir, def.file), 'utf8');
    raws.push({ id: def.id, name: def.name, origin: def.variant ? 'spdx' : 'project', rider: def.rider, norm: tokenize(text).tokens.join(' ') });
  }

  // Group identical normalised texts: they cannot be told apart by text alone.
  const byHash = new Map<string, Raw[]>();
  for (const raw of raws) {
    const h = sha1Hex(raw.norm);
    const list = byHash.get(h) ?? [];
    list.push(raw);
    byHash.set(h, list);
  }

  const vocabIds = new Map<string, number>();
  const vocab: string[] = [];
  const entries: IndexEntry[] = [];
  for (const [hash, group] of [...byHash.entries()].sort((a, b) => compareStrings(primaryOf(a[1].map((r) => r.id)), primaryOf(b[1].map((r) => r.id))))) {
    const primaryId = primaryOf(group.map((r) => r.id));
    const primary = group.find((r) => r.id === primaryId)!;
    const words = new Set<number>();
    const tokenIds: number[] = [];
    for (const w of primary.norm.split(' ')) {
      let id = vocabIds.get(w);
      if (id === undefined) {
        id = vocab.length;
        vocab.push(w);
        vocabIds.set(w, id);
      }
      words.add(id);
      tokenIds.push(id);
    }
    const alternatives = group.map((r) => r.id).filter((id) => id !== primaryId).sort();
    entries.push({
      id: primaryId,
      name: primary.name,
      origin: primary.origin,
      ...(alternatives.length ? { alternatives } : {}),
      ...(primary.rider ? { rider: true } : {}),
      tokenIds,
      hash,
      words: [...words].sort((a, b) => a - b),
    });
  }

  // Names a pointer file may use: SPDX names and ids, curated aliases, project template names.
  const names = new Map<string, string>();
  const addName = (phrase: string, target: string, override = false): void => {
    const norm = normalisePhrase(phrase);
    if (!norm) return;
    if (override || !names.has(norm)) names.set(norm, target);
  };
  for (const id of Object.keys(full).sort()) {
    // Deprecated ids name families the curated aliases already cover, with the right qualifier.
    if (deprecated.has(id) || id.endsWith('+')) continue;
    const target = id;
    addName(full[id].name, target);
    // Bare ids only when they cannot be an ordinary word (`MIT` and friends come from aliases).
    if (/[\d-]/.test(id)) addName(id, target);
  }
  for (const [target, phrases] of Object.entries(aliasFile.aliases)) {
    for (const phrase of phrases) addName(phrase, target, true);
  }
  for (const def of projectDefs) {
    for (const phrase of def.names ?? []) addName(phrase, def.id, true);
  }
  const orLaterGrants: NameAlias[] = [];
  for (const [target, phrases] of Object.entries(aliasFile.orLaterGrants)) {
    for (const phrase of phrases) orLaterGrants.push({ phrase: normalisePhrase(phrase), target });
  }
  const fingerprints: Fingerprint[] = [];
  for (const def of projectDefs) {
    for (const set of def.fingerprints ?? []) fingerprints.push({ target: def.id, phrases: set.map(normalisePhrase) });
  }

  return {
    format: INDEX_FORMAT,
    sourceKey: computeSourceKey(),
    vocab,
    entries,
    names: [...names.entries()].sort((a, b) => compareStrings(a[0], b[0])).map(([phrase, target]) => ({ phrase, target })),
    orLaterGrants,
    fingerprints,
  };
}

/** Splits a built index into the core file (JSON) and the binary texts file. */
export function splitIndex(data: SerializedIndex): { core: SerializedIndex; texts: Buffer } {
  const idBytes = data.vocab.length <= 0x10000 ? 2 : 4;
  const vocab = Buffer.from(data.vocab.join('\n'), 'utf8');
  const postings = buildPostings(data.vocab.length, data.entries.map((e) => e.words));
  const header: TextsHeader = {
    format: data.format,
    sourceKey: data.sourceKey,
    vocabBytes: vocab.length,
    idBytes,
    wordCounts: data.entries.map((e) => e.words.length),
    tokenCounts: data.entries.map((e) => e.tokenIds.length),
    postingBytes: postings.entries.BYTES_PER_ELEMENT as 2 | 4,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const idsAt = align(8 + headerBytes.length + vocab.length, 4);
  const idCount = header.wordCounts.reduce((a, b) => a + b, 0) + header.tokenCounts.reduce((a, b) => a + b, 0);
  const offsetsAt = align(idsAt + idCount * idBytes, 4);
  const postingsAt = offsetsAt + postings.offsets.length * 4;
  const out = Buffer.alloc(postingsAt + postings.entries.length * header.postingBytes);
  out.write(TEXTS_MAGIC, 0, 'latin1');
  out.writeUInt32LE(headerBytes.length, 4);
  headerBytes.copy(out, 8);
  vocab.copy(out, 8 + headerBytes.length);
  let at = idsAt;
  for (const list of [...data.entries.map((e) => e.words), ...data.entries.map((e) => e.tokenIds)]) at = writeUints(out, at, list, idBytes);
  at = writeUints(out, offsetsAt, postings.offsets, 4);
  writeUints(out, at, postings.entries, header.postingBytes);
  return { core: { ...data, vocab: [], entries: data.entries.map((e) => ({ ...e, tokenIds: [], words: [] })) }, texts: out };
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

export interface UnpackedTexts {
  vocab: string[];
  words: IdList[];
  tokenIds: IdList[];
  postings: Postings;
}

/** Writes little-endian unsigned integers of `width` bytes from `at`; returns the offset after them. */
function writeUints(out: Buffer, at: number, values: ArrayLike<number>, width: 2 | 4): number {
  for (let i = 0; i < values.length; i++) at = width === 2 ? out.writeUInt16LE(values[i], at) : out.writeUInt32LE(values[i], at);
  return at;
}

/** Little-endian unsigned integers of `width` bytes at `at`: a view when aligned, else a copy. */
function readUints(buf: Buffer, at: number, count: number, width: 2 | 4): Uint16Array | Uint32Array {
  if (os.endianness() === 'LE' && (buf.byteOffset + at) % width === 0) {
    return width === 2 ? new Uint16Array(buf.buffer, buf.byteOffset + at, count) : new Uint32Array(buf.buffer, buf.byteOffset + at, count);
  }
  const out = width === 2 ? new Uint16Array(count) : new Uint32Array(count);
  for (let i = 0, p = at; i < count; i++, p += width) out[i] = width === 2 ? buf.readUInt16LE(p) : buf.readUInt32LE(p);
  return out;
}

/** Reads the binary texts file; null when it is damaged or does not belong to this core. */
export function unpackTexts(buf: Buffer, sourceKey: string, entryCount: number): UnpackedTexts | null {
  if (buf.length < 8 || buf.toString('latin1', 0, 4) !== TEXTS_MAGIC) return null;
  const headerEnd = 8 + buf.readUInt32LE(4);
  if (headerEnd > buf.length) return null;
  const header = JSON.parse(buf.toString('utf8', 8, headerEnd)) as TextsHeader;
  if (header.format !== INDEX_FORMAT || header.sourceKey !== sourceKey) return null;
  if (header.wordCounts.length !== entryCount || header.tokenCounts.length !== entryCount) return null;
  const width = header.idBytes === 4 ? 4 : 2;
  const postingWidth = header.postingBytes === 4 ? 4 : 2;
  const idsAt = align(headerEnd + header.vocabBytes, 4);
  const counts = [...header.wordCounts, ...header.tokenCounts];
  const total = counts.reduce((a, b) => a + b, 0);
  const vocab = buf.toString('utf8', headerEnd, headerEnd + header.vocabBytes).split('\n');
  const offsetsAt = align(idsAt + total * width, 4);
  const postingsAt = offsetsAt + (vocab.length + 1) * 4;
  if (postingsAt > buf.length) return null;
  const offsets = readUints(buf, offsetsAt, vocab.length + 1, 4) as Uint32Array;
  if (postingsAt + offsets[vocab.length] * postingWidth !== buf.length) return null;
  const ids = readUints(buf, idsAt, total, width);
  const lists: IdList[] = [];
  let start = 0;
  for (const count of counts) {
    lists.push(ids.subarray(start, start + count));
    start += count;
  }
  return {
    vocab,
    words: lists.slice(0, entryCount),
    tokenIds: lists.slice(entryCount),
    postings: { offsets, entries: readUints(buf, postingsAt, offsets[vocab.length], postingWidth) },
  };
}

function hydrate(data: SerializedIndex, loadedFrom: 'file' | 'memory', textsLoaded: boolean): TemplateIndex {
  const exact = new Map<string, number>();
  data.entries.forEach((e, i) => exact.set(e.hash, i));
  const index: TemplateIndex = { ...data, exact, wordIds: new Map(), loadedFrom, textsLoaded };
  if (textsLoaded) index.vocab.forEach((w, i) => index.wordIds.set(w, i));
  return index;
}

/** Loads the similarity-path half of the index on first use. */
export function ensureTexts(index: TemplateIndex): void {
  if (index.textsLoaded) return;
  let texts: UnpackedTexts | null = null;
  try {
    texts = unpackTexts(fs.readFileSync(path.join(packageRoot(), TEXTS_RELATIVE_PATH)), index.sourceKey, index.entries.length);
  } catch {
    // rebuilt below
  }
  if (!texts) {
    const built = buildTemplateIndex();
    const words = built.entries.map((e) => e.words);
    texts = { vocab: built.vocab, words, tokenIds: built.entries.map((e) => e.tokenIds), postings: buildPostings(built.vocab.length, words) };
  }
  index.vocab = texts.vocab;
  index.postings = texts.postings;
  index.entries.forEach((e, i) => {
    e.words = texts.words[i];
    e.tokenIds = texts.tokenIds[i];
  });
  index.vocab.forEach((w, i) => index.wordIds.set(w, i));
  index.textsLoaded = true;
}

/** A template's normalised text (tokens joined by one space). */
export function templateNorm(index: TemplateIndex, entryIndex: number): string {
  ensureTexts(index);
  return Array.from(index.entries[entryIndex].tokenIds, (id) => index.vocab[id]).join(' ');
}

let cached: TemplateIndex | undefined;

/**
 * Loads the prebuilt index (`dist/identify-index.json`), or builds it in memory when that
 * file is missing, unreadable or built from other sources. Cached for the process.
 */
export function loadTemplateIndex(opts: { fresh?: boolean } = {}): TemplateIndex {
  if (cached && !opts.fresh) return cached;
  const file = path.join(packageRoot(), INDEX_RELATIVE_PATH);
  let index: TemplateIndex | undefined;
  if (fs.existsSync(file)) {
    try {
      const data = readJson<SerializedIndex>(file);
      if (data.format === INDEX_FORMAT && data.sourceKey === computeSourceKey()) index = hydrate(data, 'file', false);
    } catch {
      // fall through to an in-memory build
    }
  }
  index ??= hydrate(buildTemplateIndex(), 'memory', true);
  cached = index;
  return index;
}

/** Whether two ids are the `-only` / `-or-later` twins of one GNU license. */
export function pairFamily(id: string): string | null {
  return PAIR_SUFFIX.test(id) ? id.replace(PAIR_SUFFIX, '') : null;
}
