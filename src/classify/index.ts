/**
 * classify — maps an SPDX expression to a category and restriction traits for a profile.
 *
 * - `A AND B`: all terms apply → the most restrictive category (CATEGORY_ORDER), union of traits.
 * - `A OR B`: the licensee picks → the option least risky for the profile (see risk.ts).
 * - `A WITH E`: the exception's effect (data/licenses/exceptions.json) is applied to A.
 * - `A+`: "or later" → the `-or-later` id when the SPDX list has one, else A.
 * Unknown ids and unparsable expressions are `unknown`, with a note; nothing here throws.
 */
import type { Category, ClassifiedLicense, IdentifiedLicense, LicenseInfo, LicenseParameters, Profile, TraitInstance } from '../types';
import { CATEGORY_ORDER } from '../types';
import { applyException, dedupeTraits } from './exceptions';
import { expressionToString, flatten, isConjunction, parseExpression, type ExpressionNode, type LicenseLeaf } from './expression';
import { getLicenseInfo, listLicenseIds } from './knowledge';
import { compareRisk, riskScore } from './risk';
import { readConversion } from './conversion';
import { setBounded } from '../util/memo';

export { getLicenseInfo, listLicenseIds };

export interface ExpressionClassification {
  category: Category;
  traits: TraitInstance[];
  /** For expressions with OR: the option chosen for the profile, as an SPDX expression. */
  chosen?: string;
  notes?: string[];
}

interface NodeResult {
  category: Category;
  traits: TraitInstance[];
  /** The expression that actually applies once every OR has been decided (contains no OR). */
  chosen: ExpressionNode;
  notes: string[];
}

function mostRestrictive(a: Category, b: Category): Category {
  return CATEGORY_ORDER.indexOf(a) >= CATEGORY_ORDER.indexOf(b) ? a : b;
}

/** `GPL-2.0+` / `GPL-2.0-only+` → `GPL-2.0-or-later` when that id exists. */
function resolvePlus(license: string): { id: string; note?: string } {
  const stem = license.replace(/-only$/, '');
  const orLater = `${stem}-or-later`;
  if (getLicenseInfo(orLater)) return { id: orLater };
  return { id: license, note: `${license}+ ("or any later version") classified as ${license}` };
}

function classifyLeaf(leaf: LicenseLeaf): NodeResult {
  const notes: string[] = [];
  let id = leaf.license;
  if (leaf.plus) {
    const resolved = resolvePlus(id);
    id = resolved.id;
    if (resolved.note) notes.push(resolved.note);
  }
  const info: LicenseInfo | undefined = getLicenseInfo(id);
  const chosen: ExpressionNode = leaf;
  if (!info) {
    notes.push(`${id} is not in the license knowledge base`);
    return { category: 'unknown', traits: [], chosen, notes };
  }
  if (info.deprecated) notes.push(`${id} is a deprecated SPDX id`);
  if (!leaf.exception) return { category: info.category, traits: info.traits, chosen, notes };
  const applied = applyException(info.id, info.category, info.traits, leaf.exception);
  return { category: applied.category, traits: applied.traits, chosen, notes: [...notes, ...applied.notes] };
}

function classifyNode(node: ExpressionNode, profile: Profile): NodeResult {
  if (!isConjunction(node)) return classifyLeaf(node);
  if (node.conjunction === 'and') {
    const parts = flatten(node, 'and').map((part) => classifyNode(part, profile));
    return {
      category: parts.map((p) => p.category).reduce(mostRestrictive),
      traits: dedupeTraits(parts.flatMap((p) => p.traits)),
      chosen: parts.map((p) => p.chosen).reduce((left, right) => ({ conjunction: 'and', left, right })),
      notes: parts.flatMap((p) => p.notes),
    };
  }
  const options = flatten(node, 'or').map((part) => classifyNode(part, profile));
  const text = (o: NodeResult): string => expressionToString(o.chosen);
  const ranked = [...options].sort((a, b) =>
    compareRisk({ category: a.category, traits: a.traits, expression: text(a) }, { category: b.category, traits: b.traits, expression: text(b) }, profile),
  );
  const best = ranked[0];
  const scores = options.map((o) => `${text(o)}=${riskScore(o.category, o.traits, profile)}`).join(', ');
  return {
    ...best,
    notes: [...best.notes, `OR: chose ${text(best)} as least risky for profile ${profile.distribution}${profile.commercial ? '' : ' (non-commercial)'} (risk ${scores})`],
  };
}

