/**
 * How deeply a structured file from the checkout may nest its arrays and objects. Parsers and
 * everything downstream (license evidence, JSON.stringify of the report, position lookups)
 * recurse, so a 100k-deep `[[[[…` once aborted the whole scan with "Maximum call stack size
 * exceeded". Past this depth the file is refused with one diagnostic and the scan goes on.
 *
 * Why 512: real manifests and lockfiles nest a few dozen levels. The deepest legitimate case is
 * an npm v1 lockfile, two levels per install level; an install path deeper than about 270
 * folders (`/node_modules/x` each) exceeds Linux's PATH_MAX of 4096 bytes and cannot exist on
 * disk. The YAML parser overflows its stack near 1000 levels of flow collections.
 */
export const MAX_NESTING_DEPTH = 512;

/**
 * The offset of the first `[` or `{` that opens a collection deeper than `limit`, or -1. One
 * linear pass that skips quoted strings (double and, for YAML/TOML, single quotes), so a
 * bracket inside a string never counts. It does not validate: it runs before the parser so the
 * parser never sees a document that would blow its stack.
 */
export function findExcessiveNesting(text: string, limit: number = MAX_NESTING_DEPTH, opts: { singleQuotes?: boolean } = {}): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return i;
    } else if (c === 0x5d || c === 0x7d) {
      if (depth > 0) depth--;
    } else if (c === 0x22 || (c === 0x27 && opts.singleQuotes)) {
      i = endOfQuoted(text, i, c);
    }
  }
  return -1;
}

/** The index of the quote closing the string opened at `open` (backslash escapes honoured for "), or the text's end. */
function endOfQuoted(text: string, open: number, quote: number): number {
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c && quote === 0x22) i++;
    else if (c === quote) return i;
    // A YAML/TOML string never spans a raw line break unless it is a block: stop at the line end so
    // an apostrophe in a comment does not hide the rest of the file from the count.
    else if (c === 0x0a && quote === 0x27) return i;
  }
  return text.length;
}

/** The one message for a refused file, with the 1-based line and column where the limit is passed. */
export function nestingMessage(text: string, offset: number, limit: number = MAX_NESTING_DEPTH): { message: string; line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { message: `nested deeper than ${limit} levels (the limit for structured files): not read`, line, column: offset - lineStart + 1 };
}
