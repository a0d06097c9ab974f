import type { Component, LicenseEvidence, Scope, SourceLocation } from '../../../types';
import type { DependencyGraph, EdgeKind, GraphEdge, GraphNode, ManifestEdge, NpmProject } from './model';
import { aliasTarget, compareStrings, componentKey, npmPurl, SCOPE_BY_RANK, SCOPE_RANK, strongerScope } from './util';

/** At most this many dependency paths are kept per component, shortest first. */
export const MAX_PATHS = 3;

const EDGE_RANK: Record<EdgeKind, number> = SCOPE_RANK;

/** Specs that point at local folders or workspaces: never a registry component on their own. */
const LOCAL_SPEC = /^(workspace|link|file|portal|patch):/;

interface Accumulator {
  name: string;
  version: string;
  /** Scopes a lockfile gives (its flags, or its graph); they win over the installed tree's. */
  lockScopes: Scope[];
  /** Scopes from the installed tree or from the manifests alone. */
  otherScopes: Scope[];
  direct: boolean;
  /** Rank of the edge `requested`/`directLocation` came from: the strongest declaration wins. */
  directRank: number;
  requested?: string;
  directLocation?: SourceLocation;
  lockLocation?: SourceLocation;
  installedLocation?: SourceLocation;
  lockEvidence: LicenseEvidence[];
  installed?: { path: string; evidence: LicenseEvidence[] };
  paths: string[][];
}

/**
 * Walks every graph from the projects' direct dependencies, works out each package's scope
 * (the strongest over all the ways it is reached: a path is as weak as its weakest edge) and
 * its shortest paths, then merges all graphs into one Component per name@version.
 */
