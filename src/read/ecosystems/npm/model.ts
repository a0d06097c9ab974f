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
  /** What the lockfile records to find the package again in a package manager's cache (see caches/). */
  fetched?: FetchedAs;
}

/** A lockfile's record of the exact package it resolved: the keys of the package managers' caches. */
export interface FetchedAs {
  /** Subresource integrity of the tarball (`sha512-…`): pnpm's store and npm's cache are keyed by it. */
  integrity?: string;
  /** Tarball URL as written (yarn classic appends `#<sha1>`, which names its cache folder). */
  resolved?: string;
  /** Yarn berry's `checksum` (`<cacheKey>/<sha512 hex>`), whose first 10 hex digits end a cache zip's name. */
  checksum?: string;
}

/** Which package manager wrote a lockfile: it decides the cache to read and the command that installs. */
export type PackageManager = 'npm' | 'pnpm' | 'yarn-classic' | 'yarn-berry';

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
  /** For lockfile graphs: the package manager that wrote the lockfile. */
  packageManager?: PackageManager;
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
