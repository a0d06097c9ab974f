/**
 * Read-only access to the generated license knowledge base (`data/licenses/kb.json`, built by
 * scripts/build-license-kb.ts). Loaded once, lazily; lookups never throw.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Category, LicenseInfo, Trait } from '../types';
import { packageRoot } from '../paths';

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

interface LoadedKb {
  licenses: Record<string, KbEntry>;
  /** lower-cased id → id as written in the knowledge base */
  idByLower: Map<string, string>;
  refPatterns: { regex: RegExp; entry: KbPattern }[];
}

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

/** Parsed once; entries are turned into LicenseInfo only when asked for (start-up cost). */
function load(): LoadedKb {
  if (loaded) return loaded;
  const file = path.join(packageRoot(), 'data', 'licenses', 'kb.json');
  const kb = JSON.parse(fs.readFileSync(file, 'utf8')) as KbFile;
  const idByLower = new Map<string, string>();
  for (const id of Object.keys(kb.licenses)) idByLower.set(id.toLowerCase(), id);
  const refPatterns = kb.licenseRefPatterns.map((entry) => ({ regex: new RegExp(entry.pattern, 'i'), entry }));
  loaded = { licenses: kb.licenses, idByLower, refPatterns };
  return loaded;
}

function entryFor(kb: LoadedKb, key: string): KbEntry | undefined {
  if (Object.prototype.hasOwnProperty.call(kb.licenses, key)) return kb.licenses[key];
  const id = kb.idByLower.get(key.toLowerCase());
  return id === undefined ? undefined : kb.licenses[id];
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
  return Object.keys(load().licenses).sort();
}
