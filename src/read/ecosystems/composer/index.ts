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
import type { LocatedJson } from '../../locate';
import { ComponentCollector, DependencyGraph, addPaths, sortProjects } from '../shared/components';
import { diag, guardRead, sortDiagnostics } from '../shared/diagnostics';
import { licenseFilesInCheckout } from '../shared/license-files';
import { baseName, dirOf, isRecord, joinRel, parseJsonDocument, readCheckoutText, str } from '../shared/parse';
import { serverFrameworks } from '../../../ecosystems';
import { composerPurl } from '../shared/purl';

/** Platform requirements (PHP itself, extensions, system libraries) are not packages. */
function isPlatformPackage(name: string): boolean {
  // php, php-64bit, ext-json, lib-curl, composer-plugin-api…: packages always have a vendor/.
  return !name.includes('/');
}

interface ComposerManifest {
  rel: string;
  dir: string;
  name: string;
  version: string;
  requires: { name: string; constraint: string; scope: Scope; location: SourceLocation }[];
}

interface LockedPackage {
  name: string;
  version: string;
  scope: Scope;
  license: unknown;
  location: SourceLocation;
  requires: string[];
  installPath?: string;
}

export const composerReader: EcosystemReader = {
  ecosystem: 'composer',
  applies(files: DiscoveredFiles): boolean {
    return files.manifests.some((f) => baseName(f) === 'composer.json') || files.lockfiles.some((f) => /(^|\/)(composer\.lock|vendor\/composer\/installed\.json)$/.test(f));
  },
  read(files: DiscoveredFiles, ctx: ReadContext): Promise<ReadResult> {
    return guardRead('composer', files, () => readComposerFiles(files, ctx));
  },
};

async function readComposerFiles(files: DiscoveredFiles, ctx: ReadContext): Promise<ReadResult> {
  const diagnostics: Diagnostic[] = [];
  const projects: ProjectManifest[] = [];
  const collector = new ComponentCollector('composer');
  const manifests = new Map<string, ComposerManifest>();

  for (const rel of files.manifests.filter((f) => baseName(f) === 'composer.json')) {
    const m = await readComposerJson(ctx, rel, projects, diagnostics);
    if (m) manifests.set(m.dir, m);
  }
  const ownNames = new Set([...manifests.values()].map((m) => m.name.toLowerCase()).filter(Boolean));

  const lockDirs = new Set<string>();
  for (const rel of files.lockfiles.filter((f) => baseName(f) === 'composer.lock')) {
    const dir = dirOf(rel);
    const packages = await readComposerLock(ctx, rel, diagnostics);
    if (!packages) continue;
    lockDirs.add(dir);
    const installed = await readInstalledJson(ctx, joinRel(dir, 'vendor/composer/installed.json'), diagnostics);
    addLocked(collector, packages, manifests.get(dir), ownNames, installed, ctx, dir);
  }
  // An installed tree without a lockfile next to it (vendor committed, lock ignored).
  for (const rel of files.lockfiles.filter((f) => /(^|\/)vendor\/composer\/installed\.json$/.test(f))) {
    const dir = dirOf(dirOf(dirOf(rel)));
    if (lockDirs.has(dir)) continue;
    const installed = await readInstalledJson(ctx, rel, diagnostics);
    if (!installed) continue;
    lockDirs.add(dir);
    addLocked(collector, [...installed.values()], manifests.get(dir), ownNames, installed, ctx, dir);
  }
  for (const m of manifests.values()) {
    if (lockDirs.has(m.dir)) continue;
    for (const r of m.requires) {
      if (ownNames.has(r.name.toLowerCase())) continue;
      const comp = collector.add({ name: r.name, version: '', purl: composerPurl(r.name, ''), scope: r.scope, direct: true, requested: r.constraint, location: r.location });
      addPaths(comp, [[`${m.name || m.rel}@${m.version}`, `${r.name}@`]]);
    }
  }
  return { components: collector.list(ctx.includeDev), projects: sortProjects(projects), diagnostics: sortDiagnostics(diagnostics) };
}

