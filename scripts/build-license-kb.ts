/**
 * Builds `data/licenses/kb.json`: one entry per SPDX license id (current and deprecated) plus
 * the curated `LicenseRef-` entries, each with a category, traits and the sources they come from.
 *
 * Inputs, all offline:
 * - spdx-license-ids (+ deprecated): which ids must be covered;
 * - spdx-license-list/full: names, `osiApproved`, and the license texts (text scan below);
 * - data/licenses/sources/spdx-fsf-libre.json: `isFsfLibre` flags from the SPDX licenses.json;
 * - data/licenses/sources/spdx-copyleft.json: jslicense/spdx-copyleft.json;
 * - data/licenses/curated.json: hand-curated families and entries with clause citations;
 * - data/licenses/aliases.json (`deprecated`) and exceptions.json: deprecated ids such as
 *   `GPL-2.0-with-classpath-exception` are derived from their replacement expression.
 *
 * Run: `npx tsc -p . && node dist/scripts/build-license-kb.js` (writes the file), or
 * `node dist/scripts/build-license-kb.js --check` (exit 1 when the committed file is stale).
 * Rules, in order, first match wins — each entry records which one in `basis`:
 * 1. curated entry; 2. deprecated id → its replacement; 3. curated family pattern;
 * 4. listed by spdx-copyleft but not curated → weak copyleft (flagged for curation);
 * 5. public-domain dedication (id/name says so); 6. text restricts use to non-commercial;
 * 7. otherwise permissive (SPDX list entries with no copyleft or use restriction).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Category, LicenseInfo, Trait, TraitInstance } from '../src/types';
import { applyException, dedupeTraits } from '../src/classify/exceptions';
import { packageRoot } from '../src/paths';

interface CuratedTrait {
  trait: Trait;
  clause: string;
  /** `user-cap`: the number of monthly active users. */
  limit?: number;
  /** The duty binds only models derived from the licensed one (see `TraitInstance.derivedOnly`). */
  derivedOnly?: boolean;
}
interface CuratedEntry {
  name?: string;
  category: Category;
  traits: CuratedTrait[];
  sources: string[];
}
interface CuratedFamily extends CuratedEntry {
  pattern: string;
}
interface CuratedFile {
  families: CuratedFamily[];
  licenses: Record<string, CuratedEntry>;
  licenseRefPatterns: CuratedFamily[];
}

export interface KbEntry extends LicenseInfo {
  /** Which build rule produced the category (see the header of scripts/build-license-kb.ts). */
  basis: string;
}

export interface KbFile {
  $comment: string;
  inputs: Record<string, string>;
  licenses: Record<string, KbEntry>;
  licenseRefPatterns: { pattern: string; category: Category; traits: CuratedTrait[]; sources: string[] }[];
}

function readJson<T>(relPath: string): T {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), relPath), 'utf8')) as T;
}

