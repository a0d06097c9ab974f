import * as path from 'node:path';
import semver from '../../../util/semver';
import type {
  Diagnostic,
  DiscoveredFiles,
  EcosystemReader,
  LicenseEvidence,
  ProjectManifest,
  ReadContext,
  ReadResult,
  Scope,
  SourceLocation,
} from '../../../types';
import { createCacheFs, homeDir, type CacheFs } from '../shared/cache-fs';
import { ComponentCollector, DependencyGraph, addPaths, propagateScopes, sortProjects, strongerScope } from '../shared/components';
import { diag, guardRead, sortDiagnostics } from '../shared/diagnostics';
import { licenseFilesInCache, licenseFilesInCheckout } from '../shared/license-files';
import { TomlLocator, escapeRegExp } from '../shared/lines';
import { baseName, dirOf, isRecord, joinRel, parseTomlDocument, readCacheText, readCheckoutText, str } from '../shared/parse';
import { serverFrameworks } from '../../../ecosystems';
import { buildPurl } from '../shared/purl';

/** A dependency declared in a Cargo.toml table. */
interface CargoDeclaration {
  /** The crate's real name (`package = "…"` when renamed). */
  name: string;
  requested: string;
  scope: Scope;
  location: SourceLocation;
  /** Path or git dependencies are not from a registry. */
  local: boolean;
}

interface CargoPackageManifest {
  file: string;
  dir: string;
  name: string;
  version: string;
  declarations: CargoDeclaration[];
  /** Workspace member globs when this manifest is a workspace root. */
  members: string[];
  exclude: string[];
}

interface LockedCrate {
  name: string;
  version: string;
  source?: string;
  deps: string[];
  location: SourceLocation;
}

const DEP_TABLES: [string, Scope][] = [
  ['dependencies', 'prod'],
  // Build scripts and tests run on the builder's machine: nothing of them ships.
  ['build-dependencies', 'dev'],
  ['dev-dependencies', 'dev'],
];

export const cargoReader: EcosystemReader = {
  ecosystem: 'cargo',
  applies(files: DiscoveredFiles): boolean {
    return files.manifests.some((f) => baseName(f) === 'Cargo.toml') || files.lockfiles.some((f) => baseName(f) === 'Cargo.lock');
  },
  read(files: DiscoveredFiles, ctx: ReadContext): Promise<ReadResult> {
    return guardRead('cargo', files, () => readCargoFiles(files, ctx));
  },
};

