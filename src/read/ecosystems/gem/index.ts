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
import { licenseFilesInCache, licenseFilesInCheckout } from '../shared/license-files';
import { baseName, dirOf, joinRel, readCacheText, readCheckoutText } from '../shared/parse';
import { serverFrameworks } from '../../../ecosystems';
import { buildPurl } from '../shared/purl';
import { parseGemfile, parseGemfileLock, parseGemspec, type ParsedGemspec } from './ruby';

/** Bundler groups that only developers install. */
const DEV_GROUPS = new Set(['development', 'test', 'dev', 'lint', 'rubocop', 'ci', 'debug', 'doc', 'docs']);

interface GemDeclaration {
  name: string;
  requested: string;
  scope: Scope;
  location: SourceLocation;
}

/** Where installed gem specifications live: `specifications/` and `gems/` side by side. */
interface GemRoot {
  kind: 'checkout' | 'cache';
  dir: string;
}

export const gemReader: EcosystemReader = {
  ecosystem: 'gem',
  applies(files: DiscoveredFiles): boolean {
    return files.manifests.some((f) => /(^|\/)(Gemfile|[^/]+\.gemspec)$/.test(f)) || files.lockfiles.some((f) => baseName(f) === 'Gemfile.lock');
  },
  read(files: DiscoveredFiles, ctx: ReadContext): Promise<ReadResult> {
    return guardRead('gem', files, () => readGemFiles(files, ctx));
  },
};

