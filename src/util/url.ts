/** URL helpers for registry requests: no string concatenation builds a URL from a package name. */

/** Appends a path to a base URL whose path is treated as a folder. */
export function joinUrl(base: URL, relative: string): URL {
  const folder = new URL(base.href);
  if (!folder.pathname.endsWith('/')) folder.pathname += '/';
  return new URL(relative.replace(/^\/+/, ''), folder);
}

/** A name or version that cannot be placed in a registry URL. */
export class InvalidCoordinate extends Error {}

/**
 * One URL path segment. Empty, `.` and `..` segments are refused: URLs resolve them (even
 * percent-encoded), so a crafted name could otherwise walk up the registry's path.
 */
export function pathSegment(s: string): string {
  if (s === '' || /^(\.|%2e){1,2}$/i.test(s)) throw new InvalidCoordinate(`"${s}" cannot be a path segment of a registry URL`);
  return encodeURIComponent(s);
}
