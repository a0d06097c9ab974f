import * as path from 'node:path';
import type { Diagnostic, LicenseEvidence, ReadContext, Scope, SourceLocation } from '../../../types';
import { readJsonWithPositions, type KeyPositions } from './json-positions';
import type { DependencyGraph, FetchedAs, GraphEdge, GraphNode, NpmProject } from './model';
import { aliasTarget, dependencyEdges, dirOf, isRecord, joinRel, stringEntries } from './util';
import { isPlainRelativePath } from '../../fs';

/** Lockfiles can be far bigger than manifests; past this they are refused with a diagnostic. */
export const LOCKFILE_MAX_BYTES = 64 * 1024 * 1024;

export type LockRead = { graph?: DependencyGraph; diagnostics: Diagnostic[] };

/**
 * Reads `package-lock.json` / `npm-shrinkwrap.json`. Version 2 and 3 locks are read from their
 * flat `packages` map (keys are install paths such as `node_modules/a/node_modules/b`); version
 * 1 locks nest `dependencies`, which are turned into the same install-path keys so both are
 * resolved with Node's own lookup (nearest `node_modules` upwards).
 */
export async function readPackageLock(ctx: ReadContext, file: string, projects: NpmProject[]): Promise<LockRead> {
  const read = await readJsonWithPositions(ctx, file, isLocatedLockKey, LOCKFILE_MAX_BYTES);
  if (!read.ok) {
    const d = read.diagnostic;
    return { diagnostics: [d.code === 'invalid-json' ? { ...d, code: 'invalid-lockfile' } : d] };
  }
  const json = read.positions;
  const lock = read.value;
  if (!isRecord(lock)) {
    return { diagnostics: [invalid(file, 'lockfile is not a JSON object')] };
  }
  const version = lock.lockfileVersion;
  const lockDir = dirOf(file);
  const entries = new Map<string, LockEntry>();
  if ((version === 2 || version === 3) && isRecord(lock.packages)) {
    collectPackages(json, file, lock.packages, entries);
  } else if (version === 1 || (version === 2 && isRecord(lock.dependencies))) {
    collectV1(json, file, lock.dependencies, [], '', entries);
  } else if (version === undefined) {
    return { diagnostics: [invalid(file, 'no lockfileVersion: not an npm lockfile')] };
  } else if (version === 2 || version === 3) {
    return { diagnostics: [invalid(file, `lockfileVersion ${version} lock without a "packages" object`)] };
  } else {
    return {
      diagnostics: [
        {
          code: 'unsupported-lockfile',
          severity: 'warn',
          file,
          message: `lockfileVersion ${JSON.stringify(version)} is not supported (1, 2 and 3 are); lockfile skipped`,
          ...(json.get(['lockfileVersion']) ?? {}),
        },
      ],
    };
  }
  const graph = buildGraph(file, lockDir, entries, projects);
  addRootFallback(graph, json, file, lock, lockDir, projects);
  return { graph, diagnostics: [] };
}

/**
 * When the package.json next to the lock could not be read, the lock's own root entry
 * (`packages[""]`, v2+) still says what the project asked for: use it so direct dependencies
 * and paths survive a broken manifest.
 */
function addRootFallback(
  graph: DependencyGraph,
  json: KeyPositions,
  file: string,
  lock: Record<string, unknown>,
  lockDir: string,
  projects: NpmProject[],
): void {
  if (projects.some((p) => p.dir === lockDir) || !isRecord(lock.packages)) return;
  const rootEntry = lock.packages[''];
  if (!isRecord(rootEntry)) return;
  const exists = (key: string) => graph.nodes.has(key);
  const edges: (GraphEdge & { location: SourceLocation })[] = [];
  for (const [block, kind] of MANIFEST_BLOCKS) {
    for (const [name, range] of stringEntries(rootEntry[block])) {
      edges.push({ name, range, kind, target: resolveInstallPath('', name, exists), location: json.locate(file, ['packages', '', block, name]) });
    }
  }
  graph.importers.set(lockDir, edges);
  const name = typeof rootEntry.name === 'string' ? rootEntry.name : typeof lock.name === 'string' ? lock.name : '';
  const version = typeof rootEntry.version === 'string' ? rootEntry.version : '';
  if (name) (graph.importerLabels ??= new Map()).set(lockDir, version ? `${name}@${version}` : name);
}

