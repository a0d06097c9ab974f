import * as path from 'node:path';
import type { Diagnostic, DiscoveredFiles, EcosystemReader, ProjectManifest, ReadContext, ReadResult } from '../../../types';
import { createCacheFs, homeDir, type CacheFs } from '../shared/cache-fs';
import { ComponentCollector, DependencyGraph, addPaths, sortProjects } from '../shared/components';
import { diag, guardRead, sortDiagnostics } from '../shared/diagnostics';
import { licenseFilesInCheckout } from '../shared/license-files';
import { baseName, dirOf, joinRel, readCacheText, readCheckoutText } from '../shared/parse';
import { serverFrameworks } from '../../../ecosystems';
import { golangPurl } from '../shared/purl';
import { escapeModulePath, isLocalPath, parseGoMod, type GoModFile } from './gomod';
import { moduleFromCache } from './mod-cache';

export const golangReader: EcosystemReader = {
  ecosystem: 'golang',
  applies(files: DiscoveredFiles): boolean {
    return files.manifests.some((f) => baseName(f) === 'go.mod') || files.lockfiles.some((f) => /(^|\/)vendor\/modules\.txt$/.test(f));
  },
  read(files: DiscoveredFiles, ctx: ReadContext): Promise<ReadResult> {
    return guardRead('golang', files, () => readGoFiles(files, ctx));
  },
};

async function readGoFiles(files: DiscoveredFiles, ctx: ReadContext): Promise<ReadResult> {
  const diagnostics: Diagnostic[] = [];
  const projects: ProjectManifest[] = [];
  const collector = new ComponentCollector('golang');
  const cache = createCacheFs(ctx.env);
  const modCache = goModCacheDir(ctx.env);
  const ownModules = new Set<string>();

  const goMods: { rel: string; mod: GoModFile }[] = [];
  for (const rel of files.manifests.filter((f) => baseName(f) === 'go.mod')) {
    const text = await readCheckoutText(ctx, rel, diagnostics);
    if (text === undefined) continue;
    const mod = parseGoMod(text);
    for (const e of mod.errors) diagnostics.push(diag('invalid-go-mod', rel, e.message, { line: e.line, column: 1 }));
    if (!mod.module) {
      diagnostics.push(diag('invalid-go-mod', rel, 'go.mod has no module directive', { line: 1, column: 1 }));
      continue;
    }
    ownModules.add(mod.module.path);
    goMods.push({ rel, mod });
  }

  for (const { rel, mod } of goMods) {
    const dir = dirOf(rel);
    const modulePath = mod.module!.path;
    const rootLabel = `${modulePath}@`;
    const moduleDirs = goMods.map((m) => dirOf(m.rel));
    const mainFiles = mainPackageFiles(ctx, dir, files, moduleDirs);
    const hasMain = mainFiles.length > 0;
    const frameworks = serverFrameworks('golang', mod.requires.filter((r) => !r.indirect).map((r) => r.path));
    if (await startsHttpServer(ctx, mainFiles)) frameworks.push('net/http');
    projects.push({
      ecosystem: 'golang',
      file: rel,
      name: modulePath,
      version: '',
      private: false,
      evidence: [],
      facts: {
        hasMain,
        isApplication: hasMain,
        isLibrary: !hasMain,
        goVersion: mod.goVersion ?? '',
        serverFrameworks: [...new Set(frameworks)].sort(),
      },
      location: { file: rel, line: mod.module!.line, column: mod.module!.column },
    });

    const vendorModules = await readVendorModules(ctx, joinRel(dir, 'vendor/modules.txt'), diagnostics);
    const required = new Set<string>();
    for (const req of mod.requires) {
      if (mod.excludes.some((x) => x.path === req.path && x.version === req.version)) continue;
      const replacement = mod.replaces.find((r) => r.oldPath === req.path && (!r.oldVersion || r.oldVersion === req.version));
      // A module replaced by a folder of the checkout is the checkout's own code.
      if (replacement && isLocalPath(replacement.newPath)) continue;
      const modPath = replacement ? replacement.newPath : req.path;
      const version = replacement?.newVersion ?? req.version;
      if (ownModules.has(modPath)) continue;
      required.add(modPath);
      const comp = collector.add({
        name: modPath,
        version,
        purl: golangPurl(modPath, version),
        scope: 'prod',
        direct: !req.indirect,
        requested: req.version,
        location: { file: rel, line: req.line, column: req.column },
      });
      if (!req.indirect) addPaths(comp, [[rootLabel, `${modPath}@${version}`]]);
    }

    // Before Go 1.17, go.mod listed direct dependencies only; go.sum has the rest of the build list.
    const sumRel = joinRel(dir, 'go.sum');
    if (files.lockfiles.includes(sumRel) && (!mod.goVersion || compareGoVersion(mod.goVersion, '1.17') < 0)) {
      for (const entry of await readGoSum(ctx, sumRel, diagnostics)) {
        if (required.has(entry.path) || ownModules.has(entry.path)) continue;
        required.add(entry.path);
        collector.add({
          name: entry.path,
          version: entry.version,
          purl: golangPurl(entry.path, entry.version),
          scope: 'prod',
          direct: false,
          location: { file: sumRel, line: entry.line, column: 1 },
        });
      }
    }

    if (modCache) await addPathsFromModCache(cache, modCache, collector, required, rootLabel, diagnostics);

    for (const comp of collector.all()) {
      if (!required.has(comp.name)) continue;
      const vendored = vendorModules.get(comp.name);
      if (vendored && vendored.version === comp.version) {
        const vendorDir = joinRel(joinRel(dir, 'vendor'), vendored.dir);
        const evidence = licenseFilesInCheckout(ctx.fs, vendorDir);
        collector.addEvidence(comp, evidence);
        if (ctx.fs.exists(vendorDir) && !comp.installedPath) comp.installedPath = vendorDir;
        if (evidence.length) continue;
      }
      if (modCache) {
        const found = await moduleFromCache(cache, modCache, comp.name, comp.version, diagnostics);
        if (!found) continue;
        collector.addEvidence(comp, found);
        // Not vendored: the module cache answered (a lockfile-only checkout, `go mod download` done elsewhere).
        if (comp.installedPath === undefined) comp.cache = { kind: 'go-module-cache', path: cache.display(modCache) };
      }
    }
  }

  return { components: collector.list(ctx.includeDev), projects: sortProjects(projects), diagnostics: sortDiagnostics(diagnostics) };
}

