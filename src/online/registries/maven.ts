/**
 * Maven repositories: the POM at `<repo>/<group as path>/<artifact>/<v>/<artifact>-<v>.pom`,
 * `<licenses><license><name>`. A POM without licenses inherits its parent's, so parents are
 * followed (a few levels, cycles refused), the way Maven computes the effective POM.
 */
import { parsePurlMaven } from './purl';
import { asArray, failed, isRecord, joinUrl, pathSegment, unusable, xmlText, type LookupContext, type LookupOutcome, type RegistryLookup } from '../lookup';

const MAX_PARENT_DEPTH = 6;

interface Coordinates {
  group: string;
  artifact: string;
  version: string;
}

interface PomLicenses {
  licenses: { name?: string; url?: string }[];
  parent?: Coordinates;
}

function reducePom(parsed: unknown): PomLicenses {
  if (!isRecord(parsed) || !isRecord(parsed.project)) throw new Error('response is not a Maven POM (no <project> element)');
  const project = parsed.project;
  const licenses: PomLicenses['licenses'] = [];
  for (const l of isRecord(project.licenses) ? asArray(project.licenses.license) : []) {
    if (!isRecord(l)) continue;
    const name = xmlText(l.name);
    const url = xmlText(l.url);
    if (name || url) licenses.push({ ...(name ? { name } : {}), ...(url ? { url } : {}) });
  }
  const result: PomLicenses = { licenses };
  if (isRecord(project.parent)) {
    const group = xmlText(project.parent.groupId);
    const artifact = xmlText(project.parent.artifactId);
    const version = xmlText(project.parent.version);
    if (group && artifact && version) result.parent = { group, artifact, version };
  }
  return result;
}

function revivePom(cached: unknown): PomLicenses | null {
  return isRecord(cached) && Array.isArray(cached.licenses) ? (cached as unknown as PomLicenses) : null;
}

function pomPath(c: Coordinates): string {
  const enc = pathSegment;
  return `${c.group.split('.').map(enc).join('/')}/${enc(c.artifact)}/${enc(c.version)}/${enc(c.artifact)}-${enc(c.version)}.pom`;
}

/** `group:artifact` (the usual component name), else the purl's namespace and name. */
export function mavenCoordinates(name: string, version: string, purl: string): Coordinates | null {
  const parts = name.split(':');
  if (parts.length >= 2 && parts[0] && parts[1]) return { group: parts[0], artifact: parts[1], version };
  const fromPurl = parsePurlMaven(purl);
  return fromPurl ? { ...fromPurl, version } : null;
}

async function fetchPom(coords: Coordinates, ctx: LookupContext, repo: URL, authorization?: string) {
  const url = joinUrl(repo, pomPath(coords));
  const result = await ctx.client.fetch<PomLicenses>({ url, format: 'xml', reduce: reducePom, revive: revivePom, authorization });
  return { url, result };
}

export const lookupMaven: RegistryLookup = async (component, ctx): Promise<LookupOutcome> => {
  const ep = ctx.settings.maven;
  if (!ep.ok) return unusable(ep);
  const start = mavenCoordinates(component.name, component.version, component.purl);
  if (!start) return { kind: 'unsupported', reason: 'no Maven group and artifact in the component name or purl' };
  if (/\$\{/.test(start.version)) return { kind: 'unsupported', reason: 'version is an unresolved property' };
  const first = await fetchPom(start, ctx, ep.url, ep.authorization);
  if (!first.result.ok) return failed(first.url, first.result.error);
  const seen = new Set<string>([`${start.group}:${start.artifact}:${start.version}`]);
  let pom = first.result.data;
  for (let depth = 0; pom.licenses.length === 0 && pom.parent && depth < MAX_PARENT_DEPTH; depth++) {
    const parent = pom.parent;
    const key = `${parent.group}:${parent.artifact}:${parent.version}`;
    if (seen.has(key)) break; // a parent cycle: nothing more to inherit
    seen.add(key);
    const next = await fetchPom(parent, ctx, ep.url, ep.authorization);
    if (!next.result.ok) return failed(next.url, `parent POM ${key}: ${next.result.error}`);
    pom = next.result.data;
  }
  if (pom.licenses.length === 0) return { kind: 'no-license', host: first.url.host };
  // The names as written; a nameless entry is known only by its URL.
  const names = pom.licenses.map((l) => l.name ?? l.url!);
  return { kind: 'found', host: first.url.host, values: [names.length === 1 ? names[0] : names] };
};
