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
const EQUIVALENT_WORDS: Record<string, string> = {
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
};

// `(c)` alone is also a list marker ("(c) the licenses granted…"): only `(c) 2020` is a notice.
const COPYRIGHT_START = /^[\s#*>/-]*(?:portions\s+)?(copyright\b|\(c\)\s*(?=\d)|©|all rights reserved\b)\s*(.*)$/i;
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

function normaliseLine(line: string): string {
  let s = line;
  // Markdown links and images: keep the text and the target (both can name a license).
  s = s.replace(/!?\[([^\]]*)\]\(([^)\s]*)[^)]*\)/g, '$1 $2');
  s = s.replace(/<(https?:[^>\s]+|[^>\s]+@[^>\s]+)>/g, '$1');
  // Leading list markers, possibly stacked (`- 1.`).
  for (let i = 0; i < 3; i++) {
    const next = s.replace(LEADING_MARKER, '');
    if (next === s) break;
    s = next;
  }
  s = s.replace(INLINE_MARKER, ' ');
  s = s.toLowerCase();
  // URL schemes and `www.` are insignificant (http vs https).
  s = s.replace(/\b(?:https?|ftp):\/\/(?:www\.)?/g, ' ');
  s = s.replace(/\bwww\./g, ' ');
  // `GPLv2+` style suffix means "or later".
  s = s.replace(/([a-z0-9])\+(?=\s|$|[),.;])/g, '$1 or later');
  s = s.replace(/©/g, ' ');
  return s;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Tokenises one already-lower-cased line, applying the equivalent-word table. */
function wordsOf(line: string): string[] {
  const out: string[] = [];
  const matches = line.match(WORD);
  if (!matches) return out;
  for (const w of matches) {
    // Own properties only: a text saying "constructor" or "toString" must not reach Object.prototype.
    const eq = Object.prototype.hasOwnProperty.call(EQUIVALENT_WORDS, w) ? EQUIVALENT_WORDS[w] : undefined;
    if (eq === undefined) out.push(w);
    else for (const part of eq.split(' ')) out.push(part);
  }
  return out;
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
  const tokens: string[] = [];
  const lines: number[] = [];
  const src = cleanText(text).split('\n');
  for (let i = 0; i < src.length; i++) {
    const raw = src[i];
    if (!opts.keepCopyright && isCopyrightLine(raw)) continue;
    if (RULE_LINE.test(raw)) continue;
    for (const w of wordsOf(normaliseLine(raw))) {
      tokens.push(w);
      lines.push(i + 1);
    }
  }
  return { tokens, lines };
}

/** The normalised form of a short phrase (license names, field values) as a token string. */
export function normalisePhrase(text: string): string {
  return tokenize(text, { keepCopyright: true }).tokens.join(' ');
}