const MANIFEST_BLOCKS: [string, GraphEdge['kind']][] = [
  ['dependencies', 'prod'],
  ['optionalDependencies', 'optional'],
  ['peerDependencies', 'peer'],
  ['devDependencies', 'dev'],
];

interface LockEntry {
  key: string;
  name: string;
  version: string;
  edges: GraphEdge[];
  location: SourceLocation;
  license?: { value: unknown; location: SourceLocation };
  scope: Scope;
  /** For `link: true` entries: the lock key of the folder it points at. */
  linkTarget?: string;
  fetched?: FetchedAs;
}

/** `integrity`/`resolved` as the lock records them (v1 and v2+ alike): the keys of npm's cache. */
function fetchedOf(entry: Record<string, unknown>): FetchedAs | undefined {
  if (typeof entry.integrity !== 'string') return undefined;
  return { integrity: entry.integrity, ...(typeof entry.resolved === 'string' ? { resolved: entry.resolved } : {}) };
}

function invalid(file: string, message: string): Diagnostic {
  return { code: 'invalid-lockfile', severity: 'warn', file, message };
}

/** Keys whose positions a lock needs: entries, their licenses, v1 nesting, the root's declarations. */
function isLocatedLockKey(p: readonly string[]): boolean {
  if (p.length === 1) return p[0] === 'lockfileVersion';
  if (p[0] === 'packages') return p.length === 2 || (p.length === 3 && p[2] === 'license') || (p.length === 4 && p[1] === '');
  if (p[0] === 'dependencies') return p.length % 2 === 0 && p.every((seg, i) => i % 2 === 1 || seg === 'dependencies');
  return false;
}

function flagScope(entry: Record<string, unknown>): Scope {
  if (entry.dev === true) return 'dev';
  if (entry.optional === true || entry.devOptional === true) return 'optional';
  if (entry.peer === true) return 'peer';
  return 'prod';
}

/** The package name an install path stands for: `node_modules/@s/a/node_modules/b` → `b`. */
function nameFromInstallPath(key: string): string | undefined {
  const at = key.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  return key.slice(at + 'node_modules/'.length) || undefined;
}

function collectPackages(json: KeyPositions, file: string, packages: Record<string, unknown>, out: Map<string, LockEntry>): void {
  const at = (path: string[]) => json.locate(file, path);
  for (const key of Object.keys(packages).sort()) {
    const entry = packages[key];
    if (key === '' || !isRecord(entry)) continue;
    const inferred = nameFromInstallPath(key);
    const name = typeof entry.name === 'string' ? entry.name : inferred ?? '';
    const lockEntry: LockEntry = {
      key,
      name,
      version: typeof entry.version === 'string' ? entry.version : '',
      edges: dependencyEdges(entry),
      location: at(['packages', key]),
      scope: flagScope(entry),
    };
    if (entry.link === true && typeof entry.resolved === 'string') lockEntry.linkTarget = path.posix.normalize(entry.resolved);
    if (entry.license !== undefined) {
      lockEntry.license = { value: entry.license, location: at(json.get(['packages', key, 'license']) ? ['packages', key, 'license'] : ['packages', key]) };
    }
    const fetched = fetchedOf(entry);
    if (fetched) lockEntry.fetched = fetched;
    out.set(key, lockEntry);
  }
}

/** Lock v1: `dependencies` nest; `requires` lists what each one asks for. */
function collectV1(
  json: KeyPositions,
  file: string,
  deps: unknown,
  jsonPath: string[],
  parentKey: string,
  out: Map<string, LockEntry>,
): void {
  if (!isRecord(deps)) return;
  for (const alias of Object.keys(deps).sort()) {
    const entry = deps[alias];
    if (!isRecord(entry)) continue;
    const key = parentKey ? `${parentKey}/node_modules/${alias}` : `node_modules/${alias}`;
    const entryPath = [...jsonPath, 'dependencies', alias];
    let name = alias;
    let version = typeof entry.version === 'string' ? entry.version : '';
    const aliased = aliasTarget(version);
    if (aliased) {
      name = aliased.name;
      version = aliased.range;
    }
    const lockEntry: LockEntry = {
      key,
      name,
      version,
      edges: stringEntries(entry.requires).map(([depName, range]) => ({ name: depName, range, kind: 'prod' as const })),
      location: json.locate(file, entryPath),
      scope: flagScope(entry),
    };
    if (version.startsWith('file:')) {
      lockEntry.linkTarget = path.posix.normalize(version.slice('file:'.length));
      lockEntry.version = '';
    }
    const fetched = fetchedOf(entry);
    if (fetched) lockEntry.fetched = fetched;
    out.set(key, lockEntry);
    collectV1(json, file, entry.dependencies, entryPath, key, out);
  }
}

