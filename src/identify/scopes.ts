import * as path from 'node:path';
import { licenseIdFromPhrase } from '../evaluate/expression';

/**
 * Which directory is under which terms. Open-core projects keep a permissive or copyleft core
 * and put the paid part under other terms, and say so in the root LICENSE:
 *
 *   "All content that resides under the "ee/" directory of this repository, if that directory
 *    exists, is licensed under the license defined in "ee/LICENSE"."   (PostHog, SigNoz, GitLab)
 *   "Admin Tools and Configuration Files (model/, web/static/, …) are made available under:
 *    - Apache License v2.0"                                               (Mattermost)
 *   "except as noted in per-module LICENSE files"                         (monorepos)
 *
 * This module reads those statements out of a root license text; the pipeline adds the
 * LICENSE files of subdirectories that are not dependencies.
 */
export interface ScopeStatement {
  /** Relative folder ending in `/`. */
  path: string;
  /** The license file the statement points at, as written (`ee/LICENSE`). */
  file?: string;
  /** The license the statement names, as an SPDX id when it maps to one. */
  expression?: string;
  /** The sentence, whitespace collapsed, for the report's evidence. */
  sentence: string;
}

/**
 * A statement about *files* rather than a folder (n8n: "Source code files that contain ".ee." in
 * their filename or ".ee" in their dirname are NOT licensed under the Sustainable Use License …
 * as defined in "LICENSE_EE.md""): each name pattern becomes a glob (`**\/*.ee.*`, `**\/*.ee*\/**`).
 */
export interface FileScopeStatement {
  /** picomatch glob relative to the root: `**\/*.ee.*`. */
  glob: string;
  /** What the statement says, for the evidence: `files whose name contains ".ee."`. */
  what: string;
  file?: string;
  expression?: string;
  sentence: string;
}

/**
 * A statement about files marked by a comment (Twenty: "These files are clearly marked with the
 * following comment at the top of the file: /* @license Enterprise *\/"). Which files carry it is
 * only known by reading their first lines.
 */
export interface HeaderScopeStatement {
  /** The marker as written, e.g. `@license Enterprise` (comment delimiters dropped). */
  marker: string;
  file?: string;
  expression?: string;
  sentence: string;
}

export interface RootScoping {
  /**
   * What a root license with scoping statements says of everything else ("This project is mostly
   * licensed under the GNU Affero General Public License v3.0", "Content outside of the above
   * mentioned files … is available under the "Sustainable Use License""): the root's own terms,
   * when the file also carries the scoped-out terms (Twenty appends its commercial license).
   */
  rest?: { expression: string; sentence: string };
  statements: ScopeStatement[];
  fileStatements: FileScopeStatement[];
  headerStatements: HeaderScopeStatement[];
  /** "except as noted in per-module/per-directory LICENSE files": subfolder license files govern their folder. */
  perDirectoryFiles: boolean;
}

