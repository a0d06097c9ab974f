/**
 * Text normalisation for license matching, following the SPDX License List Matching
 * Guidelines (https://spdx.github.io/spdx-spec/v2.3/license-matching-guidelines-and-templates/):
 * case, whitespace and line breaks, punctuation and quote styles, bullets and list numbering,
 * copyright notices, equivalent words, URL schemes, BOM, CRLF, Markdown markup, indentation.
 *
 * The output is a token stream (lower-case words) that remembers the 1-based line each token
 * came from, so a match can be reported as a line range of the original text.
 */

export interface TokenStream {
  tokens: string[];
  /** 1-based source line of each token. */
  lines: number[];
}

/**
 * Spelling variants the SPDX guidelines treat as the same word (from the guidelines'
 * equivalent-words list, British/American spellings and common variants).
 */
const EQUIVALENT_WORDS = new Map<string, string>(Object.entries({
  licence: 'license',
  licences: 'licenses',
  licenced: 'licensed',
  licencing: 'licensing',
  licencor: 'licensor',
  licencee: 'licensee',
  acknowledgment: 'acknowledgement',
  acknowledgments: 'acknowledgements',
  analogue: 'analog',
  analyse: 'analyze',
  artefact: 'artifact',
  authorisation: 'authorization',
  authorised: 'authorized',
  calibre: 'caliber',
  cancelled: 'canceled',
  capitalisations: 'capitalizations',
  catalogue: 'catalog',
  categorise: 'categorize',
  centre: 'center',
  emphasised: 'emphasized',
  favour: 'favor',
  favourite: 'favorite',
  fulfil: 'fulfill',
  fulfilment: 'fulfillment',
  initialise: 'initialize',
  judgment: 'judgement',
  labelling: 'labeling',
  labour: 'labor',
  organisation: 'organization',
  organise: 'organize',
  practise: 'practice',
  programme: 'program',
  realise: 'realize',
  recognise: 'recognize',
  signalling: 'signaling',
  utilisation: 'utilization',
  whilst: 'while',
  wilful: 'willful',
}));