/** Node's lookup: `<dir>/node_modules/<name>`, then the same in each enclosing folder. */
export function resolveInstallPath(fromKey: string, name: string, exists: (key: string) => boolean): string | undefined {
  // A plain key and name (every edge of a lock npm wrote: ~15,000 in the large bench tree's, two
  // or three candidates each) join by concatenation; anything else through joinRel's normalising.
  const plain = (fromKey === '' || isPlainRelativePath(fromKey)) && isPlainRelativePath(name);
  let dir = fromKey;
  for (;;) {
    if (path.posix.basename(dir) !== 'node_modules') {
      const candidate = !plain ? joinRel(dir, 'node_modules', name) : dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
      if (exists(candidate)) return candidate;
    }
    if (dir === '') return undefined;
    const up = dirOf(dir);
    // A hostile absolute key ("/x") climbs to "/", its own parent: the lookup ends there.
    if (up === dir) return undefined;
    dir = up;
  }
}

function buildGraph(file: string, lockDir: string, entries: Map<string, LockEntry>, projects: NpmProject[]): DependencyGraph {
  const projectByDir = new Map(projects.map((p) => [p.dir, p]));
  const nodes = new Map<string, GraphNode>();
  const toRootRel = (key: string) => joinRel(lockDir, key);

  const lockEvidence = (entry: LockEntry): LicenseEvidence[] =>
    entry.license ? [{ kind: 'lockfile', value: entry.license.value, location: entry.license.location }] : [];

  for (const entry of entries.values()) {
    const node: GraphNode = {
      key: entry.key,
      name: entry.name,
      version: entry.version,
      edges: entry.edges,
      location: entry.location,
      evidence: lockEvidence(entry),
      flaggedScope: entry.scope,
    };
    if (entry.fetched) node.fetched = entry.fetched;
    if (entry.linkTarget !== undefined) {
      const targetDir = toRootRel(entry.linkTarget);
      const target = entries.get(entry.linkTarget);
      if (projectByDir.has(targetDir)) node.projectDir = targetDir;
      else if (target) {
        // A link to a plain folder (`file:` dependency): the folder's entry has the facts.
        node.name = target.name || node.name;
        node.version = target.version;
        node.edges = target.edges;
        if (node.evidence.length === 0) node.evidence = lockEvidence(target);
      }
    }
    // Folder entries (workspace sources, `file:` targets) are reached through their links.
    const isInstallPath = entry.key.startsWith('node_modules/') || entry.key.includes('/node_modules/');
    if (!isInstallPath && !node.projectDir) {
      if (projectByDir.has(toRootRel(entry.key))) continue;
    }
    if (!node.name) continue;
    nodes.set(entry.key, node);
  }

  const exists = (key: string) => nodes.has(key);
  for (const node of nodes.values()) {
    // A linked folder's own dependencies resolve from the folder, not from the link.
    const from = entries.get(node.key)?.linkTarget ?? node.key;
    for (const edge of node.edges) edge.target = resolveInstallPath(from, edge.name, exists);
  }

  const importers = new Map<string, GraphEdge[]>();
  for (const project of projects) {
    if (project.workspaceRoot !== lockDir) continue;
    const from = path.posix.relative(lockDir || '.', project.dir || '.');
    importers.set(
      project.dir,
      project.edges.map((edge) => ({ ...edge, target: resolveInstallPath(from === '.' ? '' : from, edge.name, exists) })),
    );
  }
  return { source: file, kind: 'lockfile', nodes, importers, packageManager: 'npm' };
}
