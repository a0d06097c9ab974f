import { parseExpression, type ExpressionNode, type LicenseLeaf } from '../classify/expression';

/** One leaf of an SPDX expression: a license id, `+` folded into `-or-later`, and its exception. */
export interface LicenseTerm {
  id: string;
  exception?: string;
}

/**
 * The tree of a valid SPDX expression, null for anything else (never throws). The one parser
 * (classify/expression.ts) folds tabs and newlines, as a multi-line package.json value needs.
 */
function parseTree(expression: string | null | undefined): ExpressionNode | null {
  if (!expression || typeof expression !== 'string') return null;
  const parsed = parseExpression(expression);
  return parsed.ok ? parsed.node : null;
}

function leafTerm(node: LicenseLeaf): LicenseTerm {
  const id = node.plus && !/-or-later$/.test(node.license) ? `${node.license.replace(/-only$/, '')}-or-later` : node.license;
  return node.exception ? { id, exception: node.exception } : { id };
}

/**
 * The expression as alternatives (disjunctive normal form): each inner list is one way to
 * comply, all of whose terms apply together. `MIT OR (GPL-2.0-only AND Apache-2.0)` →
 * `[[MIT], [GPL-2.0-only, Apache-2.0]]`. Capped so a pathological expression cannot explode.
 */
export function alternatives(expression: string | null | undefined, cap = 64): LicenseTerm[][] {
  const tree = parseTree(expression);
  if (!tree) return [];
  const walk = (node: ExpressionNode): LicenseTerm[][] => {
    if ('license' in node) return [[leafTerm(node)]];
    const left = walk(node.left);
    const right = walk(node.right);
    if (node.conjunction === 'or') return [...left, ...right].slice(0, cap);
    const product: LicenseTerm[][] = [];
    for (const a of left) for (const b of right) if (product.length < cap) product.push([...a, ...b]);
    return product;
  };
  return walk(tree);
}

/** Every license id the expression mentions, sorted and de-duplicated. */
export function licenseIds(expression: string | null | undefined): string[] {
  const ids = new Set<string>();
  for (const alt of alternatives(expression)) for (const term of alt) ids.add(term.id);
  return [...ids].sort();
}

/**
 * The id with its version-scope suffix removed, for comparing a declaration with a license
 * text: a text alone cannot tell `GPL-2.0-only` from `GPL-2.0-or-later`, so a mismatch on that
 * alone is not a disagreement.
 */
export function comparableId(id: string): string {
  return id.replace(/\+$/, '').replace(/-(only|or-later)$/, '');
}

const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

/** Reads "Four years from …", "3 years after …", "the fourth anniversary" as a count of years. */
export function yearsFromPhrase(phrase: string): number | null {
  const lower = phrase.toLowerCase();
  const words = lower.match(/\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s*(?:\(\s*\d+\s*\)\s*)?years?\b/);
  if (words) return /^\d+$/.test(words[1]) ? Number(words[1]) : NUMBER_WORDS[words[1]];
  const ordinal = lower.match(/\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+anniversary\b/);
  if (ordinal) return ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'].indexOf(ordinal[1]) + 1;
  return null;
}

/** Moved to classify (the conversion of a BSL/FSL needs it there); re-exported for the rules. */
export { licenseIdFromPhrase } from '../classify/expression';
