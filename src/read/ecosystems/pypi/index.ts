import * as path from 'node:path';
import { appendAll } from '../../../util/append';
import type { Diagnostic, DiscoveredFiles, EcosystemReader, ProjectManifest, ReadContext, ReadResult, Scope } from '../../../types';
import { ComponentCollector, DependencyGraph, addPaths, propagateScopes, sortProjects, strongerScope } from '../shared/components';
import { diag, guardRead, sortDiagnostics } from '../shared/diagnostics';
import { baseName, dirOf, joinRel } from '../shared/parse';
import { normalizePypiName, pypiPurl } from '../shared/purl';
import { serverFrameworks } from '../../../ecosystems';
import { readRequirementsFile } from './requirements';
import { compareStrings } from '../../../util/compare';
import { type Declaration, type Locked, type LockResult, type InstalledDist, VENV_BOOTSTRAP } from './model';
import { readPyproject } from './pyproject';
import { readSetupCfg } from './setup-cfg';
import { readPipfile } from './pipfile';
import { readLockfile } from './lockfiles';
import { readVirtualenv } from './venv';

const MANIFEST = /(^|\/)(pyproject\.toml|setup\.cfg|Pipfile|[^/]*requirements[^/]*\.txt)$/i;
const LOCKFILE = /(^|\/)(poetry\.lock|uv\.lock|Pipfile\.lock)$/i;

export const pypiReader: EcosystemReader = {
  ecosystem: 'pypi',
  applies(files: DiscoveredFiles): boolean {
    return (
      files.manifests.some((f) => MANIFEST.test(f)) ||
      files.lockfiles.some((f) => LOCKFILE.test(f)) ||
      files.installedTrees.some((t) => baseName(t) !== 'vendor' && baseName(t) !== 'node_modules')
    );
  },
  read(files: DiscoveredFiles, ctx: ReadContext): Promise<ReadResult> {
    return guardRead('pypi', files, () => readPypiFiles(files, ctx));
  },
};

