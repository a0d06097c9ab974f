/**
 * Strings from the scanned checkout (package names, folder and file names, license texts,
 * manifest fields) are untrusted. Written raw to a terminal or CI log they can move the cursor,
 * rewrite earlier lines, set the window title or a hyperlink (ESC/CSI/OSC sequences, BEL, CR),
 * hide text behind bidirectional overrides, or — a line break followed by `::error …` — forge a
 * GitHub Actions workflow command. Everything printed passes through here, in one place: the
 * formatter dispatch (src/report/output.ts) and the diagnostics/fatal-error printers.
 */

/**
 * What is never printed raw: C0 controls (TAB, LF and CR included: a checkout string is
 * printed on one line), DEL, C1 controls (U+009B is a one-character CSI for many terminals),
 * the Unicode line and paragraph separators, and the bidirectional embedding, override and
 * isolate marks ("Trojan Source").
 */
// eslint-disable-next-line no-control-regex -- control characters are what neutralising removes
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- control characters are what neutralising removes
const UNSAFE_TEST = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|::/;

function visibleEscape(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * One line of plain, visible text: every unsafe character becomes a visible escape (`\x1B`,
 * `\u202E`), and `::` becomes `:\x3A` so no part of it can start a workflow command. Strings
 * without either come back unchanged (the common case costs one regex test).
 */
export function neutralize(text: string): string {
  if (!UNSAFE_TEST.test(text)) return text;
  return text.replace(UNSAFE_CHARS, visibleEscape).replace(/::/g, ':\\x3A');
}

/**
 * A copy of a report-like value with every string (keys included) neutralised. Values that
 * need no change are shared, not copied, so a clean report costs one walk. Iterative: the value
 * may hold evidence as deep as the readers allow.
 */
export function neutralizeDeep<T>(value: T): T {
  return neutralizeValue(value, 0) as T;
}

/** The report's own nesting is a few levels; evidence values are capped by the readers (src/read/nesting.ts). */
const MAX_DEPTH = 2000;

function neutralizeValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return neutralize(value);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const next = neutralizeValue(value[i], depth + 1);
      if (next !== value[i] && !out) out = value.slice(0, i);
      if (out) out.push(next);
    }
    return out ?? value;
  }
  let out: Record<string, unknown> | undefined;
  const entries = Object.entries(value as Record<string, unknown>);
  for (let i = 0; i < entries.length; i++) {
    const [key, v] = entries[i];
    const safeKey = neutralize(key);
    const next = neutralizeValue(v, depth + 1);
    if ((next !== v || safeKey !== key) && !out) {
      out = {};
      for (let j = 0; j < i; j++) defineData(out, entries[j][0], entries[j][1]);
    }
    if (out) defineData(out, safeKey, next);
  }
  return out ?? value;
}

/** defineProperty, not assignment: a key named "__proto__" stays data. */
function defineData(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * For JSON output (json, sarif, cyclonedx, spdx): JSON.stringify already escapes C0 controls,
 * but writes DEL, C1 controls, line separators and bidi marks raw. Inside JSON they can only
 * sit in strings, where `\uXXXX` is the same value: the parsed document is unchanged, the bytes
 * are safe to print.
 */
const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function escapeJsonOutput(chunk: string): string {
  return chunk.replace(JSON_UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
