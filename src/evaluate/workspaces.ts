import * as path from 'node:path';
import type { Component, Config, DiscoveredFiles, Ecosystem, Profile, ProjectManifest, WorkspaceConfig } from '../types';
import { compareStrings } from '../util/compare';
import { inferProfile, type InferProfileInput } from './profile';
import { FatalError } from '../errors';
import picomatch from 'picomatch';

/**
 * Workspaces and modules as units: every folder holding one of the checkout's own manifests
 * (an npm/yarn/pnpm workspace, a nested go.mod, a Cargo member, a Maven module, a Gradle
 * subproject, a Python/Composer/Bundler/.NET project in a subfolder) is judged under its own
 * profile, because a published SDK and the private API next to it make money differently.
 */
export interface WorkspaceUnit {
  /** Relative folder, `.` for the root. */
  path: string;
  name: string;
  ecosystem: Ecosystem | null;
  projects: ProjectManifest[];
  profile: Profile;
  /** The config entries (`workspaces` globs) that matched this folder, merged in glob order. */
  config: WorkspaceConfig;
}

/** Folders whose manifests are examples, fixtures or documentation, not units of the product. */
const NOT_PRODUCT_DIR = /(^|\/)(node_modules|test|tests|__tests__|testdata|fixtures?|examples?|samples?|docs?|vendor|third_party)(\/|$)/i;

export function projectDir(p: ProjectManifest): string {
  return path.posix.dirname(p.file);
}

/** The innermost unit folder holding `file` (a relative path), `.` when none does. */
export function unitDirOf(file: string, unitDirs: readonly string[]): string {
  let best = '.';
  for (const d of unitDirs) {
    if (d === '.' || !(file === d || file.startsWith(d + '/'))) continue;
    if (d.length > best.length || best === '.') best = d;
  }
  return best;
}

/** The root is an aggregate when its own manifests only list members (npm workspaces root, Maven parent POM, Cargo virtual workspace). */
function isAggregateRoot(rootProjects: ProjectManifest[], otherUnits: number): boolean {
  if (otherUnits === 0) return false;
  return rootProjects.every((p) => {
    const f = p.facts ?? { serverFrameworks: [] };
    if (f.isWorkspaceRoot && Array.isArray(f.workspaces) && f.workspaces.length) return !f.hasMain && !f.hasBin && !(f.serverFrameworks ?? []).length && !Object.keys(f.scripts ?? {}).length;
    if (p.ecosystem === 'maven') return f.packaging === 'pom' || (f.hasModules === true && !f.isApplication);
    return false;
  });
}

function displayName(dir: string, projects: ProjectManifest[], root: string): { name: string; ecosystem: Ecosystem | null } {
  const named = projects.find((p) => p.name);
  if (named) return { name: named.name, ecosystem: named.ecosystem };
  return { name: dir === '.' ? path.basename(root) : path.posix.basename(dir), ecosystem: projects[0]?.ecosystem ?? null };
}

/** Files that belong to a unit: under its folder and not under a nested unit's folder. */
function filesOfUnit(files: DiscoveredFiles, dir: string, unitDirs: readonly string[]): DiscoveredFiles {
  const keep = (f: string) => unitDirOf(f, unitDirs) === dir;
  return { ...files, all: (files.all ?? []).filter(keep), manifests: (files.manifests ?? []).filter(keep) };
}