/**
 * go.mod records no graph, but the module cache keeps each module's own go.mod
 * (`cache/download/<module>/@v/<version>.mod`): enough to say which direct dependency
 * brings an indirect one in. Only modules of the build list are followed.
 */
async function addPathsFromModCache(
  cache: CacheFs,
  modCache: string,
  collector: ComponentCollector,
  required: Set<string>,
  rootLabel: string,
  diagnostics: Diagnostic[],
): Promise<void> {
  const buildList = new Map(collector.all().filter((c) => required.has(c.name)).map((c) => [c.name, c]));
  const graph = new DependencyGraph();
  for (const comp of buildList.values()) {
    if (comp.direct) graph.addRootEdge(rootLabel, comp.name);
    const modFile = path.join(modCache, 'cache', 'download', ...escapeModulePath(comp.name).split('/'), '@v', `${escapeModulePath(comp.version)}.mod`);
    if (!cache.isFile(modFile)) continue;
    const text = await readCacheText(cache, modFile, diagnostics);
    if (text === undefined) continue;
    for (const req of parseGoMod(text).requires) if (buildList.has(req.path)) graph.addEdge(comp.name, req.path);
  }
  const paths = graph.shortestPaths((name) => `${name}@${buildList.get(name)?.version ?? ''}`);
  for (const [name, list] of paths) {
    const comp = buildList.get(name);
    if (comp) addPaths(comp, list);
  }
}

/** `$GOMODCACHE`, else the first `$GOPATH` entry's `pkg/mod`, else `~/go/pkg/mod`. */
export function goModCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.GOMODCACHE) return path.resolve(env.GOMODCACHE);
  const gopath = env.GOPATH?.split(path.delimiter).find((p) => p.trim());
  if (gopath) return path.join(path.resolve(gopath), 'pkg', 'mod');
  const home = homeDir(env);
  return home ? path.join(home, 'go', 'pkg', 'mod') : undefined;
}

