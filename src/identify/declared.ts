/**
 * Declared license evidence → SPDX expression.
 *
 * Accepts what manifests really contain: SPDX expressions, sloppy names (`Apache 2`, `MIT/X11`,
 * `GPLv3`, `BSD*`), compound free text (`MIT, Apache-2.0`, `Dual MIT/GPL`), deprecated ids,
 * source-available names that spdx-correct does not know (`Sustainable Use License`,
 * `Business Source License 1.1`), npm's legacy `{type, url}` objects and `licenses` arrays,
 * `SEE LICENSE IN <file>` and `UNLICENSED`. Never throws: anything unusable yields
 * `expression: null` with a note saying why.
 *
 * Representation choices:
 * - `UNLICENSED` → `LicenseRef-UNLICENSED` (knowledge base: proprietary), `unlicensed: true`.
 * - `SEE LICENSE IN x` → `expression: null`, `seeLicenseIn: 'x'`; the caller reads the file,
 *   confined to the package folder.
 * - deprecated ids are rewritten to their replacements (`GPL-2.0` → `GPL-2.0-only`), with
 *   `corrected: true` so the original is kept.
 *
 * Confidence: 1 valid SPDX; 0.95 valid once ids are re-cased or deprecated ids upgraded;
 * 0.9 alias table; 0.8 spdx-correct; compound free text gets the weakest part's value less
 * 0.05; legacy forms lose a further 0.05; 0 when nothing was identified.
 */
import { urlsIn, vendorByUrl } from './commercial-vendors';
import { readKnowledgeJson } from '../paths';
import { FatalError } from '../errors';
import { expressionToString, isConjunction, joinExpressions, leaves, mapLeaves, normalizeWhitespace, parseExpression, type ExpressionNode } from '../classify/expression';
import { expressionLimitProblem } from '../util/spdx-parse';
import { setBounded } from '../util/memo';

export interface DeclaredResult {
  /** Valid SPDX expression (LicenseRef- allowed) or null. */
  expression: string | null;
  /** The value as written, stringified. */
  original: string;
  /** True when the string was not valid SPDX (or used deprecated ids) and was corrected. */
  corrected: boolean;
  /** `SEE LICENSE IN <file>`: the file named, for the caller to read. */
  seeLicenseIn?: string;
  /** UNLICENSED → proprietary. */
  unlicensed?: boolean;
  /** 1 for valid SPDX; lower for corrected; 0 for nothing. */
  confidence: number;
  notes: string[];
}

export const UNLICENSED_EXPRESSION = 'LicenseRef-UNLICENSED';

const CONFIDENCE = {
  valid: 1,
  normalized: 0.95,
  alias: 0.9,
  spdxCorrect: 0.8,
  compoundPenalty: 0.05,
  legacyPenalty: 0.05,
  /** A vendor URL or commercial wording in a free-text license field. */
  prose: 0.6,
};

// ---------------------------------------------------------------------------------------------
// Tables

interface AliasFile {
  deprecated: { map: Record<string, string> };
  aliases: { source: string; map: Record<string, string> }[];
}

interface Tables {
  aliases: Map<string, string>;
  deprecated: Map<string, string>;
  idsByLower: Map<string, string>;
  exceptionsByLower: Map<string, string>;
}

let tables: Tables | undefined;

function aliasKey(text: string): string {
  return normalizeWhitespace(text).toLowerCase().replace(/[*.]+$/, '').trim();
}

function loadTables(): Tables {
  if (tables) return tables;
  const file = readKnowledgeJson<AliasFile>('data/licenses/aliases.json');
  const aliases = new Map<string, string>();
  for (const group of file.aliases) for (const [name, expression] of Object.entries(group.map)) aliases.set(aliasKey(name), expression);
  // The Hugging Face Hub's license keys (`llama3.1`, `gemma`, `openrail++`…) and model license names.
  const models = readKnowledgeJson<{ hubKeys: Record<string, string>; names: Record<string, string> }>('data/licenses/models.json');
  for (const map of [models.hubKeys, models.names]) for (const [name, expression] of Object.entries(map)) if (!aliases.has(aliasKey(name))) aliases.set(aliasKey(name), expression);
  const ids = [...(require('spdx-license-ids') as string[]), ...(require('spdx-license-ids/deprecated') as string[])];
  const exceptionIds = require('spdx-exceptions') as string[];
  tables = {
    aliases,
    deprecated: new Map(Object.entries(file.deprecated.map)),
    idsByLower: new Map(ids.map((id) => [id.toLowerCase(), id])),
    exceptionsByLower: new Map(exceptionIds.map((id) => [id.toLowerCase(), id])),
  };
  return tables;
}

