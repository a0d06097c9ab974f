/**
 * SPDX expression parsing and printing, shared by the declared-license parser and the classifier.
 * Wraps spdx-expression-parse so that callers get a result object instead of an exception.
 */
import { parseSpdxMemo } from '../util/spdx-parse';

export interface LicenseLeaf {
  license: string;
  plus?: boolean;
  exception?: string;
}

export interface Conjunction {
  conjunction: 'and' | 'or';
  left: ExpressionNode;
  right: ExpressionNode;
}

export type ExpressionNode = LicenseLeaf | Conjunction;

export type ParseOutcome = { ok: true; node: ExpressionNode } | { ok: false; error: string };

export function isConjunction(node: ExpressionNode): node is Conjunction {
  return (node as Conjunction).conjunction !== undefined;
}

/** The scanner only skips spaces, so tabs and newlines (multi-line package.json values) are folded first. */
export function normalizeWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function parseExpression(text: string): ParseOutcome {
  const source = normalizeWhitespace(text);
  if (source.length === 0) return { ok: false, error: 'empty expression' };
  try {
    return { ok: true, node: parseSpdxMemo(source) as ExpressionNode };
  } catch (error) {
    // The parser reports a truncated expression (`MIT AND (`) as a TypeError from its internals.
    const message = error instanceof TypeError ? 'unexpected end of expression' : error instanceof Error ? error.message : String(error);
    return { ok: false, error: message };
  }
}

/** Canonical text: upper-case operators, parentheses only where precedence needs them. */
export function expressionToString(node: ExpressionNode): string {
  if (!isConjunction(node)) {
    return `${node.license}${node.plus ? '+' : ''}${node.exception ? ` WITH ${node.exception}` : ''}`;
  }
  const side = (child: ExpressionNode): string => {
    const text = expressionToString(child);
    // AND binds tighter than OR; an OR inside an AND needs parentheses.
    return isConjunction(child) && child.conjunction === 'or' && node.conjunction === 'and' ? `(${text})` : text;
  };
  return `${side(node.left)} ${node.conjunction.toUpperCase()} ${side(node.right)}`;
}

/** Every operand of a chain of the same conjunction, left to right (`A OR B OR C` → [A, B, C]). */
export function flatten(node: ExpressionNode, conjunction: 'and' | 'or'): ExpressionNode[] {
  if (isConjunction(node) && node.conjunction === conjunction) {
    return [...flatten(node.left, conjunction), ...flatten(node.right, conjunction)];
  }
  return [node];
}

/** Rebuilds a tree, replacing each leaf with what `mapLeaf` returns. */
export function mapLeaves(node: ExpressionNode, mapLeaf: (leaf: LicenseLeaf) => ExpressionNode): ExpressionNode {
  if (!isConjunction(node)) return mapLeaf(node);
  return { conjunction: node.conjunction, left: mapLeaves(node.left, mapLeaf), right: mapLeaves(node.right, mapLeaf) };
}

export function leaves(node: ExpressionNode): LicenseLeaf[] {
  return isConjunction(node) ? [...leaves(node.left), ...leaves(node.right)] : [node];
}

/** Joins expressions with one operator, parenthesising parts that would otherwise regroup. */
export function joinExpressions(parts: readonly string[], conjunction: 'AND' | 'OR'): string {
  if (parts.length === 1) return parts[0];
  return parts
    .map((part) => {
      const parsed = parseExpression(part);
      if (parsed.ok && isConjunction(parsed.node) && (conjunction === 'AND' ? parsed.node.conjunction === 'or' : false)) return `(${part})`;
      return part;
    })
    .join(` ${conjunction} `);
}

/**
 * Maps a license named in prose (a BSL Change License such as "Apache License, Version 2.0"
 * or "Version 2 or later of the GNU General Public License") to an SPDX id. The GNU family is
 * handled here because spdx-correct maps "GPL v2 or later" to GPL-3.0-or-later.
 */
export function licenseIdFromPhrase(phrase: string | undefined): string | null {
  if (!phrase) return null;
  const text = phrase.trim();
  const parsed = parseExpression(text);
  if (parsed.ok) return text;
  const lower = text.toLowerCase();
  const gnu = lower.match(/\b(affero|lesser|library|agpl|lgpl|gpl|general public license)\b/);
  if (gnu) {
    const family = /affero|agpl/.test(lower) ? 'AGPL' : /lesser|library|lgpl/.test(lower) ? 'LGPL' : 'GPL';
    const version = lower.match(/(?:version|v\.?|gplv?|license)\s*(\d(?:\.\d)?)/) ?? lower.match(/\b(\d(?:\.\d)?)\b/);
    if (version) {
      let v = version[1].includes('.') ? version[1] : `${version[1]}.0`;
      if (family === 'LGPL' && v === '2.0') v = '2.1';
      const later = /or (any )?later|\+/.test(lower);
      return `${family}-${v}-${later ? 'or-later' : 'only'}`;
    }
  }
  try {
    return (require('spdx-correct') as typeof import('spdx-correct'))(text) ?? null;
  } catch {
    return null;
  }
}
