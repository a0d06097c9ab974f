import * as path from 'node:path';
import { findExcessiveNesting, nestingMessage } from '../../nesting';
import { pathGlobMatcher } from '../../../util/path-glob';
import type { Diagnostic, DiscoveredFiles, LicenseEvidence, ProjectFacts, ProjectManifest, ReadContext } from '../../../types';
import { appPackagers, serverFrameworks } from '../../../ecosystems';
import { readJsonWithPositions } from './json-positions';
import type { EdgeKind, ManifestEdge, NpmProject } from './model';
import { compareStrings, dirOf, isRecord, joinRel, stringEntries } from './util';

/** Manifest blocks that declare dependencies, and what kind of edge each one makes. */
export const DEPENDENCY_BLOCKS: readonly [string, EdgeKind][] = [
  ['dependencies', 'prod'],
  ['optionalDependencies', 'optional'],
  ['peerDependencies', 'peer'],
  ['devDependencies', 'dev'],
];

const DEPENDENCY_BLOCK_NAMES = new Set(DEPENDENCY_BLOCKS.map(([block]) => block));

/** The keys of a project manifest whose positions findings point at. */
function isLocatedProjectKey(keyPath: readonly string[]): boolean {
  if (keyPath.length === 1) return keyPath[0] === 'name' || keyPath[0] === 'license' || keyPath[0] === 'licenses';
  return keyPath.length === 2 && DEPENDENCY_BLOCK_NAMES.has(keyPath[0]);
}

export const LOCKFILE_NAMES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml'];

export interface ProjectsResult {
  projects: NpmProject[];
  diagnostics: Diagnostic[];
}

/**
 * Finds the checkout's own npm projects: the root package.json, every package.json that sits
 * next to a lockfile or an installed tree (an independent nested project), and the workspace
 * members those roots declare (npm/yarn `workspaces`, `pnpm-workspace.yaml`). Other
 * package.json files (test fixtures, examples without installs) are not projects.
 */
export async function readProjects(files: DiscoveredFiles, ctx: ReadContext): Promise<ProjectsResult> {
  const diagnostics: Diagnostic[] = [];
  const manifestSet = new Set(files.manifests.filter((f) => path.posix.basename(f) === 'package.json'));
  const lockDirs = new Set(files.lockfiles.filter((f) => LOCKFILE_NAMES.includes(path.posix.basename(f))).map(dirOf));
  const treeDirs = new Set(files.installedTrees.filter((t) => path.posix.basename(t) === 'node_modules').map(dirOf));
  const pnpmWorkspaceDirs = new Set(
    [...files.manifests, ...files.all].filter((f) => path.posix.basename(f) === 'pnpm-workspace.yaml').map(dirOf),
  );

  const rootDirs = [...new Set([...lockDirs, ...treeDirs, ...pnpmWorkspaceDirs, ''])]
    .filter((d) => manifestSet.has(joinRel(d, 'package.json')) || pnpmWorkspaceDirs.has(d))
    .sort((a, b) => depth(a) - depth(b) || compareStrings(a, b));

  const projects = new Map<string, NpmProject>();
  for (const rootDir of rootDirs) {
    if (projects.has(rootDir)) continue; // already a member of an enclosing workspace root
    const root = manifestSet.has(joinRel(rootDir, 'package.json'))
      ? await readProject(ctx, rootDir, rootDir, diagnostics)
      : undefined;
    if (root) projects.set(rootDir, root);
    const patterns = [...(root?.workspacePatterns ?? []), ...(await pnpmWorkspacePatterns(ctx, rootDir, pnpmWorkspaceDirs, diagnostics))];
    if (root) root.manifest.facts.workspaces = patterns;
    for (const memberDir of matchWorkspaces(rootDir, patterns, manifestSet)) {
      if (projects.has(memberDir)) continue;
      const member = await readProject(ctx, memberDir, rootDir, diagnostics);
      if (member) projects.set(memberDir, member);
    }
  }
  const sorted = [...projects.values()].sort((a, b) => compareStrings(a.dir, b.dir));
  return { projects: sorted, diagnostics };
}

function depth(dir: string): number {
  return dir === '' ? 0 : dir.split('/').length;
}

