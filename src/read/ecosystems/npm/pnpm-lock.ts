import { isMap, isScalar, LineCounter, parseDocument, type Pair, type YAMLMap } from 'yaml';
import { findExcessiveNesting, nestingMessage } from '../../nesting';
import type { Diagnostic, ReadContext, Scope, SourceLocation } from '../../../types';
import type { DependencyGraph, EdgeKind, GraphEdge, GraphNode, NpmProject } from './model';
import { LOCKFILE_MAX_BYTES, type LockRead } from './package-lock';
import { dirOf, isRecord, joinRel, splitAtVersion } from './util';

/**
 * Reads `pnpm-lock.yaml`. Supported: 5.x (`/name/1.0.0` keys, `specifiers`), 6.x (`/name@1.0.0`
 * keys, `{specifier, version}` importers, `dev` flags) and 9.x (`packages` for metadata and
 * `snapshots` for the resolved graph, keys `name@1.0.0(peer@2)`, no dev flags). A key's peer
 * suffix makes a separate graph node; the component is still one per name@version.
 */
export async function readPnpmLock(ctx: ReadContext, file: string, projects: NpmProject[]): Promise<LockRead> {
  const read = await ctx.fs.readText(file, { maxBytes: LOCKFILE_MAX_BYTES });
  if (!read.ok) return { diagnostics: [read.diagnostic] };
  const tooDeep = findExcessiveNesting(read.text, undefined, { singleQuotes: true });
  if (tooDeep >= 0) {
    const { message, line, column } = nestingMessage(read.text, tooDeep);
    return { diagnostics: [{ ...invalid(file, message, line, column), code: 'too-deep', severity: 'error' }] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(read.text, { lineCounter, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const pos = lineCounter.linePos(err.pos[0]);
    return { diagnostics: [invalid(file, `invalid YAML: ${err.message.split('\n')[0]}`, pos.line, pos.col)] };
  }
  if (!isMap(doc.contents)) return { diagnostics: [invalid(file, 'pnpm-lock.yaml is not a YAML mapping')] };
  const lock: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (!isRecord(lock)) return { diagnostics: [invalid(file, 'pnpm-lock.yaml is not a YAML mapping')] };
  const major = Math.floor(Number.parseFloat(String(lock.lockfileVersion)));
  if (![5, 6, 7, 9].includes(major)) {
    const keyPos = keyPosition(doc.contents, ['lockfileVersion'], lineCounter);
    return {
      diagnostics: [
        {
          code: 'unsupported-lockfile',
          severity: 'warn',
          file,
          message: `lockfileVersion ${JSON.stringify(lock.lockfileVersion ?? null)} is not supported (5.x, 6.x and 9.x are); lockfile skipped`,
          ...(keyPos ? { line: keyPos.line, column: keyPos.col } : {}),
        },
      ],
    };
  }
  return { graph: buildGraph(file, lock, doc.contents, lineCounter, projects), diagnostics: [] };
}

function invalid(file: string, message: string, line?: number, column?: number): Diagnostic {
  return { code: 'invalid-lockfile', severity: 'warn', file, message, line, column };
}

function keyPosition(map: YAMLMap, path: string[], lineCounter: LineCounter): { line: number; col: number } | undefined {
  let current: unknown = map;
  let found: Pair | undefined;
  for (const segment of path) {
    if (!isMap(current)) return undefined;
    found = (current.items).find((p) => isScalar(p.key) && String(p.key.value) === segment);
    if (!found) return undefined;
    current = found.value;
  }
  const key = found?.key;
  return isScalar(key) && key.range ? lineCounter.linePos(key.range[0]) : undefined;
}

/** Key positions of a top-level mapping's children (one pass, not a lookup per key). */
function childKeyPositions(map: YAMLMap, section: string, lineCounter: LineCounter): Map<string, { line: number; col: number }> {
  const out = new Map<string, { line: number; col: number }>();
  const pair = (map.items).find((p) => isScalar(p.key) && p.key.value === section);
  if (!pair || !isMap(pair.value)) return out;
  for (const child of pair.value.items) {
    if (isScalar(child.key) && child.key.range) out.set(String(child.key.value), lineCounter.linePos(child.key.range[0]));
  }
  return out;
}

/** `name@1.0.0(peer@2)` → `name@1.0.0`; v5 `1.0.0_peer@2.0.0` suffixes too. */
function stripPeers(spec: string): string {
  const paren = spec.indexOf('(');
  return paren > 0 ? spec.slice(0, paren) : spec;
}

/** Name and version from a package key of any supported version. */
function parsePackageKey(key: string, major: number): { name: string; version: string } | undefined {
  let spec = stripPeers(key);
  if (spec.startsWith('/')) spec = spec.slice(1);
  if (major === 5) {
    // `/@scope/name/1.0.0_peer@1.0.0`: the last segment is the version (peers after `_`).
    const slash = spec.lastIndexOf('/');
    if (slash <= 0) return undefined;
    return { name: spec.slice(0, slash), version: spec.slice(slash + 1).split('_')[0] };
  }
  const split = splitAtVersion(spec);
  return split ? { name: split.name, version: split.rest } : undefined;
}

function depEdges(entry: Record<string, unknown>): { name: string; ref: string; kind: EdgeKind }[] {
  const out: { name: string; ref: string; kind: EdgeKind }[] = [];
  const blocks: [string, EdgeKind][] = [
    ['dependencies', 'prod'],
    ['optionalDependencies', 'optional'],
  ];
  for (const [block, kind] of blocks) {
    const deps = entry[block];
    if (!isRecord(deps)) continue;
    for (const name of Object.keys(deps).sort()) {
      const ref = deps[name];
      if (typeof ref === 'string' || typeof ref === 'number') out.push({ name, ref: String(ref), kind });
    }
  }
  return out;
}

function flagScope(entry: Record<string, unknown>): Scope | undefined {
  if (entry.dev === true) return 'dev';
  if (entry.optional === true) return 'optional';
  if (entry.dev === false) return 'prod';
  return undefined;
}

function buildGraph(
  file: string,
  lock: Record<string, unknown>,
  contents: YAMLMap,
  lineCounter: LineCounter,
  projects: NpmProject[],
): DependencyGraph {
  const major = Math.floor(Number.parseFloat(String(lock.lockfileVersion)));
  const lockDir = dirOf(file);
  const packages = isRecord(lock.packages) ? lock.packages : {};
  // v9 splits metadata (`packages`) from the resolved graph (`snapshots`).
  const graphSection = isRecord(lock.snapshots) ? lock.snapshots : packages;
  const packagePositions = childKeyPositions(contents, 'packages', lineCounter);
  const snapshotPositions = childKeyPositions(contents, 'snapshots', lineCounter);
  const nodes = new Map<string, GraphNode>();

  for (const key of Object.keys(graphSection).sort()) {
    const entry = graphSection[key];
    const meta = isRecord(packages[key]) ? (packages[key]) : isRecord(packages[stripPeers(key)]) ? (packages[stripPeers(key)] as Record<string, unknown>) : {};
    const data = isRecord(entry) ? entry : {};
    const parsed = parsePackageKey(key, major);
    const name = typeof meta.name === 'string' ? meta.name : parsed?.name;
    const version = typeof meta.version === 'string' ? meta.version : parsed?.version;
    if (!name || version === undefined) continue;
    const pos = packagePositions.get(key) ?? packagePositions.get(stripPeers(key)) ?? snapshotPositions.get(key) ?? { line: 1, col: 1 };
    const node: GraphNode = {
      key,
      name,
      version,
      edges: [],
      location: { file, line: pos.line, column: pos.col },
      evidence: [],
    };
    const flagged = flagScope({ ...meta, ...data });
    if (flagged) node.flaggedScope = flagged;
    const resolution = isRecord(meta.resolution) ? meta.resolution : isRecord(data.resolution) ? data.resolution : {};
    if (typeof resolution.integrity === 'string') node.fetched = { integrity: resolution.integrity };
    node.edges = depEdges(data).map(({ name: depName, ref, kind }) => ({ name: depName, range: ref, kind }));
    nodes.set(key, node);
  }

  const projectDirs = new Set(projects.map((p) => p.dir));
  const resolveRef = (name: string, ref: string, fromDir: string): string | undefined => {
    if (ref.startsWith('link:')) {
      const target = joinRel(fromDir, ref.slice('link:'.length));
      if (projectDirs.has(target) && !nodes.has(`project:${target}`)) {
        nodes.set(`project:${target}`, {
          key: `project:${target}`,
          name,
          version: '',
          edges: [],
          location: { file: joinRel(target, 'package.json'), line: 1, column: 1 },
          evidence: [],
          projectDir: target,
        });
      }
      return projectDirs.has(target) ? `project:${target}` : undefined;
    }
    for (const candidate of [ref, `/${ref}`, `${name}@${ref}`, `/${name}@${ref}`, `/${name}/${ref}`]) {
      if (nodes.has(candidate)) return candidate;
    }
    return undefined;
  };
  for (const node of [...nodes.values()]) {
    for (const edge of node.edges) edge.target = resolveRef(edge.name, edge.range, lockDir);
  }

  // Importers: `importers` (workspaces, and every v9 lock), or the root-level blocks.
  const importerSections: [string, Record<string, unknown>][] = isRecord(lock.importers)
    ? Object.entries(lock.importers).filter((e): e is [string, Record<string, unknown>] => isRecord(e[1]))
    : [['.', lock]];
  const importers = new Map<string, GraphEdge[]>();
  const importerBlocks: [string, EdgeKind][] = [
    ['dependencies', 'prod'],
    ['optionalDependencies', 'optional'],
    ['devDependencies', 'dev'],
  ];
  for (const [importerPath, section] of importerSections.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const projectDir = joinRel(lockDir, importerPath);
    const specifiers = isRecord(section.specifiers) ? section.specifiers : {};
    const edges: GraphEdge[] = [];
    for (const [block, kind] of importerBlocks) {
      const deps = section[block];
      if (!isRecord(deps)) continue;
      for (const name of Object.keys(deps).sort()) {
        const value = deps[name];
        // v6+: `{ specifier, version }`; v5: a bare version with `specifiers` alongside.
        const ref = isRecord(value) ? value.version : value;
        const specifier = isRecord(value) ? value.specifier : specifiers[name];
        if (typeof ref !== 'string' && typeof ref !== 'number') continue;
        const pos = keyPosition(contents, importerPath === '.' && !isRecord(lock.importers) ? [block, name] : ['importers', importerPath, block, name], lineCounter);
        const edge: GraphEdge & { location?: SourceLocation } = {
          name,
          range: typeof specifier === 'string' ? specifier : String(ref),
          kind,
          target: resolveRef(name, String(ref), projectDir),
        };
        if (pos) edge.location = { file, line: pos.line, column: pos.col };
        edges.push(edge);
      }
    }
    importers.set(projectDir, edges);
  }
  return { source: file, kind: 'lockfile', nodes, importers, packageManager: 'pnpm' };
}
