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
import { ComponentCollector, DependencyGraph, addPaths, propagateScopes, sortProjects, strongerScope } from '../shared/components';
import { diag, guardRead, sortDiagnostics } from '../shared/diagnostics';
import { TomlLocator, escapeRegExp } from '../shared/lines';
import {
  LICENSE_FILE_NAME,
  baseName,
  dirOf,
  isRecord,
  joinRel,
  parseJsonDocument,
  parseTomlDocument,
  readCheckoutText,
  str,
} from '../shared/parse';
import { normalizePypiName, pypiPurl } from '../shared/purl';
import { serverFrameworks } from '../shared/facts';
import { mapLicenseClassifiers } from './classifiers';
import { allHeaders, firstHeader, parseCoreMetadata, parseSetupCfg, splitCfgList } from './metadata';
import { parseRequirement, readRequirementsFile, type Requirement } from './requirements';
import { compareStrings } from '../../../util/compare';

const MANIFEST = /(^|\/)(pyproject\.toml|setup\.cfg|Pipfile|[^/]*requirements[^/]*\.txt)$/i;
const LOCKFILE = /(^|\/)(poetry\.lock|uv\.lock|Pipfile\.lock)$/i;

/** A dependency named by one of the checkout's manifests. */
interface Declaration {
  name: string;
  requested: string;
  pinned?: string;
  scope: Scope;
  location: SourceLocation;
  dir: string;
  rootLabel: string;
}

/** A package pinned by a lockfile. */
interface Locked {
  name: string;
  version: string;
  scope?: Scope;
  location: SourceLocation;
  deps: string[];
  evidence: LicenseEvidence[];
}

interface LockResult {
  dir: string;
  file: string;
  packages: Locked[];
  /** Names of the checkout's own packages inside the lock (uv lists them), to skip. */
  ownNames: Set<string>;
  /** Root-level dependency scopes the lock itself records (uv root package). */
  rootScopes: Map<string, Scope>;
}

interface InstalledDist {
  name: string;
  version: string;
  evidence: LicenseEvidence[];
  metadataFile: string;
  distDir: string;
}

/** Extras and dependency groups that are for development, not for users. */
const DEV_GROUP = /^(dev|develop|development|test|tests|testing|lint|linting|docs?|typing|mypy|style|format|ci|qa|check|coverage)$/i;
const VENV_BOOTSTRAP = new Set(['pip', 'setuptools', 'wheel', 'distribute']);

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
    installed.push(...(await readVirtualenv(ctx, tree, diagnostics)));
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

  return { components: collector.list(ctx.includeDev !== false), projects: sortProjects(projects), diagnostics: sortDiagnostics(diagnostics) };
}

// ---------------------------------------------------------------------------------------------
// pyproject.toml