async function readProject(
  ctx: ReadContext,
  dir: string,
  workspaceRoot: string,
  diagnostics: Diagnostic[],
): Promise<NpmProject | undefined> {
  const file = joinRel(dir, 'package.json');
  const read = await readJsonWithPositions(ctx, file, isLocatedProjectKey);
  if (!read.ok) {
    diagnostics.push(read.diagnostic);
    return undefined;
  }
  const at = (keyPath: string[]) => read.positions.locate(file, keyPath);
  const pkg = read.value;
  if (!isRecord(pkg)) {
    diagnostics.push({ code: 'invalid-manifest', severity: 'warn', file, message: 'package.json is not a JSON object', line: 1, column: 1 });
    return undefined;
  }
  const name = typeof pkg.name === 'string' ? pkg.name : '';
  const version = typeof pkg.version === 'string' ? pkg.version : '';

  const evidence: LicenseEvidence[] = [];
  for (const field of ['license', 'licenses']) {
    if (pkg[field] !== undefined) {
      evidence.push({ kind: 'declared', value: pkg[field], field, location: at([field]), baseDir: dir });
    }
  }

  const edges: ManifestEdge[] = [];
  for (const [block, kind] of DEPENDENCY_BLOCKS) {
    for (const [depName, range] of stringEntries(pkg[block])) {
      edges.push({ name: depName, range, kind, location: at([block, depName]) });
    }
  }

  const scripts = isRecord(pkg.scripts) ? pkg.scripts : {};
  const serverScripts: Record<string, string> = {};
  for (const script of ['start', 'serve']) {
    if (typeof scripts[script] === 'string') serverScripts[script] = scripts[script];
  }
  const facts: ProjectFacts = {
    private: pkg.private === true,
    hasMain: pkg.main !== undefined || pkg.module !== undefined || pkg.exports !== undefined,
    hasExports: pkg.exports !== undefined,
    hasBin: pkg.bin !== undefined && pkg.bin !== null && pkg.bin !== '',
    hasTypes: pkg.types !== undefined || pkg.typings !== undefined,
    scripts: serverScripts,
    publishConfig: isRecord(pkg.publishConfig) ? pkg.publishConfig : undefined,
    serverFrameworks: serverFrameworks('npm', edges.filter((e) => e.kind === 'prod').map((e) => e.name)),
    appPackagers: appPackagers('npm', edges.map((e) => e.name)),
    isWorkspaceRoot: dir === workspaceRoot,
    workspaceRoot,
  };

  const manifest: ProjectManifest = {
    ecosystem: 'npm',
    file,
    name,
    version,
    private: pkg.private === true,
    evidence,
    facts,
    location: at(['name']),
  };
  if (typeof pkg.description === 'string') manifest.description = pkg.description;
  if (Array.isArray(pkg.keywords)) manifest.keywords = pkg.keywords.filter((k): k is string => typeof k === 'string');

  const label = name ? (version ? `${name}@${version}` : name) : dir || 'root';
  return { manifest, dir, label, workspaceRoot, edges, workspacePatterns: workspacePatterns(pkg) };
}

/** npm/yarn `workspaces`: an array of globs, or yarn's `{ packages: [...] }`. */
function workspacePatterns(pkg: Record<string, unknown>): string[] {
  const raw = isRecord(pkg.workspaces) ? pkg.workspaces.packages : pkg.workspaces;
  return Array.isArray(raw) ? raw.filter((p): p is string => typeof p === 'string') : [];
}

async function pnpmWorkspacePatterns(
  ctx: ReadContext,
  dir: string,
  pnpmWorkspaceDirs: Set<string>,
  diagnostics: Diagnostic[],
): Promise<string[]> {
  if (!pnpmWorkspaceDirs.has(dir)) return [];
  const file = joinRel(dir, 'pnpm-workspace.yaml');
  const read = await ctx.fs.readText(file);
  if (!read.ok) {
    diagnostics.push(read.diagnostic);
    return [];
  }
  // Loaded only for pnpm workspaces: most checkouts never pay for a YAML parser.
  const tooDeep = findExcessiveNesting(read.text, undefined, { singleQuotes: true });
  if (tooDeep >= 0) {
    diagnostics.push({ code: 'too-deep', severity: 'error', file, ...nestingMessage(read.text, tooDeep) });
    return [];
  }
  const { parseDocument } = require('yaml') as typeof import('yaml');
  const doc = parseDocument(read.text, { uniqueKeys: false });
  if (doc.errors.length > 0) {
    diagnostics.push({ code: 'invalid-yaml', severity: 'warn', file, message: `invalid YAML: ${doc.errors[0].message.split('\n')[0]}` });
    return [];
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    diagnostics.push({ code: 'invalid-yaml', severity: 'warn', file, message: `invalid YAML: ${err instanceof Error ? err.message : String(err)}` });
    return [];
  }
  if (!isRecord(value) || value.packages === undefined) return [];
  if (!Array.isArray(value.packages)) {
    diagnostics.push({ code: 'invalid-manifest', severity: 'warn', file, message: '`packages` is not a list of globs' });
    return [];
  }
  return value.packages.filter((p): p is string => typeof p === 'string');
}

/**
 * Workspace member folders (relative to the scanned root) whose package.json matches the
 * root's globs. The globs are matched against the manifests the checkout walk discovered (so
 * ignore settings apply, links are not followed, and installed trees are never members).
 */
function matchWorkspaces(rootDir: string, patterns: string[], manifests: Set<string>): string[] {
  const include: string[] = [];
  const exclude: string[] = [];
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).replace(/^\.\//, '').replace(/\/+$/, '');
    // Globs are confined to the workspace root: no absolute paths, no `..`.
    if (pattern === '' || pattern.startsWith('/') || pattern.split('/').includes('..')) continue;
    (negated ? exclude : include).push(`${pattern}/package.json`);
  }
  if (include.length === 0) return [];
  const included = pathGlobMatcher(include, { dot: false });
  const excluded = pathGlobMatcher(['**/node_modules/**', ...exclude], { dot: false });
  const prefix = rootDir === '' ? '' : `${rootDir}/`;
  return [...manifests]
    .filter((rel) => rel.startsWith(prefix))
    .filter((rel) => {
      const inRoot = rel.slice(prefix.length);
      return included(inRoot) && !excluded(inRoot);
    })
    .map(dirOf)
    .filter((d) => d !== rootDir)
    .sort(compareStrings);
}
