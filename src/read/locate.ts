import type { Node as JsonNode, ParseError } from 'jsonc-parser';
import { findExcessiveNesting, nestingMessage } from './nesting';

/**
 * Position-aware JSON: parse once, then ask where a key or value sits so a finding can point
 * at `file:line:column`.
 */
export interface LocatedJson {
  value: unknown;
  tree: JsonNode | undefined;
  /** 1-based line/column of a character offset. */
  position(offset: number): { line: number; column: number };
  /** Position of the property key at `path` (or of the value for array items), if present. */
  locate(path: (string | number)[]): { line: number; column: number } | undefined;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

export function offsetToPosition(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}

/** Parses strict JSON (no comments, no trailing commas); throws JsonSyntaxError with a position. */
export function parseJsonLocated(text: string, opts: { allowComments?: boolean } = {}): LocatedJson {
  // Loaded on first use: the everyday npm path reads JSON with JSON.parse and a key scan.
  const { parseTree, findNodeAtLocation, printParseErrorCode } = require('jsonc-parser') as typeof import('jsonc-parser');
  // The tree parser and the value builder below recurse: refuse what would blow the stack.
  const tooDeep = findExcessiveNesting(text);
  if (tooDeep >= 0) {
    const { message, line, column } = nestingMessage(text, tooDeep);
    throw new JsonSyntaxError(message, line, column);
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, {
    disallowComments: !opts.allowComments,
    allowTrailingComma: !!opts.allowComments,
    allowEmptyContent: false,
  });
  const starts = lineStarts(text);
  const position = (offset: number) => offsetToPosition(starts, offset);
  if (errors.length > 0 || !tree) {
    const first = errors[0];
    const pos = first ? position(first.offset) : { line: 1, column: 1 };
    const what = first ? printParseErrorCode(first.error) : 'EmptyContent';
    throw new JsonSyntaxError(`invalid JSON: ${what} at ${pos.line}:${pos.column}`, pos.line, pos.column);
  }
  const value = nodeValue(tree);
  return {
    value,
    tree,
    position,
    locate(path) {
      const node = findNodeAtLocation(tree, path);
      if (!node) return undefined;
      // For an object property, point at its key: that is what an editor highlights.
      const target = node.parent && node.parent.type === 'property' ? node.parent : node;
      return position(target.offset);
    },
  };
}

function nodeValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        // defineProperty, not assignment: a key "__proto__" must stay data, not become the prototype.
        if (k && v) Object.defineProperty(out, String(k.value), { value: nodeValue(v), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}
