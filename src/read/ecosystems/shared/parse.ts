import { parse as parseToml, TomlError } from 'smol-toml';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseJsonLocated, JsonSyntaxError, type LocatedJson } from '../../locate';
import type { Diagnostic, ReadContext } from '../../../types';
import type { CacheFs } from './cache-fs';
import { diag, errorMessage } from './diagnostics';
import { isRecord } from '../../../util/record';
import { findExcessiveNesting, nestingMessage } from '../../nesting';

/**
 * Lockfiles of large projects legitimately pass the 1 MB manifest cap (a big Cargo.lock or
 * poetry.lock runs to a few MB); past this they are refused as hostile.
 */
export const LOCKFILE_MAX_BYTES = 16 * 1024 * 1024;
const LOCKFILE_NAME = /^(poetry\.lock|uv\.lock|Pipfile\.lock|Cargo\.lock|go\.sum|modules\.txt|gradle\.lockfile|composer\.lock|installed\.json|Gemfile\.lock|packages\.lock\.json)$/;

/** Reads a file of the checkout; a failure becomes a diagnostic and `undefined`. */
export async function readCheckoutText(ctx: ReadContext, rel: string, diagnostics: Diagnostic[]): Promise<string | undefined> {
  try {
    const res = await ctx.fs.readText(rel, LOCKFILE_NAME.test(baseName(rel)) ? { maxBytes: LOCKFILE_MAX_BYTES } : undefined);
    if (!res.ok) {
      diagnostics.push({ ...res.diagnostic, file: res.diagnostic.file || rel });
      return undefined;
    }
    return res.text;
  } catch (err) {
    diagnostics.push(diag('unreadable', rel, `cannot read: ${errorMessage(err)}`));
    return undefined;
  }
}

/** Reads a cache file (outside the checkout); a failure becomes a diagnostic and `undefined`. */
export async function readCacheText(cache: CacheFs, abs: string, diagnostics: Diagnostic[]): Promise<string | undefined> {
  const res = await cache.readText(abs);
  if (!res.ok) {
    diagnostics.push(res.diagnostic);
    return undefined;
  }
  return res.text;
}

export function parseTomlDocument(file: string, text: string, diagnostics: Diagnostic[]): Record<string, unknown> | undefined {
  const tooDeep = findExcessiveNesting(text, undefined, { singleQuotes: true });
  if (tooDeep >= 0) {
    const { message, line, column } = nestingMessage(text, tooDeep);
    diagnostics.push(diag('too-deep', file, message, { line, column }));
    return undefined;
  }
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof TomlError) {
      diagnostics.push(diag('invalid-toml', file, `invalid TOML: ${errorMessage(err)}`, { line: err.line, column: err.column }));
    } else {
      diagnostics.push(diag('invalid-toml', file, `invalid TOML: ${errorMessage(err)}`));
    }
    return undefined;
  }
}

export function parseJsonDocument(
  file: string,
  text: string,
  diagnostics: Diagnostic[],
  opts: { allowComments?: boolean } = {},
): LocatedJson | undefined {
  try {
    return parseJsonLocated(text, opts);
  } catch (err) {
    if (err instanceof JsonSyntaxError) {
      diagnostics.push(diag('invalid-json', file, err.message, { line: err.line, column: err.column }));
    } else {
      diagnostics.push(diag('invalid-json', file, `invalid JSON: ${errorMessage(err)}`));
    }
    return undefined;
  }
}

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Versions like 1.10 must stay strings.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  removeNSPrefix: true,
  processEntities: true,
  htmlEntities: false,
});

/**
 * Parses XML that must be well formed, throwing with the line of the first problem. The one XML
 * parser configuration of the tool (POMs and nuspecs from the checkout, caches or registries).
 */
export function parseXmlStrict(text: string): unknown {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`malformed XML (line ${valid.err.line}: ${valid.err.msg})`);
  return xmlParser.parse(text);
}

/** Parses XML after validating it, so a malformed file is a positioned diagnostic. */
export function parseXmlDocument(file: string, text: string, diagnostics: Diagnostic[]): Record<string, unknown> | undefined {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    diagnostics.push(
      diag('invalid-xml', file, `invalid XML: ${valid.err.msg}`, { line: valid.err.line, column: valid.err.col }),
    );
    return undefined;
  }
  try {
    const doc = xmlParser.parse(text) as unknown;
    return isRecord(doc) ? doc : undefined;
  } catch (err) {
    diagnostics.push(diag('invalid-xml', file, `invalid XML: ${errorMessage(err)}`));
    return undefined;
  }
}

/** Re-exported for this folder's modules, which import their helpers from here. */
export { isRecord };

export function asArray<T = unknown>(v: unknown): T[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]) as T[];
}

/** Text content of an XML node (`"x"` or `{ "#text": "x", "@_attr": … }`), trimmed; '' when none. */
export function xmlText(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isRecord(v) && v['#text'] !== undefined) return xmlText(v['#text']);
  return '';
}

export function xmlAttr(v: unknown, name: string): string | undefined {
  if (!isRecord(v)) return undefined;
  const a = v[`@_${name}`];
  return typeof a === 'string' ? a : undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Joins a relative folder and a name with `/`, treating `.` as the root. */
export function joinRel(dir: string, name: string): string {
  if (!dir || dir === '.') return name;
  return `${dir}/${name}`;
}

export function dirOf(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i < 0 ? '.' : rel.slice(0, i);
}

export function baseName(rel: string): string {
  return rel.slice(rel.lastIndexOf('/') + 1);
}

/**
 * A license file name: LICENSE, LICENSE.md, LICENSE-MIT, MIT-LICENSE, COPYING, UNLICENSE.
 * NOTICE is left out (attribution, not a license); `licensed.rb`-like names do not match.
 */
export const LICENSE_FILE_NAME = /(^|[-_.])(un)?licen[cs]e([-_.]|$)|^copying([-_.]|$)|^copyright$|^patents$/i;
