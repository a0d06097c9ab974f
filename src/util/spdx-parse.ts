import parseSpdx from 'spdx-expression-parse';
import { setBounded } from './memo';

/**
 * spdx-expression-parse with a memo: a tree of thousands of packages holds a few dozen distinct
 * expressions, each parsed by the identifier, the classifier and several rules. Results are
 * frozen, so a caller that tried to change a shared tree would fail loudly, not silently.
 * Throws exactly what the parser throws.
 */
const MEMO_LIMIT = 10_000;
const memo = new Map<string, parseSpdx.Info | { error: unknown }>();

/**
 * Limits on an expression before it reaches the parser, whose recursive descent takes quadratic
 * time on deep nesting (16k parentheses ran for minutes). Real expressions are a few licenses
 * long: `(MIT OR Apache-2.0) AND BSD-3-Clause` is typical, a few hundred characters the most.
 */
export const MAX_EXPRESSION_LENGTH = 2000;
export const MAX_EXPRESSION_DEPTH = 32;

/** Why `source` is refused before parsing, or undefined when it is within the limits. */
export function expressionLimitProblem(source: string): string | undefined {
  if (source.length > MAX_EXPRESSION_LENGTH) return `longer than ${MAX_EXPRESSION_LENGTH} characters (the limit for license expressions)`;
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 0x28 && ++depth > MAX_EXPRESSION_DEPTH) return `nested deeper than ${MAX_EXPRESSION_DEPTH} parentheses (the limit for license expressions)`;
    if (c === 0x29 && depth > 0) depth--;
  }
  return undefined;
}

export function parseSpdxMemo(source: string): parseSpdx.Info {
  const problem = expressionLimitProblem(source);
  if (problem) throw new Error(problem);
  let hit = memo.get(source);
  if (hit === undefined) {
    try {
      hit = deepFreeze(parseSpdx(source));
    } catch (error) {
      hit = { error };
    }
    setBounded(memo, source, hit, MEMO_LIMIT);
  }
  if ('error' in hit) throw hit.error;
  return hit;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}
