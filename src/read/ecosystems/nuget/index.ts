import * as path from 'node:path';
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
import { TextLines, escapeRegExp } from '../shared/lines';
import { asArray, baseName, dirOf, isRecord, joinRel, parseJsonDocument, parseXmlDocument, readCacheText, readCheckoutText, xmlAttr, xmlText } from '../shared/parse';
import { serverFrameworks } from '../../../ecosystems';
import { buildPurl } from '../shared/purl';
import { spdxFromLicenseUrl } from './license-urls';
import { compareStrings } from '../../../util/compare';

const PROJECT_FILE = /\.(cs|fs|vb)proj$/i;

interface PackageReference {
  id: string;
  version: string;
  scope: Scope;
  location: SourceLocation;
}

interface ProjectFile {
  rel: string;
  label: string;
  references: PackageReference[];
}

export const nugetReader: EcosystemReader = {
  ecosystem: 'nuget',
  applies(files: DiscoveredFiles): boolean {
    return files.manifests.some((f) => PROJECT_FILE.test(f)) || files.lockfiles.some((f) => baseName(f) === 'packages.lock.json');
  },
  read(files: DiscoveredFiles, ctx: ReadContext): Promise<ReadResult> {
    return guardRead('nuget', files, () => readNugetFiles(files, ctx));
  },
};

async function readNugetFiles(files: DiscoveredFiles, ctx: ReadContext): Promise<ReadResult> {
  const diagnostics: Diagnostic[] = [];
  const projects: ProjectManifest[] = [];
  const collector = new ComponentCollector('nuget');
  const cache = createCacheFs(ctx.env);
  const packagesRoot = nugetPackagesDir(ctx.env);

  const projectFiles: ProjectFile[] = [];
  for (const rel of files.manifests.filter((f) => PROJECT_FILE.test(f))) {
    const central = await centralVersions(ctx, rel, files, diagnostics);
    const p = await readProjectFile(ctx, rel, central, projects, diagnostics);
    if (p) projectFiles.push(p);
  }
  const ownIds = new Set(projects.map((p) => p.name.toLowerCase()));

  const lockedProjects = new Set<string>();
  for (const rel of files.lockfiles.filter((f) => baseName(f) === 'packages.lock.json')) {
    const dir = dirOf(rel);
    const owner = projectFiles.filter((p) => dirOf(p.rel) === dir);
    for (const o of owner) lockedProjects.add(o.rel);
    await readPackagesLock(ctx, rel, owner, ownIds, collector, diagnostics);
  }
  for (const p of projectFiles) {
    if (lockedProjects.has(p.rel)) continue;
    for (const r of p.references) {
      if (ownIds.has(r.id.toLowerCase())) continue;
      // A floating (1.*) or range ([1,2)) version is not a resolved one.
      const version = /^[\d][\w.-]*$/.test(r.version) ? r.version : '';
      const comp = collector.add({ name: r.id, version, purl: buildPurl('nuget', undefined, r.id, version), scope: r.scope, direct: true, requested: r.version, location: r.location });
      addPaths(comp, [[p.label, `${r.id}@${version}`]]);
    }
  }

  if (packagesRoot) {
    const store = new NuspecStore(cache, packagesRoot, diagnostics);
    await addTransitiveFromNuspecs(store, collector, ownIds);
    for (const comp of collector.all()) {
      if (!comp.version) continue;
      const spec = await store.get(comp.name, comp.version);
      if (!spec) continue;
      collector.addEvidence(comp, nuspecEvidence(spec, cache));
      // NuGet restores into this global folder, never into the checkout.
      comp.cache = { kind: 'nuget-packages', path: cache.display(packagesRoot) };
    }
  }
  return { components: collector.list(ctx.includeDev), projects: sortProjects(projects), diagnostics: sortDiagnostics(diagnostics) };
}