async function readCargoFiles(files: DiscoveredFiles, ctx: ReadContext): Promise<ReadResult> {
  const diagnostics: Diagnostic[] = [];
  const projects: ProjectManifest[] = [];
  const manifests: CargoPackageManifest[] = [];
  const workspaceVersions = new Map<string, { version?: string; license?: string; deps: Record<string, unknown> }>();

  const cargoTomls = files.manifests.filter((f) => baseName(f) === 'Cargo.toml');
  // Workspace roots first: members inherit `version.workspace = true` and `{ workspace = true }` deps.
  const parsed: { rel: string; text: string; doc: Record<string, unknown> }[] = [];
  for (const rel of cargoTomls) {
    const text = await readCheckoutText(ctx, rel, diagnostics);
    if (text === undefined) continue;
    const doc = parseTomlDocument(rel, text, diagnostics);
    if (!doc) continue;
    parsed.push({ rel, text, doc });
    const ws = isRecord(doc.workspace) ? doc.workspace : undefined;
    if (ws) {
      const pkg = isRecord(ws.package) ? ws.package : {};
      workspaceVersions.set(dirOf(rel), { version: str(pkg.version), license: str(pkg.license), deps: isRecord(ws.dependencies) ? ws.dependencies : {} });
    }
  }
  for (const { rel, text, doc } of parsed) {
    const m = readCargoManifest(rel, text, doc, workspaceVersions, projects, diagnostics, ctx);
    if (m) manifests.push(m);
  }

  const cache = createCacheFs(ctx.env);
  const registryRoots = cargoRegistrySrcDirs(ctx.env, cache);
  const vendorDirs = files.installedTrees.filter((t) => baseName(t) === 'vendor');
  const collector = new ComponentCollector('cargo');
  const ownNames = new Set(manifests.filter((m) => m.name).map((m) => m.name));
  const coveredByLock = new Set<string>();

  for (const lockRel of files.lockfiles.filter((f) => baseName(f) === 'Cargo.lock')) {
    const locked = await readCargoLock(ctx, lockRel, diagnostics);
    if (!locked) continue;
    const lockDir = dirOf(lockRel);
    const members = manifests.filter((m) => belongsToLock(m, lockDir, manifests));
    for (const m of members) coveredByLock.add(m.file);
    const graph = new DependencyGraph();
    const key = (c: LockedCrate) => `${c.name}@${c.version}`;
    const resolve = lockResolver(locked);
    for (const c of locked) for (const d of c.deps) {
      const target = resolve(d);
      if (target) graph.addEdge(key(c), key(target));
    }
    const directScopes = new Map<string, Scope>();
    const directDecl = new Map<string, CargoDeclaration>();
    for (const m of members) {
      const label = `${m.name}@${m.version}`;
      const self = locked.find((c) => c.name === m.name && !c.source && (c.version === m.version || !m.version));
      for (const decl of m.declarations) {
        if (decl.local) continue;
        // The member's own lock entry lists exactly which version each dependency resolved to.
        const candidates = (self ? self.deps.map(resolve) : locked).filter((t): t is LockedCrate => !!t && t.name === decl.name && !!t.source);
        const target = candidates.find((t) => satisfiesCargo(t.version, decl.requested)) ?? candidates[0];
        if (!target) {
          // Declared but not in the lockfile (lock out of date): a dependency all the same.
          const comp = collector.add({ name: decl.name, version: '', purl: buildPurl('cargo', undefined, decl.name, ''), scope: decl.scope, direct: true, requested: decl.requested, location: decl.location });
          addPaths(comp, [[label, `${decl.name}@`]]);
          continue;
        }
        graph.addRootEdge(label, key(target));
        const k = key(target);
        directScopes.set(k, directScopes.has(k) ? strongerScope(directScopes.get(k)!, decl.scope) : decl.scope);
        const prev = directDecl.get(k);
        if (!prev || strongerScope(prev.scope, decl.scope) !== prev.scope) directDecl.set(k, decl);
      }
    }
    const scopes = propagateScopes(graph, directScopes);
    const paths = graph.shortestPaths();
    for (const c of locked) {
      // Entries without `source` are the workspace's own crates (path dependencies).
      if (!c.source || ownNames.has(c.name)) continue;
      const decl = directDecl.get(key(c));
      const comp = collector.add({
        name: c.name,
        version: c.version,
        purl: buildPurl('cargo', undefined, c.name, c.version),
        scope: scopes.get(key(c)) ?? 'prod',
        direct: decl !== undefined,
        requested: decl?.requested,
        location: decl?.location ?? c.location,
      });
      addPaths(comp, paths.get(key(c)) ?? []);
    }
  }

  // Manifests no lockfile covers: the declared requirement is all that is known.
  for (const m of manifests) {
    if (coveredByLock.has(m.file)) continue;
    for (const decl of m.declarations) {
      if (decl.local) continue;
      const comp = collector.add({
        name: decl.name,
        version: '',
        purl: buildPurl('cargo', undefined, decl.name, ''),
        scope: decl.scope,
        direct: true,
        requested: decl.requested,
        location: decl.location,
      });
      addPaths(comp, [[`${m.name}@${m.version}`, `${decl.name}@`]]);
    }
  }

  for (const comp of collector.all()) {
    if (!comp.version) continue;
    await attachCrateMetadata(ctx, cache, comp.name, comp.version, vendorDirs, registryRoots, diagnostics, (evidence, installedPath, registry) => {
      collector.addEvidence(comp, evidence);
      if (installedPath && !comp.installedPath) comp.installedPath = installedPath;
      // Not vendored: read from Cargo's registry sources (`cargo fetch` or a build done here).
      if (registry && comp.installedPath === undefined) comp.cache = { kind: 'cargo-registry', path: cache.display(registry) };
    });
  }

  return { components: collector.list(ctx.includeDev), projects: sortProjects(projects), diagnostics: sortDiagnostics(diagnostics) };
}