function containsOr(node: ExpressionNode): boolean {
  return isConjunction(node) && (node.conjunction === 'or' || containsOr(node.left) || containsOr(node.right));
}

/**
 * Classification of an expression for a profile: what only the expression and the profile's
 * `distribution` and `commercial` decide. A tree has a few dozen distinct expressions for
 * thousands of components, each classified once per profile it is judged under.
 */
export function classifyExpression(expression: string | null, profile: Profile): ExpressionClassification {
  if (typeof expression !== 'string') return classifyExpressionOnce(expression, profile);
  const key = `${profile.distribution}\0${profile.commercial}\0${expression}`;
  let known = classifiedExpressions.get(key);
  if (!known) {
    known = classifyExpressionOnce(expression, profile);
    setBounded(classifiedExpressions, key, known, CLASSIFIED_EXPRESSIONS_LIMIT);
  }
  // Callers own what they get: arrays copied, the traits themselves are never changed in place.
  return { ...known, traits: [...known.traits], ...(known.notes ? { notes: [...known.notes] } : {}) };
}

const classifiedExpressions = new Map<string, ExpressionClassification>();
const CLASSIFIED_EXPRESSIONS_LIMIT = 10_000;

function classifyExpressionOnce(expression: string | null, profile: Profile): ExpressionClassification {
  if (expression === null || expression === undefined) return { category: 'unknown', traits: [], notes: ['no license expression'] };
  if (typeof expression !== 'string') return { category: 'unknown', traits: [], notes: ['license expression is not a string'] };
  let parsed = parseExpression(expression);
  const fallbackNotes: string[] = [];
  if (!parsed.ok && /\bWITH\b/i.test(expression)) {
    // An exception the parser does not know (or one attached to a LicenseRef-): classify without
    // it, which can only overstate the restriction, never understate it.
    const withoutExceptions = expression.replace(/\s+WITH\s+[A-Za-z0-9.:+-]+/gi, '');
    const retry = parseExpression(withoutExceptions);
    if (retry.ok) {
      parsed = retry;
      fallbackNotes.push(`"${expression}": exception not recognised; classified as "${withoutExceptions}" without it`);
    }
  }
  if (!parsed.ok) {
    return { category: 'unknown', traits: [], notes: [`invalid SPDX expression "${expression}": ${parsed.error}`] };
  }
  const result = classifyNode(parsed.node, profile);
  result.notes.unshift(...fallbackNotes);
  const hasOr = containsOr(parsed.node);
  return {
    category: result.category,
    traits: result.traits,
    ...(hasOr ? { chosen: expressionToString(result.chosen) } : {}),
    notes: result.notes,
  };
}

// ---------------------------------------------------------------------------------------------
// Parameters extracted from the license text (BSL, FSL)

const GRANT_QUOTE_LIMIT = 240;

function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > GRANT_QUOTE_LIMIT ? `${flat.slice(0, GRANT_QUOTE_LIMIT - 1)}…` : flat;
}

function isEmptyGrant(grant: string | undefined): grant is undefined {
  return !grant || /^\s*(none|n\/a|-|no additional use grant\.?)\s*$/i.test(grant);
}

/**
 * Heuristic reading of a BSL Additional Use Grant (documented because it is a judgment call):
 * - it permits production use when it says "production use" (and not only "non-production"),
 *   or grants use "of the Licensed Work" outright ("You may make use of the Licensed Work,
 *   provided …" — Sentry, CockroachDB);
 * - it limits size when it sets a threshold (fewer/less than, up to, revenue, instances, $);
 * - it restricts competition when it mentions competing, hosted, embedded or managed offerings,
 *   or a named "Service".
 * A grant that permits production use drops `production-use-limited` but keeps
 * `no-competing-use` (quoting the grant) unless the grant names no restriction at all.
 */