async function readGemFiles(files: DiscoveredFiles, ctx: ReadContext): Promise<ReadResult> {
  const diagnostics: Diagnostic[] = [];
  const projects: ProjectManifest[] = [];
  const collector = new ComponentCollector('gem');
  const cache = createCacheFs(ctx.env);

  const gemspecs = new Map<string, { rel: string; spec: ParsedGemspec; name: string; version: string }[]>();
  for (const rel of files.manifests.filter((f) => f.endsWith('.gemspec'))) {
    const text = await readCheckoutText(ctx, rel, diagnostics);
    if (text === undefined) continue;
    const spec = parseGemspec(text);
    const name = spec.attributes.get('name')?.values[0] ?? baseName(rel).replace(/\.gemspec$/, '');
    const version = spec.attributes.get('version')?.values[0] ?? '';
    if (!spec.attributes.has('name') && spec.dependencies.length === 0) {
      diagnostics.push(diag('unrecognized-gemspec', rel, 'no `spec.name = "…"` assignment found; gemspecs are read without running Ruby', { line: 1, column: 1 }, 'info'));
    }
    const list = gemspecs.get(dirOf(rel)) ?? [];
    list.push({ rel, spec, name, version });
    gemspecs.set(dirOf(rel), list);
    projects.push(projectFromGemspec(rel, spec, name, version));
  }
  const ownNames = new Set([...gemspecs.values()].flat().map((g) => g.name));

  const declarationsByDir = new Map<string, { label: string; decls: GemDeclaration[] }>();
  for (const rel of files.manifests.filter((f) => baseName(f) === 'Gemfile')) {
    const text = await readCheckoutText(ctx, rel, diagnostics);
    if (text === undefined) continue;
    const { gems, usesGemspec } = parseGemfile(text);
    const dir = dirOf(rel);
    const ownSpec = gemspecs.get(dir)?.[0];
    const decls: GemDeclaration[] = gems.map((g) => ({
      name: g.name,
      requested: g.requirements.join(', '),
      scope: g.groups.length > 0 && g.groups.every((x) => DEV_GROUPS.has(x)) ? 'dev' : 'prod',
      location: { file: rel, line: g.line, column: g.column },
    }));
    // `gemspec` in a Gemfile pulls in the gemspec's own dependencies.
    if (usesGemspec) for (const gs of gemspecs.get(dir) ?? []) decls.push(...gemspecDeclarations(gs.rel, gs.spec));
    declarationsByDir.set(dir, { label: ownSpec ? `${ownSpec.name}@${ownSpec.version}` : rel, decls });
    // A Gemfile with no gemspec beside it is an application (Rails, Sinatra…), not a gem.
    if (!ownSpec) {
      projects.push({
        ecosystem: 'gem',
        file: rel,
        name: dir === '.' ? path.basename(files.root) : baseName(dir),
        version: '',
        private: true,
        evidence: [],
        facts: {
          isApplication: true,
          isLibrary: false,
          serverFrameworks: serverFrameworks('gem', decls.filter((d) => d.scope === 'prod').map((d) => d.name)),
        },
        location: { file: rel, line: 1, column: 1 },
      });
    }
  }
  // A gem with no Gemfile: its gemspec is the manifest.
  for (const [dir, list] of gemspecs) {
    if (declarationsByDir.has(dir)) continue;
    declarationsByDir.set(dir, { label: `${list[0].name}@${list[0].version}`, decls: list.flatMap((g) => gemspecDeclarations(g.rel, g.spec)) });
  }

  const roots = gemRoots(files, ctx, cache);
  const lockedDirs = new Set<string>();
  for (const rel of files.lockfiles.filter((f) => baseName(f) === 'Gemfile.lock')) {
    const text = await readCheckoutText(ctx, rel, diagnostics);
    if (text === undefined) continue;
    const lock = parseGemfileLock(text);
    if (lock.specs.length === 0 && lock.dependencies.length === 0) {
      diagnostics.push(diag('invalid-lockfile', rel, 'no GEM specs or DEPENDENCIES found', { line: 1, column: 1 }));
      continue;
    }
    const dir = dirOf(rel);
    lockedDirs.add(dir);
    const declared = declarationsByDir.get(dir) ?? { label: rel, decls: [] };
    const byName = new Map<string, (typeof lock.specs)[number]>();
    for (const s of lock.specs) if (!byName.has(s.name)) byName.set(s.name, s);
    const key = (s: { name: string; version: string }) => `${s.name}@${s.version}`;
    const graph = new DependencyGraph();
    for (const s of lock.specs) for (const d of s.deps) {
      const t = byName.get(d);
      if (t) graph.addEdge(key(s), key(t));
    }
    const directScopes = new Map<string, Scope>();
    const directDecl = new Map<string, GemDeclaration>();
    const declaredNames = new Set(declared.decls.map((d) => d.name));
    for (const d of declared.decls) {
      const t = byName.get(d.name);
      if (!t) {
        // In the Gemfile but not in Gemfile.lock (not yet `bundle install`ed): version unknown.
        if (ownNames.has(d.name)) continue;
        const comp = collector.add({ name: d.name, version: '', purl: buildPurl('gem', undefined, d.name, ''), scope: d.scope, direct: true, requested: d.requested, location: d.location });
        addPaths(comp, [[declared.label, `${d.name}@`]]);
        continue;
      }
      graph.addRootEdge(declared.label, key(t));
      directScopes.set(key(t), directScopes.has(key(t)) ? strongerScope(directScopes.get(key(t))!, d.scope) : d.scope);
      if (!directDecl.has(key(t)) || d.scope === 'prod') directDecl.set(key(t), d);
    }
    // DEPENDENCIES lists the Gemfile's gems even when no Gemfile is in the checkout.
    for (const d of lock.dependencies) {
      const t = byName.get(d.name);
      if (!t || declaredNames.has(d.name)) continue;
      graph.addRootEdge(declared.label, key(t));
      if (!directScopes.has(key(t))) directScopes.set(key(t), 'prod');
      if (!directDecl.has(key(t))) directDecl.set(key(t), { name: d.name, requested: '', scope: 'prod', location: { file: rel, line: d.line, column: 3 } });
    }
    const scopes = propagateScopes(graph, directScopes);
    const paths = graph.shortestPaths();
    for (const s of lock.specs) {
      if (ownNames.has(s.name) || s.section === 'PATH') continue;
      const decl = directDecl.get(key(s));
      const comp = collector.add({
        name: s.name,
        version: s.version,
        purl: buildPurl('gem', undefined, s.name, s.version) + (s.platform && s.platform !== 'ruby' ? `?platform=${encodeURIComponent(s.platform)}` : ''),
        scope: scopes.get(key(s)) ?? 'prod',
        direct: decl !== undefined,
        requested: decl?.requested,
        location: decl?.location ?? { file: rel, line: s.line, column: 5 },
      });
      addPaths(comp, paths.get(key(s)) ?? []);
      await attachInstalledSpec(ctx, cache, roots, s.name, s.version, s.platform, diagnostics, (evidence, installedPath, gemHome) => {
        collector.addEvidence(comp, evidence);
        if (installedPath && !comp.installedPath) comp.installedPath = installedPath;
        // Installed outside the checkout (GEM_HOME, ~/.gem): a cache of the checkout's gems.
        if (gemHome && comp.installedPath === undefined) comp.cache = { kind: 'gem-home', path: cache.display(gemHome) };
      });
    }
  }
  for (const [dir, { label, decls }] of declarationsByDir) {
    if (lockedDirs.has(dir)) continue;
    for (const d of decls) {
      if (ownNames.has(d.name)) continue;
      const comp = collector.add({ name: d.name, version: '', purl: buildPurl('gem', undefined, d.name, ''), scope: d.scope, direct: true, requested: d.requested, location: d.location });
      addPaths(comp, [[label, `${d.name}@`]]);
    }
  }
  return { components: collector.list(ctx.includeDev), projects: sortProjects(projects), diagnostics: sortDiagnostics(diagnostics) };
}

