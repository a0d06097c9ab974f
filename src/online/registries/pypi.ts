/**
 * PyPI JSON API (`<base>pypi/<name>/<version>/json`): `info.license_expression` (PEP 639),
 * else `info.license` (free text, sometimes a whole license), else the license classifiers.
 */
import { mapLicenseClassifiers } from '../../read/ecosystems/pypi/classifiers';
import { failed, isRecord, joinUrl, nonEmptyString, unusable, pathSegment, type LookupOutcome, type RegistryLookup } from '../lookup';

interface PypiRelease {
  licenseExpression?: string;
  license?: string;
  classifiers: string[];
}

/** PEP 503 name normalisation: what the index serves without a redirect. */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function reduceRelease(parsed: unknown): PypiRelease {
  if (!isRecord(parsed) || !isRecord(parsed.info)) throw new Error('response is not a PyPI release document (no "info" object)');
  const info = parsed.info;
  const release: PypiRelease = {
    classifiers: Array.isArray(info.classifiers)
      ? info.classifiers.filter((c): c is string => typeof c === 'string' && c.trim().startsWith('License ::'))
      : [],
  };
  const expression = nonEmptyString(info.license_expression);
  if (expression) release.licenseExpression = expression;
  const license = nonEmptyString(info.license);
  if (license && license.toUpperCase() !== 'UNKNOWN') release.license = license;
  return release;
}

function reviveRelease(cached: unknown): PypiRelease | null {
  return isRecord(cached) && Array.isArray(cached.classifiers) ? (cached as unknown as PypiRelease) : null;
}

/** A short one-line `license` reads as a name; a long or multi-line one is a pasted text. */
function isLicenseText(value: string): boolean {
  return value.includes('\n') || value.length > 120;
}

export const lookupPypi: RegistryLookup = async (component, ctx): Promise<LookupOutcome> => {
  const ep = ctx.settings.pypi;
  if (!ep.ok) return unusable(ep);
  const name = normalizePypiName(component.name);
  const url = joinUrl(ep.url, `pypi/${pathSegment(name)}/${pathSegment(component.version)}/json`);
  const result = await ctx.client.fetch<PypiRelease>({
    url,
    format: 'json',
    reduce: reduceRelease,
    revive: reviveRelease,
    authorization: ep.authorization,
  });
  if (!result.ok) return failed(url, result.error);
  const { licenseExpression, license, classifiers } = result.data;
  const mapped = mapLicenseClassifiers(classifiers).spdx;
  const fromClassifiers = mapped.length ? mapped.join(' OR ') : undefined;
  // Best first: identify takes the first value it can read.
  const values = [
    licenseExpression,
    license && !isLicenseText(license) ? license : undefined,
    fromClassifiers,
    license && isLicenseText(license) ? license : undefined,
  ].filter((v): v is string => v !== undefined);
  return values.length ? { kind: 'found', host: url.host, values: [...new Set(values)] } : { kind: 'no-license', host: url.host };
};