/** `$NUGET_PACKAGES`, else `~/.nuget/packages`. */
function nugetPackagesDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.NUGET_PACKAGES) return path.resolve(env.NUGET_PACKAGES);
  const home = homeDir(env);
  return home ? path.join(home, '.nuget', 'packages') : undefined;
}

/** Central package management: the nearest Directory.Packages.props above the project. */
async function centralVersions(ctx: ReadContext, projectRel: string, files: DiscoveredFiles, diagnostics: Diagnostic[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let dir = dirOf(projectRel); ; dir = dirOf(dir)) {
    const candidate = joinRel(dir, 'Directory.Packages.props');
    if (files.all.includes(candidate) || ctx.fs.exists(candidate)) {
      const text = await readCheckoutText(ctx, candidate, diagnostics);
      const doc = text === undefined ? undefined : parseXmlDocument(candidate, text, diagnostics);
      const project = doc && isRecord(doc.Project) ? doc.Project : undefined;
      for (const group of asArray(project?.ItemGroup)) {
        if (!isRecord(group)) continue;
        for (const pv of asArray(group.PackageVersion)) {
          const id = xmlAttr(pv, 'Include');
          const version = xmlAttr(pv, 'Version') ?? (isRecord(pv) ? xmlText(pv.Version) : '');
          if (id && version) out.set(id.toLowerCase(), version);
        }
      }
      return out;
    }
    if (dir === '.' || dir === '') return out;
  }
}

async function readProjectFile(
  ctx: ReadContext,
  rel: string,
  central: Map<string, string>,
  projects: ProjectManifest[],
  diagnostics: Diagnostic[],
): Promise<ProjectFile | undefined> {
  const text = await readCheckoutText(ctx, rel, diagnostics);
  if (text === undefined) return undefined;
  const doc = parseXmlDocument(rel, text, diagnostics);
  if (!doc) return undefined;
  const project = doc.Project;
  if (!isRecord(project)) {
    diagnostics.push(diag('invalid-project-file', rel, 'no <Project> root element', { line: 1, column: 1 }));
    return undefined;
  }
  const lines = new TextLines(rel, text);
  const props: Record<string, string> = {};
  for (const group of asArray(project.PropertyGroup)) {
    if (!isRecord(group)) continue;
    for (const [k, v] of Object.entries(group)) if (!k.startsWith('@_') && props[k] === undefined) props[k] = xmlText(asArray(v)[0]);
  }
  const assemblyName = baseName(rel).replace(PROJECT_FILE, '');
  const id = props.PackageId || props.AssemblyName || assemblyName;
  const version = props.PackageVersion || props.Version || '';
  const references: PackageReference[] = [];
  for (const group of asArray(project.ItemGroup)) {
    if (!isRecord(group)) continue;
    for (const ref of asArray(group.PackageReference)) {
      const include = xmlAttr(ref, 'Include');
      if (!include) continue;
      const child = isRecord(ref) ? ref : {};
      const refVersion = xmlAttr(ref, 'Version') ?? xmlText(child.Version) ?? '';
      const privateAssets = (xmlAttr(ref, 'PrivateAssets') ?? xmlText(child.PrivateAssets) ?? '').toLowerCase();
      const overrideVersion = xmlAttr(ref, 'VersionOverride') ?? xmlText(child.VersionOverride);
      const requested = overrideVersion || refVersion || central.get(include.toLowerCase()) || '';
      const location = lines.find(new RegExp(`<PackageReference\\b[^>]*Include\\s*=\\s*["']${escapeRegExp(include)}["']`, 'i')) ?? lines.start();
      references.push({
        id: include,
        version: requested,
        // PrivateAssets=all: build-time only (analyzers, source generators), not a dependency of the output.
        scope: privateAssets.split(';').map((s) => s.trim()).includes('all') ? 'dev' : 'prod',
        location,
      });
    }
  }
  const evidence: LicenseEvidence[] = [];
  const licenseExpr = props.PackageLicenseExpression;
  if (licenseExpr) evidence.push({ kind: 'declared', field: 'PackageLicenseExpression', value: licenseExpr, location: lines.find(/<PackageLicenseExpression\b/) ?? lines.start(), baseDir: dirOf(rel) });
  if (props.PackageLicenseFile) {
    const target = path.posix.normalize(joinRel(dirOf(rel), props.PackageLicenseFile.replace(/\\/g, '/')));
    if (!target.startsWith('../') && ctx.fs.exists(target)) evidence.push({ kind: 'file', file: target });
  }
  const sdk = xmlAttr(project, 'Sdk') ?? '';
  const outputType = (props.OutputType ?? '').toLowerCase();
  const isApplication = outputType === 'exe' || outputType === 'winexe' || /Microsoft\.NET\.Sdk\.(Web|Worker|BlazorWebAssembly)/i.test(sdk);
  const manifest: ProjectManifest = {
    ecosystem: 'nuget',
    file: rel,
    name: id,
    version,
    private: (props.IsPackable ?? '').toLowerCase() === 'false',
    evidence,
    facts: {
      sdk,
      outputType: props.OutputType ?? '',
      isApplication,
      isLibrary: !isApplication && (props.IsPackable ?? '').toLowerCase() !== 'false',
      isWeb: /Sdk\.Web/i.test(sdk),
      targetFramework: props.TargetFramework ?? props.TargetFrameworks ?? '',
      serverFrameworks: [
        ...(/Sdk\.Web/i.test(sdk) ? ['Microsoft.NET.Sdk.Web'] : []),
        ...serverFrameworks('nuget', references.filter((r) => r.scope === 'prod').map((r) => r.id)),
      ],
    },
    location: lines.find(/<Project\b/) ?? lines.start(),
  };
  if (props.Description) manifest.description = props.Description;
  if (props.PackageTags) manifest.keywords = props.PackageTags.split(/[;\s,]+/).filter(Boolean);
  projects.push(manifest);
  return { rel, label: `${id}@${version}`, references };
}

