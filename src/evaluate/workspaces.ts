import * as path from 'node:path';
import type { Component, Config, DiscoveredFiles, Distribution, Ecosystem, Profile, ProjectManifest, WorkspaceConfig } from '../types';
import { compareStrings } from '../util/compare';
import { inferProfile, serverEvidence, type InferProfileInput } from './profile';
import { FatalError } from '../errors';
import { pathGlobMatcher } from '../util/path-glob';

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
    // A workspaces root (npm/yarn/pnpm, a uv workspace) whose scripts only drive its members' builds: a start script that runs a server makes it an app.
    if (f.isWorkspaceRoot && Array.isArray(f.workspaces) && f.workspaces.length) return !f.hasMain && !f.hasBin && !f.hasScripts && serverEvidence([p], undefined).length === 0;
    if (p.ecosystem === 'maven') return f.packaging === 'pom' || (f.hasModules === true && !f.isApplication);
    return false;
  });
}

/** Manifests that only ever describe a whole build (a Go workspace, a Gradle build's settings). */
const ROOT_ONLY_MANIFEST = /^(go\.work|settings\.gradle(\.kts)?)$/;
/** The ecosystem of a root manifest that declares no project of its own (a Cargo virtual workspace). */
const MANIFEST_ECOSYSTEM: [RegExp, Ecosystem][] = [
  [/^Cargo\.toml$/i, 'cargo'],
  [/^(pom\.xml|build\.gradle(\.kts)?|settings\.gradle(\.kts)?)$/, 'maven'],
  [/^(package\.json|pnpm-workspace\.yaml)$/, 'npm'],
  [/^(go\.mod|go\.work)$/, 'golang'],
  [/^(pyproject\.toml|setup\.cfg)$/, 'pypi'],
];

function displayName(dir: string, projects: ProjectManifest[], root: string, files: DiscoveredFiles): { name: string; ecosystem: Ecosystem | null } {
  const named = projects.find((p) => p.name);
  if (named) return { name: named.name, ecosystem: named.ecosystem };
  const fromManifest = dir === '.' ? rootManifests(files).map((f) => MANIFEST_ECOSYSTEM.find(([re]) => re.test(f))?.[1]).find((e) => e !== undefined) : undefined;
  return { name: dir === '.' ? path.basename(root) : path.posix.basename(dir), ecosystem: projects[0]?.ecosystem ?? fromManifest ?? null };
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
    if (!(pattern === dir || pathGlobMatcher(pattern, { dot: true })(dir))) continue;
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
  const unitOf = (dir: string, profile: Profile, wsConfig: WorkspaceConfig): WorkspaceUnit => {
    const own = byDir.get(dir)!;
    if (wsConfig.profile !== undefined && profile.origin === 'config') profile.reasons = profile.reasons.map((r) => r.replace('config "profile"', `config "workspaces" profile for ${dir}`));
    profile.reasons = summariseReasons(profile.reasons);
    const { name, ecosystem } = displayName(dir, own, input.root, input.files);
    return { path: dir, name, ecosystem, projects: own, profile, config: wsConfig };
  };
  const inferUnit = (dir: string, configProfile: Config['profile']): Profile =>
    inferProfile({
      ...input,
      configProfile,
      projects: byDir.get(dir)!,
      files: filesOfUnit(input.files, dir, dirs),
      components: (input.components ?? []).filter((c) => c && c.direct && unitsOfComponent(c, dirs, projects).includes(dir)),
    });
  const members = dirs.filter((d) => d !== '.').map((dir) => {
    const wsConfig = workspaceConfigFor(input.config, dir);
    return unitOf(dir, inferUnit(dir, wsConfig.profile ?? input.configProfile), wsConfig);
  });
  const rootConfig = workspaceConfigFor(input.config, '.');
  const rootConfigProfile = rootConfig.profile ?? input.configProfile;
  let rootProfile: Profile;
  if (dirs.length === 1 && byDir.get('.')!.length === 0) rootProfile = inferProfile({ ...input, configProfile: rootConfigProfile });
  else if (aggregate) rootProfile = aggregateRootProfile(inferUnit('.', rootConfigProfile), members, byDir.get('.')!, input.files);
  else rootProfile = inferUnit('.', rootConfigProfile);
  return [unitOf('.', rootProfile, rootConfig), ...members];
}

/** Rank of a member's profile when an aggregate root takes the most exposed one: evidence before assumption, a service first. */
const EXPOSURE: Record<Distribution, number> = { saas: 4, distributed: 3, library: 2, internal: 1 };

/**
 * The profile of a root that only lists members (a Cargo virtual workspace, a Maven parent POM,
 * an npm workspaces root, a Gradle build that includes subprojects): not the whole checkout
 * judged as one package (Tabby's root came out `library` because its library crates are
 * published) but the most exposed profile of its members — the product a monorepo of an SDK and
 * a hosted API makes money with is the API. `--profile` and config decide as everywhere; deployment
 * files at the root (a Dockerfile, Kubernetes manifests) are evidence too.
 */
function aggregateRootProfile(rootOwn: Profile, members: WorkspaceUnit[], rootProjects: ProjectManifest[], files: DiscoveredFiles): Profile {
  if (rootOwn.origin === 'flag' || rootOwn.origin === 'config') return rootOwn;
  const what = rootProjects.length
    ? `${rootProjects.map((p) => p.file).sort(compareStrings).join(', ')} only lists members`
    : `${rootManifests(files).join(', ') || 'the root'} declares no package of its own`;
  const rank = (p: Profile) => (p.origin === 'default' ? 0 : EXPOSURE[p.distribution]);
  const candidates: { from: string; profile: Profile }[] = members.map((m) => ({ from: m.path, profile: m.profile }));
  if (rootOwn.origin === 'auto') candidates.unshift({ from: '.', profile: rootOwn });
  let best: { from: string; profile: Profile } | undefined;
  for (const c of candidates) if (!best || rank(c.profile) > rank(best.profile)) best = c;
  const commercialReason = rootOwn.reasons.filter((r) => r.startsWith('commercial: '));
  const ignored = rootOwn.reasons.filter((r) => r.startsWith('ignored '));
  if (!best || best.profile.origin === 'default') {
    return { ...rootOwn, reasons: [...ignored, `${what}; no member shows how it is used`, ...rootOwn.reasons.filter((r) => !r.startsWith('ignored ') && !r.startsWith('commercial: ')), ...commercialReason] };
  }
  const why = best.profile.reasons.filter((r) => !r.startsWith('commercial: ') && !r.startsWith('ignored '));
  const same = members.filter((m) => m.path !== best.from && m.profile.origin !== 'default' && m.profile.distribution === best.profile.distribution).length;
  const source = best.from === '.' ? `its own files: ${why[0] ?? best.profile.distribution}` : `its most exposed member ${best.from}${same ? ` (and ${same} more)` : ''}: ${why[0] ?? best.profile.distribution}`;
  return { distribution: best.profile.distribution, commercial: rootOwn.commercial, origin: 'auto', reasons: [...ignored, `${what}; judged as ${best.profile.distribution}, from ${source}`, ...commercialReason] };
}

/** Root-level manifest files (`Cargo.toml`, `settings.gradle`, `go.work`). */
function rootManifests(files: DiscoveredFiles): string[] {
  return [...new Set([...(files.manifests ?? []), ...(files.all ?? []).filter((f) => ROOT_ONLY_MANIFEST.test(f))].filter((f) => !f.includes('/')))].sort(compareStrings);
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
  if (!perDirs) labelCache.set(projects, (perDirs = new Map<string, Map<string, string>>()));
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
