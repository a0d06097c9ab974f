import type { LicenseEvidence, ProjectManifest, Scope, SourceLocation } from '../../../types';

/**
 * The npm reader's internal model. Every source (a lockfile, an installed tree) becomes a
 * `DependencyGraph`; the assemble step walks all of them from the project manifests and merges
 * what they say into one Component per name@version.
 */

/** Which manifest block an edge comes from. `dev` only ever starts at a project manifest. */
export type EdgeKind = 'prod' | 'dev' | 'optional' | 'peer';

export interface GraphEdge {
  /** Name the dependent asks for (may be an alias). */
  name: string;
  /** Range or spec as written (`^1.0.0`, `npm:other@^2`, `workspace:*`). */
  range: string;
  kind: EdgeKind;
  /** Key of the node it resolves to in the same graph; undefined when unresolved. */
  target?: string;
}

/** A project's own dependency declaration, positioned in its package.json. */
export interface ManifestEdge extends GraphEdge {
  location: SourceLocation;
}

export interface GraphNode {
  /** Unique within its graph (a lockfile path key, `name@version`, a real folder path). */
  key: string;
  name: string;
  version: string;
  edges: GraphEdge[];
  /** Where this package is recorded in the source (lockfile entry, installed package.json). */
  location: SourceLocation;
  evidence: LicenseEvidence[];
  installedPath?: string;
  /** Scope as the lockfile's own flags state it (npm locks, pnpm v6), when it has them. */
  flaggedScope?: Scope;
  /** Set when the node is one of the checkout's own projects (a workspace link): not a component. */
  projectDir?: string;
}

export interface DependencyGraph {
  /** The file or folder the graph was read from (for messages). */
  source: string;
  /** Whether locations from this graph are lockfile locations (preferred for transitive deps). */
  kind: 'lockfile' | 'installed';
  nodes: Map<string, GraphNode>;
  /** Project folder (`''` = root) → that project's direct edges, resolved in this graph. */
  importers: Map<string, GraphEdge[]>;
  /** Path labels for importers that have no readable manifest (e.g. a broken package.json). */
  importerLabels?: Map<string, string>;
}

/** A root or workspace package as read from its package.json. */
export interface NpmProject {
  manifest: ProjectManifest;
  /** Folder relative to root, `''` for the root itself. */
  dir: string;
  /** `name@version` used as the first element of dependency paths. */
  label: string;
  /** Folder of the workspace root this project belongs to (its own dir when it is a root). */
  workspaceRoot: string;
  edges: ManifestEdge[];
  /** Globs from its own `workspaces` field (npm/yarn). */
  workspacePatterns: string[];
}