async function readPyproject(
  ctx: ReadContext,
  rel: string,
  files: DiscoveredFiles,
  projects: ProjectManifest[],
  declarations: Declaration[],
  diagnostics: Diagnostic[],
  labels: Map<string, string>,
): Promise<void> {
  const text = await readCheckoutText(ctx, rel, diagnostics);
  if (text === undefined) return;
  const doc = parseTomlDocument(rel, text, diagnostics);
  if (!doc) return;
  const loc = new TomlLocator(rel, text);
  const dir = dirOf(rel);
  const project = isRecord(doc.project) ? doc.project : undefined;
  const tool = isRecord(doc.tool) ? doc.tool : {};
  const poetry = isRecord(tool.poetry) ? tool.poetry : undefined;
  const uv = isRecord(tool.uv) ? tool.uv : undefined;

  const name = str(project?.name) ?? str(poetry?.name);
  const version = str(project?.version) ?? str(poetry?.version) ?? '';
  const rootLabel = name ? `${normalizePypiName(name)}@${version}` : rel;
  if (name) labels.set(dir, rootLabel);

  const add = (raw: string, scope: Scope, where: SourceLocation | undefined) => {
    const req = parseRequirement(raw);
    if (!req) {
      diagnostics.push(diag('invalid-requirement', rel, `cannot parse requirement "${raw}"`, where, 'info'));
      return;
    }
    declarations.push(declarationFrom(req, scope, where ?? loc.start(), dir, rootLabel));
  };
  /** Position of a PEP 508 string inside an array of table `table`, key `key`. */
  const locateString = (table: string, key: string, raw: string): SourceLocation | undefined => {
    const keyLoc = loc.findKey(table, key);
    if (!keyLoc) return undefined;
    const found = loc.find(new RegExp(`["'](${escapeRegExp(raw.slice(0, 60))})`), keyLoc.line);
    return found ?? keyLoc;
  };

  if (project) {
    for (const raw of stringArray(project.dependencies)) add(raw, 'prod', locateString('project', 'dependencies', raw));
    const extras = isRecord(project['optional-dependencies']) ? project['optional-dependencies'] : {};
    for (const [extra, list] of Object.entries(extras)) {
      const scope: Scope = DEV_GROUP.test(extra) ? 'dev' : 'optional';
      for (const raw of stringArray(list)) add(raw, scope, locateString('project.optional-dependencies', extra, raw));
    }
  }
  // PEP 735 dependency groups: never installed for users.
  if (isRecord(doc['dependency-groups'])) {
    for (const [group, list] of Object.entries(doc['dependency-groups'])) {
      for (const raw of stringArray(list)) add(raw, 'dev', locateString('dependency-groups', group, raw));
    }
  }
  if (uv) for (const raw of stringArray(uv['dev-dependencies'])) add(raw, 'dev', locateString('tool.uv', 'dev-dependencies', raw));

  if (poetry) {
    const poetryTable = (table: string, deps: unknown, scope: Scope) => {
      if (!isRecord(deps)) return;
      for (const [depName, spec] of Object.entries(deps)) {
        if (depName.toLowerCase() === 'python') continue;
        const where = loc.findKey(table, depName) ?? loc.tableHeader(table) ?? loc.start();
        const optional = isRecord(spec) && spec.optional === true;
        const requested = typeof spec === 'string' ? spec : isRecord(spec) ? str(spec.version) ?? '' : '';
        const pinned = /^(==)?\s*\d[\w.!+-]*$/.test(requested.trim()) ? requested.replace(/^==\s*/, '').trim() : undefined;
        const normalized = normalizePypiName(depName);
        declarations.push({
          name: normalized,
          requested,
          pinned,
          scope: optional && scope === 'prod' ? 'optional' : scope,
          location: where,
          dir,
          rootLabel,
        });
      }
    };
    poetryTable('tool.poetry.dependencies', poetry.dependencies, 'prod');
    poetryTable('tool.poetry.dev-dependencies', poetry['dev-dependencies'], 'dev');
    if (isRecord(poetry.group)) {
      for (const [group, body] of Object.entries(poetry.group)) {
        if (!isRecord(body)) continue;
        poetryTable(`tool.poetry.group.${group}.dependencies`, body.dependencies, group === 'main' ? 'prod' : 'dev');
      }
    }
  }

  if (!name) return;
  const evidence: LicenseEvidence[] = [];
  const license = project?.license ?? poetry?.license;
  const licenseTable = project && project.license !== undefined ? 'project' : 'tool.poetry';
  const licenseLoc = loc.findKey(licenseTable, 'license') ?? loc.start();
  if (typeof license === 'string') {
    evidence.push({ kind: 'declared', field: 'license', value: license, location: licenseLoc, baseDir: dir });
  } else if (isRecord(license)) {
    // PEP 621 table: `{ text = "…" }` is a declaration, `{ file = "…" }` points at a text.
    if (typeof license.text === 'string') evidence.push({ kind: 'declared', field: 'license', value: license.text, location: licenseLoc, baseDir: dir });
    if (typeof license.file === 'string') {
      const target = path.posix.normalize(joinRel(dir, license.file));
      if (target.startsWith('../')) diagnostics.push(diag('path-escape', rel, `license file "${license.file}" points outside the checkout`, licenseLoc));
      else evidence.push({ kind: 'file', file: target });
    }
  }
  const licenseFiles = stringArray(project?.['license-files'] ?? (isRecord(project?.['license-files']) ? (project?.['license-files'] as Record<string, unknown>).paths : undefined));
  for (const pattern of licenseFiles) for (const f of matchGlob(files.all, dir, pattern)) evidence.push({ kind: 'file', file: f });
  const classifiers = stringArray(project?.classifiers ?? poetry?.classifiers);
  pushClassifierEvidence(evidence, classifiers, loc.findKey(project?.classifiers ? 'project' : 'tool.poetry', 'classifiers'));

  const deps = declarations.filter((d) => d.dir === dir && d.scope === 'prod').map((d) => d.name);
  const scripts = { ...(isRecord(project?.scripts) ? project.scripts : {}), ...(isRecord(project?.['gui-scripts']) ? project['gui-scripts'] : {}), ...(isRecord(poetry?.scripts) ? poetry.scripts : {}) };
  const packageMode = poetry?.['package-mode'] !== false && uv?.package !== false;
  const facts: Record<string, unknown> = {
    hasScripts: Object.keys(scripts).length > 0,
    scripts: Object.keys(scripts).sort(),
    hasBuildSystem: isRecord(doc['build-system']),
    isApplication: !packageMode || (!isRecord(doc['build-system']) && !poetry),
    isLibrary: packageMode && isRecord(doc['build-system']),
    serverFrameworks: serverFrameworks('pypi', deps),
  };
  const description = str(project?.description) ?? str(poetry?.description);
  const keywords = stringArray(project?.keywords ?? poetry?.keywords);
  const manifest: ProjectManifest = {
    ecosystem: 'pypi',
    file: rel,
    name,
    version,
    private: classifiers.some((c) => /^Private\s*::/i.test(c)),
    evidence,
    facts,
    location: loc.findKey(project ? 'project' : 'tool.poetry', 'name') ?? loc.start(),
  };
  if (description !== undefined) manifest.description = description;
  if (keywords.length) manifest.keywords = keywords;
  projects.push(manifest);
}

