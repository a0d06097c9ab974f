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

export interface RootScoping {
  statements: ScopeStatement[];
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
  return { statements, perDirectoryFiles: PER_DIRECTORY.test(head.replace(/\s+/g, ' ')) };
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
