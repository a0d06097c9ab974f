import * as path from 'node:path';
import * as fs from 'node:fs';
import { readRegularFileSync } from '../read/fs';
import type { Config, LoadedConfig } from '../types';
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

/**
 * Loads the config from `--config FILE`, or searches the scanned root only (not its parents, so
 * the same checkout gives the same result wherever it sits). A config that cannot be read or
 * is invalid is fatal: the message names the file and the key path.
 */
export async function loadConfig(root: string, explicitPath?: string): Promise<LoadedConfig> {
  // cosmiconfig pulls in a YAML parser and more: most checkouts have no config, so look first.
  if (!explicitPath && !mayHaveConfig(root)) return { config: {}, filepath: null };
  refuseNonRegularFiles(process.cwd(), COSMICONFIG_META_PLACES);
  const { cosmiconfig } = await import('cosmiconfig');
  const explorer = cosmiconfig(CONFIG_MODULE_NAME, {
    searchPlaces: CONFIG_SEARCH_PLACES,
    searchStrategy: 'none',
    cache: false,
  });

  let result: { config: unknown; filepath: string; isEmpty?: boolean } | null;
  if (explicitPath) {
    const abs = path.resolve(explicitPath);
    if (!fs.existsSync(abs)) throw new FatalError(`--config: file not found: ${explicitPath}`);
    if (!fs.statSync(abs).isFile()) throw new FatalError(`--config: not a regular file: ${explicitPath}`);
    try {
      result = await explorer.load(abs);
    } catch (err) {
      throw new FatalError(`${displayPath(abs)}: cannot read config: ${firstLine(err)}`);
    }
  } else {
    refuseNonRegularFiles(root, CONFIG_SEARCH_PLACES);
    try {
      result = await explorer.search(root);
    } catch (err) {
      const file = (err as { filepath?: string }).filepath;
      throw new FatalError(`${file ? displayPath(file) : 'config'}: cannot read config: ${firstLine(err)}`);
    }
  }
  if (!result || result.isEmpty) return { config: {}, filepath: result?.filepath ?? null };

  const file = displayPath(result.filepath);
  normaliseYamlDates(result.config);
  // The validator (and the rule modules it checks against) loads only when there is a config.
  const { validateConfig } = require('./validate') as typeof import('./validate');
  const problems = validateConfig(result.config);
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more: ${problems.slice(1).join('; ')})` : '';
    throw new FatalError(`${file}: invalid config: ${problems[0]}${more}`);
  }
  return { config: result.config as Config, filepath: result.filepath };
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

/**
 * Where cosmiconfig itself looks, in the working directory, for a "meta" config of its own
 * (its README, "Usage for end users"), synchronously, whenever it is set up.
 */
const COSMICONFIG_META_PLACES = ['package.json', 'package.yaml', '.config/config.json', '.config/config.yaml', '.config/config.yml', '.config/config.js', '.config/config.ts', '.config/config.cjs', '.config/config.mjs'];

/** cosmiconfig reads with readFile: a FIFO named like a config file would block the run forever. */
function refuseNonRegularFiles(dir: string, places: string[]): void {
  for (const place of places) {
    const file = path.join(dir, place);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat && !stat.isFile() && !stat.isDirectory()) throw new FatalError(`${displayPath(file)}: cannot read config: not a regular file`);
  }
}

/** Cheap pre-check: a config file exists, or package.json mentions the config key. */
function mayHaveConfig(root: string): boolean {
  for (const place of CONFIG_SEARCH_PLACES) {
    const file = path.join(root, place);
    if (place === 'package.json') {
      try {
        if (readRegularFileSync(file).includes(`"${CONFIG_MODULE_NAME}"`)) return true;
      } catch {
        // no package.json, or unreadable: the scan reports it
      }
    } else if (fs.existsSync(file)) {
      return true;
    }
  }
  return false;
}