function declarationFrom(req: Requirement, scope: Scope, location: SourceLocation, dir: string, rootLabel: string): Declaration {
  const d: Declaration = { name: req.name, requested: req.specifier, scope, location, dir, rootLabel };
  if (req.pinned) d.pinned = req.pinned;
  return d;
}

function stringArray(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function pushClassifierEvidence(evidence: LicenseEvidence[], classifiers: string[], location: SourceLocation | undefined): void {
  const { spdx } = mapLicenseClassifiers(classifiers);
  if (spdx.length === 0) return;
  // Several license classifiers on one package mean the user may pick one of them.
  const value = spdx.length === 1 ? spdx[0] : spdx.join(' OR ');
  const e: LicenseEvidence = { kind: 'declared', field: 'classifiers', value };
  if (location) e.location = location;
  evidence.push(e);
}

/** Files of the checkout matching a PEP 639 `license-files` glob relative to `dir`. */
function matchGlob(all: string[], dir: string, pattern: string): string[] {
  if (pattern.startsWith('/') || pattern.split('/').includes('..')) return [];
  const prefix = dir === '.' ? '' : dir + '/';
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
      if (pattern[i + 1] === '/') i++;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += escapeRegExp(ch);
  }
  const full = new RegExp(`^${escapeRegExp(prefix)}${re}$`);
  return all.filter((f) => full.test(f)).sort();
}

// ---------------------------------------------------------------------------------------------
// setup.cfg

