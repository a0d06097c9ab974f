/**
 * What an AI model's terms are once its lineage is known. Runs after identify + classify, on the
 * `huggingface` components only:
 * - a model with no license evidence of its own (referenced from code, not in the local cache)
 *   takes the license its card on the Hub declares when it is one of the well-known models of
 *   `data/licenses/models.json` (`knownModels`, `ollamaLibrary`), with lower confidence and a note;
 * - a derived model is bound by its base models' licenses whatever its own card says (a fine-tune
 *   of Llama 3.1 is under the Llama 3.1 Community License): every base license its own
 *   expression lacks is added with AND, and the note says which base and how it was found.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClassifiedLicense, Component, Profile } from '../types';
import { packageRoot } from '../paths';
import { parseDeclared } from '../identify/declared';
import { classify } from './index';
import { leaves, parseExpression } from './expression';

interface KnownModel {
  pattern: string;
  license: string;
  source?: string;
}

interface ModelsData {
  licenses: Record<string, unknown>;
  hubKeys: Record<string, string>;
  knownModels: KnownModel[];
  knownModelsSource: string;
  ollamaLibrary: KnownModel[];
  ollamaLibrarySource: string;
}

let data: { licenseIds: Set<string>; hubKeys: Map<string, string>; hub: { regex: RegExp; entry: KnownModel }[]; ollama: { regex: RegExp; entry: KnownModel }[]; hubSource: string; ollamaSource: string } | undefined;

function load(): NonNullable<typeof data> {
  if (data) return data;
  const file = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'data', 'licenses', 'models.json'), 'utf8')) as ModelsData;
  data = {
    licenseIds: new Set(Object.keys(file.licenses)),
    hubKeys: new Map(Object.entries(file.hubKeys).map(([k, v]) => [k.toLowerCase(), v])),
    hub: file.knownModels.map((entry) => ({ regex: new RegExp(entry.pattern, 'i'), entry })),
    ollama: file.ollamaLibrary.map((entry) => ({ regex: new RegExp(entry.pattern, 'i'), entry })),
    hubSource: file.knownModelsSource,
    ollamaSource: file.ollamaLibrarySource,
  };
  return data;
}

/** A license of data/licenses/models.json (an AI model license, not a software one). */
export function isModelLicenseId(id: string): boolean {
  return load().licenseIds.has(id);
}

/** The license id a Hugging Face Hub license key (`llama3.1`, `gemma`, `openrail++`…) stands for. */
export function licenseIdForHubKey(key: string): string | undefined {
  return load().hubKeys.get(key.trim().toLowerCase());
}

const OLLAMA_PREFIX = 'ollama.com/library/';

/** The license key a well-known model's card declares, with where that fact comes from. */
export function knownModelLicense(modelId: string, tag = ''): { license: string; source: string } | undefined {
  const d = load();
  if (modelId.startsWith(OLLAMA_PREFIX)) {
    const name = `${modelId.slice(OLLAMA_PREFIX.length)}${tag ? `:${tag}` : ''}`;
    const hit = d.ollama.find((k) => k.regex.test(name));
    return hit ? { license: hit.entry.license, source: `${d.ollamaSource} (${modelId})` } : undefined;
  }
  const hit = d.hub.find((k) => k.regex.test(modelId));
  return hit ? { license: hit.entry.license, source: hit.entry.source ?? d.hubSource } : undefined;
}

function expressionOf(raw: string): string | null {
  return parseDeclared(raw, 'license').expression;
}

function leafIds(expression: string): Set<string> {
  const parsed = parseExpression(expression);
  return new Set(parsed.ok ? leaves(parsed.node).map((l) => l.license) : [expression]);
}

export function resolveModelLicenses(components: Component[], profile: Profile): void {
  for (const c of components) {
    if (c.ecosystem !== 'huggingface' || !c.model || !c.license) continue;
    if (c.license.expression === null && !c.evidence.some((e) => e.kind === 'declared' || e.kind === 'override')) {
      const known = knownModelLicense(c.name, c.version);
      const expression = known ? expressionOf(known.license) : null;
      if (known && expression) {
        c.license = classify(
          {
            expression,
            confidence: 0.8,
            source: 'declared',
            declared: known.license,
            notes: [...c.license.notes.filter((n) => !n.startsWith('no license evidence')), `no model card found locally; license from license-risk's table of well-known models: ${known.source}`],
          },
          profile,
        );
      }
    }
    // The card's own declaration as an expression, for the report and the model-terms rule.
    if (c.model.cardLicense) c.model.cardLicense = expressionOf(c.model.cardLicense) ?? c.model.cardLicense;
    if (c.model.lineage?.length) bindToBaseModels(c, profile);
  }
}

function bindToBaseModels(c: Component, profile: Profile): void {
  const lineage = c.model!.lineage!;
  const own = c.license!.expression;
  const ownIds = own ? leafIds(own) : new Set<string>();
  const added: string[] = [];
  const notes: string[] = [];
  for (const step of lineage) {
    let raw = step.license;
    if (raw === null) {
      const known = knownModelLicense(step.model);
      if (known) {
        raw = known.license;
        step.via += `; license from license-risk's table of well-known models: ${known.source}`;
      }
    }
    const expression = raw === null ? null : expressionOf(raw);
    step.license = expression ?? (raw === null ? null : raw);
    if (!expression) {
      notes.push(`base model ${step.model}: license not known (${step.via})`);
      continue;
    }
    const missing = [...leafIds(expression)].some((id) => !ownIds.has(id));
    if (!missing || added.includes(expression)) continue;
    added.push(expression);
    notes.push(`bound by base model ${step.model}'s license ${expression} (${step.via})`);
  }
  if (added.length === 0) {
    if (notes.length) c.license = { ...c.license!, notes: [...c.license!.notes, ...notes] };
    return;
  }
  const parts = [...(own ? [own] : []), ...added].map((e) => (/\s(OR|AND)\s/.test(e) ? `(${e})` : e));
  const combined = parts.join(' AND ');
  const previous = c.license!;
  const reclassified: ClassifiedLicense = classify({ ...previous, expression: combined, notes: [...previous.notes, ...notes] }, profile);
  c.license = reclassified;
}