function readCargoManifest(
  rel: string,
  text: string,
  doc: Record<string, unknown>,
  workspaces: Map<string, { version?: string; license?: string; deps: Record<string, unknown> }>,
  projects: ProjectManifest[],
  diagnostics: Diagnostic[],
  ctx: ReadContext,
): CargoPackageManifest | undefined {
  const loc = new TomlLocator(rel, text);
  const dir = dirOf(rel);
  const pkg = isRecord(doc.package) ? doc.package : undefined;
  const ws = isRecord(doc.workspace) ? doc.workspace : undefined;
  const inherited = nearestWorkspace(dir, workspaces);
  const fromWorkspace = (v: unknown, field: 'version' | 'license'): string | undefined =>
    typeof v === 'string' ? v : isRecord(v) && v.workspace === true ? inherited?.[field] : undefined;

  const name = str(pkg?.name) ?? '';
  const version = fromWorkspace(pkg?.version, 'version') ?? '';
  const manifest: CargoPackageManifest = {
    file: rel,
    dir,
    name,
    version,
    declarations: [],
    members: Array.isArray(ws?.members) ? ws.members.filter((x): x is string => typeof x === 'string') : [],
    exclude: Array.isArray(ws?.exclude) ? ws.exclude.filter((x): x is string => typeof x === 'string') : [],
  };

  const addTable = (tablePath: string, deps: unknown, scope: Scope) => {
    if (!isRecord(deps)) return;
    for (const [key, spec] of Object.entries(deps)) {
      let effective: unknown = spec;
      if (isRecord(spec) && spec.workspace === true) {
        const wsSpec = inherited?.deps[key];
        effective = isRecord(wsSpec) ? { ...wsSpec, ...spec } : typeof wsSpec === 'string' ? { ...spec, version: wsSpec } : spec;
      }
      const realName = isRecord(effective) && typeof effective.package === 'string' ? effective.package : key;
      const requested = typeof effective === 'string' ? effective : isRecord(effective) ? str(effective.version) ?? '' : '';
      const local = isRecord(effective) && (typeof effective.path === 'string' || typeof effective.git === 'string') && !requested;
      const optional = isRecord(effective) && effective.optional === true;
      manifest.declarations.push({
        name: realName,
        requested,
        scope: optional && scope === 'prod' ? 'optional' : scope,
        location: loc.findKey(tablePath, key) ?? loc.tableHeader(tablePath) ?? loc.start(),
        local,
      });
    }
  };
  for (const [table, scope] of DEP_TABLES) addTable(table, doc[table], scope);
  // `[target.'cfg(windows)'.dependencies]`: platform-specific, same scopes.
  if (isRecord(doc.target)) {
    for (const [target, body] of Object.entries(doc.target)) {
      if (!isRecord(body)) continue;
      for (const [table, scope] of DEP_TABLES) addTable(`target.${target}.${table}`, body[table], scope);
    }
  }

  if (pkg && name) {
    const evidence: LicenseEvidence[] = [];
    const license = fromWorkspace(pkg.license, 'license');
    const licenseLoc = loc.findKey('package', 'license') ?? loc.start();
    if (license !== undefined) evidence.push({ kind: 'declared', field: 'license', value: license, location: licenseLoc, baseDir: dir });
    const licenseFile = str(pkg['license-file']);
    if (licenseFile) {
      const target = path.posix.normalize(joinRel(dir, licenseFile));
      if (target.startsWith('../') || path.posix.isAbsolute(licenseFile)) {
        diagnostics.push(diag('path-escape', rel, `license-file "${licenseFile}" points outside the checkout`, loc.findKey('package', 'license-file')));
      } else if (!ctx.fs.exists(target)) {
        diagnostics.push(diag('not-found', rel, `license-file "${licenseFile}" not found`, loc.findKey('package', 'license-file')));
      } else evidence.push({ kind: 'file', file: target });
    }
    const publish = pkg.publish;
    const hasBin = Array.isArray(doc.bin) || ctx.fs.exists(joinRel(dir, 'src/main.rs'));
    const hasLib = isRecord(doc.lib) || ctx.fs.exists(joinRel(dir, 'src/lib.rs'));
    const project: ProjectManifest = {
      ecosystem: 'cargo',
      file: rel,
      name,
      version,
      private: publish === false || (Array.isArray(publish) && publish.length === 0),
      evidence,
      facts: {
        hasBin,
        hasLib,
        isApplication: hasBin && !hasLib,
        isLibrary: hasLib && publish !== false,
        publish: typeof publish === 'boolean' ? publish : Array.isArray(publish) ? publish.filter((r): r is string => typeof r === 'string') : true,
        serverFrameworks: serverFrameworks('cargo', manifest.declarations.filter((d) => d.scope !== 'dev').map((d) => d.name)),
      },
      location: loc.findKey('package', 'name') ?? loc.start(),
    };
    const description = str(pkg.description);
    if (description) project.description = description;
    const keywords = Array.isArray(pkg.keywords) ? pkg.keywords.filter((k): k is string => typeof k === 'string') : [];
    if (keywords.length) project.keywords = keywords;
    projects.push(project);
  }
  return manifest;
}