async function readSetupCfg(
  ctx: ReadContext,
  rel: string,
  projects: ProjectManifest[],
  declarations: Declaration[],
  diagnostics: Diagnostic[],
  labels: Map<string, string>,
): Promise<void> {
  const text = await readCheckoutText(ctx, rel, diagnostics);
  if (text === undefined) return;
  const ini = parseSetupCfg(text);
  const dir = dirOf(rel);
  const metadata = ini.get('metadata');
  const options = ini.get('options');
  const name = metadata?.get('name')?.value;
  const version = metadata?.get('version')?.value ?? '';
  // `version = attr: pkg.__version__` is computed at build time: unknown here.
  const cleanVersion = /^(attr|file):/.test(version) ? '' : version;
  const existingLabel = labels.get(dir);
  const rootLabel = existingLabel ?? (name ? `${normalizePypiName(name)}@${cleanVersion}` : rel);
  if (name && !existingLabel) labels.set(dir, rootLabel);

  const addList = (entry: { value: string; line: number } | undefined, scope: Scope) => {
    if (!entry) return;
    for (const { item, line } of splitCfgList(entry, /;(?=\s*$)|\n/)) {
      const req = parseRequirement(item);
      if (!req) continue;
      const col = (text.split(/\r?\n/)[line - 1] ?? '').indexOf(item.slice(0, 20)) + 1;
      declarations.push(declarationFrom(req, scope, { file: rel, line, column: Math.max(col, 1) }, dir, rootLabel));
    }
  };
  addList(options?.get('install_requires'), 'prod');
  addList(options?.get('tests_require'), 'dev');
  addList(options?.get('setup_requires'), 'dev');
  for (const [extra, entry] of ini.get('options.extras_require') ?? []) addList(entry, DEV_GROUP.test(extra) ? 'dev' : 'optional');

  // A setup.cfg next to a pyproject.toml that already names the project only adds dependencies.
  if (!name || (existingLabel && projects.some((p) => dirOf(p.file) === dir))) return;
  const evidence: LicenseEvidence[] = [];
  const license = metadata?.get('license');
  if (license?.value) evidence.push({ kind: 'declared', field: 'license', value: license.value, location: { file: rel, line: license.line, column: 1 }, baseDir: dir });
  for (const key of ['license_files', 'license_file']) {
    const entry = metadata?.get(key);
    if (!entry) continue;
    for (const { item } of splitCfgList(entry, /,|\n/)) {
      const target = path.posix.normalize(joinRel(dir, item));
      if (!target.startsWith('../') && ctx.fs.exists(target)) evidence.push({ kind: 'file', file: target });
    }
  }
  const classifiersEntry = metadata?.get('classifiers');
  const classifiers = classifiersEntry ? splitCfgList(classifiersEntry).map((x) => x.item) : [];
  pushClassifierEvidence(evidence, classifiers, classifiersEntry ? { file: rel, line: classifiersEntry.line, column: 1 } : undefined);
  const entryPoints = ini.get('options.entry_points');
  const consoleScripts = entryPoints?.get('console_scripts')?.value ?? '';
  const manifest: ProjectManifest = {
    ecosystem: 'pypi',
    file: rel,
    name,
    version: cleanVersion,
    private: classifiers.some((c) => /^Private\s*::/i.test(c)),
    evidence,
    facts: {
      hasScripts: consoleScripts.trim().length > 0,
      hasBuildSystem: true,
      isApplication: false,
      isLibrary: true,
      serverFrameworks: serverFrameworks('pypi', declarations.filter((d) => d.dir === dir && d.scope === 'prod').map((d) => d.name)),
    },
    location: { file: rel, line: metadata?.get('name')?.line ?? 1, column: 1 },
  };
  const description = metadata?.get('description')?.value;
  if (description) manifest.description = description;
  const keywords = metadata?.get('keywords');
  if (keywords) manifest.keywords = splitCfgList(keywords, /,|\n/).map((k) => k.item);
  projects.push(manifest);
}

// ---------------------------------------------------------------------------------------------
// Pipfile

