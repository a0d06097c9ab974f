/**
 * NuGet v3: the service index names the flat container (`PackageBaseAddress/3.0.0`), whose
 * `<id>/<version>/<id>.nuspec` (both lower-cased, the version normalised) carries
 * `<license type="expression">`, `<license type="file">` or the legacy `<licenseUrl>`.
 */
import { failed, isRecord, joinUrl, nonEmptyString, unusable, xmlText, pathSegment, type LookupOutcome, type RegistryLookup } from '../lookup';

/** What nuget.org puts in `licenseUrl` when the real license is in `<license>`. */
const DEPRECATED_LICENSE_URL = 'https://aka.ms/deprecateLicenseUrl';

interface ServiceIndex {
  packageBaseAddress: string;
}

interface Nuspec {
  license?: { type: string; value: string };
  licenseUrl?: string;
}

function reduceServiceIndex(parsed: unknown): ServiceIndex {
  if (!isRecord(parsed) || !Array.isArray(parsed.resources)) throw new Error('response is not a NuGet v3 service index (no "resources" array)');
  for (const r of parsed.resources) {
    if (!isRecord(r)) continue;
    const type = nonEmptyString(r['@type']);
    const id = nonEmptyString(r['@id']);
    if (id && type && type.startsWith('PackageBaseAddress/3.0.0')) return { packageBaseAddress: id };
  }
  throw new Error('the NuGet service index has no PackageBaseAddress/3.0.0 resource');
}

function reviveServiceIndex(cached: unknown): ServiceIndex | null {
  return isRecord(cached) && typeof cached.packageBaseAddress === 'string' ? { packageBaseAddress: cached.packageBaseAddress } : null;
}

function reduceNuspec(parsed: unknown): Nuspec {
  const pkg = isRecord(parsed) ? parsed.package : undefined;
  if (!isRecord(pkg) || !isRecord(pkg.metadata)) throw new Error('response is not a .nuspec (no <package><metadata>)');
  const metadata = pkg.metadata;
  const nuspec: Nuspec = {};
  const license = metadata.license;
  const text = xmlText(license);
  if (text) {
    const type = isRecord(license) ? nonEmptyString(license['@_type']) ?? 'expression' : 'expression';
    nuspec.license = { type: type.toLowerCase(), value: text };
  }
  const licenseUrl = xmlText(metadata.licenseUrl);
  if (licenseUrl) nuspec.licenseUrl = licenseUrl;
  return nuspec;
}

function reviveNuspec(cached: unknown): Nuspec | null {
  return isRecord(cached) ? (cached) : null;
}

/**
 * NuGet's normalised version: numeric parts without leading zeros, a fourth part only when it
 * is not zero, at least three parts, no build metadata, lower case.
 */
export function normalizeNugetVersion(version: string): string {
  const withoutMeta = version.trim().split('+')[0];
  const dash = withoutMeta.indexOf('-');
  const release = dash === -1 ? withoutMeta : withoutMeta.slice(0, dash);
  const pre = dash === -1 ? '' : withoutMeta.slice(dash);
  const parts = release.split('.');
  if (!parts.every((p) => /^\d+$/.test(p))) return withoutMeta.toLowerCase();
  const nums = parts.map((p) => String(Number(p)));
  while (nums.length < 3) nums.push('0');
  if (nums.length === 4 && nums[3] === '0') nums.pop();
  return `${nums.join('.')}${pre}`.toLowerCase();
}

export const lookupNuget: RegistryLookup = async (component, ctx): Promise<LookupOutcome> => {
  const ep = ctx.settings.nuget;
  if (!ep.ok) return unusable(ep);
  const index = await ctx.client.fetch<ServiceIndex>({
    url: ep.url,
    format: 'json',
    reduce: reduceServiceIndex,
    revive: reviveServiceIndex,
    authorization: ep.authorization,
  });
  if (!index.ok) return failed(ep.url, `service index: ${index.error}`);
  let base: URL;
  try {
    base = new URL(index.data.packageBaseAddress, ep.url);
  } catch {
    return failed(ep.url, `service index names an invalid PackageBaseAddress "${index.data.packageBaseAddress}"`);
  }
  const id = component.name.toLowerCase();
  const version = normalizeNugetVersion(component.version);
  const url = joinUrl(base, `${pathSegment(id)}/${pathSegment(version)}/${pathSegment(id)}.nuspec`);
  // Credentials go along only when the flat container is on the service index's own origin.
  const authorization = url.origin === ep.url.origin ? ep.authorization : undefined;
  const result = await ctx.client.fetch<Nuspec>({ url, format: 'xml', reduce: reduceNuspec, revive: reviveNuspec, authorization });
  if (!result.ok) return failed(url, result.error);
  const { license, licenseUrl } = result.data;
  const values: unknown[] = [];
  if (license?.type === 'expression') values.push(license.value);
  else if (license?.type === 'file') values.push(`SEE LICENSE IN ${license.value}`);
  // licenseUrl only matters for packages from before `<license>`; newer ones repeat it there.
  if (!license && licenseUrl && licenseUrl !== DEPRECATED_LICENSE_URL) values.push(licenseUrl);
  return values.length ? { kind: 'found', host: url.host, values } : { kind: 'no-license', host: url.host };
};
