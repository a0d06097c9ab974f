/**
 * npm: the packument (`<registry>/<name>`, a scope's slash encoded as `%2f`) lists every
 * version's manifest; `versions[v].license` is the SPDX string or legacy object, `licenses`
 * the legacy array. The full document is asked for: the abbreviated one has no license.
 */
import semver from '../../util/semver';
import { authorizationFor, npmProxyEnv, packumentUrl, registryFor } from '../npmrc';
import { failed, isRecord, type LookupContext, type LookupOutcome, type RegistryLookup } from '../lookup';
import { licenseTextsInTarball } from '../../read/ecosystems/npm/caches/npm-cacache';

/** What is kept of a packument: the license fields of each version. */
interface Packument {
  /** `tarball` only for versions without license metadata: their files are the fallback; `released`: the day `time[version]` gives. */
  versions: Record<string, { license?: unknown; licenses?: unknown; tarball?: string; released?: string }>;
}

/** `2023-11-30T18:02:11.123Z` → `2023-11-30`; undefined for anything else. */
function releaseDay(value: unknown): string | undefined {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? value.slice(0, 10) : undefined;
}

/** What is kept of a tarball: its license texts (and its package.json's license, should it differ). */
interface TarballTexts {
  texts: { name: string; text: string }[];
}

function reducePackument(parsed: unknown): Packument {
  if (!isRecord(parsed) || !isRecord(parsed.versions)) throw new Error('response is not an npm packument (no "versions" object)');
  const versions: Packument['versions'] = {};
  const time = isRecord(parsed.time) ? parsed.time : {};
  for (const [version, manifest] of Object.entries(parsed.versions)) {
    if (!isRecord(manifest)) continue;
    const kept: Packument['versions'][string] = {};
    const released = releaseDay(time[version]);
    if (released) kept.released = released;
    if (manifest.license !== undefined && manifest.license !== null) kept.license = manifest.license;
    if (manifest.licenses !== undefined && manifest.licenses !== null) kept.licenses = manifest.licenses;
    const tarball = isRecord(manifest.dist) ? manifest.dist.tarball : undefined;
    if (kept.license === undefined && kept.licenses === undefined && typeof tarball === 'string') (kept as { tarball?: string }).tarball = tarball;
    versions[version] = kept;
  }
  return { versions };
}

function revivePackument(cached: unknown): Packument | null {
  return isRecord(cached) && isRecord(cached.versions) ? (cached as unknown as Packument) : null;
}

export const lookupNpm: RegistryLookup = async (component, ctx): Promise<LookupOutcome> => {
  const version = semver.valid(component.version);
  if (!version) return { kind: 'unsupported', reason: 'not a registry version (git, file, link or alias dependency)' };
  const config = await ctx.npm.configFor(component.location.file);
  const choice = registryFor(component.name, config);
  if ('error' in choice) return { kind: 'failed', host: '', reason: choice.error };
  const url = packumentUrl(choice.registry, component.name);
  const result = await ctx.client.fetch<Packument>({
    url,
    format: 'json',
    reduce: reducePackument,
    revive: revivePackument,
    // A packument cached before this version was published cannot answer for it.
    stale: (p) => !Object.prototype.hasOwnProperty.call(p.versions, version),
    authorization: authorizationFor(url, config),
    proxyEnv: npmProxyEnv(config, ctx.env),
  });
  if (!result.ok) return failed(url, result.error);
  const manifest = Object.prototype.hasOwnProperty.call(result.data.versions, version) ? result.data.versions[version] : undefined;
  if (!manifest) return failed(url, `the registry lists no version ${version}`);
  const values = [manifest.license, manifest.licenses].filter((v) => v !== undefined);
  if (values.length) return { kind: 'found', host: url.host, values: [values[0]], ...(manifest.released ? { released: manifest.released } : {}) };
  return manifest.tarball ? licenseTextsFromTarball(manifest.tarball, url, config, ctx) : { kind: 'no-license', host: url.host };
};

/**
 * No license metadata for the version (old packages, some private registries): the package's
 * tarball is fetched (cached like the packument, keeping only the license texts) and its
 * license files read, as an installed copy would have been.
 */
async function licenseTextsFromTarball(tarball: string, packumentUrl: URL, config: Awaited<ReturnType<LookupContext['npm']['configFor']>>, ctx: LookupContext): Promise<LookupOutcome> {
  let url: URL;
  try {
    url = new URL(tarball, packumentUrl);
  } catch {
    return { kind: 'no-license', host: packumentUrl.host };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { kind: 'no-license', host: packumentUrl.host };
  const result = await ctx.client.fetch<TarballTexts>({
    url,
    format: 'binary',
    reduce: (body) => ({ texts: licenseTextsInTarball(body as Buffer) }),
    revive: (cached) => (isRecord(cached) && Array.isArray(cached.texts) ? (cached as unknown as TarballTexts) : null),
    authorization: authorizationFor(url, config),
    proxyEnv: npmProxyEnv(config, ctx.env),
  });
  if (!result.ok) return failed(url, `no license metadata, and its tarball ${url.href} could not be read (${result.error})`);
  return result.data.texts.length > 0 ? { kind: 'found-texts', host: url.host, source: url.href, texts: result.data.texts } : { kind: 'no-license', host: packumentUrl.host };
}
