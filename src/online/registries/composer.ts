/**
 * Packagist metadata v2 (`/p2/<vendor>/<name>.json`, dev branches in `~dev.json`). Its version
 * lists are "minified" (composer/2.0): each entry repeats only the fields that changed from
 * the entry before it, and `"__unset"` removes one. `license` is an array meaning a choice.
 */
import { failed, isRecord, joinUrl, unusable, type LookupOutcome, type RegistryLookup } from '../lookup';

interface PackagistVersion {
  version: string;
  normalized?: string;
  license?: unknown;
}

interface PackagistDocument {
  versions: PackagistVersion[];
}

/** Expands a minified version list back into full entries. */
export function expandMinified(entries: unknown[]): Record<string, unknown>[] {
  const expanded: Record<string, unknown>[] = [];
  let previous: Record<string, unknown> = {};
  for (const entry of entries) {
    if (!isRecord(entry)) continue;
    const current: Record<string, unknown> = { ...previous };
    for (const [key, value] of Object.entries(entry)) {
      if (value === '__unset') Reflect.deleteProperty(current, key);
      else current[key] = value;
    }
    expanded.push(current);
    previous = current;
  }
  return expanded;
}

function reducer(name: string) {
  return (parsed: unknown): PackagistDocument => {
    if (!isRecord(parsed) || !isRecord(parsed.packages)) throw new Error('response is not Packagist metadata (no "packages" object)');
    const list = parsed.packages[name];
    if (!Array.isArray(list)) throw new Error(`Packagist metadata does not list ${name}`);
    const entries = parsed.minified === 'composer/2.0' ? expandMinified(list) : list.filter(isRecord);
    const versions: PackagistVersion[] = [];
    for (const e of entries) {
      if (typeof e.version !== 'string') continue;
      const v: PackagistVersion = { version: e.version };
      if (typeof e.version_normalized === 'string') v.normalized = e.version_normalized;
      if (e.license !== undefined && e.license !== null) v.license = e.license;
      versions.push(v);
    }
    return { versions };
  };
}

function reviveDocument(cached: unknown): PackagistDocument | null {
  return isRecord(cached) && Array.isArray(cached.versions) ? (cached as unknown as PackagistDocument) : null;
}

/** `v1.2.3` and `1.2.3` name the same tag; `1.2.3.0` is Composer's normalised form of both. */
function sameVersion(entry: PackagistVersion, wanted: string): boolean {
  const strip = (v: string) => v.replace(/^v(?=\d)/i, '');
  if (entry.version === wanted || strip(entry.version) === strip(wanted)) return true;
  if (!entry.normalized) return false;
  const parts = strip(wanted).split('-')[0].split('.');
  if (parts.length < 4 && parts.every((p) => /^\d+$/.test(p))) {
    while (parts.length < 4) parts.push('0');
    return entry.normalized === parts.join('.');
  }
  return entry.normalized === wanted;
}

function isDevVersion(version: string): boolean {
  return version.startsWith('dev-') || version.endsWith('-dev');
}

export const lookupComposer: RegistryLookup = async (component, ctx): Promise<LookupOutcome> => {
  const ep = ctx.settings.packagist;
  if (!ep.ok) return unusable(ep);
  const name = component.name.toLowerCase();
  if (!/^[a-z0-9]([_.-]?[a-z0-9]+)*\/[a-z0-9](([_.]|-{1,2})?[a-z0-9]+)*$/.test(name)) {
    return { kind: 'unsupported', reason: 'not a Packagist package name (platform packages like php or ext-* have no registry entry)' };
  }
  const url = joinUrl(ep.url, `p2/${name}${isDevVersion(component.version) ? '~dev' : ''}.json`);
  const result = await ctx.client.fetch<PackagistDocument>({
    url,
    format: 'json',
    reduce: reducer(name),
    revive: reviveDocument,
    stale: (doc) => !doc.versions.some((v) => sameVersion(v, component.version)),
    authorization: ep.authorization,
  });
  if (!result.ok) return failed(url, result.error);
  const entry = result.data.versions.find((v) => sameVersion(v, component.version));
  if (!entry) return failed(url, `the registry lists no version ${component.version}`);
  const license = entry.license;
  const empty = license === undefined || (Array.isArray(license) && license.length === 0);
  return empty ? { kind: 'no-license', host: url.host } : { kind: 'found', host: url.host, values: [license] };
};