// ---------------------------------------------------------------------------------------------
// Helpers

interface Resolution {
  expression: string;
  confidence: number;
  corrected: boolean;
  notes: string[];
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  try {
    // JSON.stringify gives undefined for functions and symbols, which parsed JSON never holds.
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

/** Replaces deprecated ids (and `id+` forms) with their current SPDX equivalents. */
function upgradeDeprecated(node: ExpressionNode): { node: ExpressionNode; upgraded: string[] } {
  const { deprecated } = loadTables();
  const upgraded: string[] = [];
  const result = mapLeaves(node, (leaf) => {
    const withPlus = leaf.plus ? deprecated.get(`${leaf.license}+`) : undefined;
    const replacement = withPlus ?? deprecated.get(leaf.license);
    if (!replacement) return leaf;
    const parsed = parseExpression(replacement);
    if (!parsed.ok) return leaf;
    upgraded.push(`${leaf.license}${leaf.plus ? '+' : ''} → ${replacement}`);
    let next = parsed.node;
    // `GPL-2.0+` became `GPL-2.0-or-later`; any other `+` stays on the replacement.
    if (leaf.plus && !withPlus && !isConjunction(next)) next = { ...next, plus: true };
    if (leaf.exception && !isConjunction(next)) next = { ...next, exception: leaf.exception };
    return next;
  });
  return { node: result, upgraded };
}

/** Parses strictly; on success returns the canonical text with deprecated ids upgraded. */
function tryStrict(text: string, confidence: number): Resolution | undefined {
  const parsed = parseExpression(text);
  if (!parsed.ok) return undefined;
  const { node, upgraded } = upgradeDeprecated(parsed.node);
  const notes = upgraded.length > 0 ? [`deprecated SPDX id upgraded: ${upgraded.join(', ')}`] : [];
  // The parser tolerates `and`/`or`/`with`; SPDX spells operators in upper case.
  const lowerOperators = text
    .split(/[\s()]+/)
    .some((token) => ['AND', 'OR', 'WITH'].includes(token.toUpperCase()) && token !== token.toUpperCase());
  if (lowerOperators) notes.push('operators upper-cased');
  const corrected = upgraded.length > 0 || lowerOperators;
  return {
    expression: expressionToString(node),
    confidence: corrected ? Math.min(confidence, CONFIDENCE.normalized) : confidence,
    corrected,
    notes,
  };
}

/** `mit OR apache-2.0`, `licenseref-foo` → proper case, then strict parse. */
function tryRecased(text: string): Resolution | undefined {
  const { idsByLower, exceptionsByLower } = loadTables();
  let changed = false;
  const recased = normalizeWhitespace(text).replace(/[A-Za-z0-9.:+-]+/g, (token) => {
    const upper = token.toUpperCase();
    if (upper === 'AND' || upper === 'OR' || upper === 'WITH') {
      if (token !== upper) changed = true;
      return upper;
    }
    const plus = token.endsWith('+') ? '+' : '';
    const bare = plus ? token.slice(0, -1) : token;
    const known = idsByLower.get(bare.toLowerCase()) ?? exceptionsByLower.get(bare.toLowerCase());
    if (known) {
      if (known !== bare) changed = true;
      return known + plus;
    }
    const ref = /^(documentref-[A-Za-z0-9.-]+:)?licenseref-(.+)$/i.exec(bare);
    if (ref) {
      const fixed = `${ref[1] ? `DocumentRef-${ref[1].slice('documentref-'.length)}` : ''}LicenseRef-${ref[2]}`;
      if (fixed !== bare) changed = true;
      return fixed + plus;
    }
    return token;
  });
  if (!changed) return undefined;
  const strict = tryStrict(recased, CONFIDENCE.normalized);
  if (!strict) return undefined;
  return { ...strict, corrected: true, notes: [`identifier case corrected: "${normalizeWhitespace(text)}" → "${strict.expression}"`, ...strict.notes] };
}

function stripDecorations(text: string): { text: string; notes: string[] } {
  const notes: string[] = [];
  let out = normalizeWhitespace(text);
  if (/^["'`]|["'`]$/.test(out)) {
    out = out.replace(/^["'`]+|["'`]+$/g, '').trim();
    notes.push('surrounding quotes removed');
  }
  // license-checker marks guesses with a trailing `*`.
  if (/\*$/.test(out)) {
    out = out.replace(/\*+$/, '').trim();
    notes.push('trailing "*" (a guessed license) removed');
  }
  while (/^\(.*\)$/.test(out) && balanced(out.slice(1, -1))) out = out.slice(1, -1).trim();
  const prefix = /^(?:dual[- ]licen[cs]ed(?: under)?|dual|licen[cs]ed under(?: the)?|licen[cs]e:)\s+/i.exec(out);
  if (prefix) {
    out = out.slice(prefix[0].length);
    notes.push(`"${prefix[0].trim()}" prefix ignored`);
  }
  return { text: out, notes };
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}

/** One license name, not a compound: exact id, alias table, then spdx-correct. */
function resolveSingle(raw: string): Resolution | undefined {
  const { text, notes } = stripDecorations(raw);
  if (!text) return undefined;
  const strict = tryStrict(text, CONFIDENCE.valid);
  if (strict && (leavesOf(strict.expression) ?? 0) === 1) {
    const decorated = notes.length > 0;
    return {
      ...strict,
      confidence: decorated ? Math.min(strict.confidence, CONFIDENCE.normalized) : strict.confidence,
      notes: [...notes, ...strict.notes],
      corrected: strict.corrected || decorated,
    };
  }
  const recased = tryRecased(text);
  if (recased) return { ...recased, notes: [...notes, ...recased.notes] };
  const alias = loadTables().aliases.get(aliasKey(text));
  if (alias) {
    return { expression: alias, confidence: CONFIDENCE.alias, corrected: true, notes: [...notes, `"${text}" mapped to ${alias} (alias table)`] };
  }
  // "The MIT License (MIT)", "ISC License (ISC)": a name followed by its short form in parentheses.
  const named = /^(.+?)\s*\(([^()]+)\)$/.exec(text);
  if (named) {
    const inner = resolveSingle(named[2]) ?? resolveSingle(named[1]);
    if (inner) return { ...inner, confidence: Math.min(inner.confidence, CONFIDENCE.alias), corrected: true, notes: [...notes, `"${text}" read as its short form`, ...inner.notes] };
  }
  // spdx-correct keeps one license out of an expression-like string and drops the rest, so it
  // only gets plain names.
  if (/\b(?:AND|OR|WITH)\b|[()]/.test(text)) return undefined;
  let guess: string | null;
  try {
    guess = loadSpdxCorrect()(text, { upgrade: true });
  } catch {
    guess = null;
  }
  if (guess && parseExpression(guess).ok) {
    return { expression: guess, confidence: CONFIDENCE.spdxCorrect, corrected: true, notes: [...notes, `"${text}" corrected to ${guess} (spdx-correct)`] };
  }
  return undefined;
}

/**
 * spdx-correct, loaded on first use: only sloppy declarations need it, and loading it is slow
 * (~8 ms: it sorts its tables with `localeCompare`, which starts ICU's collator).
 */
function loadSpdxCorrect(): typeof import('spdx-correct') {
  return require('spdx-correct') as typeof import('spdx-correct');
}

/**
 * Loads the declared-license fallback ahead of its first use, for a caller with idle time to
 * fill (the scan waiting for the license-text thread's last answers): a tree of hundreds of
 * packages almost always holds a sloppy declaration, and after the wait the scan runs on one
 * thread, where the load would be paid in full.
 */
export function preloadDeclaredFallback(): void {
  try {
    loadSpdxCorrect();
  } catch {
    // not installed or broken: resolveSingle says nothing more either
  }
}

function leavesOf(expression: string): number | undefined {
  const parsed = parseExpression(expression);
  return parsed.ok ? leaves(parsed.node).length : undefined;
}

const OR_SEPARATOR = /\s+or\s+|\s*\/\s*|\s*\|\|?\s*|\s*,\s*|\s*;\s*/i;
const AND_SEPARATOR = /\s+and\s+|\s*&\s*/i;

/** Free-text lists of licenses: `MIT, Apache-2.0`, `MIT/GPL`, `MIT and BSD`. Mixed operators are not guessed. */
function resolveCompound(raw: string): Resolution | undefined {
  const { text, notes } = stripDecorations(raw);
  const hasOr = OR_SEPARATOR.test(text);
  const hasAnd = AND_SEPARATOR.test(text);
  if (hasOr === hasAnd) return undefined;
  const conjunction = hasOr ? 'OR' : 'AND';
  const parts = text.split(hasOr ? OR_SEPARATOR : AND_SEPARATOR).map((p) => p.trim()).filter((p) => p.length > 0);
  if (parts.length < 2) return undefined;
  const resolved: Resolution[] = [];
  for (const part of parts) {
    const r = resolveSingle(part);
    if (!r) return undefined;
    resolved.push(r);
  }
  const unique = [...new Set(resolved.map((r) => r.expression))];
  const expression = joinExpressions(unique, conjunction);
  if (!parseExpression(expression).ok) return undefined;
  return {
    expression,
    confidence: Math.max(0, Math.min(...resolved.map((r) => r.confidence)) - CONFIDENCE.compoundPenalty),
    corrected: true,
    notes: [...notes, `"${text}" read as a list of licenses joined with ${conjunction}`, ...resolved.flatMap((r) => r.notes)],
  };
}

function parseString(value: string, field: string): DeclaredResult {
  const tooBig = expressionLimitProblem(value);
  if (tooBig) {
    // Not parsed, not corrected, not quoted whole: a hostile string stays out of the report.
    return { expression: null, original: truncateForReport(value), corrected: false, confidence: 0, notes: [`${field} is not read: ${tooBig}`] };
  }
  const original = value;
  const text = normalizeWhitespace(value);
  if (text.length === 0) {
    return { expression: null, original, corrected: false, confidence: 0, notes: [`${field} is empty`] };
  }
  if (/^unlicen[cs]ed$/i.test(text)) {
    return {
      expression: UNLICENSED_EXPRESSION,
      original,
      corrected: text !== 'UNLICENSED',
      unlicensed: true,
      confidence: 1,
      notes: [`${field} is UNLICENSED: no license is granted (proprietary), represented as ${UNLICENSED_EXPRESSION}`],
    };
  }
  // `LicenseRef-LICENSE` (Kendo UI) names the package's own license file, as SEE LICENSE IN does.
  const fileRef = /^LicenseRef-((?:LICEN[CS]E|COPYING|EULA)(?:[.-][\w.-]+)?)$/i.exec(text);
  if (fileRef) {
    return { expression: null, original, corrected: false, seeLicenseIn: fileRef[1], confidence: 0, notes: [`${field} "${text}" names the package's license file ${fileRef[1]} (read as SEE LICENSE IN)`] };
  }
  const see = /^see\s+licen[cs]e\s+in\s+(.+)$/i.exec(text);
  if (see) {
    const file = see[1].trim().replace(/^["'`<]+|["'`>]+$/g, '').trim();
    if (!file) return { expression: null, original, corrected: false, confidence: 0, notes: [`${field} says SEE LICENSE IN but names no file`] };
    return { expression: null, original, corrected: false, seeLicenseIn: file, confidence: 0, notes: [`${field} points to ${file} (SEE LICENSE IN)`] };
  }

  const strict = tryStrict(text, CONFIDENCE.valid);
  if (strict) return { expression: strict.expression, original, corrected: strict.corrected, confidence: strict.confidence, notes: strict.notes };
  const prose = readProse(text, field, original);
  if (prose) return prose;

  // Order matters: whole-string aliases first (`MIT/X11` is one license), then lists, then
  // spdx-correct for a single name — spdx-correct keeps only one license of a list.
  const resolution = tryRecased(text) ?? resolveAliasWhole(text) ?? resolveCompound(text) ?? resolveSingle(text);
  if (resolution) {
    return { expression: resolution.expression, original, corrected: true, confidence: resolution.confidence, notes: resolution.notes };
  }
  const parsed = parseExpression(text);
  const why = parsed.ok ? '' : `: ${parsed.error}`;
  return { expression: null, original, corrected: false, confidence: 0, notes: [`${field} "${text}" is not a valid SPDX expression and could not be corrected${why}`] };
}

/**
 * A license field that is a URL or a sentence ("Standard 'no charge' license: https://… Why
 * GreenSock doesn't employ an MIT license: …") is never read as the licenses it merely mentions:
 * a vendor's license URL (data/licenses/commercial.json) or commercial wording says what it is,
 * otherwise it stays unidentified. Null for a short name or list, which the correctors handle.
 */
function readProse(text: string, field: string, original: string): DeclaredResult | null {
  const urls = urlsIn(text);
  const words = text.split(/\s+/).filter((w) => !/^(?:https?:\/\/|www\.)/i.test(w)).length;
  const sentences = /[.!?:]\s+\S/.test(text.replace(/(?:https?:\/\/|www\.)\S+/gi, 'URL'));
  if (urls.length === 0 && words < 10 && !sentences) return null;
  const vendor = vendorByUrl(urls);
  if (vendor) {
    return {
      expression: vendor.expression,
      original,
      corrected: true,
      confidence: CONFIDENCE.prose,
      notes: [`${field} "${text}" points at ${vendor.vendor}'s license terms (data/licenses/commercial.json): read as ${vendor.expression}`],
    };
  }
  // Prose is rare in a license field: the text matcher loads only when one turns up.
  const commercial = words >= 4 ? (require('./text/commercial') as typeof import('./text/commercial')).commercialTerms(text) : null;
  if (commercial) {
    const expression = commercial.ids.join(' OR ');
    return { expression, original, corrected: true, confidence: CONFIDENCE.prose, notes: [`${field} "${text}": ${commercial.cue}; read as ${expression}`] };
  }
  // "MIT (https://…)", "see https://…/LICENSE": a name beside a link is still a name.
  if (words < 6 && !sentences) return null;
  // Read like a license file's prose: a name counts only after a licensing verb ("Released
  // under the MIT License"), never in "Why GreenSock doesn't employ an MIT license".
  const asText = (require('./text/identify') as typeof import('./text/identify')).identifyText(text);
  if (asText.expression) {
    return {
      expression: asText.expression,
      original,
      corrected: true,
      confidence: Math.min(CONFIDENCE.prose, asText.confidence),
      notes: [`${field} "${text}" is prose; read as a license text: ${asText.expression}`],
    };
  }
  return {
    expression: null,
    original,
    corrected: false,
    confidence: 0,
    notes: [`${field} "${text}" is prose, not a license expression; the licenses it mentions are not read as its terms`],
  };
}

function resolveAliasWhole(text: string): Resolution | undefined {
  const { text: stripped, notes } = stripDecorations(text);
  const alias = loadTables().aliases.get(aliasKey(stripped));
  if (!alias) return undefined;
  return { expression: alias, confidence: CONFIDENCE.alias, corrected: true, notes: [...notes, `"${stripped}" mapped to ${alias} (alias table)`] };
}

/** npm's legacy `{ type, url }` form; a license URL is used when `type` is missing. */
function parseLegacyObject(value: Record<string, unknown>, field: string): DeclaredResult {
  const original = stringify(value);
  const type = value.type ?? value.name ?? value.license;
  if (typeof type === 'string' && type.trim().length > 0) {
    const inner = parseString(type, `${field}.type`);
    return {
      ...inner,
      original,
      corrected: inner.expression !== null ? true : inner.corrected,
      confidence: inner.expression !== null ? Math.max(0, inner.confidence - CONFIDENCE.legacyPenalty) : inner.confidence,
      notes: [`${field} uses the legacy {type, url} object form`, ...inner.notes],
    };
  }
  const url = typeof value.url === 'string' ? value.url : undefined;
  if (url) {
    const fromUrl = /licen[cs]es?\/([A-Za-z0-9.+-]+?)(?:\.(?:html?|php|txt|md))?\/?$/i.exec(url);
    if (fromUrl) {
      const inner = parseString(fromUrl[1], `${field}.url`);
      if (inner.expression) {
        return { ...inner, original, corrected: true, confidence: Math.min(inner.confidence, CONFIDENCE.spdxCorrect) - CONFIDENCE.legacyPenalty, notes: [`${field} has no type; license taken from its url ${url}`, ...inner.notes] };
      }
    }
    return { expression: null, original, corrected: false, confidence: 0, notes: [`${field} object has no type and its url (${url}) does not name a known license`] };
  }
  return { expression: null, original, corrected: false, confidence: 0, notes: [`${field} object has neither a type nor a url`] };
}

/** Legacy `licenses: [...]`: several entries mean the user may choose, so they are joined with OR. */
function parseArray(values: unknown[], field: string): DeclaredResult {
  const original = stringify(values);
  if (values.length === 0) return { expression: null, original, corrected: false, confidence: 0, notes: [`${field} is an empty array`] };
  const results = values.map((item, index) => parseDeclared(item, `${field}[${index}]`));
  const found = results.filter((r) => r.expression !== null);
  const notes = results.flatMap((r) => r.notes);
  const seeLicenseIn = results.find((r) => r.seeLicenseIn)?.seeLicenseIn;
  if (found.length === 0) {
    return { expression: null, original, corrected: false, confidence: 0, notes, ...(seeLicenseIn ? { seeLicenseIn } : {}) };
  }
  const unique = [...new Set(found.map((r) => r.expression as string))];
  const expression = joinExpressions(unique, 'OR');
  const multiple = unique.length > 1;
  if (multiple) notes.unshift(`${field} lists ${unique.length} licenses; joined with OR (the licensee may choose)`);
  if (found.length < results.length) notes.push(`${field}: ${results.length - found.length} entr${results.length - found.length === 1 ? 'y' : 'ies'} could not be identified and were left out`);
  const confidence = Math.max(0, Math.min(...found.map((r) => r.confidence)) - CONFIDENCE.legacyPenalty - (found.length < results.length ? 0.2 : 0));
  return {
    expression,
    original,
    corrected: true,
    confidence,
    notes,
    ...(found.some((r) => r.unlicensed) ? { unlicensed: true } : {}),
    ...(seeLicenseIn ? { seeLicenseIn } : {}),
  };
}

/**
 * Parses a manifest's declared license value (`license`, legacy `licenses`, lockfile `license`,
 * PEP 639 `License-Expression`, …) into an SPDX expression. `field` names the field in notes.
 */
export function parseDeclared(value: unknown, field: string): DeclaredResult {
  // A tree declares the same few strings thousands of times ("MIT", "ISC", …).
  const key = typeof value === 'string' ? `${field}\0${value}` : undefined;
  const known = key === undefined ? undefined : declaredMemo.get(key);
  if (known) return { ...known, notes: [...known.notes] };
  const parsed = parseDeclaredValue(value, field);
  const result = { ...parsed, confidence: Math.round(parsed.confidence * 100) / 100 };
  if (key !== undefined) {
    setBounded(declaredMemo, key, { ...result, notes: [...result.notes] }, DECLARED_MEMO_LIMIT);
  }
  return result;
}

const DECLARED_MEMO_LIMIT = 10_000;

/** The first characters of a refused declaration, marked as cut, for the report's `declared`. */
function truncateForReport(value: string): string {
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}
const declaredMemo = new Map<string, DeclaredResult>();

function parseDeclaredValue(value: unknown, field: string): DeclaredResult {
  try {
    if (value === undefined || value === null) {
      return { expression: null, original: '', corrected: false, confidence: 0, notes: [`no license declared in ${field}`] };
    }
    if (typeof value === 'string') return parseString(value, field);
    if (Array.isArray(value)) return parseArray(value, field);
    if (typeof value === 'object') return parseLegacyObject(value as Record<string, unknown>, field);
    return {
      expression: null,
      original: stringify(value),
      corrected: false,
      confidence: 0,
      notes: [`${field} is a ${typeof value}, not a license string`],
    };
  } catch (error) {
    // A missing knowledge base (the alias table) is fatal; any other bug here must not abort a scan.
    if (error instanceof FatalError) throw error;
    return {
      expression: null,
      original: stringify(value),
      corrected: false,
      confidence: 0,
      notes: [`${field} could not be interpreted: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
}
