/**
 * Hugging Face model cards: a README.md whose YAML front matter (between `---` lines) carries
 * the model's metadata (https://huggingface.co/docs/hub/model-cards#model-card-metadata).
 * Only the fields license-risk needs are kept: `license`, `license_name`, `license_link`,
 * `base_model`, `datasets`, with the line each license field is on.
 */
import { findExcessiveNesting, nestingMessage } from '../../nesting';
import type { Diagnostic } from '../../../types';
import { diag, errorMessage } from '../shared/diagnostics';

export interface ModelCard {
  /** `license` as written: a Hub key (`llama3.1`, `apache-2.0`, `other`), or a list. */
  license?: string | string[];
  /** With `license: other`, the custom license's name (`llama4`, `qwen`, `mnpl`…). */
  licenseName?: string;
  /** Where the custom license's text is: a file of the repository or a URL. */
  licenseLink?: string;
  baseModels: string[];
  datasets: string[];
  /** 1-based line of the `license` key (or of the front matter when there is none). */
  licenseLine: number;
  /** Any metadata at all: a README without front matter is not a model card. */
  hasFrontMatter: boolean;
  /** Keys that only model cards use (`pipeline_tag`, `library_name`, `base_model`, `model-index`…). */
  looksLikeModelCard: boolean;
  /** Keys model cards share with other front matter (`language`, `tags`, `datasets`, `metrics`). */
  hasCardKeys: boolean;
}

const MODEL_KEYS = ['pipeline_tag', 'library_name', 'base_model', 'model-index', 'model_name', 'inference', 'widget', 'license_name', 'license_link', 'extra_gated_prompt', 'extra_gated_fields'];
const CARD_KEYS = ['language', 'tags', 'datasets', 'metrics', 'thumbnail', 'co2_eq_emissions'];

/** The YAML between a leading `---` line and the next `---` line, with its first line number. */
export function frontMatter(text: string): { yaml: string; firstLine: number } | undefined {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const m = /^---[ \t]*\r?\n/.exec(src);
  if (!m) return undefined;
  const rest = src.slice(m[0].length);
  const end = /^---[ \t]*$/m.exec(rest);
  if (!end) return undefined;
  return { yaml: rest.slice(0, end.index), firstLine: 2 };
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
  return [];
}

function lineOfKey(yamlText: string, key: string, firstLine: number): number | undefined {
  const lines = yamlText.split(/\r?\n/);
  const re = new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:`);
  const at = lines.findIndex((l) => re.test(l));
  return at < 0 ? undefined : firstLine + at;
}

/**
 * Reads a card's metadata; undefined when the text has no front matter. Broken YAML is one
 * diagnostic naming the file, and the card counts as having no metadata.
 */
export function parseModelCard(file: string, text: string, diagnostics: Diagnostic[]): ModelCard | undefined {
  const fm = frontMatter(text);
  if (!fm) return undefined;
  const tooDeep = findExcessiveNesting(fm.yaml, undefined, { singleQuotes: true });
  if (tooDeep >= 0) {
    diagnostics.push(diag('too-deep', file, `model card front matter ${nestingMessage(fm.yaml, tooDeep).message}`, { line: fm.firstLine }, 'error'));
    return undefined;
  }
  const { parse } = require('yaml') as typeof import('yaml');
  let doc: unknown;
  try {
    doc = parse(fm.yaml, { maxAliasCount: 100 });
  } catch (err) {
    diagnostics.push(diag('invalid-yaml', file, `model card front matter is not valid YAML: ${errorMessage(err)}`, { line: fm.firstLine }));
    return undefined;
  }
  if (doc === null || doc === undefined) return { baseModels: [], datasets: [], licenseLine: 1, hasFrontMatter: true, looksLikeModelCard: false, hasCardKeys: false };
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    diagnostics.push(diag('invalid-model-card', file, 'model card front matter is not a mapping of keys to values', { line: fm.firstLine }));
    return undefined;
  }
  const meta = doc as Record<string, unknown>;
  const license = typeof meta.license === 'string' ? meta.license.trim() || undefined : strings(meta.license).length ? strings(meta.license) : undefined;
  const card: ModelCard = {
    baseModels: strings(meta.base_model),
    datasets: strings(meta.datasets),
    licenseLine: lineOfKey(fm.yaml, 'license', fm.firstLine) ?? 1,
    hasFrontMatter: true,
    looksLikeModelCard: MODEL_KEYS.some((k) => k in meta),
    hasCardKeys: CARD_KEYS.some((k) => k in meta),
  };
  if (license !== undefined) card.license = license;
  const name = strings(meta.license_name)[0];
  if (name) card.licenseName = name;
  const link = strings(meta.license_link)[0];
  if (link) card.licenseLink = link;
  return card;
}

/**
 * The license a card declares, as one value for the identify stage: the custom license's name
 * when `license: other`, the key otherwise; several keys apply together. Undefined when the
 * card says nothing usable (`unknown`, or `other` with no name).
 */
export function declaredLicense(card: ModelCard): string | undefined {
  const keys = Array.isArray(card.license) ? card.license : card.license ? [card.license] : [];
  const usable = keys.flatMap((k) => (k.toLowerCase() === 'other' ? (card.licenseName ? [card.licenseName] : []) : k.toLowerCase() === 'unknown' ? [] : [k]));
  if (usable.length === 0 && card.licenseName && keys.length === 0) usable.push(card.licenseName);
  if (usable.length === 0) return undefined;
  return usable.length === 1 ? usable[0] : usable.map((k) => (/\s/.test(k) ? `(${k})` : k)).join(' AND ');
}

export { errorMessage };
