import * as path from 'node:path';
import * as fs from 'node:fs';
import { readRegularFileSync } from '../read/fs';
import type { Diagnostic, LoadedConfig } from '../types';
import { findExcessiveNesting, nestingMessage } from '../read/nesting';
import { FatalError } from '../errors';

export const CONFIG_MODULE_NAME = 'license-risk';

/** Where a config may live, in the order they are tried (first found wins). */
export const CONFIG_SEARCH_PLACES = [
  'package.json',
  '.license-riskrc',
  '.license-riskrc.json',
  '.license-riskrc.yaml',
  '.license-riskrc.yml',
  'license-risk.config.js',
  'license-risk.config.cjs',
  'license-risk.config.mjs',
];

/** Config files that are programs: loading one runs it. */
export const EXECUTABLE_CONFIG = /\.(c|m)?js$/;

/** The environment variable that says the scanned checkout is trusted to run its own config code. */
export const TRUST_CONFIG_ENV = 'LICENSE_RISK_TRUST_CONFIG';

/** Settings files are small: past this one is refused, not read. */
const CONFIG_MAX_BYTES = 1024 * 1024;

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Where a skipped executable config is said (one line); default: nowhere. */
  notice?: (diagnostic: Diagnostic) => void;
}

/**
 * Loads the config from `--config FILE`, or searches the scanned root only (not its parents, so
 * the same checkout gives the same result wherever it sits). A config that cannot be read or
 * is invalid is fatal: the message names the file and the key path.
 *
 * The checkout is untrusted (a pull request from anyone): from it only data formats are read —
 * JSON, YAML and the `package.json` key. A `license-risk.config.{js,cjs,mjs}` found there is a
 * program and is not run unless `--config` names it or LICENSE_RISK_TRUST_CONFIG=1 says the
 * checkout is trusted; skipping it is said in one line. Files are read and parsed here, never
 * through cosmiconfig's search, which also runs a `.config/config.js` from the working
 * directory and follows `$import` keys into other files.
 */