/** packages.lock.json: `dependencies` per target framework, each package Direct/Transitive/Project. */
async function readPackagesLock(
  ctx: ReadContext,
  rel: string,
  owners: ProjectFile[],
  ownIds: Set<string>,
  collector: ComponentCollector,
  diagnostics: Diagnostic[],
): Promise<void> {
  const text = await readCheckoutText(ctx, rel, diagnostics);
  if (text === undefined) return;
  const json = parseJsonDocument(rel, text, diagnostics);
  if (!json) return;
  const deps = isRecord(json.value) ? json.value.dependencies : undefined;
  if (!isRecord(deps)) {
    diagnostics.push(diag('invalid-lockfile', rel, 'packages.lock.json has no "dependencies" object', { line: 1, column: 1 }));
    return;
  }
  const label = owners[0]?.label ?? rel;
  const refs = new Map(owners.flatMap((o) => o.references).map((r) => [r.id.toLowerCase(), r]));
  const graph = new DependencyGraph();
  const entries: { id: string; version: string; type: string; requested: string; location: SourceLocation }[] = [];
  const versionOf = new Map<string, string>();
  for (const [tfm, packages] of Object.entries(deps).sort(([a], [b]) => compareStrings(a, b))) {
    if (!isRecord(packages)) continue;
    for (const [id, entry] of Object.entries(packages)) {
      if (!isRecord(entry)) continue;
      const type = typeof entry.type === 'string' ? entry.type : '';
      if (type === 'Project') continue;
      const version = typeof entry.resolved === 'string' ? entry.resolved : '';
      const pos = json.locate(['dependencies', tfm, id]) ?? { line: 1, column: 1 };
      entries.push({ id, version, type, requested: typeof entry.requested === 'string' ? entry.requested : '', location: { file: rel, ...pos } });
      versionOf.set(id.toLowerCase(), version);
      if (isRecord(entry.dependencies)) for (const child of Object.keys(entry.dependencies)) graph.addEdge(id.toLowerCase(), child.toLowerCase());
    }
  }
  const directScopes = new Map<string, Scope>();
  for (const e of entries) {
    if (e.type !== 'Direct') continue;
    const scope = refs.get(e.id.toLowerCase())?.scope ?? 'prod';
    const k = e.id.toLowerCase();
    directScopes.set(k, directScopes.has(k) ? strongerScope(directScopes.get(k)!, scope) : scope);
    graph.addRootEdge(label, k);
  }
  const scopes = propagateScopes(graph, directScopes);
  const paths = graph.shortestPaths((k) => `${entries.find((e) => e.id.toLowerCase() === k)?.id ?? k}@${versionOf.get(k) ?? ''}`);
  for (const e of entries) {
    if (ownIds.has(e.id.toLowerCase())) continue;
    const direct = e.type === 'Direct';
    const ref = refs.get(e.id.toLowerCase());
    const comp = collector.add({
      name: e.id,
      version: e.version,
      purl: buildPurl('nuget', undefined, e.id, e.version),
      scope: scopes.get(e.id.toLowerCase()) ?? 'prod',
      direct,
      requested: direct ? ref?.version || e.requested : undefined,
      location: direct && ref ? ref.location : e.location,
    });
    addPaths(comp, paths.get(e.id.toLowerCase()) ?? []);
  }
  // A PackageReference the lock does not list (lock out of date): still a dependency.
  for (const [lowerId, ref] of refs) {
    if (versionOf.has(lowerId) || ownIds.has(lowerId)) continue;
    const version = /^[\d][\w.-]*$/.test(ref.version) ? ref.version : '';
    const comp = collector.add({ name: ref.id, version, purl: buildPurl('nuget', undefined, ref.id, version), scope: ref.scope, direct: true, requested: ref.version, location: ref.location });
    addPaths(comp, [[label, `${ref.id}@${version}`]]);
  }
}

