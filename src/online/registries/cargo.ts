/** crates.io API (`/api/v1/crates/<name>/<version>`): `version.license`, an SPDX expression. */
import { failed, isRecord, joinUrl, nonEmptyString, unusable, pathSegment, type LookupOutcome, type RegistryLookup } from '../lookup';

interface CrateVersion {
  license: string | null;
}

function reduceCrateVersion(parsed: unknown): CrateVersion {
  if (!isRecord(parsed) || !isRecord(parsed.version)) throw new Error('response is not a crates.io version document (no "version" object)');
  return { license: nonEmptyString(parsed.version.license) ?? null };
}

function reviveCrateVersion(cached: unknown): CrateVersion | null {
  return isRecord(cached) && 'license' in cached ? { license: nonEmptyString(cached.license) ?? null } : null;
}

export const lookupCargo: RegistryLookup = async (component, ctx): Promise<LookupOutcome> => {
  const ep = ctx.settings.crates;
  if (!ep.ok) return unusable(ep);
  const url = joinUrl(ep.url, `api/v1/crates/${pathSegment(component.name)}/${pathSegment(component.version)}`);
  const result = await ctx.client.fetch<CrateVersion>({
    url,
    format: 'json',
    reduce: reduceCrateVersion,
    revive: reviveCrateVersion,
    authorization: ep.authorization,
  });
  if (!result.ok) return failed(url, result.error);
  // A crate with only `license-file` has no expression here.
  return result.data.license ? { kind: 'found', host: url.host, values: [result.data.license] } : { kind: 'no-license', host: url.host };
};