async function readPipfile(ctx: ReadContext, rel: string, declarations: Declaration[], diagnostics: Diagnostic[], rootLabel: string): Promise<void> {
  const text = await readCheckoutText(ctx, rel, diagnostics);
  if (text === undefined) return;
  const doc = parseTomlDocument(rel, text, diagnostics);
  if (!doc) return;
  const loc = new TomlLocator(rel, text);
  for (const [table, scope] of [
    ['packages', 'prod'],
    ['dev-packages', 'dev'],
  ] as const) {
    const deps = doc[table];
    if (!isRecord(deps)) continue;
    for (const [depName, spec] of Object.entries(deps)) {
      const requested = typeof spec === 'string' ? spec : isRecord(spec) ? str(spec.version) ?? '' : '';
      const pin = /^===?\s*([^\s,*]+)$/.exec(requested.trim());
      declarations.push({
        name: normalizePypiName(depName),
        requested,
        pinned: pin?.[1],
        scope,
        location: loc.findKey(table, depName) ?? loc.start(),
        dir: dirOf(rel),
        rootLabel,
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Lockfiles

async function readLockfile(ctx: ReadContext, rel: string, diagnostics: Diagnostic[]): Promise<LockResult | undefined> {
  const text = await readCheckoutText(ctx, rel, diagnostics);
  if (text === undefined) return undefined;
  const base = baseName(rel);
  const result: LockResult = { dir: dirOf(rel), file: rel, packages: [], ownNames: new Set(), rootScopes: new Map() };
  if (base.toLowerCase() === 'pipfile.lock') {
    const json = parseJsonDocument(rel, text, diagnostics);
    if (!json || !isRecord(json.value)) return json ? (diagnostics.push(diag('invalid-lockfile', rel, 'Pipfile.lock is not a JSON object')), undefined) : undefined;
    for (const [section, scope] of [
      ['default', 'prod'],
      ['develop', 'dev'],
    ] as const) {
      const deps = json.value[section];
      if (!isRecord(deps)) continue;
      for (const [depName, entry] of Object.entries(deps)) {
        const version = isRecord(entry) ? (str(entry.version) ?? '').replace(/^===?/, '') : '';
        const pos = json.locate([section, depName]) ?? { line: 1, column: 1 };
        result.packages.push({ name: normalizePypiName(depName), version, scope, location: { file: rel, ...pos }, deps: [], evidence: [] });
      }
    }
    return mergeLockedScopes(result);
  }

  const doc = parseTomlDocument(rel, text, diagnostics);
  if (!doc) return undefined;
  const loc = new TomlLocator(rel, text);
  const headers = loc.arrayTables('package');
  const packages = Array.isArray(doc.package) ? doc.package : [];
  packages.forEach((pkg, index) => {
    if (!isRecord(pkg) || typeof pkg.name !== 'string') {
      diagnostics.push(diag('invalid-lockfile', rel, `[[package]] entry ${index + 1} has no name`, loc.tableHeader('package', index)));
      return;
    }
    const name = normalizePypiName(pkg.name);
    const version = str(pkg.version) ?? '';
    const header = headers[index];
    const location = header ? { file: rel, line: header.line, column: 1 } : loc.start();
    const deps = new Set<string>();
    let scope: Scope | undefined;
    if (base.toLowerCase() === 'poetry.lock') {
      if (isRecord(pkg.dependencies)) for (const d of Object.keys(pkg.dependencies)) deps.add(normalizePypiName(d));
      // Poetry < 1.5: `category = "main" | "dev"`; Poetry 2: `groups = ["main", …]`; `optional` = an extra.
      const groups = Array.isArray(pkg.groups) ? pkg.groups.filter((g): g is string => typeof g === 'string') : [];
      if (pkg.category === 'dev') scope = 'dev';
      else if (pkg.category === 'main') scope = 'prod';
      if (groups.length) scope = groups.includes('main') ? 'prod' : 'dev';
      if (pkg.optional === true && scope !== 'dev') scope = 'optional';
    } else {
      // uv.lock: dependencies are `{ name = … }` tables; the project itself is `source = { editable|virtual = "." }`.
      for (const d of Array.isArray(pkg.dependencies) ? pkg.dependencies : []) if (isRecord(d) && typeof d.name === 'string') deps.add(normalizePypiName(d.name));
      if (isRecord(pkg['optional-dependencies'])) {
        for (const list of Object.values(pkg['optional-dependencies'])) for (const d of Array.isArray(list) ? list : []) if (isRecord(d) && typeof d.name === 'string') deps.add(normalizePypiName(d.name));
      }
      const source = isRecord(pkg.source) ? pkg.source : {};
      const isOwn = typeof source.editable === 'string' || typeof source.virtual === 'string';
      if (isOwn) {
        result.ownNames.add(name);
        for (const d of Array.isArray(pkg.dependencies) ? pkg.dependencies : []) if (isRecord(d) && typeof d.name === 'string') result.rootScopes.set(normalizePypiName(d.name), 'prod');
        const optional = isRecord(pkg['optional-dependencies']) ? pkg['optional-dependencies'] : {};
        for (const [extra, list] of Object.entries(optional)) {
          for (const d of Array.isArray(list) ? list : []) if (isRecord(d) && typeof d.name === 'string' && !result.rootScopes.has(normalizePypiName(d.name))) result.rootScopes.set(normalizePypiName(d.name), DEV_GROUP.test(extra) ? 'dev' : 'optional');
        }
        const devGroups = isRecord(pkg['dev-dependencies']) ? pkg['dev-dependencies'] : {};
        for (const list of Object.values(devGroups)) for (const d of Array.isArray(list) ? list : []) if (isRecord(d) && typeof d.name === 'string' && !result.rootScopes.has(normalizePypiName(d.name))) result.rootScopes.set(normalizePypiName(d.name), 'dev');
      }
    }
    result.packages.push({ name, version, scope, location, deps: [...deps].sort(), evidence: [] });
  });
  return mergeLockedScopes(result);
}

/** A lockfile may list a name twice (default + develop): keep one entry, the shipped scope. */
function mergeLockedScopes(lock: LockResult): LockResult {
  const byKey = new Map<string, Locked>();
  for (const p of lock.packages) {
    const k = `${p.name}@${p.version}`;
    const prev = byKey.get(k);
    if (!prev) byKey.set(k, p);
    else if (p.scope === 'prod') prev.scope = 'prod';
  }
  lock.packages = [...byKey.values()];
  return lock;
}

// ---------------------------------------------------------------------------------------------
// Installed distributions in virtualenvs

async function readVirtualenv(ctx: ReadContext, tree: string, diagnostics: Diagnostic[]): Promise<InstalledDist[]> {
  const sitePackages: string[] = [];
  for (const libName of ['lib', 'lib64', 'Lib']) {
    const lib = joinRel(tree, libName);
    if (libName === 'Lib') {
      if (ctx.fs.list(lib).includes('site-packages')) sitePackages.push(joinRel(lib, 'site-packages'));
      continue;
    }
    for (const entry of ctx.fs.list(lib)) {
      if (/^(python|pypy)\d/.test(entry) && ctx.fs.list(joinRel(lib, entry)).includes('site-packages')) sitePackages.push(joinRel(joinRel(lib, entry), 'site-packages'));
    }
  }
  const out: InstalledDist[] = [];
  const seenReal = new Set<string>();
  for (const site of sitePackages) {
    // lib64 is often a symlink to lib: read each real folder once.
    const real = ctx.fs.realpathInRoot(site);
    if (!real || seenReal.has(real)) continue;
    seenReal.add(real);
    for (const entry of ctx.fs.list(site)) {
      const isDist = entry.endsWith('.dist-info');
      const isEgg = entry.endsWith('.egg-info');
      if (!isDist && !isEgg) continue;
      const distDir = joinRel(site, entry);
      const metadataFile = joinRel(distDir, isDist ? 'METADATA' : 'PKG-INFO');
      if (!ctx.fs.exists(metadataFile)) continue;
      const text = await readCheckoutText(ctx, metadataFile, diagnostics);
      if (text === undefined) continue;
      const dist = distFromMetadata(ctx, text, distDir, metadataFile, diagnostics);
      if (dist) out.push(dist);
    }
  }
  return out;
}

function distFromMetadata(ctx: ReadContext, text: string, distDir: string, metadataFile: string, diagnostics: Diagnostic[]): InstalledDist | undefined {
  const meta = parseCoreMetadata(text);
  const name = firstHeader(meta, 'Name')?.value.trim();
  const version = firstHeader(meta, 'Version')?.value.trim() ?? '';
  if (!name) {
    diagnostics.push(diag('invalid-metadata', metadataFile, 'core metadata has no Name header'));
    return undefined;
  }
  const at = (line: number): SourceLocation => ({ file: metadataFile, line, column: 1 });
  const evidence: LicenseEvidence[] = [];
  const expression = firstHeader(meta, 'License-Expression');
  if (expression?.value.trim()) evidence.push({ kind: 'declared', field: 'license-expression', value: expression.value.trim(), location: at(expression.line), baseDir: distDir });
  const license = firstHeader(meta, 'License');
  // "UNKNOWN" is what old setuptools wrote when nothing was given.
  if (license?.value.trim() && license.value.trim() !== 'UNKNOWN') {
    evidence.push({ kind: 'declared', field: 'license', value: license.value.trim(), location: at(license.line), baseDir: distDir });
  }
  const classifiers = allHeaders(meta, 'Classifier');
  const licenseClassifier = classifiers.find((c) => c.value.trim().startsWith('License ::'));
  pushClassifierEvidence(evidence, classifiers.map((c) => c.value), licenseClassifier ? at(licenseClassifier.line) : undefined);

  // Metadata 2.4 puts License-File paths under `licenses/`; older wheels at the dist-info root.
  const licenseFiles = new Set<string>();
  for (const h of allHeaders(meta, 'License-File')) {
    const f = h.value.trim();
    if (!f || f.split('/').includes('..')) continue;
    for (const candidate of [joinRel(joinRel(distDir, 'licenses'), f), joinRel(distDir, f), joinRel(distDir, baseName(f))]) {
      if (ctx.fs.exists(candidate)) {
        licenseFiles.add(candidate);
        break;
      }
    }
  }
  if (licenseFiles.size === 0) {
    for (const entry of ctx.fs.list(distDir)) if (LICENSE_FILE_NAME.test(entry)) licenseFiles.add(joinRel(distDir, entry));
    for (const entry of ctx.fs.list(joinRel(distDir, 'licenses'))) licenseFiles.add(joinRel(joinRel(distDir, 'licenses'), entry));
  }
  for (const f of [...licenseFiles].sort()) evidence.push({ kind: 'file', file: f });
  return { name: normalizePypiName(name), version, evidence, metadataFile, distDir };
}

