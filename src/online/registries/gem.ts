/**
 * RubyGems API v2 (`/api/v2/rubygems/<name>/versions/<version>.json`): `licenses`, an array.
 * A Gemfile.lock version may carry a platform (`1.16.0-x86_64-linux`); it is asked for as
 * `?platform=`.
 */
import { failed, isRecord, joinUrl, unusable, pathSegment, type LookupOutcome, type RegistryLookup } from '../lookup';

interface GemVersion {
  licenses: string[];
}

const PLATFORM = /^(\d[0-9A-Za-z.]*)-((?:x86|x64|i[3-6]86|arm|aarch64|universal|java|jruby|mswin|mingw|x64-mingw|ppc|s390|sparc|darwin|linux)[\w.-]*)$/;

/** Splits `1.16.0-x86_64-linux` into the version and the platform. */
export function splitGemPlatform(version: string): { version: string; platform?: string } {
  const m = PLATFORM.exec(version);
  return m ? { version: m[1], platform: m[2] } : { version };
}

function reduceGemVersion(parsed: unknown): GemVersion {
  if (!isRecord(parsed) || (typeof parsed.number !== 'string' && typeof parsed.version !== 'string' && !('licenses' in parsed))) {
    throw new Error('response is not a RubyGems version document');
  }
  const licenses = Array.isArray(parsed.licenses) ? parsed.licenses.filter((l): l is string => typeof l === 'string' && l.trim() !== '') : [];
  return { licenses };
}

function reviveGemVersion(cached: unknown): GemVersion | null {
  return isRecord(cached) && Array.isArray(cached.licenses) ? (cached as unknown as GemVersion) : null;
}

export const lookupGem: RegistryLookup = async (component, ctx): Promise<LookupOutcome> => {
  const ep = ctx.settings.rubygems;
  if (!ep.ok) return unusable(ep);
  const { version, platform } = splitGemPlatform(component.version);
  const url = joinUrl(ep.url, `api/v2/rubygems/${pathSegment(component.name)}/versions/${pathSegment(version)}.json`);
  if (platform) url.searchParams.set('platform', platform);
  const result = await ctx.client.fetch<GemVersion>({
    url,
    format: 'json',
    reduce: reduceGemVersion,
    revive: reviveGemVersion,
    authorization: ep.authorization,
  });
  if (!result.ok) return failed(url, result.error);
  return result.data.licenses.length
    ? { kind: 'found', host: url.host, values: [result.data.licenses] }
    : { kind: 'no-license', host: url.host };
};
