import type { Ecosystem } from '../../types';
import { ecosystemOfPurlType, purlFoldsCase } from '../../ecosystems';

/**
 * Package URLs as SBOMs write them (https://github.com/package-url/purl-spec):
 * `pkg:type/namespace/name@version?qualifiers#subpath`. Only what a component needs is kept.
 */
export interface ParsedPurl {
  type: string;
  namespace?: string;
  name: string;
  version: string;
}

export function parsePurl(purl: unknown): ParsedPurl | null {
  if (typeof purl !== 'string' || purl.length > 4096) return null;
  const m = /^pkg:\/*([A-Za-z][A-Za-z0-9.+-]*)\/([^?#]+?)(?:@([^?#@]*))?(?:\?[^#]*)?(?:#.*)?$/.exec(purl.trim());
  if (!m) return null;
  const decode = (s: string): string | null => {
    try {
      return decodeURIComponent(s);
    } catch {
      return null;
    }
  };
  const segments = m[2].split('/').filter((s) => s.length > 0).map(decode);
  if (segments.length === 0 || segments.some((s) => s === null)) return null;
  const name = segments.pop()!;
  const version = m[3] === undefined ? '' : decode(m[3]);
  if (version === null || name === '') return null;
  return { type: m[1].toLowerCase(), ...(segments.length ? { namespace: segments.join('/') } : {}), name, version };
}

/** The ecosystem of a purl's type (src/ecosystems); any type without a reader is a `generic` component. */
export function ecosystemOfPurl(p: ParsedPurl): Ecosystem {
  return ecosystemOfPurlType(p.type);
}

/** Operating-system package types: the namespace is the vendor or distribution, not part of the name. */
const DISTRIBUTION_TYPES = new Set(['deb', 'rpm', 'apk', 'alpm', 'qpkg', 'ebuild']);

/** The package name as that ecosystem's readers write it (`@scope/name`, `group:artifact`, a Go module path; `bash` for pkg:rpm/redhat/bash). */
export function packageNameOfPurl(p: ParsedPurl): string {
  if (!p.namespace || DISTRIBUTION_TYPES.has(p.type)) return p.name;
  return p.type === 'maven' ? `${p.namespace}:${p.name}` : `${p.namespace}/${p.name}`;
}

/**
 * The key two purls of the same package share however they were written: type and names
 * decoded (case-folded where the ecosystem ignores case), qualifiers and subpath dropped.
 */
export function purlKey(purl: string): string | null {
  const p = parsePurl(purl);
  if (!p) return null;
  const fold = purlFoldsCase(p.type);
  let name = packageNameOfPurl(p);
  if (p.type === 'pypi') name = name.replace(/[-_.]+/g, '-');
  if (fold) name = name.toLowerCase();
  return `${p.type}:${name}@${p.version}`;
}
