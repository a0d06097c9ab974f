'use strict';
/**
 * Realistic edits of a license text, as they occur in real LICENSE files: the copyright line
 * and other placeholders filled in, rewrapped, converted to Markdown or HTML, list markers
 * renumbered in another style, the title removed, typographic quotes, "the Software" replaced
 * by the project's name, a notice prepended or appended. Deterministic (no randomness): the
 * same text gives the same variants on every machine. Used by `bench/identify/accuracy.js`
 * and pinned by `__tests__/identify-accuracy.test.ts`.
 */

/** Placeholders of the SPDX texts (`<year>`, `[name of copyright owner]`, `<OWNER>`…). */
const PLACEHOLDER = /<([^<>\n]{1,40})>|\[([^\[\]\n]{1,40})\]/g;
const PLACEHOLDER_WORDS = /\b(?:year|yyyy|name|owner|holder|holders|author|authors|organi[sz]ation|copyright|fullname|licensor|date|insert|your|project|program|software|email|url|company)\b/i;

function fillPlaceholders(s) {
  return s.replace(PLACEHOLDER, (whole, a, b) => {
    const inner = a ?? b;
    if (!PLACEHOLDER_WORDS.test(inner)) return whole;
    if (/year|yyyy|date/i.test(inner)) return '2019';
    if (/e-?mail/i.test(inner)) return 'jane@example.org';
    if (/url/i.test(inner)) return 'https://example.org/acme-widgets';
    if (/program|software|project/i.test(inner)) return 'Acme Widgets';
    return 'Jane Doe and the Acme Widgets contributors';
  });
}

/** Fills placeholders and puts a real copyright line first when the text has none. */
function filled(s) {
  const out = fillPlaceholders(s);
  return /copyright\s*(?:\(c\)|©|\d)/i.test(out) ? out : `Copyright (c) 2019 Jane Doe\n\n${out}`;
}

function rewrap(s, width) {
  return s
    .split(/\n\s*\n/)
    .map((para) => {
      const words = para.split(/\s+/).filter(Boolean);
      const lines = [];
      let line = '';
      for (const w of words) {
        if (line && line.length + 1 + w.length > width) {
          lines.push(line);
          line = w;
        } else line = line ? `${line} ${w}` : w;
      }
      if (line) lines.push(line);
      return lines.join('\n');
    })
    .join('\n\n');
}

/** The first non-empty line, when it is a title (short, no sentence punctuation). */
function titleOf(s) {
  const m = /^\s*([^\n]*)\n/.exec(s);
  if (!m) return null;
  const line = m[1].trim();
  return line && line.length <= 80 && !/[.;:,]$/.test(line) && !/^copyright\b/i.test(line) ? line : null;
}

function withoutTitle(s) {
  const title = titleOf(s);
  return title ? s.replace(/^\s*[^\n]*\n/, '').replace(/^\s*\n/, '') : s;
}

/** Markdown: a `#` title, `**` on short heading lines, list items as `-`, paragraphs rewrapped to 80. */
function markdown(s, name) {
  const body = withoutTitle(s)
    .split(/\n\s*\n/)
    .map((para) => {
      const t = para.trim();
      if (!t) return '';
      if (!t.includes('\n') && t.length <= 60 && !/[.;:,]$/.test(t)) return `**${t}**`;
      const marked = /^(?:\d{1,2}\.|\([a-z0-9]{1,3}\)|[a-z]\))\s+/i.exec(t);
      const text = marked ? t.slice(marked[0].length) : t;
      const wrapped = rewrap(text, 78);
      return marked ? `- ${wrapped.replace(/\n/g, '\n  ')}` : wrapped;
    })
    .filter(Boolean)
    .join('\n\n');
  return `# ${name}\n\n${body}\n`;
}

function escapeHtml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** HTML: the text as a page of `<p>` paragraphs under an `<h1>` title, entities escaped. */
function html(s, name) {
  const paras = withoutTitle(s)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '\n   ')}</p>`);
  return `<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(name)}</title>\n</head>\n<body>\n<h1>${escapeHtml(name)}</h1>\n${paras.join('\n')}\n</body>\n</html>\n`;
}

/** List markers in another style: `1.` ↔ `1)`, `(a)` → `a.`, `a.` → `(a)`. */
function renumbered(s) {
  return s
    .split('\n')
    .map((line) => {
      let m = /^(\s*)(\d{1,2})\.(\s+)/.exec(line);
      if (m) return `${m[1]}${m[2]})${m[3]}${line.slice(m[0].length)}`;
      m = /^(\s*)\(([a-z]|[ivx]{1,4}|\d{1,2})\)(\s+)/.exec(line);
      if (m) return `${m[1]}${m[2]}.${m[3]}${line.slice(m[0].length)}`;
      m = /^(\s*)([a-z])\.(\s+)/.exec(line);
      if (m) return `${m[1]}(${m[2]})${m[3]}${line.slice(m[0].length)}`;
      return line;
    })
    .join('\n');
}

/** Typographic quotes and dashes, as word processors and some websites write them. */
function smartQuotes(s) {
  return s
    .replace(/"([^"\n]{0,200})"/g, '\u201C$1\u201D')
    .replace(/(\w)'(\w)/g, '$1\u2019$2')
    .replace(/'([^'\n]{0,200})'/g, '\u2018$1\u2019')
    .replace(/ -- /g, ' \u2014 ');
}

/** "the Software" → the project's name, as many MIT/BSD copies do. */
function projectName(s) {
  return s.replace(/\bthe Software\b/g, 'Acme Widgets').replace(/\bTHE SOFTWARE\b/g, 'ACME WIDGETS');
}

const PREPENDED = 'Acme Widgets\n\nThe following license applies to all files in this repository unless a file says otherwise.\n\n';
const APPENDED = '\n\n---\n\nFor more information about Acme Widgets, see https://example.org/acme-widgets or write to jane@example.org.\n';

/** The edits, by name: (text, license name) → edited text. */
const EDITS = {
  filled: (s) => filled(s),
  rewrap: (s) => rewrap(filled(s), 80),
  markdown: (s, name) => markdown(filled(s), name),
  html: (s, name) => html(filled(s), name),
  renumbered: (s) => renumbered(filled(s)),
  'no-title': (s) => withoutTitle(filled(s)),
  'smart-quotes': (s) => smartQuotes(filled(s)),
  'project-name': (s) => projectName(filled(s)),
  'notices-around': (s) => `${PREPENDED}${filled(s).trim()}${APPENDED}`,
  'all-at-once': (s, name) => `\uFEFF${markdown(smartQuotes(renumbered(filled(s))), name)}${APPENDED}`.replace(/\n/g, '\r\n'),
};

module.exports = { EDITS, fillPlaceholders, rewrap, markdown, html, renumbered, smartQuotes, projectName, withoutTitle };
