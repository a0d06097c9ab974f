import type { Component, Ecosystem, LicenseEvidence, ProjectManifest, Scope, SourceLocation } from '../../../types';
import { compareStrings } from '../../../util/compare';

export interface ComponentInput {
  name: string;
  version: string;
  purl: string;
  scope: Scope;
  direct: boolean;
  requested?: string;
  evidence?: LicenseEvidence[];
  location: SourceLocation;
  installedPath?: string;
}

/** When the same package is reached several ways, the scope that ships wins. */
const SCOPE_RANK: Record<Scope, number> = { prod: 0, peer: 1, optional: 2, dev: 3 };

export function strongerScope(a: Scope, b: Scope): Scope {
  return SCOPE_RANK[a] <= SCOPE_RANK[b] ? a : b;
}

export function componentId(ecosystem: Ecosystem, name: string, version: string): string {
  return `${ecosystem}:${name}@${version}`;
}

function evidenceKey(e: LicenseEvidence): string {
  return JSON.stringify(e);
}

function compareLocation(a: SourceLocation, b: SourceLocation): number {
  return compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column;
}

/**
 * Collects components of one ecosystem, merging repeats (a package named by two manifests,
 * or by a manifest and a lockfile) into one entry per `name@version`.
 */
export class ComponentCollector {
  private readonly byId = new Map<string, Component>();

  constructor(readonly ecosystem: Ecosystem) {}

  add(input: ComponentInput): Component {
    const id = componentId(this.ecosystem, input.name, input.version);
    const existing = this.byId.get(id);
    if (!existing) {
      const created: Component = {
        id,
        ecosystem: this.ecosystem,
        name: input.name,
        version: input.version,
        purl: input.purl,
        scope: input.scope,
        direct: input.direct,
        paths: [],
        evidence: [],
        location: input.location,
      };
      if (input.requested !== undefined) created.requested = input.requested;
      if (input.installedPath !== undefined) created.installedPath = input.installedPath;
      this.byId.set(id, created);
      this.addEvidence(created, input.evidence ?? []);
      return created;
    }
    existing.scope = strongerScope(existing.scope, input.scope);
    // A direct declaration is where a finding should point; among equals, the first file.
    if (input.direct && !existing.direct) {
      existing.direct = true;
      existing.location = input.location;
      if (input.requested !== undefined) existing.requested = input.requested;
    } else if (input.direct === existing.direct && compareLocation(input.location, existing.location) < 0) {
      existing.location = input.location;
      if (input.requested !== undefined) existing.requested = input.requested;
    }
    if (existing.requested === undefined && input.requested !== undefined && input.direct) existing.requested = input.requested;
    if (existing.installedPath === undefined && input.installedPath !== undefined) existing.installedPath = input.installedPath;
    this.addEvidence(existing, input.evidence ?? []);
    return existing;
  }

  addEvidence(component: Component, evidence: LicenseEvidence[]): void {
    const seen = new Set(component.evidence.map(evidenceKey));
    for (const e of evidence) {
      const key = evidenceKey(e);
      if (seen.has(key)) continue;
      seen.add(key);
      component.evidence.push(e);
    }
  }

  get(name: string, version: string): Component | undefined {
    return this.byId.get(componentId(this.ecosystem, name, version));
  }

  /** Every component with this name, whatever its version. */
  byName(name: string): Component[] {
    return [...this.byId.values()].filter((c) => c.name === name);
  }

  all(): Component[] {
    return [...this.byId.values()];
  }

  /** Sorted, with paths in a stable order; dev components left out unless `includeDev`. */
  list(includeDev = true): Component[] {
    const out = [...this.byId.values()].filter((c) => includeDev || c.scope !== 'dev');
    for (const c of out) {
      c.paths = c.paths
        .map((p) => [...p])
        .sort((a, b) => a.length - b.length || compareStrings(a.join('>'), b.join('>')))
        .slice(0, MAX_PATHS);
    }
    return out.sort((a, b) => compareStrings(a.id, b.id));
  }
}

