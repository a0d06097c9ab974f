import { JsonSyntaxError, parseJsonLocated } from '../../locate';
import type { Diagnostic, ReadContext, SourceLocation } from '../../../types';
import { readTopLevelMembers, type Position, type TopLevelMembers } from './json-members';
import { findExcessiveNesting, nestingMessage } from '../../nesting';

export type { Position };

/** Positions of selected property keys, keyed by their JSON path joined with NUL. */
export class KeyPositions {
  constructor(private readonly byPath: Map<string, Position>) {}
  get(path: readonly string[]): Position | undefined {
    return this.byPath.get(path.join('\0'));
  }

  /** Where the key at `path` sits in `file`, or the file's first character when it is absent. */
  locate(file: string, path: readonly string[]): SourceLocation {
    return { file, ...(this.get(path) ?? { line: 1, column: 1 }) };
  }
}

/**
 * Finds where the keys we care about sit in one pass over the characters, without building a
 * syntax tree or tokenising values: strings are skipped with `indexOf`, lines counted on the
 * way, and a key is read only where an object expects one. Big lockfiles and thousands of
 * installed manifests would otherwise spend their time on values nobody looks at. Paths
 * through arrays use the element index. Keys nested deeper than `maxDepth` are skipped like
 * values, never read. Call only on text known to be valid JSON (JSON strings hold no raw
 * newline, so every newline outside one is a line break).
 */
export function scanKeyPositions(text: string, wanted: (path: readonly string[]) => boolean, stopAfter = Infinity, maxDepth = Infinity): KeyPositions {
  const out = new Map<string, Position>();
  const path: string[] = [];
  const frames: { object: boolean; expectKey: boolean; index: number }[] = [];
  let line = 1;
  let lineStart = 0;
  const endOfScalar = (from: number): number => {
    let i = from;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) break;
    }
    return i - 1;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x3a) continue;
    if (c === 0x0a) {
      line++;
      lineStart = i + 1;
      continue;
    }
    const frame = frames[frames.length - 1];
    // Whether the current frame's keys (or indexes) are on the path at all.
    const tracked = frames.length <= maxDepth;
    if (c === 0x22) {
      const end = closingQuote(text, i);
      if (end < 0) break;
      if (frame?.object && frame.expectKey && !tracked) {
        frame.expectKey = false;
      } else if (frame?.object && frame.expectKey) {
        const raw = text.slice(i + 1, end);
        path.push(raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw);
        if (wanted(path)) {
          out.set(path.join('\0'), { line, column: i - lineStart + 1 });
          // Every wanted key that exists has been placed: the rest of the file is not needed.
          if (out.size >= stopAfter) break;
        }
        frame.expectKey = false;
      } else if (frame?.object && tracked) {
        // A string value ends its key's entry; values in arrays pushed nothing.
        path.pop();
      }
      i = end;
      continue;
    }
    switch (c) {
      case 0x7b: // {
      case 0x5b: // [
        if (frame && !frame.object && tracked) path.push(String(frame.index));
        frames.push({ object: c === 0x7b, expectKey: true, index: 0 });
        break;
      case 0x7d: // }
      case 0x5d: // ]
        frames.pop();
        // The container was the value of the parent's current key (or array slot).
        if (frames.length > 0 && frames.length <= maxDepth) path.pop();
        break;
      case 0x2c: // ,
        if (frame?.object) frame.expectKey = true;
        else if (frame) frame.index++;
        break;
      default:
        // A number, true, false or null: ends its key's entry like a string value.
        i = endOfScalar(i);
        if (frame?.object && tracked) path.pop();
    }
  }
  return new KeyPositions(out);
}

/** Index of the quote that closes the string opening at `open` (escaped quotes skipped), or -1. */
function closingQuote(text: string, open: number): number {
  let end = text.indexOf('"', open + 1);
  for (;;) {
    if (end < 0) return -1;
    let slashes = 0;
    while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
    if (slashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
}

/** Positions of wanted keys of the top-level object only (thousands of installed manifests). */
export function scanTopLevelKeyPositions(text: string, wanted: (path: readonly string[]) => boolean, stopAfter = Infinity): KeyPositions {
  return scanKeyPositions(text, wanted, stopAfter, 1);
}

/**
 * The positions {@link scanTopLevelKeyPositions} gives for these key occurrences: in document
 * order, a later duplicate moving its key, until every distinct key has been placed once.
 */
function positionsInOrder(located: TopLevelMembers['located']): KeyPositions {
  const distinct = new Set(located.map((k) => k.key)).size;
  const out = new Map<string, Position>();
  for (const { key, position } of located) {
    if (out.size >= distinct) break;
    out.set(key, position);
  }
  return new KeyPositions(out);
}

export type FastJsonRead = { ok: true; value: unknown; positions: KeyPositions } | { ok: false; diagnostic: Diagnostic };

/**
 * Reads JSON with the native parser and locates only the wanted keys. On a syntax error the
 * position-aware parser is asked where the error is, so the diagnostic can point at it.
 */
export async function readJsonWithPositions(
  ctx: ReadContext,
  file: string,
  wanted: (path: readonly string[]) => boolean,
  maxBytes?: number,
  opts: { topLevelOnly?: boolean; members?: ReadonlySet<string> } = {},
): Promise<FastJsonRead> {
  const read = await ctx.fs.readText(file, maxBytes ? { maxBytes } : undefined);
  if (!read.ok) return read;
  if (opts.topLevelOnly && opts.members) {
    // Only these members are built (the text is still checked whole, its nesting included); undefined: parse it all.
    const partial = readTopLevelMembers(read.text, opts.members, (key) => wanted([key]));
    if (partial) return { ok: true, value: partial.value, positions: positionsInOrder(partial.located) };
  }
  const tooDeep = findExcessiveNesting(read.text);
  if (tooDeep >= 0) return { ok: false, diagnostic: { code: 'too-deep', severity: 'error', file, ...nestingMessage(read.text, tooDeep) } };
  let value: unknown;
  try {
    value = JSON.parse(read.text);
  } catch {
    try {
      parseJsonLocated(read.text);
      return { ok: false, diagnostic: { code: 'invalid-json', severity: 'warn', file, message: 'invalid JSON' } };
    } catch (err) {
      if (err instanceof JsonSyntaxError) {
        return { ok: false, diagnostic: { code: 'invalid-json', severity: 'warn', file, message: err.message, line: err.line, column: err.column } };
      }
      return { ok: false, diagnostic: { code: 'invalid-json', severity: 'warn', file, message: `invalid JSON: ${String(err)}` } };
    }
  }
  // With only top-level keys wanted, the parsed value says how many there are to find.
  const stopAfter =
    opts.topLevelOnly && value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.keys(value).filter((k) => wanted([k])).length
      : Infinity;
  const positions =
    stopAfter === 0
      ? new KeyPositions(new Map())
      : opts.topLevelOnly
        ? scanTopLevelKeyPositions(read.text, wanted, stopAfter)
        : scanKeyPositions(read.text, wanted, stopAfter);
  return { ok: true, value, positions };
}