// `(c)` alone is also a list marker ("(c) the licenses granted…"): only `(c) 2020` is a notice.
const COPYRIGHT_START = /^(?:\s*<[a-z][a-z0-9]*\b[^<>]*>)*[\s#*>/-]*(?:portions\s+)?(copyright\b|\(c\)\s*(?=\d)|©|all rights reserved\b)\s*(.*)$/i;
/** Words after "copyright" that make it license prose, not a notice ("COPYRIGHT HOLDERS BE LIABLE"). */
const COPYRIGHT_PROSE = /^(?:holders?|owners?|notices?|license|licenses|law|laws|and|or|of|to|in|is|are|protection|statement|infringement)\b/i;

/** A copyright notice line (SPDX: copyright notices are ignored when matching). */
export function isCopyrightLine(line: string): boolean {
  const m = COPYRIGHT_START.exec(line);
  if (!m) return false;
  const head = m[1].toLowerCase();
  if (head !== 'copyright') return true;
  const rest = m[2];
  if (/^(?:\(c\)|©|\d|\[|<|:|\{|by\s)/i.test(rest)) return true;
  if (COPYRIGHT_PROSE.test(rest)) return false;
  // "Copyright Isaac Schlueter", "Copyright The Authors": a capitalised name follows.
  return /^[A-Z]/.test(rest);
}

/** Leading list markers: bullets, `1.`, `1.2.`, `(a)`, `a)`, `iv.`, `§ 3`. */
const LEADING_MARKER =
  /^\s*(?:[-*+•·▪◦‣>]|#{1,6}|§\s*\d+(?:\.\d+)*|\(?(?:\d{1,3}(?:\.\d{1,3})*|[a-z]|[ivxlc]{1,6})[.)]|\((?:\d{1,3}|[a-z]|[ivxlc]{1,6})\))(?=\s|$)\s*/i;

/** `(a)`, `(iv)`, `(1)` list references inside a line: bullets, not words. */
const INLINE_MARKER = /\((?:\d{1,2}|[a-z]|[ivx]{1,5})\)/gi;

/** Markdown setext underlines and horizontal rules (`=====`, `-----`, `***`). */
const RULE_LINE = /^\s*(?:[=\-_*~#+]\s*){3,}$/;

/** Tags of HTML elements a license page uses (never `<year>`-style placeholders or `<email>`). */
const HTML_TAG =
  /<\/?(?:!doctype|html|head|body|title|meta|link|style|p|br|hr|h[1-6]|div|span|a|b|i|u|em|strong|tt|code|pre|blockquote|ul|ol|li|dl|dt|dd|table|thead|tbody|tr|td|th|font|center|small|sup|sub|section|article|header|footer|nav|main)\b[^<>]*>/gi;
const HTML_ENTITY = /&([a-z]+|#\d{1,5});/gi;
const HTML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', copy: '©', '#39': "'", '#34': '"', '#169': '©', '#160': ' ', ldquo: '"', rdquo: '"', lsquo: "'", rsquo: "'", mdash: '-', ndash: '-', sect: '§' };

// Each rewrite below runs only on lines holding its trigger character: most lines hold none,
// and a tree's license files are hundreds of thousands of lines.
function normaliseLine(line: string): string {
  let s = line;
  // HTML copies of a license (LICENSE.html, a vendor's page): tags are markup, entities are characters.
  if (s.includes('<')) s = s.replace(HTML_TAG, ' ');
  if (s.includes('&')) s = s.replace(HTML_ENTITY, (whole, name: string) => HTML_ENTITIES[name.toLowerCase()] ?? whole);
  // Markdown links and images: keep the text and the target (both can name a license).
  if (s.includes('](')) s = s.replace(/!?\[([^\]]*)\]\(([^)\s]*)[^)]*\)/g, '$1 $2');
  if (s.includes('<')) s = s.replace(/<(https?:[^>\s]+|[^>\s]+@[^>\s]+)>/g, '$1');
  // Leading list markers, possibly stacked (`- 1.`).
  for (let i = 0; i < 3; i++) {
    const next = s.replace(LEADING_MARKER, '');
    if (next === s) break;
    s = next;
  }
  if (s.includes('(')) s = s.replace(INLINE_MARKER, ' ');
  s = s.toLowerCase();
  // URL schemes and `www.` are insignificant (http vs https).
  if (s.includes('://')) s = s.replace(/\b(?:https?|ftp):\/\/(?:www\.)?/g, ' ');
  if (s.includes('www.')) s = s.replace(/\bwww\./g, ' ');
  // `GPLv2+` style suffix means "or later".
  if (s.includes('+')) s = s.replace(/([a-z0-9])\+(?=\s|$|[),.;])/g, '$1 or later');
  if (s.includes('©')) s = s.replace(/©/g, ' ');
  return s;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Lengths of the shortest and longest spelling variant: most words skip the lookup. */
const VARIANT_LENGTHS = [...EQUIVALENT_WORDS.keys()].reduce(([min, max], w) => [Math.min(min, w.length), Math.max(max, w.length)], [Infinity, 0]);

function pushWord(w: string, out: string[]): void {
  if (w.length < VARIANT_LENGTHS[0] || w.length > VARIANT_LENGTHS[1]) {
    out.push(w);
    return;
  }
  const eq = EQUIVALENT_WORDS.get(w);
  if (eq === undefined) out.push(w);
  else for (const part of eq.split(' ')) out.push(part);
}

/**
 * Tokenises one already-lower-cased line into `out`, applying the equivalent-word table.
 * ASCII lines (nearly all) are split by a character loop; others by the Unicode word pattern.
 */
function wordsOf(line: string, out: string[]): void {
  const base = out.length;
  let start = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c >= 0x80) {
      out.length = base;
      for (const w of line.match(WORD) ?? []) pushWord(w, out);
      return;
    }
    const isWordChar = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
    if (isWordChar) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      pushWord(line.slice(start, i), out);
      start = -1;
    }
  }
  if (start >= 0) pushWord(line.slice(start), out);
}

/** Removes a BOM and unifies line endings. */
export function cleanText(text: string): string {
  let s = text;
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  return s.replace(/\r\n?/g, '\n');
}

export interface NormaliseOptions {
  /** Keep copyright lines (pointer detection wants every sentence). Default false. */
  keepCopyright?: boolean;
}

/** Normalises a whole text into a token stream with line numbers. */
export function tokenize(text: string, opts: NormaliseOptions = {}): TokenStream {
  return tokenizeBoth(text, !!opts.keepCopyright).stream;
}

/**
 * One pass that yields the matching stream (copyright lines dropped) and every token with the
 * copyright lines kept (what pointer and fingerprint checks read).
 */
export function tokenizeWithCopyright(text: string): { stream: TokenStream; withCopyright: string[] } {
  return tokenizeLinesWithCopyright(cleanText(text).split('\n'));
}

/** {@link tokenizeWithCopyright} of a text already cleaned and split into lines. */
export function tokenizeLinesWithCopyright(src: readonly string[]): { stream: TokenStream; withCopyright: string[] } {
  const { stream, withCopyright } = tokenizeBoth(src, false, true);
  return { stream, withCopyright: withCopyright! };
}

function tokenizeBoth(textOrLines: string | readonly string[], keepCopyright: boolean, collectAll = false): { stream: TokenStream; withCopyright?: string[] } {
  const tokens: string[] = [];
  const lines: number[] = [];
  const all: string[] | undefined = collectAll ? [] : undefined;
  const src = typeof textOrLines === 'string' ? cleanText(textOrLines).split('\n') : textOrLines;
  for (let i = 0; i < src.length; i++) {
    const raw = src[i];
    if (RULE_LINE.test(raw)) continue;
    const dropped = !keepCopyright && isCopyrightLine(raw);
    if (dropped && !all) continue;
    const target = dropped ? all! : tokens;
    const before = target.length;
    wordsOf(normaliseLine(raw), target);
    if (dropped) continue;
    for (let k = before; k < tokens.length; k++) {
      lines.push(i + 1);
      all?.push(tokens[k]);
    }
  }
  return { stream: { tokens, lines }, withCopyright: all };
}

/** The normalised form of a short phrase (license names, field values) as a token string. */
export function normalisePhrase(text: string): string {
  return tokenize(text, { keepCopyright: true }).tokens.join(' ');
}