export function readAdditionalUseGrant(grant: string): { permitsProduction: boolean; sizeLimited: boolean; restrictsCompetition: boolean } {
  const text = grant.replace(/\s+/g, ' ');
  // "non-production" grants nothing for production; look for production wording once it is removed.
  const withoutNonProduction = text.replace(/\bnon-?production\b/gi, '');
  const permitsProduction =
    /\bproduction (?:use|environment|instances?)\b|\bin production\b/i.test(withoutNonProduction) ||
    /\bmay (?:make )?use (?:of )?the Licensed Work\b/i.test(text);
  const sizeLimited = /\b(?:less|fewer) than\b|\bup to\b|\bno more than\b|\bnot exceed|<=?|≤|US ?\$|\$\s?\d|\brevenue\b|\btotal finances\b|\bserver instances\b|\bemployees\b/i.test(text);
  const restrictsCompetition = /\bcompet|\bhosted\b|\bembedded\b|\bmanaged\b|\bas a service\b|\bService\b|\boffering\b/.test(text) || /\bcompet/i.test(text);
  return { permitsProduction, sizeLimited, restrictsCompetition };
}

function applyParameters(traits: TraitInstance[], parameters: LicenseParameters | undefined, notes: string[]): TraitInstance[] {
  if (!parameters) return traits;
  const targets = [...new Set(traits.filter((t) => t.trait === 'converts-later' || t.trait === 'production-use-limited').map((t) => t.license))];
  if (targets.length === 0) return traits;
  let result = [...traits];
  const { changeDate, changeLicense, futureLicense, additionalUseGrant } = parameters;

  if (changeDate || futureLicense) {
    const becomes = changeLicense ?? futureLicense;
    result = result.filter((t) => !(t.trait === 'converts-later' && targets.includes(t.license)));
    for (const license of targets) {
      const when = changeDate ? `Change Date ${changeDate}` : 'the Grant of Future License';
      result.push({ trait: 'converts-later', license, clause: `${license}: on ${when} the Licensed Work becomes available under ${becomes ?? 'the Change License'}` });
    }
  }

  if (!isEmptyGrant(additionalUseGrant)) {
    const reading = readAdditionalUseGrant(additionalUseGrant);
    const cited = `Additional Use Grant: "${quote(additionalUseGrant)}"`;
    for (const license of targets) {
      if (reading.permitsProduction) {
        result = result.filter((t) => !(t.trait === 'production-use-limited' && t.license === license));
        notes.push(`${license}: the Additional Use Grant permits production use; production-use-limited dropped`);
      } else {
        result = result.map((t) => (t.trait === 'production-use-limited' && t.license === license ? { ...t, clause: `${t.clause}; ${cited}` } : t));
      }
      if (reading.sizeLimited && !result.some((t) => t.trait === 'size-limited' && t.license === license)) {
        result.push({ trait: 'size-limited', license, clause: `${license} ${cited}` });
      }
      const hasCompeting = result.some((t) => t.trait === 'no-competing-use' && t.license === license);
      if (reading.restrictsCompetition) {
        result = result.filter((t) => !(t.trait === 'no-competing-use' && t.license === license));
        result.push({ trait: 'no-competing-use', license, clause: `${license} ${cited}` });
      } else if (hasCompeting && reading.permitsProduction && !/\b(?:provided|except|unless|not|excluding)\b/i.test(additionalUseGrant)) {
        result = result.filter((t) => !(t.trait === 'no-competing-use' && t.license === license));
        notes.push(`${license}: the Additional Use Grant names no competing-use restriction; no-competing-use dropped`);
      }
    }
  }
  return dedupeTraits(result);
}

export interface ClassifyOptions {
  /** The run's date (YYYY-MM-DD): a BSL/FSL past its conversion date is classified as its Change License. Without it nothing converts. */
  today?: string;
  /** The version's release date (YYYY-MM-DD), when known: FSL converts two years after it, BSL four at the latest. */
  released?: string;
}

export function classify(identified: IdentifiedLicense, profile: Profile, options: ClassifyOptions = {}): ClassifiedLicense {
  const conversion = options.today ? readConversion(identified.expression, identified.parameters, options.today, options.released) : null;
  // A converted version is judged under its Change License; what its text says stays in `conversion.from`.
  const expression = conversion?.expression ?? identified.expression;
  const result = classifyExpression(expression, profile);
  const notes = [...(identified.notes ?? []), ...(conversion ? [conversion.note] : []), ...(result.notes ?? [])];
  const traits = conversion?.expression ? result.traits : applyParameters(result.traits, identified.parameters, notes);
  return {
    ...identified,
    expression,
    category: result.category,
    traits,
    ...(result.chosen !== undefined ? { chosen: result.chosen } : {}),
    ...(conversion ? { conversion: conversion.conversion } : {}),
    notes,
  };
}