/** The merged `workspaces` config entries whose glob matches `dir` (`.` for the root). */
export function workspaceConfigFor(config: Config, dir: string): WorkspaceConfig {
  const entries = config.workspaces && typeof config.workspaces === 'object' ? Object.entries(config.workspaces) : [];
  const merged: WorkspaceConfig = {};
  for (const [glob, entry] of entries) {
    const pattern = glob.replace(/^\.\//, '').replace(/\/+$/, '') || '.';
    if (!(pattern === dir || picomatch(pattern, { dot: true })(dir))) continue;
    if (entry.profile !== undefined) merged.profile = entry.profile;
    if (entry.rules) merged.rules = { ...(merged.rules ?? {}), ...entry.rules };
    if (entry.ignore) merged.ignore = [...(merged.ignore ?? []), ...entry.ignore];
  }
  return merged;
}

/**
 * The units of a checkout with their inferred profiles, root first. `--profile` decides for
 * every unit; a `workspaces` config entry beats the top-level `profile`, which beats inference.
 * An aggregate root (only lists members) keeps the whole-checkout inference, as before units.
 */
export function findWorkspaces(input: InferProfileInput & { root: string; config: Config }): WorkspaceUnit[] {
  const projects = (input.projects ?? []).filter((p) => p && typeof p.file === 'string');
  const byDir = new Map<string, ProjectManifest[]>([['.', []]]);
  const productDirs = [...new Set(projects.map(projectDir).filter((d) => d === '.' || !NOT_PRODUCT_DIR.test(d)))];
  for (const p of projects) {
    const dir = unitDirOf(projectDir(p), productDirs);
    const list = byDir.get(dir) ?? [];
    list.push(p);
    byDir.set(dir, list);
  }
  const dirs = [...byDir.keys()].sort((a, b) => (a === '.' ? -1 : b === '.' ? 1 : compareStrings(a, b)));
  const aggregate = isAggregateRoot(byDir.get('.')!, dirs.length - 1);
  return dirs.map((dir) => {
    const own = byDir.get(dir)!;
    const wsConfig = workspaceConfigFor(input.config, dir);
    const configProfile = wsConfig.profile ?? input.configProfile;
    const isRootAggregate = dir === '.' && (aggregate || (own.length === 0 && dirs.length === 1));
    const profile = isRootAggregate
      ? inferProfile({ ...input, configProfile })
      : inferProfile({
          ...input,
          configProfile,
          projects: own,
          files: filesOfUnit(input.files, dir, dirs),
          components: (input.components ?? []).filter((c) => c && c.direct && unitsOfComponent(c, dirs, projects).includes(dir)),
        });
    if (wsConfig.profile !== undefined && profile.origin === 'config') profile.reasons = profile.reasons.map((r) => r.replace('config "profile"', `config "workspaces" profile for ${dir}`));
    profile.reasons = summariseReasons(profile.reasons);
    const { name, ecosystem } = displayName(dir, own, input.root);
    return { path: dir, name, ecosystem, projects: own, profile, config: wsConfig };
  });
}

/**
 * `--workspace <path>` (undefined: the whole checkout): the unit judged, its profile and the
 * components to identify and report, only those the unit depends on. A path that names no unit
 * is fatal: judging nothing would pass green.
 */
export function selectWorkspace(
  units: WorkspaceUnit[],
  requested: string | undefined,
  components: Component[],
  projects: readonly ProjectManifest[],
): { only?: string; profile: Profile; components: Component[] } {
  const only = requested === undefined ? undefined : normaliseWorkspacePath(requested);
  if (only !== undefined && !units.some((w) => w.path === only)) {
    throw new FatalError(`--workspace ${requested}: no such workspace (found: ${units.map((w) => w.path).join(', ')})`);
  }
  const profile = units.find((w) => w.path === (only ?? '.'))!.profile;
  if (only === undefined) return { profile, components };
  const dirs = units.map((w) => w.path);
  return { only, profile, components: components.filter((c) => unitsOfComponent(c, dirs, projects).includes(only)) };
}

/** `./packages/api/` → `packages/api`; `` and `./` → `.`. */
function normaliseWorkspacePath(p: string): string {
  const trimmed = p.split('\\').join('/').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return trimmed === '' ? '.' : trimmed;
}

/** One line per reason; a long run of similar lines (30 nested modules) becomes a count. */
export function summariseReasons(reasons: string[]): string[] {
  const out: string[] = [];
  const byShape = new Map<string, string[]>();
  for (const r of reasons) {
    const shape = r.replace(/^\S+ /, '<file> ');
    const list = byShape.get(shape) ?? [];
    list.push(r);
    byShape.set(shape, list);
  }
  for (const [shape, list] of byShape) {
    if (list.length <= 3) out.push(...list);
    else out.push(`${list.slice(0, 2).join('; ')} and ${list.length - 2} more like them (${shape.replace('<file> ', '')})`);
  }
  return out;
}

/**
 * The units a dependency is used by: the roots of its dependency paths (a manifest's name or
 * label, or a manifest file), and the manifest that declares it when direct. The root when
 * nothing names a unit.
 */
export function unitsOfComponent(c: Component, unitDirs: readonly string[], projects: readonly ProjectManifest[]): string[] {
  const found = new Set<string>();
  const byLabel = labelIndex(projects, unitDirs);
  for (const p of c.paths ?? []) {
    const label = p[0];
    if (typeof label !== 'string') continue;
    const dir = byLabel.get(label) ?? byLabel.get(stripVersion(label)) ?? (label.includes('/') || /\.(json|toml|txt|lock|xml|kts|gradle|csproj|mod)$|^(Gemfile|Pipfile)$/.test(label) ? unitDirOf(label, unitDirs) : undefined);
    if (dir !== undefined) found.add(dir);
  }
  if (c.direct && c.location?.file) found.add(unitDirOf(c.location.file, unitDirs));
  if (found.size === 0) found.add('.');
  return [...found].sort(compareStrings);
}

const labelCache = new WeakMap<readonly ProjectManifest[], Map<string, Map<string, string>>>();

function labelIndex(projects: readonly ProjectManifest[], unitDirs: readonly string[]): Map<string, string> {
  const key = unitDirs.join('\0');
  let perDirs = labelCache.get(projects);
  if (!perDirs) labelCache.set(projects, (perDirs = new Map()));
  let index = perDirs.get(key);
  if (index) return index;
  index = new Map();
  for (const p of projects) {
    const dir = unitDirOf(projectDir(p), unitDirs);
    for (const label of [p.name, `${p.name}@${p.version}`, `${p.name}@`, p.file]) if (label && !index.has(label)) index.set(label, dir);
  }
  perDirs.set(key, index);
  return index;
}

/** `@scope/name@1.0.0` → `@scope/name`; `name@` → `name`. */
function stripVersion(label: string): string {
  const at = label.lastIndexOf('@');
  return at > 0 ? label.slice(0, at) : label;
}
