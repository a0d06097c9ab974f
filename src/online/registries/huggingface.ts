/**
 * Hugging Face Hub model API (`<base>api/models/<org>/<name>[/revision/<rev>]`): the card's
 * metadata (`cardData.license`, `license_name` when the license is `other`, `base_model`), or
 * failing that the `license:<key>` tag the Hub derives from it. `HF_TOKEN` is sent to the Hub
 * itself only (gated models such as Llama answer their metadata without it).
 */
import type { Component } from '../../types';
import { failed, isRecord, joinUrl, nonEmptyString, pathSegment, unusable, type LookupOutcome, type RegistryLookup } from '../lookup';

interface HubModel {
  license?: string;
  licenseName?: string;
  baseModels: string[];
  sha?: string;
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : [];
}

function reduceModel(parsed: unknown): HubModel {
  if (!isRecord(parsed) || (parsed.id === undefined && parsed.modelId === undefined)) throw new Error('response is not a Hub model document (no "id")');
  const card = isRecord(parsed.cardData) ? parsed.cardData : {};
  const tagLicense = strings(parsed.tags).find((t) => t.startsWith('license:'))?.slice('license:'.length);
  const model: HubModel = { baseModels: strings(card.base_model) };
  const license = strings(card.license).join(' AND ') || tagLicense;
  if (license) model.license = license;
  const name = nonEmptyString(card.license_name);
  if (name) model.licenseName = name;
  const sha = nonEmptyString(parsed.sha);
  if (sha) model.sha = sha;
  return model;
}

function reviveModel(cached: unknown): HubModel | null {
  return isRecord(cached) && Array.isArray(cached.baseModels) ? (cached as unknown as HubModel) : null;
}

export const lookupHuggingface: RegistryLookup = async (component: Component, ctx): Promise<LookupOutcome> => {
  const ep = ctx.settings.huggingface;
  if (!ep.ok) return unusable(ep);
  if (component.name.startsWith('ollama.com/')) return { kind: 'unsupported', reason: 'Ollama library models have no Hub metadata' };
  const segments = component.name.split('/').map(pathSegment).join('/');
  const url = joinUrl(ep.url, `api/models/${segments}${component.version ? `/revision/${pathSegment(component.version)}` : ''}`);
  const result = await ctx.client.fetch<HubModel>({ url, format: 'json', reduce: reduceModel, revive: reviveModel, authorization: ep.authorization });
  if (!result.ok) return failed(url, result.error);
  const { license, licenseName, baseModels } = result.data;
  // The base models the Hub names join the lineage the cache could not give (src/classify/models.ts).
  if (component.model && baseModels.length && !component.model.lineage?.length) {
    component.model.baseModels = [...baseModels];
    component.model.lineage = baseModels.map((model) => ({ model, license: null, via: `base_model of ${component.name} on ${url.host}` }));
    component.model.origin = 'online';
  }
  const values = [license && license.toLowerCase() !== 'other' && license.toLowerCase() !== 'unknown' ? license : licenseName].filter((v): v is string => !!v);
  return values.length ? { kind: 'found', host: url.host, values } : { kind: 'no-license', host: url.host };
};
