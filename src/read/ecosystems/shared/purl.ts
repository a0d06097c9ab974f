import type { Ecosystem } from '../../../types';

/**
 * Package URLs (https://github.com/package-url/purl-spec): `pkg:type/namespace/name@version`.
 * Each namespace segment, the name and the version are percent-encoded; `/` only separates
 * segments, and `:` may stay as is.
 */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/%3A/gi, ':');
}

export function buildPurl(type: Ecosystem, namespace: string | undefined, name: string, version: string): string {
  const ns = namespace
    ? namespace
        .split('/')
        .filter((s) => s.length > 0)
        .map(encodeSegment)
        .join('/') + '/'
    : '';
  const ver = version ? `@${encodeSegment(version)}` : '';
  return `pkg:${type}/${ns}${encodeSegment(name)}${ver}`;
}

/** PEP 503 normalised project name: lower case, runs of `-_.` become one `-`. */
export function normalizePypiName(name: string): string {
  return name.trim().replace(/[-_.]+/g, '-').toLowerCase();
}

export function pypiPurl(name: string, version: string): string {
  return buildPurl('pypi', undefined, normalizePypiName(name), version);
}

/** `group:artifact` → `pkg:maven/group/artifact@v`. */
export function mavenPurl(groupId: string, artifactId: string, version: string): string {
  return buildPurl('maven', groupId, artifactId, version);
}

/** Go module path: the last segment is the name, the rest the namespace. */
export function golangPurl(modulePath: string, version: string): string {
  const cut = modulePath.lastIndexOf('/');
  if (cut < 0) return buildPurl('golang', undefined, modulePath, version);
  return buildPurl('golang', modulePath.slice(0, cut), modulePath.slice(cut + 1), version);
}

/** Composer names are `vendor/name`, case-insensitive: the spec lower-cases them. */
export function composerPurl(fullName: string, version: string): string {
  const lower = fullName.toLowerCase();
  const cut = lower.indexOf('/');
  if (cut < 0) return buildPurl('composer', undefined, lower, version);
  return buildPurl('composer', lower.slice(0, cut), lower.slice(cut + 1), version);
}