function addLocked(
  collector: ComponentCollector,
  packages: LockedPackage[],
  manifest: ComposerManifest | undefined,
  ownNames: Set<string>,
  installed: Map<string, LockedPackage> | undefined,
  ctx: ReadContext,
  dir: string,
): void {
  const key = (p: LockedPackage) => `${p.name.toLowerCase()}@${p.version}`;
  const byName = new Map(packages.map((p) => [p.name.toLowerCase(), p]));
  const graph = new DependencyGraph();
  for (const p of packages) for (const r of p.requires) {
    const t = byName.get(r.toLowerCase());
    if (t) graph.addEdge(key(p), key(t));
  }
  const rootLabel = manifest ? `${manifest.name || manifest.rel}@${manifest.version}` : joinRel(dir, 'composer.lock');
  const directReq = new Map<string, ComposerManifest['requires'][number]>();
  for (const r of manifest?.requires ?? []) {
    const t = byName.get(r.name.toLowerCase());
    if (!t) continue;
    graph.addRootEdge(rootLabel, key(t));
    if (!directReq.has(key(t)) || r.scope === 'prod') directReq.set(key(t), r);
  }
  // A requirement the lock does not know (lock out of date): still a dependency, version unknown.
  for (const r of manifest?.requires ?? []) {
    if (byName.has(r.name.toLowerCase()) || ownNames.has(r.name.toLowerCase())) continue;
    const comp = collector.add({ name: r.name.toLowerCase(), version: '', purl: composerPurl(r.name, ''), scope: r.scope, direct: true, requested: r.constraint, location: r.location });
    addPaths(comp, [[rootLabel, `${r.name.toLowerCase()}@`]]);
  }
  const paths = graph.shortestPaths();
  for (const p of packages) {
    if (ownNames.has(p.name.toLowerCase())) continue;
    const req = directReq.get(key(p));
    const evidence: LicenseEvidence[] = [];
    const inst = installed?.get(p.name.toLowerCase());
    // composer.lock `license` is an array meaning a choice; identify turns it into OR.
    if (p.license !== undefined) {
      // composer.lock and installed.json both carry Composer's resolved metadata: an array is a choice.
      evidence.push({ kind: 'lockfile', value: p.license, location: p.location });
    }
    let installedPath: string | undefined;
    if (inst && inst.version === p.version) {
      installedPath = inst.installPath ?? joinRel(joinRel(dir, 'vendor'), p.name.toLowerCase());
      if (inst.license !== undefined && inst !== p) evidence.push({ kind: 'lockfile', value: inst.license, location: inst.location });
      if (ctx.fs.exists(installedPath)) evidence.push(...licenseFilesInCheckout(ctx.fs, installedPath));
      else installedPath = undefined;
    }
    const comp = collector.add({
      name: p.name.toLowerCase(),
      version: p.version,
      purl: composerPurl(p.name, p.version),
      // The lockfile's split is authoritative: packages-dev holds what only dev requirements need.
      scope: p.scope,
      direct: req !== undefined,
      requested: req?.constraint,
      evidence,
      location: req?.location ?? p.location,
      installedPath,
    });
    addPaths(comp, paths.get(key(p)) ?? []);
  }
}

async function readComposerJson(ctx: ReadContext, rel: string, projects: ProjectManifest[], diagnostics: Diagnostic[]): Promise<ComposerManifest | undefined> {
  const text = await readCheckoutText(ctx, rel, diagnostics);
  if (text === undefined) return undefined;
  const json = parseJsonDocument(rel, text, diagnostics);
  if (!json) return undefined;
  if (!isRecord(json.value)) {
    diagnostics.push(diag('invalid-manifest', rel, 'composer.json is not a JSON object', { line: 1, column: 1 }));
    return undefined;
  }
  const doc = json.value;
  const at = (p: (string | number)[]): SourceLocation => ({ file: rel, ...(json.locate(p) ?? { line: 1, column: 1 }) });
  const dir = dirOf(rel);
  const name = str(doc.name) ?? '';
  const version = str(doc.version) ?? '';
  const m: ComposerManifest = { rel, dir, name, version, requires: [] };
  for (const [field, scope] of [
    ['require', 'prod'],
    ['require-dev', 'dev'],
  ] as const) {
    const deps = doc[field];
    if (!isRecord(deps)) continue;
    for (const [dep, constraint] of Object.entries(deps)) {
      if (isPlatformPackage(dep)) continue;
      m.requires.push({ name: dep, constraint: typeof constraint === 'string' ? constraint : '', scope, location: at([field, dep]) });
    }
  }
  if (name || doc.license !== undefined) {
    const evidence: LicenseEvidence[] = [];
    if (doc.license !== undefined) evidence.push({ kind: 'declared', field: 'license', value: doc.license, location: at(['license']), baseDir: dir });
    const type = str(doc.type) ?? 'library';
    const project: ProjectManifest = {
      ecosystem: 'composer',
      file: rel,
      name: name || dir,
      version,
      // Packagist publishes packages with a name; `"type": "project"` is an application.
      private: !name,
      evidence,
      facts: {
        type,
        isApplication: type === 'project',
        isLibrary: type !== 'project' && !!name,
        hasBin: Array.isArray(doc.bin) && doc.bin.length > 0,
        hasScripts: isRecord(doc.scripts),
        serverFrameworks: serverFrameworks('composer', m.requires.filter((r) => r.scope === 'prod').map((r) => r.name)),
      },
      location: at(name ? ['name'] : []),
    };
    const description = str(doc.description);
    if (description) project.description = description;
    if (Array.isArray(doc.keywords)) project.keywords = doc.keywords.filter((k): k is string => typeof k === 'string');
    projects.push(project);
  }
  return m;
}