function packageVersion(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

function instantiate(id: string, traits: readonly CuratedTrait[]): TraitInstance[] {
  return traits.map((t) => ({ trait: t.trait, license: id, clause: t.clause.split('{id}').join(id), ...(t.limit !== undefined ? { limit: t.limit } : {}), ...(t.derivedOnly ? { derivedOnly: true } : {}) }));
}

const PUBLIC_DOMAIN_ID = /(^|-)PD(-|$)|^PDDL-|^CC-PDDC$|^CC-PDM-|^libselinux-1\.0$|^blessing$/;
const PUBLIC_DOMAIN_NAME = /public domain/i;

/** Phrases that limit the grant to non-commercial use; a permissive grant "for any purpose, commercial or non-commercial" must not match. */
const NONCOMMERCIAL_TEXT = [
  /\bnon-?commercial (?:purposes?|use|uses) only\b/i,
  /\b(?:only|solely|exclusively) for (?:[a-z-]+ ){0,3}non-?commercial\b/i,
  /\bmay not (?:be )?(?:use[d]?|sell|sold|distribute[d]?)[^.;]{0,60}\bfor (?:any )?commercial (?:purposes?|use|advantage)\b/i,
  /\bnot (?:be )?(?:used|licensed) for (?:any )?commercial (?:purposes?|use)\b/i,
];

function restrictsToNonCommercial(text: string): string | undefined {
  for (const pattern of NONCOMMERCIAL_TEXT) {
    const match = pattern.exec(text);
    if (!match) continue;
    const before = text.slice(Math.max(0, match.index - 30), match.index).toLowerCase();
    if (/commercial (?:or|and|and\/or) $/.test(before) || /commercial or$/.test(before)) continue;
    return match[0].replace(/\s+/g, ' ');
  }
  return undefined;
}

const NOTICE_TEXT = /(copyright notice|this permission notice|above notice|acknowledg|attribution|credit)/i;

export function buildLicenseKb(): KbFile {
  const ids: string[] = require('spdx-license-ids');
  const deprecatedIds: string[] = require('spdx-license-ids/deprecated');
  const spdxList: Record<string, { name: string; osiApproved: boolean; licenseText: string }> = require('spdx-license-list/full');
  const fsf = readJson<{ source: string; libre: string[]; notLibre: string[] }>('data/licenses/sources/spdx-fsf-libre.json');
  const copyleft = readJson<{ source: string; ids: string[] }>('data/licenses/sources/spdx-copyleft.json');
  const curated = readJson<CuratedFile>('data/licenses/curated.json');
  // AI model licenses live in their own file (issue 19); their LicenseRef- entries join the curated ones.
  const models = readJson<{ licenses: Record<string, CuratedEntry> }>('data/licenses/models.json');
  curated.licenses = { ...curated.licenses, ...models.licenses };
  const deprecatedMap = readJson<{ deprecated: { source: string; map: Record<string, string> } }>('data/licenses/aliases.json').deprecated;

  const fsfLibre = new Set(fsf.libre);
  const copyleftIds = new Set(copyleft.ids);
  const deprecatedSet = new Set(deprecatedIds);
  const listSource = `SPDX License List via spdx-license-list@${packageVersion('spdx-license-list')} (name, isOsiApproved, license text)`;
  const fsfSource = fsf.source;
  const licenses: Record<string, KbEntry> = {};

  const base = (id: string): Omit<KbEntry, 'category' | 'traits' | 'sources' | 'basis'> => {
    const listed = spdxList[id];
    return {
      id,
      name: listed?.name ?? curated.licenses[id]?.name ?? id,
      osiApproved: listed?.osiApproved ?? false,
      fsfLibre: fsfLibre.has(id),
      deprecated: deprecatedSet.has(id),
    };
  };

  const classifyPlain = (id: string): KbEntry => {
    const common = base(id);
    const listedSources = spdxList[id] ? [listSource] : [`SPDX License List (spdx-license-ids@${packageVersion('spdx-license-ids')}); text not in spdx-license-list@${packageVersion('spdx-license-list')}`];
    if (fsfLibre.has(id) || fsf.notLibre.includes(id)) listedSources.push(fsfSource);

    const entry = curated.licenses[id];
    if (entry) {
      return { ...common, name: entry.name ?? common.name, category: entry.category, traits: instantiate(id, entry.traits), sources: [...entry.sources, ...listedSources], basis: 'curated entry' };
    }
    const family = curated.families.find((f) => new RegExp(f.pattern).test(id));
    if (family) {
      return { ...common, category: family.category, traits: instantiate(id, family.traits), sources: [...family.sources, ...listedSources], basis: `curated family ${family.pattern}` };
    }
    if (copyleftIds.has(id)) {
      return {
        ...common,
        category: 'weak-copyleft',
        traits: [{ trait: 'file-level-copyleft', license: id, clause: `${id}: listed as copyleft by spdx-copyleft; scope not curated` }],
        sources: [copyleft.source, ...listedSources],
        basis: 'spdx-copyleft list (uncurated)',
      };
    }
    const text = spdxList[id]?.licenseText ?? '';
    if (PUBLIC_DOMAIN_ID.test(id) || PUBLIC_DOMAIN_NAME.test(common.name)) {
      return { ...common, category: 'public-domain', traits: [], sources: [...listedSources, 'rule: the id or name marks a public-domain dedication'], basis: 'public-domain dedication' };
    }
    const noncommercial = text ? restrictsToNonCommercial(text) : undefined;
    if (noncommercial) {
      return {
        ...common,
        category: 'noncommercial',
        traits: [{ trait: 'noncommercial-only', license: id, clause: `${id}: '${noncommercial}' (license text)` }],
        sources: [...listedSources, 'rule: license text limits use to non-commercial purposes'],
        basis: 'license text: non-commercial restriction',
      };
    }
    const traits: TraitInstance[] = text && NOTICE_TEXT.test(text)
      ? [{ trait: 'attribution', license: id, clause: `${id}: keep the copyright and permission notice with copies (license text)` }]
      : [];
    const why = common.osiApproved ? 'OSI-approved' : common.fsfLibre ? 'FSF-libre' : 'SPDX-listed';
    return {
      ...common,
      category: 'permissive',
      traits,
      sources: [...listedSources, `rule: ${why}, not copyleft (spdx-copyleft, curated families) and no use restriction found in the text → permissive`],
      basis: `permissive by default (${why})`,
    };
  };

  for (const id of [...ids].sort()) licenses[id] = classifyPlain(id);

  // Deprecated ids: take the replacement's facts (and apply its exception) so old ids classify like new ones.
  for (const id of [...deprecatedIds].sort()) {
    const replacement = deprecatedMap.map[id];
    const common = base(id);
    if (!replacement) {
      licenses[id] = classifyPlain(id);
      continue;
    }
    const [licensePart, exceptionPart] = replacement.split(' WITH ');
    const target = licenses[licensePart] ?? classifyPlain(licensePart);
    let category = target.category;
    let traits = target.traits.map((t) => ({ ...t, license: id }));
    if (exceptionPart) {
      const applied = applyException(id, category, traits, exceptionPart);
      category = applied.category;
      traits = applied.traits;
    }
    licenses[id] = {
      ...common,
      category,
      traits: dedupeTraits(traits),
      sources: [`${deprecatedMap.source}: ${id} → ${replacement}`, ...target.sources],
      basis: `deprecated; replaced by ${replacement}`,
    };
  }

  // LicenseRef- entries the SPDX list lacks.
  for (const id of Object.keys(curated.licenses).filter((k) => k.startsWith('LicenseRef-')).sort()) {
    const entry = curated.licenses[id];
    licenses[id] = {
      id,
      name: entry.name ?? id,
      category: entry.category,
      traits: instantiate(id, entry.traits),
      osiApproved: false,
      fsfLibre: false,
      deprecated: false,
      sources: entry.sources,
      basis: 'curated entry',
    };
  }

  const sorted: Record<string, KbEntry> = {};
  for (const id of Object.keys(licenses).sort()) sorted[id] = licenses[id];
  return {
    $comment: 'GENERATED by scripts/build-license-kb.ts — do not edit; change data/licenses/curated.json or the sources and rebuild.',
    inputs: {
      'spdx-license-ids': packageVersion('spdx-license-ids'),
      'spdx-license-list': packageVersion('spdx-license-list'),
      'spdx-exceptions': packageVersion('spdx-exceptions'),
      fsfLibre: fsf.source,
      copyleft: copyleft.source,
    },
    licenses: sorted,
    licenseRefPatterns: curated.licenseRefPatterns.map((p) => ({ pattern: p.pattern, category: p.category, traits: p.traits, sources: p.sources })),
  };
}

export const KB_PATH = path.join('data', 'licenses', 'kb.json');

export function serializeKb(kb: KbFile): string {
  return `${JSON.stringify(kb, null, 2)}\n`;
}

if (require.main === module) {
  const target = path.join(packageRoot(), KB_PATH);
  const text = serializeKb(buildLicenseKb());
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    if (current !== text) {
      process.stderr.write(`${KB_PATH} is out of date; run scripts/build-license-kb\n`);
      process.exitCode = 1;
    }
  } else {
    fs.writeFileSync(target, text);
    process.stdout.write(`wrote ${KB_PATH}\n`);
  }
}