/** A folder as written in a statement: `"ee/"`, `ee/`, `apps/web/ee/`, `web/static/`. */
const FOLDER = String.raw`[A-Za-z0-9_.@-]+(?:/[A-Za-z0-9_.@-]+)*/`;
const QUOTED_FOLDER = new RegExp(String.raw`["'\u201c\u2018\`(]?(${FOLDER})["'\u201d\u2019\`]?`, 'g');
/** The verbs that put something under terms. */
const GRANT = /\b(licen[cs]ed|available|released|distributed|governed|covered|subject)\s+(under|by|to)\b/i;
/** The terms: a license file named by path. */
const NAMED_FILE = /["'\u201c\u2018`]((?:[A-Za-z0-9_.@-]+\/)*(?:LICEN[CS]E|COPYING)[A-Za-z0-9_.-]*)["'\u201d\u2019`]/i;
/** The part of the statement after the verb: the license named there. */
const AFTER_GRANT = /\b(?:licen[cs]ed|available|released|distributed|governed|covered|subject)\s+(?:under|by|to)\b:?\s*(?:the\s+)?(?:terms\s+of\s+(?:the\s+)?)?[-*\u2022]?\s*["'\u201c]?([^"'\u201d\n.;]{3,80})/i;
const PER_DIRECTORY = /\b(except|unless)\b[^.]{0,80}\b(otherwise\s+)?(noted|stated|specified|indicated)\b[^.]{0,80}\b(per[- ](module|directory|folder|package|crate)|(in|by)\s+(a|the|its)\s+(own\s+)?licen[cs]e\s+files?\s+(in|within)\s+(the|that|its|each))\b|\bper[- ](module|directory|folder|package)\s+licen[cs]e\s+files?\b/i;

/** Statements about folders in the first part of a root license text (before the license body starts). */
export function parseScopeStatements(text: string): RootScoping {
  const head = text.slice(0, 8000);
  const statements: ScopeStatement[] = [];
  for (const sentence of sentencesOf(head)) {
    if (!GRANT.test(sentence)) continue;
    // Only statements that speak of content in folders, not "this directory" of a license text.
    if (!/\b(director(y|ies)|folders?|sub-?director(y|ies)|under\s+["'\u201c`(]?[A-Za-z0-9_.@-]+\/|\(([A-Za-z0-9_.@/-]+\/,?\s*)+)/i.test(sentence)) continue;
    const fileMatch = NAMED_FILE.exec(sentence);
    const before = sentence.slice(0, sentence.search(GRANT));
    const folders = [...before.matchAll(QUOTED_FOLDER)].map((m) => normaliseFolder(m[1])).filter((f): f is string => f !== null);
    if (!folders.length) continue;
    const named = AFTER_GRANT.exec(sentence)?.[1]?.trim();
    const expression = !fileMatch && named ? licenseIdFromPhrase(named.replace(/\s+license$/i, ' License')) ?? undefined : undefined;
    for (const folder of [...new Set(folders)]) {
      const statement: ScopeStatement = { path: folder, sentence };
      if (fileMatch) statement.file = fileMatch[1];
      if (expression) statement.expression = expression;
      if (statement.file || statement.expression) statements.push(statement);
    }
  }
  const fileStatements = parseFileStatements(head);
  const headerStatements = parseHeaderStatements(head);
  const rest = statements.length || fileStatements.length || headerStatements.length ? parseRest(head) : undefined;
  return { ...(rest ? { rest } : {}), statements, fileStatements, headerStatements, perDirectoryFiles: PER_DIRECTORY.test(head.replace(/\s+/g, ' ')) };
}

/** `files that contain ".ee." in their filename`, `files whose names contain "_enterprise"`, `files ending in ".pro.ts"`, `".ee" in their dirname`. */
const NAME_PATTERN =
  /["'\u201c\u2018`]([^"'\u201d\u2019`\s/]{1,40})["'\u201d\u2019`]\s+in\s+(?:their|its|the)\s+(file\s*-?names?|names?|dir(?:ectory)?\s*-?names?|folder\s*-?names?|paths?)\b|\bfiles?\s+(?:whose\s+(?:file\s*)?names?\s+(?:contains?|ends?\s+(?:with|in))|(?:with\s+)?names?\s+(?:containing|ending\s+(?:with|in))|ending\s+(?:with|in)|named)\s+["'\u201c\u2018`]([^"'\u201d\u2019`\s/]{1,40})["'\u201d\u2019`]/gi;
/** A block that speaks of files under (or not under) terms. */
const FILES_UNDER_TERMS = /\bfiles?\b[\s\S]*\b(licen[cs]ed|available|released|distributed|governed|covered|subject|hold\s+a\s+valid)\b/i;
/** "are NOT licensed under the X": names what the files are *not* under. */
const NEGATED_GRANT = /\bnot\s+(?:be\s+)?(?:licen[cs]ed|available|released|distributed|governed|covered)\s+(?:under|by)\b/i;

function parseFileStatements(head: string): FileScopeStatement[] {
  const out: FileScopeStatement[] = [];
  for (const block of blocksOf(head)) {
    if (!FILES_UNDER_TERMS.test(block)) continue;
    const globs = new Map<string, string>();
    for (const m of block.matchAll(NAME_PATTERN)) {
      if (m[1] !== undefined) {
        const token = m[1];
        const where = m[2].toLowerCase();
        if (/^(dir|folder)/.test(where)) globs.set(`**/*${escapeGlob(token)}*/**`, `files in a folder whose name contains "${token}"`);
        else if (/^path/.test(where)) globs.set(`**/*${escapeGlob(token)}*`, `files whose path contains "${token}"`);
        else globs.set(`**/*${escapeGlob(token)}*`, `files whose name contains "${token}"`);
      } else if (m[3] !== undefined) {
        const token = m[3];
        const how = m[0].toLowerCase();
        if (/\bnamed\b/.test(how) && !/ending|ends/.test(how)) globs.set(`**/${escapeGlob(token)}`, `files named "${token}"`);
        else if (/ending|ends/.test(how)) globs.set(`**/*${escapeGlob(token)}`, `files whose name ends in "${token}"`);
        else globs.set(`**/*${escapeGlob(token)}*`, `files whose name contains "${token}"`);
      }
    }
    if (!globs.size) continue;
    const { file, expression } = termsOf(block);
    for (const [glob, what] of globs) {
      const statement: FileScopeStatement = { glob: glob.replace(/\*\*+/g, '**').replace(/\*{2}\/\*\*/g, '**'), what, sentence: block };
      if (file) statement.file = file;
      if (expression) statement.expression = expression;
      out.push(statement);
    }
  }
  return dedupeBy(out, (s) => s.glob);
}

/** "marked with the following comment at the top of the file: /* @license Enterprise *\/", "files with the header `// SPDX-License-Identifier: X`". */
const HEADER_PATTERN =
  /\b(?:marked|labell?ed|identified|annotated)\s+(?:with|by)\s+(?:the\s+following|a|this)\s+(?:comment|header|notice|marker|tag)[^:]{0,60}:\s*(\/\*[\s\S]{1,80}?\*\/|\/\/[^\n]{1,80}|#[^\n]{1,80}|`[^`]{1,80}`)|\bfiles?\s+(?:with|carrying|bearing|containing)\s+the\s+(?:header|comment|notice)\s+[`"'\u201c]([^`"'\u201d]{3,80})[`"'\u201d]/gi;

function parseHeaderStatements(head: string): HeaderScopeStatement[] {
  const out: HeaderScopeStatement[] = [];
  const blocks = blocksOf(head);
  blocks.forEach((block, i) => {
    for (const m of block.matchAll(HEADER_PATTERN)) {
      const marker = (m[1] ?? m[2] ?? '').replace(/^`|`$/g, '').replace(/^\/\*+|\*+\/$|^\/\/|^#/g, '').trim();
      if (marker.length < 3) continue;
      // The terms may follow in the next sentence of the same item ("Files with this comment are … subject to …").
      const context = `${block} ${blocks[i + 1] ?? ''}`;
      const { file, expression } = termsOf(block.slice(m.index ?? 0));
      const statement: HeaderScopeStatement = { marker, sentence: block };
      if (file) statement.file = file;
      else if (expression) statement.expression = expression;
      else {
        const fromContext = termsOf(context);
        if (fromContext.file) statement.file = fromContext.file;
        else if (fromContext.expression) statement.expression = fromContext.expression;
      }
      out.push(statement);
    }
  });
  return dedupeBy(out, (s) => s.marker);
}

const REST_PATTERNS = [
  /\b(?:mostly|otherwise|primarily|generally|principally)\s+licen[cs]ed\s+under\s+(?:the\s+)?(?:terms\s+of\s+(?:the\s+)?)?([^.;:\n]{3,100})/i,
  /\b(?:content|code|files?|everything|all\s+other\s+(?:content|code|files))\s+(?:else\s+|outside\b[^.]{0,80}?\s+)?(?:is|are)\s+(?:available|licen[cs]ed|released|distributed)\s+under\s+(?:the\s+)?["'\u201c]?([^"'\u201d.;\n]{3,80})/i,
  /\bthe\s+([A-Za-z][A-Za-z0-9 .-]{2,60}?)\s+applies\s+to\s+(?:the\s+rest|all\s+other|everything\s+else)\b/i,
];

function parseRest(head: string): { expression: string; sentence: string } | undefined {
  for (const block of blocksOf(head)) {
    for (const re of REST_PATTERNS) {
      const m = re.exec(block);
      if (!m) continue;
      const phrase = m[1].replace(/\s+as\s+(?:described|defined)\b.*$/i, '').replace(/\s+license$/i, ' License').trim();
      const expression = licenseIdFromPhrase(phrase);
      if (expression && !/^LicenseRef-Commercial/.test(expression)) return { expression, sentence: block };
    }
  }
  return undefined;
}

/** The license file a block names, or else the license it grants (never the one it says the files are *not* under). */
function termsOf(block: string): { file?: string; expression?: string } {
  const file = NAMED_FILE.exec(block)?.[1];
  if (file) return { file };
  // "… are not licensed under the AGPLv3, but instead are subject to the commercial license terms …": only the granting clause counts.
  const clauses = block.split(/(?<=[a-z0-9)"'\u201d])\.\s+(?=[A-Z])|,?\s+\b(?:but|instead|rather)\b\s+/);
  for (const clause of clauses) {
    if (!GRANT.test(clause) || NEGATED_GRANT.test(clause)) continue;
    const named = AFTER_GRANT.exec(clause)?.[1]?.trim();
    if (named && /\b(commercial|enterprise|proprietary)\s+(licen[cs]e|terms|agreement)/i.test(named)) return { expression: 'LicenseRef-Commercial' };
    const expression = named ? licenseIdFromPhrase(named.replace(/\s+license$/i, ' License')) : null;
    if (expression) return { expression };
  }
  return {};
}

/** `.ee.` is literal in a glob except for the characters picomatch reads. */
function escapeGlob(token: string): string {
  return token.replace(/[*?[\]{}()!+@\\]/g, (c) => `\\${c}`);
}

function dedupeBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(key(i)) ? false : (seen.add(key(i)), true)));
}

/** Paragraphs and bullets, line breaks inside them joined. */
function blocksOf(text: string): string[] {
  return text
    .split(/\n\s*\n|\n(?=\s*(?:[-*\u2022]|\d+[.)])\s)/)
    .map((b) => b.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** Bullets and sentences, with line breaks inside them joined (a bullet may wrap). */
function sentencesOf(text: string): string[] {
  const out: string[] = [];
  let pending = '';
  for (const block of text.split(/\n\s*\n|\n(?=\s*[-*\u2022]\s)/)) {
    let flat = block.replace(/\s+/g, ' ').trim();
    if (!flat) continue;
    // "… are made available under:" continues in the next block ("- Apache License v2.0").
    if (pending) {
      flat = `${pending} ${flat}`;
      pending = '';
    }
    if (flat.endsWith(':') && GRANT.test(flat)) {
      pending = flat;
      continue;
    }
    // A sentence ends at ". " followed by a capital, not inside "v2.0" or "e.g.".
    out.push(...flat.split(/(?<=[a-z0-9)"'\u201d])\.\s+(?=[A-Z])/).map((s) => s.trim()).filter(Boolean));
  }
  return out;
}

function normaliseFolder(raw: string): string | null {
  const trimmed = raw.replace(/^\.?\//, '');
  if (!trimmed || trimmed.startsWith('../') || /^https?:/i.test(raw) || /\.(com|org|io|net)\//i.test(trimmed)) return null;
  const normal = path.posix.normalize(trimmed);
  if (normal.startsWith('..')) return null;
  return normal.endsWith('/') ? normal : `${normal}/`;
}

/** A scope keyed by a file pattern (`**\/*.ee.*`) or a header marker (`header:@license Enterprise`) rather than a folder. */
export function isGlobScope(scopePath: string): boolean {
  return scopePath.startsWith('header:') || /[*?[{]/.test(scopePath);
}