function lockedFrom(entry: unknown, index: number, section: string, scope: Scope, json: LocatedJson, file: string, pathPrefix: (string | number)[]): LockedPackage | undefined {
  if (!isRecord(entry) || typeof entry.name !== 'string') return undefined;
  const pos = json.locate([...pathPrefix, section, index].filter((x) => x !== '')) ?? { line: 1, column: 1 };
  const p: LockedPackage = {
    name: entry.name,
    version: str(entry.version) ?? '',
    scope,
    license: entry.license,
    location: { file, ...pos },
    requires: isRecord(entry.require) ? Object.keys(entry.require).filter((r) => !isPlatformPackage(r)) : [],
  };
  if (typeof entry['install-path'] === 'string') p.installPath = entry['install-path'];
  return p;
}

async function readComposerLock(ctx: ReadContext, rel: string, diagnostics: Diagnostic[]): Promise<LockedPackage[] | undefined> {
  const text = await readCheckoutText(ctx, rel, diagnostics);
  if (text === undefined) return undefined;
  const json = parseJsonDocument(rel, text, diagnostics);
  if (!json) return undefined;
  if (!isRecord(json.value)) {
    diagnostics.push(diag('invalid-lockfile', rel, 'composer.lock is not a JSON object', { line: 1, column: 1 }));
    return undefined;
  }
  const out: LockedPackage[] = [];
  for (const [section, scope] of [
    ['packages', 'prod'],
    ['packages-dev', 'dev'],
  ] as const) {
    const list = json.value[section];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      diagnostics.push(diag('invalid-lockfile', rel, `"${section}" is not an array`, json.locate([section])));
      continue;
    }
    list.forEach((entry, i) => {
      const p = lockedFrom(entry, i, section, scope, json, rel, []);
      if (p) out.push(p);
      else diagnostics.push(diag('invalid-lockfile', rel, `${section}[${i}] has no name`, json.locate([section, i])));
    });
  }
  return out;
}

/** vendor/composer/installed.json: Composer 1 wrote an array, Composer 2 `{ packages, dev-package-names }`. */
async function readInstalledJson(ctx: ReadContext, rel: string, diagnostics: Diagnostic[]): Promise<Map<string, LockedPackage> | undefined> {
  if (!ctx.fs.exists(rel)) return undefined;
  const text = await readCheckoutText(ctx, rel, diagnostics);
  if (text === undefined) return undefined;
  const json = parseJsonDocument(rel, text, diagnostics);
  if (!json) return undefined;
  const v2 = isRecord(json.value) && Array.isArray(json.value.packages);
  const list = v2 ? ((json.value as Record<string, unknown>).packages as unknown[]) : Array.isArray(json.value) ? json.value : undefined;
  if (!list) {
    diagnostics.push(diag('invalid-lockfile', rel, 'installed.json is neither an array nor { "packages": [...] }', { line: 1, column: 1 }));
    return undefined;
  }
  const devNames = new Set(
    v2 && Array.isArray((json.value as Record<string, unknown>)['dev-package-names'])
      ? ((json.value as Record<string, unknown>)['dev-package-names'] as unknown[]).filter((n): n is string => typeof n === 'string').map((n) => n.toLowerCase())
      : [],
  );
  const vendorComposer = dirOf(rel);
  const out = new Map<string, LockedPackage>();
  list.forEach((entry, i) => {
    const p = lockedFrom(entry, i, v2 ? 'packages' : '', 'prod', json, rel, []);
    if (!p) return;
    if (devNames.has(p.name.toLowerCase())) p.scope = 'dev';
    // install-path is relative to vendor/composer; Composer 1 had none (vendor/<name>).
    const installPath = p.installPath
      ? normalizeRel(joinRel(vendorComposer, p.installPath))
      : joinRel(dirOf(vendorComposer), p.name.toLowerCase());
    p.installPath = installPath;
    out.set(p.name.toLowerCase(), p);
  });
  return out;
}

function normalizeRel(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/') || '.';
}