export const MAX_PATHS = 3;

export function sortProjects(projects: ProjectManifest[]): ProjectManifest[] {
  return projects.sort((a, b) => compareStrings(a.file, b.file) || compareStrings(a.name, b.name));
}

/**
 * Dependency graph from a lockfile: nodes are keys chosen by the reader (usually
 * `name@version`), roots are the checkout's own packages. Gives each node its shortest paths.
 */
export class DependencyGraph {
  private readonly edges = new Map<string, Set<string>>();
  private readonly roots = new Map<string, Set<string>>();

  addEdge(from: string, to: string): void {
    if (from === to) return;
    let set = this.edges.get(from);
    if (!set) this.edges.set(from, (set = new Set()));
    set.add(to);
  }

  /** `rootLabel` (e.g. `myapp@1.0.0`) declares `to` directly. */
  addRootEdge(rootLabel: string, to: string): void {
    let set = this.roots.get(rootLabel);
    if (!set) this.roots.set(rootLabel, (set = new Set()));
    set.add(to);
  }

  /** Shortest path from each root to every reachable node, as labels; at most MAX_PATHS per node. */
  shortestPaths(label: (key: string) => string = (k) => k): Map<string, string[][]> {
    const result = new Map<string, string[][]>();
    for (const rootLabel of [...this.roots.keys()].sort()) {
      const parent = new Map<string, string | null>();
      const queue: string[] = [];
      for (const first of [...(this.roots.get(rootLabel) ?? [])].sort()) {
        if (parent.has(first)) continue;
        parent.set(first, null);
        queue.push(first);
      }
      for (let i = 0; i < queue.length; i++) {
        const node = queue[i];
        for (const next of [...(this.edges.get(node) ?? [])].sort()) {
          if (parent.has(next)) continue;
          parent.set(next, node);
          queue.push(next);
        }
      }
      for (const node of parent.keys()) {
        const chain: string[] = [];
        for (let cur: string | null | undefined = node; cur; cur = parent.get(cur)) chain.push(label(cur));
        chain.push(rootLabel);
        chain.reverse();
        let list = result.get(node);
        if (!list) result.set(node, (list = []));
        list.push(chain);
      }
    }
    for (const [k, list] of result) {
      list.sort((a, b) => a.length - b.length || compareStrings(a.join('>'), b.join('>')));
      result.set(k, list.slice(0, MAX_PATHS));
    }
    return result;
  }

  successors(node: string): string[] {
    return [...(this.edges.get(node) ?? [])];
  }

  /** Nodes reachable from any root. */
  reachable(): Set<string> {
    const seen = new Set<string>();
    const stack: string[] = [];
    for (const set of this.roots.values()) for (const n of set) stack.push(n);
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      for (const m of this.edges.get(n) ?? []) stack.push(m);
    }
    return seen;
  }
}

/** Adds each path to the component's list (deduplicated). */
export function addPaths(component: Component, paths: string[][]): void {
  const seen = new Set(component.paths.map((p) => p.join('\0')));
  for (const p of paths) {
    const key = p.join('\0');
    if (seen.has(key)) continue;
    seen.add(key);
    component.paths.push(p);
  }
}

/**
 * Scope of every node reached from direct dependencies whose scope is known: a node reached
 * from any prod dependency is prod, else the strongest scope that reaches it.
 */
export function propagateScopes(graph: DependencyGraph, directScopes: Map<string, Scope>): Map<string, Scope> {
  const out = new Map<string, Scope>();
  const order = [...directScopes.entries()].sort((a, b) => SCOPE_RANK[a[1]] - SCOPE_RANK[b[1]] || compareStrings(a[0], b[0]));
  for (const [start, scope] of order) {
    const stack = [start];
    while (stack.length) {
      const node = stack.pop()!;
      const current = out.get(node);
      if (current !== undefined && SCOPE_RANK[current] <= SCOPE_RANK[scope]) continue;
      out.set(node, scope);
      for (const next of graph.successors(node)) stack.push(next);
    }
  }
  return out;
}
