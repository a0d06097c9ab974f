/**
 * Read-only access to the generated license knowledge base (`data/licenses/kb.json`, built by
 * scripts/build-license-kb.ts). Loaded once, lazily; lookups never throw.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Category, LicenseInfo, Trait } from '../types';
import { packageRoot, readKnowledgeFile } from '../paths';
import { FatalError } from '../errors';

interface KbEntry extends LicenseInfo {
  basis: string;
}

interface KbPattern {
  pattern: string;
  category: Category;
  traits: { trait: Trait; clause: string }[];
  sources: string[];
}

interface KbFile {
  licenses: Record<string, KbEntry>;
  licenseRefPatterns: KbPattern[];
}

export interface LoadedKb {
  /** The entry for an id exactly as written in the knowledge base. */
  entry(id: string): KbEntry | undefined;
  ids: string[];
  /** lower-cased id → id as written in the knowledge base */
  idByLower: Map<string, string>;
  refPatterns: { regex: RegExp; entry: KbPattern }[];
}

/**
 * The build's lookup table of kb.json (scripts/build-index.ts): each entry as minified JSON in
 * one blob, found by byte range, so a scan parses only the few dozen entries it asks for
 * instead of the whole 640 KB file (about 20 ms of every run, most of a tiny checkout's).
 */
export interface KbTable {
  /** kb.json's size when the table was made: a different size means kb.json changed since. */
  kbBytes: number;
  /** id → [start, end) of its entry in the blob */
  entries: Record<string, [number, number]>;
  licenseRefPatterns: KbPattern[];
}

export const KB_FILE_RELATIVE_PATH = path.join('data', 'licenses', 'kb.json');
export const KB_TABLE_RELATIVE_PATH = path.join('dist', 'license-kb-table.json');
export const KB_ENTRIES_RELATIVE_PATH = path.join('dist', 'license-kb-entries.bin');

let loaded: LoadedKb | undefined;

function toInfo(entry: KbEntry): LicenseInfo {
  return {
    id: entry.id,
    name: entry.name,
    category: entry.category,
    traits: entry.traits.map((t) => ({ ...t })),
    osiApproved: entry.osiApproved,
    fsfLibre: entry.fsfLibre,
    deprecated: entry.deprecated,
    sources: [...entry.sources],
  };
}

/** The table and blob for a kb.json text (the build script writes them). */
export function buildKbTable(kbText: string): { table: KbTable; blob: Buffer } {
  const kb = JSON.parse(kbText) as KbFile;
  const parts: Buffer[] = [];
  const entries: Record<string, [number, number]> = {};
  let at = 0;
  for (const [id, entry] of Object.entries(kb.licenses)) {
    const bytes = Buffer.from(JSON.stringify(entry), 'utf8');
    entries[id] = [at, at + bytes.length];
    at += bytes.length;
    parts.push(bytes);
  }
  return { table: { kbBytes: Buffer.byteLength(kbText, 'utf8'), entries, licenseRefPatterns: kb.licenseRefPatterns }, blob: Buffer.concat(parts) };
}

function loadedFrom(ids: string[], entry: (id: string) => KbEntry | undefined, patterns: KbPattern[]): LoadedKb {
  const idByLower = new Map<string, string>();
  for (const id of ids) idByLower.set(id.toLowerCase(), id);
  return { entry, ids, idByLower, refPatterns: patterns.map((p) => ({ regex: new RegExp(p.pattern, 'i'), entry: p })) };
}

/** A knowledge base read through the build's table; entries parsed on first use. */
export function kbFromTable(table: KbTable, blob: Buffer): LoadedKb {
  const parsed = new Map<string, KbEntry>();
  const entry = (id: string): KbEntry | undefined => {
    let found = parsed.get(id);
    if (!found && Object.prototype.hasOwnProperty.call(table.entries, id)) {
      const [start, end] = table.entries[id];
      found = JSON.parse(blob.toString('utf8', start, end)) as KbEntry;
      parsed.set(id, found);
    }
    return found;
  };
  return loadedFrom(Object.keys(table.entries), entry, table.licenseRefPatterns);
}

/** kb.json itself; a missing or broken one is fatal (a scan without it would quietly pass). */
function kbFromKnowledgeFile(): LoadedKb {
  const text = readKnowledgeFile(KB_FILE_RELATIVE_PATH, 'utf8');
  try {
    return kbFromFile(text);
  } catch (err) {
    throw new FatalError(`the knowledge base file ${KB_FILE_RELATIVE_PATH} cannot be loaded (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); reinstall license-risk`);
  }
}

export function kbFromFile(kbText: string): LoadedKb {
  const kb = JSON.parse(kbText) as KbFile;
  const entry = (id: string) => (Object.prototype.hasOwnProperty.call(kb.licenses, id) ? kb.licenses[id] : undefined);
  return loadedFrom(Object.keys(kb.licenses), entry, kb.licenseRefPatterns);
}

/**
 * Loaded once. The compiled tool reads the build's table when it matches kb.json; from the
 * TypeScript sources (the tests), or with no or an outdated table, kb.json itself.
 */
function load(): LoadedKb {
  if (loaded) return loaded;
  const root = packageRoot();
  const kbFile = path.join(root, KB_FILE_RELATIVE_PATH);
  if (!__filename.endsWith('.ts')) {
    try {
      const table = JSON.parse(fs.readFileSync(path.join(root, KB_TABLE_RELATIVE_PATH), 'utf8')) as KbTable;
      if (table.kbBytes === fs.statSync(kbFile).size) loaded = kbFromTable(table, fs.readFileSync(path.join(root, KB_ENTRIES_RELATIVE_PATH)));
    } catch {
      // no table (not built yet): kb.json below
    }
  }
  loaded ??= kbFromKnowledgeFile();
  return loaded;
}

function entryFor(kb: LoadedKb, key: string): KbEntry | undefined {
  const exact = kb.entry(key);
  if (exact) return exact;
  const id = kb.idByLower.get(key.toLowerCase());
  return id === undefined ? undefined : kb.entry(id);
}

/** Strips a `DocumentRef-x:` prefix: the LicenseRef part names the license. */
function bareId(id: string): string {
  const colon = id.indexOf(':');
  return id.startsWith('DocumentRef-') && colon > 0 ? id.slice(colon + 1) : id;
}

/**
 * The knowledge base entry for an SPDX id or LicenseRef- id (exact match first, then
 * case-insensitive). Unknown `LicenseRef-` ids fall back to the generic patterns: a name
 * saying non-commercial → noncommercial, commercial/proprietary → proprietary.
 */
export function getLicenseInfo(id: string): LicenseInfo | undefined {
  if (typeof id !== 'string' || id.length === 0) return undefined;
  const kb = load();
  const key = bareId(id.trim());
  const exact = entryFor(kb, key);
  if (exact) return toInfo(exact);
  if (!/^LicenseRef-/i.test(key)) return undefined;
  const match = kb.refPatterns.find((p) => p.regex.test(key.slice('LicenseRef-'.length)));
  if (!match) return undefined;
  return {
    id: key,
    name: key,
    category: match.entry.category,
    traits: match.entry.traits.map((t) => ({ trait: t.trait, license: key, clause: t.clause.split('{id}').join(key) })),
    osiApproved: false,
    fsfLibre: false,
    deprecated: false,
    sources: [...match.entry.sources],
  };
}

/** Every id with an entry (SPDX current + deprecated + curated LicenseRef-), sorted. */
export function listLicenseIds(): string[] {
  return [...load().ids].sort();
}
