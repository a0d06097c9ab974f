/**
 * What an SPDX license exception (`WITH`) does to a license's category and traits. The effects
 * themselves are data (`data/licenses/exceptions.json`); this module only applies them, so the
 * build script and the runtime classifier agree.
 */
import { CATEGORY_ORDER, type Category, type TraitInstance } from '../types';
import { readKnowledgeJson } from '../paths';

export type ExceptionEffect = 'linking' | 'runtime-or-output' | 'none';

export interface ExceptionEntry {
  effect: ExceptionEffect;
  summary: string;
}

interface ExceptionsFile {
  source: string;
  exceptions: Record<string, ExceptionEntry>;
}

let cachedExceptions: ExceptionsFile | undefined;

function loadExceptions(): ExceptionsFile {
  if (!cachedExceptions) {
    cachedExceptions = readKnowledgeJson<ExceptionsFile>('data/licenses/exceptions.json');
  }
  return cachedExceptions;
}

export function getExceptionEntry(exceptionId: string): ExceptionEntry | undefined {
  const table = loadExceptions().exceptions;
  if (Object.prototype.hasOwnProperty.call(table, exceptionId)) return table[exceptionId];
  const lower = exceptionId.toLowerCase();
  const key = Object.keys(table).find((candidate) => candidate.toLowerCase() === lower);
  return key ? table[key] : undefined;
}

export interface ExceptionResult {
  category: Category;
  traits: TraitInstance[];
  notes: string[];
}

const COPYLEFT_CATEGORIES: readonly Category[] = ['weak-copyleft', 'strong-copyleft'];

function lowerTo(category: Category, cap: Category): Category {
  return CATEGORY_ORDER.indexOf(category) > CATEGORY_ORDER.indexOf(cap) ? cap : category;
}

/**
 * Applies `exceptionId` to a license already classified as `category` with `traits`.
 * Only copyleft is narrowed: an exception never makes source-available or proprietary terms
 * lighter, and network clauses (AGPL §13) survive a linking exception.
 */
export function applyException(
  licenseId: string,
  category: Category,
  traits: readonly TraitInstance[],
  exceptionId: string,
): ExceptionResult {
  const entry = getExceptionEntry(exceptionId);
  if (!entry) {
    return {
      category,
      traits: [...traits],
      notes: [`exception ${exceptionId} is not in the knowledge base; ${licenseId} is classified without it`],
    };
  }
  const cite = `${exceptionId}: ${entry.summary}`;
  if (entry.effect === 'none') {
    return { category, traits: [...traits], notes: [`${licenseId} WITH ${cite} (does not narrow the copyleft for other code)`] };
  }
  if (entry.effect === 'linking') {
    const narrowed = traits.map((t) =>
      t.trait === 'copyleft-on-distribution' ? { trait: 'file-level-copyleft' as const, license: t.license, clause: `${t.clause}; narrowed by ${cite}` } : t,
    );
    const capped = category === 'strong-copyleft' ? lowerTo(category, 'weak-copyleft') : category;
    return { category: capped, traits: dedupeTraits(narrowed), notes: [`${licenseId} WITH ${exceptionId}: ${entry.summary}`] };
  }
  // runtime-or-output: what a downstream product ships (runtime, generated output, embedded font) is free of copyleft.
  const kept = traits.filter((t) => t.trait !== 'copyleft-on-distribution' && t.trait !== 'file-level-copyleft');
  const capped = COPYLEFT_CATEGORIES.includes(category) ? lowerTo(category, 'permissive') : category;
  return {
    category: capped,
    traits: kept,
    notes: [`${licenseId} WITH ${exceptionId}: ${entry.summary} (the ${licenseId} terms still govern the tool itself)`],
  };
}

/** Same trait from the same license once; first clause wins. Order is preserved. */
export function dedupeTraits(traits: readonly TraitInstance[]): TraitInstance[] {
  const seen = new Set<string>();
  const out: TraitInstance[] = [];
  for (const t of traits) {
    const key = `${t.trait}\u0000${t.license}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(t);
  }
  return out;
}