function gemspecDeclarations(rel: string, spec: ParsedGemspec): GemDeclaration[] {
  return spec.dependencies.map((d) => ({
    name: d.name,
    requested: d.requirements.join(', '),
    scope: d.kind === 'development' ? 'dev' : 'prod',
    location: { file: rel, line: d.line, column: d.column },
  }));
}

function licenseEvidence(spec: ParsedGemspec, file: string | undefined, baseDir?: string): LicenseEvidence[] {
  const out: LicenseEvidence[] = [];
  for (const field of ['license', 'licenses']) {
    const attr = spec.attributes.get(field);
    if (!attr || attr.values.length === 0) continue;
    const e: LicenseEvidence = { kind: 'declared', field, value: field === 'license' ? attr.values[0] : attr.values };
    if (file) e.location = { file, line: attr.line, column: attr.column };
    if (baseDir) e.baseDir = baseDir;
    out.push(e);
  }
  return out;
}

function projectFromGemspec(rel: string, spec: ParsedGemspec, name: string, version: string): ProjectManifest {
  const executables = spec.attributes.get('executables')?.values ?? [];
  const metadataPrivate = spec.attributes.get('metadata')?.values.includes('allowed_push_host') ?? false;
  const project: ProjectManifest = {
    ecosystem: 'gem',
    file: rel,
    name,
    version,
    private: metadataPrivate,
    evidence: licenseEvidence(spec, rel, dirOf(rel)),
    facts: {
      hasExecutables: executables.length > 0,
      isApplication: false,
      isLibrary: true,
      serverFrameworks: serverFrameworks('gem', spec.dependencies.filter((d) => d.kind === 'runtime').map((d) => d.name)),
    },
    location: spec.attributes.get('name') ? { file: rel, line: spec.attributes.get('name')!.line, column: spec.attributes.get('name')!.column } : { file: rel, line: 1, column: 1 },
  };
  const description = spec.attributes.get('description')?.values[0] ?? spec.attributes.get('summary')?.values[0];
  if (description) project.description = description;
  return project;
}

/** vendor/bundle/ruby/<v>/ in the checkout; $GEM_HOME, $GEM_PATH and ~/.gem/ruby/<v>/ outside. */
function gemRoots(files: DiscoveredFiles, ctx: ReadContext, cache: CacheFs): GemRoot[] {
  const env = ctx.env;
  const roots: GemRoot[] = [];
  for (const tree of files.installedTrees.filter((t) => baseName(t) === 'vendor')) {
    for (const engine of ['ruby', 'jruby']) {
      const base = joinRel(joinRel(tree, 'bundle'), engine);
      for (const v of ctx.fs.list(base)) roots.push({ kind: 'checkout', dir: joinRel(base, v) });
    }
  }
  const outside = new Set<string>();
  if (env.GEM_HOME) outside.add(path.resolve(env.GEM_HOME));
  for (const p of (env.GEM_PATH ?? '').split(path.delimiter)) if (p.trim()) outside.add(path.resolve(p));
  const home = homeDir(env);
  if (home) for (const v of cache.list(path.join(home, '.gem', 'ruby'))) outside.add(path.join(home, '.gem', 'ruby', v));
  for (const dir of outside) roots.push({ kind: 'cache', dir });
  return roots;
}

async function attachInstalledSpec(
  ctx: ReadContext,
  cache: CacheFs,
  roots: GemRoot[],
  name: string,
  version: string,
  platform: string | undefined,
  diagnostics: Diagnostic[],
  attach: (evidence: LicenseEvidence[], installedPath?: string, gemHome?: string) => void,
): Promise<void> {
  const fullNames = platform && platform !== 'ruby' ? [`${name}-${version}-${platform}`, `${name}-${version}`] : [`${name}-${version}`];
  for (const root of roots) {
    for (const full of fullNames) {
      if (root.kind === 'checkout') {
        const specRel = joinRel(joinRel(root.dir, 'specifications'), `${full}.gemspec`);
        if (!ctx.fs.exists(specRel)) continue;
        const text = await readCheckoutText(ctx, specRel, diagnostics);
        if (text === undefined) continue;
        const gemDir = joinRel(joinRel(root.dir, 'gems'), full);
        const evidence = [...licenseEvidence(parseGemspec(text), specRel, gemDir), ...licenseFilesInCheckout(ctx.fs, gemDir)];
        attach(evidence, ctx.fs.exists(gemDir) ? gemDir : undefined);
        return;
      }
      const specAbs = path.join(root.dir, 'specifications', `${full}.gemspec`);
      if (!cache.isFile(specAbs)) continue;
      const text = await readCacheText(cache, specAbs, diagnostics);
      if (text === undefined) continue;
      attach([...licenseEvidence(parseGemspec(text), undefined), ...licenseFilesInCache(cache, path.join(root.dir, 'gems', full))], undefined, root.dir);
      return;
    }
  }
}
