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
  byId: Map<string, LicenseInfo>;
  byLowerId: Map<string, LicenseInfo>;
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

function load(): LoadedKb {
  if (loaded) return loaded;
  const file = path.join(packageRoot(), 'data', 'licenses', 'kb.json');
  const kb = JSON.parse(fs.readFileSync(file, 'utf8')) as KbFile;
  const byId = new Map<string, LicenseInfo>();
  const byLowerId = new Map<string, LicenseInfo>();
  for (const [id, entry] of Object.entries(kb.licenses)) {
    const info = toInfo(entry);
    byId.set(id, info);
    byLowerId.set(id.toLowerCase(), info);
  }
  const refPatterns = kb.licenseRefPatterns.map((entry) => ({ regex: new RegExp(entry.pattern, 'i'), entry }));
  loaded = { byId, byLowerId, refPatterns };
  return loaded;
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
  const exact = kb.byId.get(key) ?? kb.byLowerId.get(key.toLowerCase());
  if (exact) return { ...exact, traits: exact.traits.map((t) => ({ ...t })), sources: [...exact.sources] };
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
  return [...load().byId.keys()].sort();
}
