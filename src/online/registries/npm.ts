/**
 * npm: the packument (`<registry>/<name>`, a scope's slash encoded as `%2f`) lists every
 * version's manifest; `versions[v].license` is the SPDX string or legacy object, `licenses`
 * the legacy array. The full document is asked for: the abbreviated one has no license.
 */
import semver from '../../util/semver';
import { authorizationFor, npmProxyEnv, packumentUrl, registryFor } from '../npmrc';
import { failed, isRecord, type LookupOutcome, type RegistryLookup } from '../lookup';

/** What is kept of a packument: the license fields of each version. */
interface Packument {
  versions: Record<string, { license?: unknown; licenses?: unknown }>;
}

function reducePackument(parsed: unknown): Packument {
  if (!isRecord(parsed) || !isRecord(parsed.versions)) throw new Error('response is not an npm packument (no "versions" object)');
  const versions: Packument['versions'] = {};
  for (const [version, manifest] of Object.entries(parsed.versions)) {
    if (!isRecord(manifest)) continue;
    const kept: { license?: unknown; licenses?: unknown } = {};
    if (manifest.license !== undefined && manifest.license !== null) kept.license = manifest.license;
    if (manifest.licenses !== undefined && manifest.licenses !== null) kept.licenses = manifest.licenses;
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
  return values.length ? { kind: 'found', host: url.host, values: [values[0]] } : { kind: 'no-license', host: url.host };
};