export function assembleComponents(graphs: DependencyGraph[], projects: NpmProject[], includeDev: boolean): Component[] {
  const projectByDir = new Map(projects.map((p) => [p.dir, p]));
  const byKey = new Map<string, Accumulator>();
  const resolvedDirect = new Set<string>();

  const accumulatorFor = (name: string, version: string): Accumulator => {
    const key = componentKey(name, version);
    let acc = byKey.get(key);
    if (!acc) {
      acc = { name, version, lockScopes: [], otherScopes: [], direct: false, directRank: -1, lockEvidence: [], paths: [] };
      byKey.set(key, acc);
    }
    return acc;
  };

  for (const graph of graphs) {
    const walk = walkGraph(graph, projectByDir);
    // forEach, not `for … of`: no iterator result per node (see walkGraph).
    graph.nodes.forEach((node) => {
      if (node.projectDir !== undefined || !node.name) return;
      const acc = accumulatorFor(node.name, node.version);
      const reached = walk.rank.get(node.key);
      const scope = node.flaggedScope ?? (reached === undefined ? undefined : SCOPE_BY_RANK[reached]);
      if (scope) (graph.kind === 'lockfile' ? acc.lockScopes : acc.otherScopes).push(scope);
      const paths = walk.paths.get(node.key);
      if (paths) for (let k = 0; k < paths.length; k++) addPath(acc.paths, paths[k]);
      if (graph.kind === 'lockfile') {
        acc.lockLocation ??= node.location;
        for (const ev of node.evidence) {
          if (!acc.lockEvidence.some((e) => e.kind === ev.kind && sameValue(e, ev))) acc.lockEvidence.push(ev);
        }
      } else {
        acc.installedLocation ??= node.location;
        if (node.installedPath !== undefined && (!acc.installed || node.installedPath < acc.installed.path)) {
          acc.installed = { path: node.installedPath, evidence: node.evidence };
        }
      }
    });
    for (const [dir, edges] of [...graph.importers.entries()].sort((a, b) => compareStrings(a[0], b[0]))) {
      for (const edge of edges) {
        // A folder that exists but could not be read (broken package.json) resolves nothing.
        const target = edge.target === undefined ? undefined : graph.nodes.get(edge.target);
        if (!target) continue;
        resolvedDirect.add(`${dir}\0${edge.name}`);
        if (target.projectDir !== undefined) continue;
        const acc = accumulatorFor(target.name, target.version);
        if (EDGE_RANK[edge.kind] > acc.directRank) {
          acc.direct = true;
          acc.directRank = EDGE_RANK[edge.kind];
          acc.requested = edge.range;
          acc.directLocation = manifestLocation(projectByDir.get(dir), edge) ?? (edge as Partial<ManifestEdge>).location;
        }
      }
    }
  }

  // Declared but found in no lockfile and no installed tree: still a component, version unknown.
  for (const project of projects) {
    const siblings = new Set(projects.filter((p) => p.workspaceRoot === project.workspaceRoot).map((p) => p.manifest.name));
    for (const edge of project.edges) {
      if (resolvedDirect.has(`${project.dir}\0${edge.name}`)) continue;
      if (LOCAL_SPEC.test(edge.range) || siblings.has(edge.name)) continue;
      const realName = aliasTarget(edge.range)?.name ?? edge.name;
      const acc = accumulatorFor(realName, '');
      acc.otherScopes.push(edge.kind);
      addPath(acc.paths, [project.label, realName]);
      if (EDGE_RANK[edge.kind] > acc.directRank) {
        acc.direct = true;
        acc.directRank = EDGE_RANK[edge.kind];
        acc.requested = edge.range;
        acc.directLocation = edge.location;
      }
    }
  }

  const components: Component[] = [];
  for (const acc of byKey.values()) {
    const scopes = acc.lockScopes.length > 0 ? acc.lockScopes : acc.otherScopes;
    // Reached by nothing we could follow (extraneous, or its dependents are unreadable): assume it ships.
    const scope = scopes.reduce<Scope | undefined>((best, s) => (best ? strongerScope(best, s) : s), undefined) ?? 'prod';
    if (!includeDev && scope === 'dev') continue;
    const location = (acc.direct ? acc.directLocation : undefined) ?? acc.lockLocation ?? acc.installedLocation ?? acc.directLocation;
    if (!location) continue;
    const component: Component = {
      id: `npm:${acc.name}@${acc.version}`,
      ecosystem: 'npm',
      name: acc.name,
      version: acc.version,
      purl: npmPurl(acc.name, acc.version),
      scope,
      direct: acc.direct,
      paths: acc.paths.sort(comparePaths).slice(0, MAX_PATHS),
      ...(acc.requested !== undefined ? { requested: acc.requested } : {}),
      evidence: orderEvidence([...(acc.installed?.evidence ?? []), ...acc.lockEvidence]),
      location,
      ...(acc.installed ? { installedPath: acc.installed.path } : {}),
    };
    components.push(component);
  }
  return components.sort((a, b) => compareStrings(a.id, b.id));
}

/** Where the project's manifest declares this dependency (same block first). */
function manifestLocation(project: NpmProject | undefined, edge: GraphEdge): SourceLocation | undefined {
  if (!project) return undefined;
  const sameBlock = project.edges.find((e) => e.name === edge.name && e.kind === edge.kind);
  return (sameBlock ?? project.edges.find((e) => e.name === edge.name))?.location;
}

interface Walk {
  /** Best scope rank each reached node gets. */
  rank: Map<string, number>;
  paths: Map<string, string[][]>;
}

function nodeLabel(node: GraphNode): string {
  return node.version ? `${node.name}@${node.version}` : node.name;
}

/**
 * Scope: a node's rank is the best, over its parents, of min(parent rank, edge rank) — found
 * with a worklist, each node improving at most four times. Paths: breadth-first from the
 * projects, each node keeping its first few (hence shortest) paths.
 */
