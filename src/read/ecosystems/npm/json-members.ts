/**
 * Some top-level members of a JSON object, without building the rest: an installed manifest
 * is read for its name, version, license and dependencies, while most of its bytes are
 * scripts, exports maps, keywords and the like. The whole text is still checked to be JSON
 * exactly as `JSON.parse` defines it (every member, at every depth), so a broken manifest is
 * refused as before; only the wanted members' values are handed to `JSON.parse`.
 *
 * Returns undefined whenever the answer is not certain (not an object at the top, not valid
 * JSON, nesting deeper than {@link MAX_DEPTH}): the caller then parses the text whole, and
 * reports what is wrong with it.
 */
import { MAX_NESTING_DEPTH } from '../../nesting';

/** A 1-based line and column in a JSON text. */
export type Position = { line: number; column: number };

/**
 * Containers a member's value may open: with the top-level object, a document this reader
 * accepts nests at most MAX_NESTING_DEPTH levels, so its callers need no separate nesting check
 * (src/read/nesting.ts). Anything deeper is left to them: undefined.
 */
const MAX_DEPTH = MAX_NESTING_DEPTH - 1;

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === LF || c === CR || c === TAB) i++;
    else return i;
  }
}

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** End of the string starting at `i` (a quote), or -1 when it is not a valid JSON string. */
function skipString(text: string, i: number): number {
  i++;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) {
      const e = text.charCodeAt(i + 1);
      if (e === 0x75) {
        if (!(isHexDigit(text.charCodeAt(i + 2)) && isHexDigit(text.charCodeAt(i + 3)) && isHexDigit(text.charCodeAt(i + 4)) && isHexDigit(text.charCodeAt(i + 5)))) return -1;
        i += 6;
      } else if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
        i += 2;
      } else {
        return -1;
      }
    } else if (c < 0x20 || c !== c) {
      // A control character, or the end of the text (charCodeAt gives NaN).
      return -1;
    } else {
      i++;
    }
  }
}

/** End of the number starting at `i`, or -1 (JSON: no leading zeros, no `+`, no bare `.`). */
function skipNumber(text: string, i: number): number {
  if (text.charCodeAt(i) === 0x2d) i++;
  const first = text.charCodeAt(i);
  if (first === 0x30) i++;
  else if (first >= 0x31 && first <= 0x39) while (isDigit(text.charCodeAt(i))) i++;
  else return -1;
  if (text.charCodeAt(i) === 0x2e) {
    i++;
    if (!isDigit(text.charCodeAt(i))) return -1;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 0x2b || sign === 0x2d) i++;
    if (!isDigit(text.charCodeAt(i))) return -1;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  return i;
}

/** End of the JSON value starting at `i` (after any space), or -1. Iterative: no stack to overflow. */
export function skipValue(text: string, i: number): number {
  // Open containers, innermost last: true for an object, false for an array.
  const open: boolean[] = [];
  for (;;) {
    i = skipSpace(text, i);
    const c = text.charCodeAt(i);
    // A value.
    if (c === 0x7b || c === 0x5b) {
      // An empty container is a level too.
      if (open.length >= MAX_DEPTH) return -1;
      const object = c === 0x7b;
      i = skipSpace(text, i + 1);
      if (text.charCodeAt(i) === (object ? 0x7d : 0x5d)) {
        i++;
      } else {
        open.push(object);
        if (object) {
          i = memberKeyEnd(text, i);
          if (i < 0) return -1;
        }
        continue;
      }
    } else if (c === QUOTE) {
      i = skipString(text, i);
    } else if (c === 0x74) {
      i = text.startsWith('true', i) ? i + 4 : -1;
    } else if (c === 0x66) {
      i = text.startsWith('false', i) ? i + 5 : -1;
    } else if (c === 0x6e) {
      i = text.startsWith('null', i) ? i + 4 : -1;
    } else {
      i = skipNumber(text, i);
    }
    if (i < 0) return -1;
    // After a value: close containers, or go on to the next element or member.
    for (;;) {
      if (open.length === 0) return i;
      i = skipSpace(text, i);
      const d = text.charCodeAt(i);
      const object = open[open.length - 1];
      if (d === 0x2c) {
        i++;
        if (object) {
          i = memberKeyEnd(text, skipSpace(text, i));
          if (i < 0) return -1;
        }
        break;
      }
      if (d !== (object ? 0x7d : 0x5d)) return -1;
      open.pop();
      i++;
    }
  }
}

/** After a member's key and its colon, or -1; `i` is at the key's opening quote. */
function memberKeyEnd(text: string, i: number): number {
  if (text.charCodeAt(i) !== QUOTE) return -1;
  i = skipString(text, i);
  if (i < 0) return -1;
  i = skipSpace(text, i);
  return text.charCodeAt(i) === 0x3a ? i + 1 : -1;
}

export interface TopLevelMembers {
  /** The wanted members present (later duplicates win, as with JSON.parse). */
  value: Record<string, unknown>;
  /** Each located key present, in document order, with the position of its opening quote. */
  located: Array<{ key: string; position: Position }>;
}

/**
 * Reads the members named in `keep` from a JSON text whose top level is an object, and the
 * positions of the keys `located` accepts. Undefined when that cannot be done with certainty.
 */
export function readTopLevelMembers(text: string, keep: ReadonlySet<string>, located: (key: string) => boolean): TopLevelMembers | undefined {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== 0x7b) return undefined;
  const value: Record<string, unknown> = {};
  const found: TopLevelMembers['located'] = [];
  let line = 1;
  let lineStart = 0;
  let counted = 0;
  i = skipSpace(text, i + 1);
  if (text.charCodeAt(i) !== 0x7d) {
    for (;;) {
      if (text.charCodeAt(i) !== QUOTE) return undefined;
      const keyStart = i;
      i = skipString(text, i);
      if (i < 0) return undefined;
      const raw = text.slice(keyStart + 1, i - 1);
      const key = raw.includes('\\') ? (JSON.parse(text.slice(keyStart, i)) as string) : raw;
      i = skipSpace(text, i);
      if (text.charCodeAt(i) !== 0x3a) return undefined;
      const valueStart = skipSpace(text, i + 1);
      i = skipValue(text, valueStart);
      if (i < 0) return undefined;
      if (keep.has(key)) value[key] = JSON.parse(text.slice(valueStart, i));
      if (located(key)) {
        // JSON strings hold no raw line break: every one before the key is a line.
        for (let nl = text.indexOf('\n', counted); nl >= 0 && nl < keyStart; nl = text.indexOf('\n', nl + 1)) {
          line++;
          lineStart = nl + 1;
        }
        counted = keyStart;
        found.push({ key, position: { line, column: keyStart - lineStart + 1 } });
      }
      i = skipSpace(text, i);
      const c = text.charCodeAt(i);
      if (c === 0x2c) {
        i = skipSpace(text, i + 1);
        continue;
      }
      if (c !== 0x7d) return undefined;
      break;
    }
  }
  return skipSpace(text, i + 1) === text.length ? { value, located: found } : undefined;
}