/** NuGet's normalized version: no leading zeros, no fourth part when 0, at least x.y.z. */
function normalizeNugetVersion(v: string): string {
  const [core, ...rest] = v.split(/(?=[-+])/);
  const parts = core.split('.').map((p) => (/^\d+$/.test(p) ? String(parseInt(p, 10)) : p));
  while (parts.length < 3) parts.push('0');
  if (parts.length === 4 && parts[3] === '0') parts.pop();
  return [parts.join('.'), ...rest.filter((r) => r.startsWith('-'))].join('');
}

interface Nuspec {
  dir: string;
  metadata: Record<string, unknown>;
}

/** Reads `<root>/<id>/<version>/<id>.nuspec` once per scan (ids and versions lower-cased on disk). */
class NuspecStore {
  private readonly loaded = new Map<string, Promise<Nuspec | undefined>>();

  constructor(
    private readonly cache: CacheFs,
    private readonly root: string,
    private readonly diagnostics: Diagnostic[],
  ) {}

  get(id: string, version: string): Promise<Nuspec | undefined> {
    const key = `${id.toLowerCase()}@${version.toLowerCase()}`;
    let p = this.loaded.get(key);
    if (!p) this.loaded.set(key, (p = this.load(id, version)));
    return p;
  }

  private async load(id: string, version: string): Promise<Nuspec | undefined> {
    const lowerId = id.toLowerCase();
    if (lowerId.includes('/') || lowerId.includes('\\') || lowerId.includes('..') || version.includes('/') || version.includes('..')) return undefined;
    for (const v of [...new Set([version.toLowerCase(), normalizeNugetVersion(version).toLowerCase()])]) {
      const dir = path.join(this.root, lowerId, v);
      const nuspec = path.join(dir, `${lowerId}.nuspec`);
      if (!this.cache.isFile(nuspec)) continue;
      const text = await readCacheText(this.cache, nuspec, this.diagnostics);
      if (text === undefined) return undefined;
      const doc = parseXmlDocument(this.cache.display(nuspec), text, this.diagnostics);
      // Not XML: parseXmlDocument said so, once.
      if (!doc) return undefined;
      const metadata = doc && isRecord(doc.package) && isRecord(doc.package.metadata) ? doc.package.metadata : undefined;
      if (!metadata) {
        this.diagnostics.push(diag('invalid-nuspec', this.cache.display(nuspec), 'no <package><metadata> element'));
        return undefined;
      }
      return { dir, metadata };
    }
    return undefined;
  }
}