function walkGraph(graph: DependencyGraph, projectByDir: Map<string, NpmProject>): Walk {
  const rank = new Map<string, number>();
  const paths = new Map<string, string[][]>();
  const queue: string[] = [];
  const seen = new Set<string>();
  const importers = [...graph.importers.entries()].sort((a, b) => compareStrings(a[0], b[0]));

  const isComponent = (key: string | undefined): key is string => {
    if (key === undefined) return false;
    const node = graph.nodes.get(key);
    return !!node && node.projectDir === undefined;
  };

  // Breadth-first for paths.
  for (const [dir, edges] of importers) {
    const label = projectByDir.get(dir)?.label ?? graph.importerLabels?.get(dir) ?? (dir || 'root');
    for (const edge of edges) {
      if (!isComponent(edge.target)) continue;
      const node = graph.nodes.get(edge.target)!;
      pushPath(paths, node.key, [label, nodeLabel(node)]);
      if (!seen.has(node.key)) {
        seen.add(node.key);
        queue.push(node.key);
      }
    }
  }
  // Indexed loops here and below: `for … of` allocates an iterator result per step until the
  // optimising compiler takes over, and these run over every edge of every graph.
  for (let i = 0; i < queue.length; i++) {
    const node = graph.nodes.get(queue[i])!;
    const own = paths.get(node.key) ?? [];
    for (let e = 0; e < node.edges.length; e++) {
      const edge = node.edges[e];
      if (!isComponent(edge.target)) continue;
      const child = graph.nodes.get(edge.target)!;
      // Labelled only while it still takes paths: most children reached again have their three.
      let childLabel: string | undefined;
      for (let k = 0; k < own.length; k++) {
        if ((paths.get(child.key)?.length ?? 0) >= MAX_PATHS) break;
        childLabel ??= nodeLabel(child);
        const p = own[k];
        // concat, not a spread: a spread array is grown by the push, ~2.5× the slots (issue 20's 160k lock).
        if (!p.includes(childLabel)) pushPath(paths, child.key, p.concat(childLabel));
      }
      if (!seen.has(child.key)) {
        seen.add(child.key);
        queue.push(child.key);
      }
    }
  }

  // Worklist for scope ranks.
  const work: string[] = [];
  const improve = (key: string, r: number) => {
    if ((rank.get(key) ?? -1) < r) {
      rank.set(key, r);
      work.push(key);
    }
  };
  for (const [, edges] of importers) {
    for (const edge of edges) if (isComponent(edge.target)) improve(edge.target, EDGE_RANK[edge.kind]);
  }
  while (work.length > 0) {
    const key = work.pop()!;
    const r = rank.get(key)!;
    const edges = graph.nodes.get(key)!.edges;
    for (let e = 0; e < edges.length; e++) {
      const edge = edges[e];
      if (isComponent(edge.target)) improve(edge.target, Math.min(r, EDGE_RANK[edge.kind]));
    }
  }
  return { rank, paths };
}

function pushPath(paths: Map<string, string[][]>, key: string, p: string[]): void {
  let list = paths.get(key);
  if (!list) paths.set(key, (list = []));
  if (list.length < MAX_PATHS) addPath(list, p);
}

function addPath(list: string[][], p: string[]): void {
  if (!list.some((q) => samePath(q, p))) list.push(p);
}

function samePath(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Shorter first, then segment by segment: the order of the NUL-joined strings without joining
 * them (labels hold no NUL, so a segment that is a prefix of the other sorts first either way).
 */
function comparePaths(a: string[], b: string[]): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return compareStrings(a[i], b[i]);
  return 0;
}

function sameValue(a: LicenseEvidence, b: LicenseEvidence): boolean {
  const va = 'value' in a ? a.value : undefined;
  const vb = 'value' in b ? b.value : undefined;
  return JSON.stringify(va) === JSON.stringify(vb);
}

const EVIDENCE_ORDER: Record<LicenseEvidence['kind'], number> = { override: 0, declared: 1, lockfile: 2, file: 3, text: 4 };

/** Sorts `list` in place: declared, lockfile, then files (already sorted by path by the reader). */
function orderEvidence(list: LicenseEvidence[]): LicenseEvidence[] {
  // Array.prototype.sort is stable (ES2019): equal kinds keep their order.
  return list.sort((a, b) => EVIDENCE_ORDER[a.kind] - EVIDENCE_ORDER[b.kind]);
}
