import * as path from 'node:path';
import type { Scope } from '../../../types';
import type { EdgeKind, GraphEdge } from './model';
import { compareStrings } from '../../../util/compare';
import { isRecord } from '../../../util/record';
export { compareStrings } from '../../../util/compare';

/** Joins relative, `/`-separated paths; `''` stands for the scanned root. */
export function joinRel(...parts: string[]): string {
  let joined = '';
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    joined = joined === '' ? part : `${joined}/${part}`;
  }
  // Normalising is only needed for `.`/`..` segments or doubled slashes; most paths have none.
  if (joined === '' || !/(^|\/)\.\.?(\/|$)|\/\//.test(joined)) return joined;
  const normalized = path.posix.normalize(joined);
  return normalized === '.' ? '' : normalized.replace(/\/$/, '');
}

export function dirOf(rel: string): string {
  const dir = path.posix.dirname(rel);
  return dir === '.' ? '' : dir;
}

/** `pkg:npm/%40scope/name@1.0.0` — the purl spec percent-encodes the scope's `@`. */
export function npmPurl(name: string, version: string): string {
  const encoded = name
    .split('/')
    .map((part) => encodeURIComponent(part))
    .join('/');
  return version ? `pkg:npm/${encoded}@${encodeURIComponent(version)}` : `pkg:npm/${encoded}`;
}

export function componentKey(name: string, version: string): string {
  return `${name}@${version}`;
}

/** Higher wins when one package is reached several ways: prod > optional > peer > dev. */
export const SCOPE_RANK: Record<Scope, number> = { dev: 0, peer: 1, optional: 2, prod: 3 };
export const SCOPE_BY_RANK: Scope[] = ['dev', 'peer', 'optional', 'prod'];

export function strongerScope(a: Scope, b: Scope): Scope {
  return SCOPE_RANK[a] >= SCOPE_RANK[b] ? a : b;
}

/** Re-exported for this folder's modules, which import their helpers from here. */
export { isRecord };

/** Only string values of a `{name: range}` block, sorted by name for deterministic walks. */
export function stringEntries(value: unknown): [string, string][] {
  if (!isRecord(value)) return [];
  return Object.entries(value)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .sort((a, b) => compareStrings(a[0], b[0]));
}


/**
 * Splits `name@rest` where `name` may be scoped (`@scope/name@rest`). Returns undefined when
 * there is no `@` after the name.
 */
export function splitAtVersion(spec: string): { name: string; rest: string } | undefined {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  if (at <= 0) return undefined;
  return { name: spec.slice(0, at), rest: spec.slice(at + 1) };
}

/** A plausible npm package name (scoped or not); guards against junk keys in hostile files. */
export function isPackageName(name: string): boolean {
  return /^(@[a-z0-9~-][\w.~-]*\/)?[\w~-][\w.~-]*$/i.test(name) && name.length <= 214;
}

/**
 * The real package behind an npm alias spec: `npm:string-width@^4.2.0` → `string-width`.
 * Returns undefined for anything that is not an alias.
 */
export function aliasTarget(range: string): { name: string; range: string } | undefined {
  if (!range.startsWith('npm:')) return undefined;
  const split = splitAtVersion(range.slice(4));
  if (split) return { name: split.name, range: split.rest };
  const bare = range.slice(4);
  return isPackageName(bare) ? { name: bare, range: '*' } : undefined;
}

/**
 * A manifest's (or lock entry's) dependencies as edges: `dependencies` (optional where
 * `isOptional` says so: yarn berry's `dependenciesMeta`), `optionalDependencies`, then the
 * required peers, each block sorted by name.
 */
export function dependencyEdges(manifest: Record<string, unknown>, isOptional?: (name: string) => boolean): GraphEdge[] {
  const edges: GraphEdge[] = [];
  pushEdges(edges, stringEntries(manifest.dependencies), 'prod', isOptional);
  pushEdges(edges, stringEntries(manifest.optionalDependencies), 'optional');
  pushEdges(edges, requiredPeerEntries(manifest), 'peer');
  return edges;
}

/**
 * Indexed rather than `for (const [name, range] of …)`: array destructuring goes through the
 * iterator protocol, which allocates at every step until the optimising compiler takes the
 * function over, and this runs for every package of a tree (~27,000 edges in the large bench
 * tree's lockfile and installed manifests).
 */
function pushEdges(edges: GraphEdge[], entries: [string, string][], kind: EdgeKind, isOptional?: (name: string) => boolean): void {
  for (let i = 0; i < entries.length; i++) {
    const name = entries[i][0];
    edges.push({ name, range: entries[i][1], kind: isOptional?.(name) ? 'optional' : kind });
  }
}

/**
 * Peer dependencies that get installed because of the edge. Optional peers
 * (`peerDependenciesMeta[name].optional`) are only used when something else installs them,
 * so they do not pull a package into a scope.
 */
export function requiredPeerEntries(manifest: Record<string, unknown>): [string, string][] {
  const meta = isRecord(manifest.peerDependenciesMeta) ? manifest.peerDependenciesMeta : {};
  return stringEntries(manifest.peerDependencies).filter(([name]) => {
    const entry = meta[name];
    return !(isRecord(entry) && entry.optional === true);
  });
}