function nearestWorkspace<T>(dir: string, workspaces: Map<string, T>): T | undefined {
  for (let d = dir; ; d = dirOf(d)) {
    const ws = workspaces.get(d);
    if (ws) return ws;
    if (d === '.' || d === '') return undefined;
  }
}

/** A Cargo.lock covers its own folder's manifest and the members of the workspace rooted there. */
function belongsToLock(m: CargoPackageManifest, lockDir: string, all: CargoPackageManifest[]): boolean {
  if (m.dir === lockDir) return true;
  const root = all.find((r) => r.dir === lockDir);
  if (!root || root.members.length === 0) return false;
  const relDir = lockDir === '.' ? m.dir : m.dir.startsWith(lockDir + '/') ? m.dir.slice(lockDir.length + 1) : undefined;
  if (relDir === undefined) return false;
  const matches = (glob: string) => globToRegExp(glob).test(relDir);
  return root.members.some(matches) && !root.exclude.some(matches);
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  const g = glob.replace(/\/+$/, '');
  for (let i = 0; i < g.length; i++) {
    const ch = g[i];
    if (ch === '*' && g[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += escapeRegExp(ch);
  }
  return new RegExp(`^${re}$`);
}

async function readCargoLock(ctx: ReadContext, rel: string, diagnostics: Diagnostic[]): Promise<LockedCrate[] | undefined> {
  const text = await readCheckoutText(ctx, rel, diagnostics);
  if (text === undefined) return undefined;
  const doc = parseTomlDocument(rel, text, diagnostics);
  if (!doc) return undefined;
  const loc = new TomlLocator(rel, text);
  const headers = loc.tablesNamed('package').filter((t) => t.isArray);
  const packages = Array.isArray(doc.package) ? doc.package : [];
  const out: LockedCrate[] = [];
  packages.forEach((p, i) => {
    if (!isRecord(p) || typeof p.name !== 'string' || typeof p.version !== 'string') {
      diagnostics.push(diag('invalid-lockfile', rel, `[[package]] entry ${i + 1} lacks a name or version`, loc.tableHeader('package', i)));
      return;
    }
    const header = headers[i];
    const crate: LockedCrate = {
      name: p.name,
      version: p.version,
      deps: Array.isArray(p.dependencies) ? p.dependencies.filter((d): d is string => typeof d === 'string') : [],
      location: header ? { file: rel, line: header.line, column: 1 } : loc.start(),
    };
    if (typeof p.source === 'string') crate.source = p.source;
    out.push(crate);
  });
  return out;
}

/**
 * Resolves a Cargo.lock dependency string: `name` (v3+, unique), `name version`, or
 * `name version (source)` (v1/v2).
 */
function lockResolver(locked: LockedCrate[]): (dep: string) => LockedCrate | undefined {
  const byName = new Map<string, LockedCrate[]>();
  for (const c of locked) byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
  return (dep) => {
    const [name, version] = dep.trim().split(/\s+/);
    const candidates = byName.get(name) ?? [];
    if (!version) return candidates[0];
    return candidates.find((c) => c.version === version) ?? candidates[0];
  };
}

/** Cargo requirement syntax: a bare `1.2` means `^1.2`; comma-separated parts all apply. */
export function satisfiesCargo(version: string, requirement: string): boolean {
  if (!requirement.trim()) return true;
  const range = requirement
    .split(',')
    .map((part) => part.trim())
    .map((part) => (/^\d/.test(part) ? `^${part}` : part))
    .join(' ');
  try {
    return semver.satisfies(version, range, { includePrerelease: true });
  } catch {
    return false;
  }
}

/** `$CARGO_HOME/registry/src/<index-host-hash>/`, default `~/.cargo`. */
function cargoRegistrySrcDirs(env: NodeJS.ProcessEnv, cache: CacheFs): string[] {
  const home = homeDir(env);
  const cargoHome = env.CARGO_HOME ? path.resolve(env.CARGO_HOME) : home ? path.join(home, '.cargo') : undefined;
  if (!cargoHome) return [];
  const src = path.join(cargoHome, 'registry', 'src');
  return cache.list(src).map((d) => path.join(src, d)).filter((d) => cache.isDirectory(d));
}

/** License metadata from a vendored copy (`cargo vendor`) or the registry source cache. */
async function attachCrateMetadata(
  ctx: ReadContext,
  cache: CacheFs,
  name: string,
  version: string,
  vendorDirs: string[],
  registryRoots: string[],
  diagnostics: Diagnostic[],
  attach: (evidence: LicenseEvidence[], installedPath?: string, registry?: string) => void,
): Promise<void> {
  for (const vendor of vendorDirs) {
    for (const folder of [`${name}-${version}`, name]) {
      const dir = joinRel(vendor, folder);
      const manifest = joinRel(dir, 'Cargo.toml');
      if (!ctx.fs.exists(manifest)) continue;
      const text = await readCheckoutText(ctx, manifest, diagnostics);
      if (text === undefined) continue;
      const doc = parseTomlDocument(manifest, text, diagnostics);
      const pkg = doc && isRecord(doc.package) ? doc.package : undefined;
      // `cargo vendor` uses the bare name for one version only; check it is this one.
      if (!pkg || (str(pkg.version) && pkg.version !== version)) continue;
      const evidence: LicenseEvidence[] = [];
      const loc = new TomlLocator(manifest, text);
      if (typeof pkg.license === 'string') evidence.push({ kind: 'declared', field: 'license', value: pkg.license, location: loc.findKey('package', 'license') ?? loc.start(), baseDir: dir });
      if (typeof pkg['license-file'] === 'string') {
        const target = path.posix.normalize(joinRel(dir, pkg['license-file']));
        if (!target.startsWith('../') && ctx.fs.exists(target)) evidence.push({ kind: 'file', file: target });
      }
      attach([...evidence, ...licenseFilesInCheckout(ctx.fs, dir)], dir);
      return;
    }
  }
  for (const root of registryRoots) {
    const dir = path.join(root, `${name}-${version}`);
    const manifest = path.join(dir, 'Cargo.toml');
    if (!cache.isFile(manifest)) continue;
    const text = await readCacheText(cache, manifest, diagnostics);
    if (text === undefined) continue;
    const doc = parseTomlDocument(cache.display(manifest), text, diagnostics);
    const pkg = doc && isRecord(doc.package) ? doc.package : undefined;
    if (!pkg) continue;
    const evidence: LicenseEvidence[] = [];
    if (typeof pkg.license === 'string') evidence.push({ kind: 'declared', field: 'license', value: pkg.license });
    if (typeof pkg['license-file'] === 'string' && !pkg['license-file'].split(/[\\/]/).includes('..')) {
      const abs = path.join(dir, pkg['license-file']);
      if (cache.isFile(abs)) evidence.push({ kind: 'file', file: abs.split(path.sep).join('/') });
    }
    attach([...evidence, ...licenseFilesInCache(cache, dir)], undefined, root);
    return;
  }
}