export async function loadConfig(root: string, explicitPath?: string, opts: LoadConfigOptions = {}): Promise<LoadedConfig> {
  let result: { config: unknown; filepath: string } | null = null;
  if (explicitPath) {
    const abs = path.resolve(explicitPath);
    if (!fs.existsSync(abs)) throw new FatalError(`--config: file not found: ${explicitPath}`);
    if (!fs.statSync(abs).isFile()) throw new FatalError(`--config: not a regular file: ${explicitPath}`);
    result = { config: await loadConfigFile(abs, true), filepath: abs };
  } else {
    const trusted = (opts.env ?? process.env)[TRUST_CONFIG_ENV] === '1';
    for (const place of CONFIG_SEARCH_PLACES) {
      const file = path.join(root, place);
      const stat = statOrUndefined(file);
      if (!stat || stat.isDirectory()) continue;
      if (!stat.isFile()) throw new FatalError(`${displayPath(file)}: cannot read config: not a regular file`);
      if (EXECUTABLE_CONFIG.test(place) && !trusted) {
        opts.notice?.({
          code: 'config-not-executed',
          severity: 'warn',
          file: place,
          message: `executable config not run: the checkout is untrusted (name it with --config ${place}, or set ${TRUST_CONFIG_ENV}=1, to run it)`,
        });
        continue;
      }
      const config = await loadConfigFile(file, trusted);
      // package.json without the key is not a config: keep looking.
      if (config === undefined) continue;
      result = { config, filepath: file };
      break;
    }
  }
  if (!result || result.config === undefined || result.config === null) return { config: {}, filepath: result?.filepath ?? null };

  const file = displayPath(result.filepath);
  if (typeof result.config !== 'object' || Array.isArray(result.config)) throw new FatalError(`${file}: invalid config: expected an object`);
  normaliseYamlDates(result.config);
  // The validator (and the rule modules it checks against) loads only when there is a config.
  const { validateConfig } = require('./validate') as typeof import('./validate');
  const problems = validateConfig(result.config);
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more: ${problems.slice(1).join('; ')})` : '';
    throw new FatalError(`${file}: invalid config: ${problems[0]}${more}`);
  }
  return { config: result.config, filepath: result.filepath };
}

/**
 * What sits at a config place, undefined when nothing does. Something there that cannot be
 * followed (a dangling symlink, a loop, no permission) is a config that cannot be read: fatal,
 * never silently skipped (the profile would fall back to the default).
 */
function statOrUndefined(file: string): fs.Stats | undefined {
  let link: fs.Stats;
  try {
    link = fs.lstatSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new FatalError(`${displayPath(file)}: cannot read config: ${code ?? firstLine(err)}`);
  }
  if (!link.isSymbolicLink()) return link;
  try {
    return fs.statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new FatalError(`${displayPath(file)}: cannot read config: ${code === 'ENOENT' ? 'broken symbolic link' : code ?? firstLine(err)}`);
  }
}

/**
 * One config file's value: `undefined` for a package.json without the key. Unreadable or
 * malformed is fatal, naming the file. `mayExecute` is true only for a trusted source.
 */
async function loadConfigFile(abs: string, mayExecute: boolean): Promise<unknown> {
  const base = path.basename(abs);
  if (EXECUTABLE_CONFIG.test(base)) {
    if (!mayExecute) throw new FatalError(`${displayPath(abs)}: cannot read config: executable config not run`);
    try {
      // cosmiconfig's own JS loader (import() with a require() fallback), without its search.
      const { defaultLoaders } = await import('cosmiconfig');
      return await defaultLoaders[path.extname(abs) as '.js'](abs, '');
    } catch (err) {
      throw new FatalError(`${displayPath(abs)}: cannot read config: ${firstLine(err)}`);
    }
  }
  let text: string;
  try {
    text = readRegularFileSync(abs, CONFIG_MAX_BYTES);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOTREG' ? 'not a regular file' : code === 'EFBIG' ? `larger than ${CONFIG_MAX_BYTES} bytes` : code ?? firstLine(err);
    throw new FatalError(`${displayPath(abs)}: cannot read config: ${why}`);
  }
  try {
    const tooDeep = findExcessiveNesting(text, undefined, { singleQuotes: !/\.json$/.test(base) });
    if (tooDeep >= 0) throw new Error(nestingMessage(text, tooDeep).message);
    if (base === 'package.json') {
      const manifest: unknown = JSON.parse(text);
      if (manifest === null || typeof manifest !== 'object' || !Object.prototype.hasOwnProperty.call(manifest, CONFIG_MODULE_NAME)) return undefined;
      return (manifest as Record<string, unknown>)[CONFIG_MODULE_NAME];
    }
    if (/\.json$/.test(base)) return text.trim() === '' ? undefined : JSON.parse(text);
    // `.license-riskrc` (no extension) is YAML, which JSON is a subset of; aliases are capped against bombs.
    const { parseDocument } = require('yaml') as typeof import('yaml');
    const doc = parseDocument(text, { uniqueKeys: true });
    if (doc.errors.length > 0) throw doc.errors[0];
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new FatalError(`${displayPath(abs)}: cannot read config: ${firstLine(err)}`);
  }
}

function displayPath(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') ? rel : abs;
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0];
}

/** YAML turns `expires: 2026-01-31` into a Date; the config contract is a YYYY-MM-DD string. */
function normaliseYamlDates(config: unknown): void {
  const exceptions = (config as { exceptions?: unknown } | null)?.exceptions;
  if (!Array.isArray(exceptions)) return;
  for (const entry of exceptions) {
    if (entry && typeof entry === 'object' && (entry as { expires?: unknown }).expires instanceof Date) {
      const date = (entry as { expires: Date }).expires;
      if (!Number.isNaN(date.getTime())) (entry as { expires: unknown }).expires = date.toISOString().slice(0, 10);
    }
  }
}