async function readPypiFiles(files: DiscoveredFiles, ctx: ReadContext): Promise<ReadResult> {
  const diagnostics: Diagnostic[] = [];
  const projects: ProjectManifest[] = [];
  const declarations: Declaration[] = [];
  const projectLabelByDir = new Map<string, string>();

  const manifests = files.manifests.filter((f) => MANIFEST.test(f));
  // Projects first, so requirement files can name the project of their folder in paths.
  for (const rel of manifests.filter((f) => /(^|\/)(pyproject\.toml|setup\.cfg)$/.test(f))) {
    try {
      if (rel.endsWith('pyproject.toml')) await readPyproject(ctx, rel, files, projects, declarations, diagnostics, projectLabelByDir);
      else await readSetupCfg(ctx, rel, projects, declarations, diagnostics, projectLabelByDir);
    } catch (err) {
      diagnostics.push(diag('reader-error', rel, `could not read: ${(err as Error).message}`));
    }
  }
  const labelFor = (dir: string, fallback: string) => projectLabelByDir.get(dir) ?? fallback;
  for (const rel of manifests) {
    const name = baseName(rel);
    if (/requirements.*\.txt$/i.test(name)) {
      for (const line of await readRequirementsFile(ctx, rel, diagnostics)) {
        declarations.push({
          name: line.requirement.name,
          requested: line.requirement.specifier,
          pinned: line.requirement.pinned,
          scope: line.scope,
          location: line.location,
          dir: dirOf(rel),
          rootLabel: labelFor(dirOf(rel), rel),
        });
      }
    } else if (name === 'Pipfile') {
      await readPipfile(ctx, rel, declarations, diagnostics, labelFor(dirOf(rel), rel));
    }
  }

  // requirements.txt / Pipfile with no pyproject.toml or setup.cfg: an application, not a package.
  const appManifests = new Map<string, string>();
  for (const rel of manifests) {
    const dir = dirOf(rel);
    if (projectLabelByDir.has(dir) || appManifests.has(dir) || !/(^|\/)(Pipfile|requirements\.txt)$/i.test(rel)) continue;
    appManifests.set(dir, rel);
  }
  for (const [dir, rel] of appManifests) {
    projects.push({
      ecosystem: 'pypi',
      file: rel,
      name: dir === '.' ? path.basename(files.root) : baseName(dir),
      version: '',
      private: true,
      evidence: [],
      facts: {
        isApplication: true,
        isLibrary: false,
        serverFrameworks: serverFrameworks('pypi', declarations.filter((d) => d.dir === dir && d.scope === 'prod').map((d) => d.name)),
      },
      location: { file: rel, line: 1, column: 1 },
    });
  }

  const locks: LockResult[] = [];
  for (const rel of files.lockfiles.filter((f) => LOCKFILE.test(f))) {
    const lock = await readLockfile(ctx, rel, diagnostics);
    if (lock) locks.push(lock);
  }

  const installed: InstalledDist[] = [];
  for (const tree of files.installedTrees) {
    if (!ctx.fs.exists(joinRel(tree, 'pyvenv.cfg'))) continue;
    appendAll(installed, await readVirtualenv(ctx, tree, diagnostics));
  }

  const collector = new ComponentCollector('pypi');
  const ownNames = new Set(projects.map((p) => normalizePypiName(p.name)));
  /** `dir\0name` of declarations a lockfile of their folder resolved. */
  const lockedNames = new Set<string>();

  const projectNameByDir = new Map(projects.map((p) => [dirOf(p.file), normalizePypiName(p.name)]));
  for (const lock of locks) {
    // A uv workspace lock also resolves its members (listed in it as editable packages).
    const coveredDirs = new Set([lock.dir]);
    for (const [dir, name] of projectNameByDir) {
      if (lock.ownNames.has(name) && (lock.dir === '.' || dir.startsWith(lock.dir + '/'))) coveredDirs.add(dir);
    }
    for (const p of lock.packages) for (const dir of coveredDirs) lockedNames.add(`${dir}\0${p.name}`);
    const direct = declarations.filter((d) => coveredDirs.has(d.dir));
    const byName = new Map(lock.packages.map((p) => [p.name, p]));
    const graph = new DependencyGraph();
    const key = (p: Locked) => `${p.name}@${p.version}`;
    for (const p of lock.packages) for (const dep of p.deps) {
      const target = byName.get(dep);
      if (target) graph.addEdge(key(p), key(target));
    }
    const directScopes = new Map<string, Scope>();
    for (const d of direct) {
      const target = byName.get(d.name);
      if (!target) continue;
      graph.addRootEdge(d.rootLabel, key(target));
      const prev = directScopes.get(key(target));
      directScopes.set(key(target), prev ? strongerScope(prev, d.scope) : d.scope);
    }
    for (const [name, scope] of lock.rootScopes) {
      const target = byName.get(name);
      if (!target || directScopes.has(key(target))) continue;
      directScopes.set(key(target), scope);
      graph.addRootEdge(labelFor(lock.dir, lock.file), key(target));
    }
    const propagated = propagateScopes(graph, directScopes);
    const paths = graph.shortestPaths();
    for (const p of lock.packages) {
      if (lock.ownNames.has(p.name) || ownNames.has(p.name)) continue;
      const decls = direct.filter((d) => d.name === p.name);
      const isDirect = decls.length > 0;
      const scope: Scope = isDirect
        ? decls.reduce<Scope>((s, d) => strongerScope(s, d.scope), decls[0].scope)
        : p.scope ?? propagated.get(key(p)) ?? 'prod';
      const first = decls.sort((a, b) => compareStrings(a.location.file, b.location.file) || a.location.line - b.location.line)[0];
      const c = collector.add({
        name: p.name,
        version: p.version,
        purl: pypiPurl(p.name, p.version),
        scope,
        direct: isDirect,
        requested: first?.requested,
        evidence: p.evidence,
        location: first?.location ?? p.location,
      });
      addPaths(c, paths.get(key(p)) ?? []);
    }
  }

  // Declarations with no lockfile next to them: version from an installed copy or the pin.
  const installedByName = new Map<string, InstalledDist[]>();
  for (const dist of installed) {
    const list = installedByName.get(dist.name) ?? [];
    list.push(dist);
    installedByName.set(dist.name, list);
  }
  for (const d of declarations) {
    if (lockedNames.has(`${d.dir}\0${d.name}`) || ownNames.has(d.name)) continue;
    const copies = installedByName.get(d.name) ?? [];
    const matching = d.pinned ? copies.find((c) => c.version === d.pinned) : copies[0];
    const version = d.pinned ?? matching?.version ?? '';
    const c = collector.add({
      name: d.name,
      version,
      purl: pypiPurl(d.name, version),
      scope: d.scope,
      direct: true,
      requested: d.requested,
      location: d.location,
    });
    addPaths(c, [[d.rootLabel, `${d.name}@${version}`]]);
  }

  for (const dist of installed) {
    if (ownNames.has(dist.name)) continue;
    const existing = collector.get(dist.name, dist.version);
    // Every virtualenv is created with these; they are tooling unless something depends on them.
    if (!existing && VENV_BOOTSTRAP.has(dist.name)) continue;
    const c =
      existing ??
      collector.add({
        name: dist.name,
        version: dist.version,
        purl: pypiPurl(dist.name, dist.version),
        scope: 'prod',
        direct: false,
        location: { file: dist.metadataFile, line: 1, column: 1 },
      });
    collector.addEvidence(c, dist.evidence);
    if (!c.installedPath) c.installedPath = dist.distDir;
  }

  return { components: collector.list(ctx.includeDev), projects: sortProjects(projects), diagnostics: sortDiagnostics(diagnostics) };
}