/** `vendor/modules.txt`: `# path version` (or `# old => new version`) per module. */
async function readVendorModules(ctx: ReadContext, rel: string, diagnostics: Diagnostic[]): Promise<Map<string, { version: string; line: number; dir: string }>> {
  const out = new Map<string, { version: string; line: number; dir: string }>();
  if (!ctx.fs.exists(rel)) return out;
  const text = await readCheckoutText(ctx, rel, diagnostics);
  if (text === undefined) return out;
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.startsWith('# ')) return;
    const parts = line.slice(2).trim().split(/\s+/);
    const arrow = parts.indexOf('=>');
    if (arrow >= 0) {
      const target = parts.slice(arrow + 1);
      // Vendored packages of a replaced module keep the old import path on disk.
      if (target.length >= 2 && !isLocalPath(target[0])) out.set(target[0], { version: target[1], line: i + 1, dir: parts[0] });
    } else if (parts.length >= 2) out.set(parts[0], { version: parts[1], line: i + 1, dir: parts[0] });
  });
  return out;
}

async function readGoSum(ctx: ReadContext, rel: string, diagnostics: Diagnostic[]): Promise<{ path: string; version: string; line: number }[]> {
  const text = await readCheckoutText(ctx, rel, diagnostics);
  if (text === undefined) return [];
  const out: { path: string; version: string; line: number }[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const parts = line.trim().split(/\s+/);
    if (parts.length !== 3 || !parts[2].startsWith('h1:')) {
      if (line.trim()) diagnostics.push(diag('invalid-go-sum', rel, 'line is not "module version hash"', { line: i + 1, column: 1 }, 'info'));
      return;
    }
    // `v1.2.3/go.mod` lines only hash the go.mod file: the module may not be in the build.
    if (parts[1].endsWith('/go.mod')) return;
    out.push({ path: parts[0], version: parts[1], line: i + 1 });
  });
  return out;
}

function compareGoVersion(a: string, b: string): number {
  const pa = a.split('.').map((n) => parseInt(n, 10) || 0);
  const pb = b.split('.').map((n) => parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/**
 * The Go files of a `main` package at the module root or under `cmd/` — the module builds a
 * program. Files of modules nested inside this one (their own go.mod) belong to those modules.
 */
function mainPackageFiles(ctx: ReadContext, dir: string, files: DiscoveredFiles, moduleDirs: string[]): string[] {
  const prefix = dir === '.' ? '' : dir + '/';
  const nested = moduleDirs.filter((d) => d !== dir && (dir === '.' ? d !== '.' : d.startsWith(prefix))).map((d) => d + '/');
  const candidates = files.all.filter((f) => f.startsWith(prefix) && f.endsWith('.go') && !f.endsWith('_test.go') && !nested.some((n) => f.startsWith(n)));
  const mains = candidates.filter((f) => f === `${prefix}main.go` || (f.startsWith(`${prefix}cmd/`) && !/\/(testdata|vendor)\//.test(f)));
  if (mains.length) return mains;
  return ctx.fs.exists(joinRel(dir, 'main.go')) ? [joinRel(dir, 'main.go')] : [];
}

/** Go's standard library serves HTTP without a framework; a main package that calls it runs a server. */
const NET_HTTP_SERVER = /\bhttp\.(ListenAndServe|ListenAndServeTLS|Serve|ServeTLS)\(|\bhttp\.Server\s*\{/;
/** Enough main-package files to find the server start without reading a large cmd/ tree. */
const MAX_MAIN_FILES_READ = 40;

async function startsHttpServer(ctx: ReadContext, mainFiles: string[]): Promise<boolean> {
  for (const file of mainFiles.slice(0, MAX_MAIN_FILES_READ)) {
    const read = await ctx.fs.readText(file, { maxBytes: 256 * 1024, allowTruncate: true });
    if (read.ok && /\bpackage\s+main\b/.test(read.text) && NET_HTTP_SERVER.test(read.text)) return true;
  }
  return false;
}