function nuspecEvidence(spec: Nuspec, cache: CacheFs): LicenseEvidence[] {
  const { dir, metadata } = spec;
  const evidence: LicenseEvidence[] = [];
  const license = metadata.license;
  const type = (xmlAttr(license, 'type') ?? '').toLowerCase();
  const value = xmlText(license);
  if (value && type === 'expression') evidence.push({ kind: 'declared', field: 'license', value });
  else if (value && type === 'file' && !value.split(/[\\/]/).includes('..')) {
    const abs = path.join(dir, ...value.split(/[\\/]/));
    if (cache.isFile(abs)) evidence.push({ kind: 'file', file: abs.split(path.sep).join('/') });
  }
  const url = xmlText(metadata.licenseUrl);
  // Packages with <license> also carry a placeholder licenseUrl (aka.ms/deprecateLicenseUrl).
  if (url && evidence.length === 0 && !/aka\.ms\/deprecateLicenseUrl/i.test(url)) {
    evidence.push({ kind: 'declared', field: 'licenseUrl', value: spdxFromLicenseUrl(url) ?? url });
  }
  return evidence;
}

/** `<dependencies>` of a nuspec, flat or in `<group targetFramework>`s; the lowest version a range allows (NuGet's rule). */
function nuspecDependencies(spec: Nuspec): { id: string; version: string }[] {
  const deps = spec.metadata.dependencies;
  if (!isRecord(deps)) return [];
  const entries = [...asArray(deps.dependency), ...asArray(deps.group).flatMap((g) => (isRecord(g) ? asArray(g.dependency) : []))];
  const out = new Map<string, { id: string; version: string }>();
  for (const e of entries) {
    const id = xmlAttr(e, 'id');
    if (!id || out.has(id.toLowerCase())) continue;
    const range = (xmlAttr(e, 'version') ?? '').trim();
    const lower = /^[[(]?\s*([^,\])\s]*)/.exec(range)?.[1] ?? '';
    // `(1.0,)` excludes 1.0 itself: the version is then unknown.
    out.set(id.toLowerCase(), { id, version: range.startsWith('(') ? '' : lower });
  }
  return [...out.values()];
}

/**
 * Without packages.lock.json, follow the nuspecs in the global packages folder: breadth first,
 * nearest wins, each transitive package pointing at the PackageReference that brings it in.
 */
async function addTransitiveFromNuspecs(store: NuspecStore, collector: ComponentCollector, ownIds: Set<string>, bound = 5000): Promise<void> {
  const queue = collector
    .all()
    .filter((c) => c.direct && c.version && c.paths.length > 0)
    .map((c) => ({ comp: c, path: c.paths[0] }));
  const seen = new Set([...collector.all().map((c) => c.name.toLowerCase()), ...ownIds]);
  for (let i = 0; i < queue.length && i < bound; i++) {
    const { comp, path: chain } = queue[i];
    const spec = await store.get(comp.name, comp.version);
    if (!spec) continue;
    for (const dep of nuspecDependencies(spec)) {
      if (seen.has(dep.id.toLowerCase())) continue;
      seen.add(dep.id.toLowerCase());
      const child = collector.add({
        name: dep.id,
        version: dep.version,
        purl: buildPurl('nuget', undefined, dep.id, dep.version),
        scope: comp.scope,
        direct: false,
        location: comp.location,
      });
      const childPath = [...chain, `${dep.id}@${dep.version}`];
      addPaths(child, [childPath]);
      if (dep.version) queue.push({ comp: child, path: childPath });
    }
  }
}
