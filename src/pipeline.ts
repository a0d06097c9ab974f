import * as fs from 'node:fs';
import * as path from 'node:path';
import type {
  Category,
  ClassifiedLicense,
  Component,
  Config,
  Diagnostic,
  Finding,
  IdentifiedLicense,
  MissingEvidence,
  OwnLicense,
  OwnLicenseScope,
  Profile,
  ProjectManifest,
  Report,
  ReportComponent,
  ReportWorkspace,
  RuleMeta,
  Scope,
  Summary,
} from './types';
import { CATEGORY_ORDER } from './types';
import { FatalError } from './errors';
import { loadConfig } from './config';
import { discover } from './discover';
import { createSafeFs } from './read/fs';
import { selectReaders } from './read';
import { createIdentifyContext, identifyComponent, identifyLicenseFile, type IdentifyContext } from './identify';
import { combineOwnLicenseFiles, readmeLicense } from './identify/own-license';
import { parseDeclared } from './identify/declared';
import { classify, type ClassifyOptions } from './classify';
import { findWorkspaces, unitsOfComponent, type WorkspaceUnit } from './evaluate/workspaces';
import { evaluateByWorkspace } from './evaluate/by-workspace';
import { loadAllRules } from '../rules';
import { mapLimit } from './util/pool';
import { toolVersion } from './paths';
import { isLicenseFileName } from './discover';
import { phaseTimer } from './util/timing';
import { todayUtc } from './util/date';
import { sortDiagnostics } from './diagnostics';
import { estimateInstalledPackages, estimateLockedPackages, HUGE_TREE_PACKAGES, tuneV8ForScan } from './util/heap';
import { IdentifyDiskCache } from './identify/disk-cache';
import { findOwnLicenseScopes, rootFilesNamedByScopes, withRestOfProjectTerms } from './identify/own-scopes';
import { compareStrings } from './util/compare';
import { evidenceSourceOf, missingEvidenceByLockfile, reportEvidence } from './read/evidence-source';
import { appendAll } from './util/append';

export interface ScanOptions {
  dir: string;
  /** `--config FILE` */
  configPath?: string;
  /** `--profile NAME` */
  profile?: string;
  /** YYYY-MM-DD; defaults to today (UTC). Injected for deterministic tests. */
  today?: string;
  /** Skip config lookup entirely (used by `diff` for the base side's temp copy). */
  noConfig?: boolean;
  /** Environment for readers (HOME and the ecosystems' cache variables); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Look up missing license metadata in public registries (never on by default). */
  online?: boolean;
  /** A config object to use instead of loading one (e.g. the head's config for the base side). */
  config?: Config;
  /** SBOM files (CycloneDX or SPDX JSON) whose components join the scan (`--sbom`). */
  sbom?: string[];
  /** Folder `sbom` paths are relative to; default process.cwd(). */
  cwd?: string;
  /** Read the checkout at `dir` (default true); false scans the SBOMs alone. */
  checkout?: boolean;
  /** Leave dev-only components out (`--production`, `--omit dev`). */
  production?: boolean;
  /** Scopes to leave out of the scan and every output (`--omit dev,optional,peer`). */
  omit?: Scope[];
  /** `--workspace <path>`: judge only this workspace (folder relative to the root, `.` for the root). */
  workspace?: string;
  /** `--cache`: reuse the previous run's components when none of its inputs changed (src/cache/scan-cache.ts). */
  cache?: boolean;
  /** `--cache-location`: the cache file (or a folder for it) instead of the user's cache folder. */
  cacheLocation?: string;
}

/** What `--cache` keeps of a run: everything evaluate and the report need from before them. */
interface CachedScan {
  diagnostics: Diagnostic[];
  files: import('./types').DiscoveredFiles;
  components: Component[];
  projects: ProjectManifest[];
  ownLicenses: OwnLicense[];
  ownLicense?: ClassifiedLicense;
  ownLicenseScopes: OwnLicenseScope[];
  readme?: { file: string; text: string };
  workspaces: WorkspaceUnit[];
  profile: Profile;
}

export interface ScanOutcome {
  report: Report;
  rules: Record<string, RuleMeta>;
  config: Config;
  /** The checkout's own manifests (root and workspaces), for a report header's project name. */
  projects?: ProjectManifest[];
  /** `--cache`: the previous run's components were reused (nothing it read had changed). */
  fromCache?: boolean;
}

/** Files identified at once; enough to hide latency without holding many buffers. */
const READ_CONCURRENCY = 32;

/** discover → read → identify → classify → evaluate, then the JSON report. */
export async function scan(options: ScanOptions): Promise<ScanOutcome> {
  const root = path.resolve(options.dir);
  const timer = phaseTimer(options.env ?? process.env);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch {
    throw new FatalError(`${options.dir}: no such directory`);
  }
  if (!stat.isDirectory()) throw new FatalError(`${options.dir}: not a directory`);

  // A skipped executable config is said once, as a diagnostic (src/config: the checkout's code never runs).
  const configNotices: Diagnostic[] = [];
  const loaded = options.config
    ? { config: options.config, filepath: null }
    : options.noConfig
      ? { config: {}, filepath: null }
      : await loadConfig(root, options.configPath, { env: options.env, notice: (d) => configNotices.push(d) });
  const config: Config = loaded.config;
  const configFile = loaded.filepath;
  const today = options.today ?? todayUtc();
  const env = options.env ?? process.env;
  const diagnostics: Diagnostic[] = [...configNotices];

  timer.mark('config');
  const omitted = new Set<Scope>(options.omit ?? []);
  if (options.production || config.includeDev === false) omitted.add('dev');

  // An SBOM or a registry is an input no file signature covers: such runs are never cached.
  const scanCache =
    options.cache && !options.online && !options.sbom?.length && options.checkout !== false
      ? (await import('./cache/scan-cache')).ScanCache.open<CachedScan>({
          env,
          root,
          location: options.cacheLocation,
          keyParts: [config, options.profile ?? null, options.workspace ?? null, [...omitted].sort(), env.LICENSE_RISK_TRUST_CONFIG ?? null],
        })
      : null;
  const cached = scanCache?.load();
  timer.mark(cached ? 'cache: reused' : 'cache');
  // The rules and the report of a large tree still run a few thousand times each: the same V8 settings as a full scan.
  if (cached) tuneV8ForScan(estimateInstalledPackages(root, cached.files.installedTrees), env);
  if (cached) return { ...finishScan({ ...cached, diagnostics: [...diagnostics, ...cached.diagnostics] }, { root, options, config, configFile, today, timer }), fromCache: true };
  const recorder = scanCache ? new (await import('./cache/scan-cache')).InputRecorder() : undefined;
  const discovered = options.checkout === false ? { files: noFiles(root), diagnostics: [] } : await discover(root, { ignore: config.ignore });
  timer.mark('discover');
  appendAll(diagnostics, discovered.diagnostics);
  const files = discovered.files;
  // A huge lockfile counts even with nothing installed: its scan's heap is held under 1 GiB (util/heap.ts).
  const lockedPackages = estimateLockedPackages(root, files.lockfiles);
  const installedPackages = estimateInstalledPackages(root, files.installedTrees);
  tuneV8ForScan(lockedPackages >= HUGE_TREE_PACKAGES ? Math.max(installedPackages, lockedPackages) : installedPackages, env);
  const safeFs = createSafeFs(root, recorder);
  if (recorder) {
    // Every folder discover listed: a file added or removed anywhere changes one of them.
    recorder.add(root);
    for (const dir of discovered.folders ?? []) recorder.add(path.join(root, dir));
  }

  const readComponents: Component[] = [];
  const projects: ProjectManifest[] = [];
  for (const reader of selectReaders(files)) {
    try {
      const result = await reader.read(files, { root, fs: safeFs, env, includeDev: !omitted.has('dev') });
      appendAll(readComponents, result.components);
      timer.mark(`read ${reader.ecosystem}`);
      appendAll(projects, result.projects);
      appendAll(diagnostics, result.diagnostics);
    } catch (err) {
      // A reader bug must not take the other ecosystems down with it.
      diagnostics.push({
        code: 'reader-error',
        severity: 'error',
        file: '.',
        message: `the ${reader.ecosystem} reader failed: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  }

  if (options.sbom?.length) {
    const { readSboms, alignWithCheckout } = await import('./read/sbom');
    const sbom = await readSboms(options.sbom, { cwd: options.cwd ?? process.cwd(), root });
    diagnostics.push(...sbom.diagnostics);
    // Scanning SBOMs alone when none could be read would pass on nothing: say so instead.
    if (options.checkout === false && sbom.read === 0) {
      const first = sbom.diagnostics[0];
      throw new FatalError(`--sbom: no SBOM could be read${first ? ` (${first.file}: ${first.message})` : ''}`);
    }
    readComponents.push(...alignWithCheckout(sbom.components, readComponents));
    timer.mark('read sbom');
  }

  // Merge duplicates before any evidence is interpreted, so a merged component is identified once, from all of it.
  const components = sortBy(
    dedupeComponents(readComponents).filter((c) => !omitted.has(c.scope)),
    (c) => c.id,
  );
  timer.mark('merge duplicates');

  if (options.online) {
    const { enrichFromRegistries } = await import('./online');
    appendAll(diagnostics, await enrichFromRegistries(components, { root, env }));
  }

  const workspaces = findWorkspaces({ root, config, projects, files, components, configProfile: config.profile, flagProfile: options.profile });
  const onlyWorkspace = options.workspace === undefined ? undefined : normaliseWorkspacePath(options.workspace);
  if (onlyWorkspace !== undefined && !workspaces.some((w) => w.path === onlyWorkspace)) {
    throw new FatalError(`--workspace ${options.workspace}: no such workspace (found: ${workspaces.map((w) => w.path).join(', ')})`);
  }
  const profile = workspaces.find((w) => w.path === (onlyWorkspace ?? '.'))!.profile;
  if (onlyWorkspace !== undefined) {
    // What the workspace depends on, and nothing else, is identified and reported.
    const dirs = workspaces.map((w) => w.path);
    const used = components.filter((c) => unitsOfComponent(c, dirs, projects).includes(onlyWorkspace));
    components.splice(0, components.length, ...used);
  }
  const identifyCtx = createIdentifyContext(safeFs, config.overrides, diagnostics, env);
  // Texts identified by earlier runs of this build (a pre-commit hook rescans the same tree).
  const diskCache = IdentifyDiskCache.open(env, root);
  if (diskCache) identifyCtx.textCache = diskCache.load();

  // Components with the same license, identified the same way, share one object (issue 20: a
  // 160k-package lockfile held 160k copies of one GPL-3.0-only answer, ~100 MB).
  const licenses = new Map<string, ClassifiedLicense>();
  await mapLimit(components, READ_CONCURRENCY, async (component) => {
    const identified = await identifyComponent(component, identifyCtx);
    component.license = internLicense(classifyPreferringStricterText(identified, profile, { today, released: component.released }), licenses);
  });
  // AI models: well-known ids without a local card, and base_model chains (src/classify/models.ts).
  if (components.some((c) => c.ecosystem === 'huggingface')) {
    const { resolveModelLicenses } = await import('./classify/models');
    resolveModelLicenses(components, profile);
  }
  timer.mark('identify + classify');

  const { ownLicenses, ownLicense, scopes: ownLicenseScopes } = await identifyOwnLicense(files.licenseFiles, projects, files.all, identifyCtx, profile);
  diskCache?.save(identifyCtx.textCache);
  const readme = await readRootReadme(files.all, safeFs);
  const state: CachedScan = { diagnostics, files, components, projects, ownLicenses, ownLicense, ownLicenseScopes, readme, workspaces, profile };
  if (scanCache && recorder) {
    // Only what the checkout decided: evidence from a package manager's cache, a registry or a
    // model hub (or none, which a later install or cache fill would change) is not cached.
    if (!components.every(decidedByCheckout)) scanCache.remove();
    else scanCache.save({ ...state, diagnostics: diagnostics.slice(configNotices.length) }, recorder);
  }
  timer.mark('own license + readme');
  return finishScan(state, { root, options, config, configFile, today, timer });
}

/**
 * Whether a component's answer came from the checkout's files alone, so that file signatures
 * cover it: an npm package read from its installed folder or from the lockfile's license field
 * (npm's readers look in the package managers' caches only for a package with neither). Other
 * ecosystems' readers also look in caches under HOME (~/.cargo, GOMODCACHE, ~/.m2, …), where a
 * later fetch would change the answer, so their runs are not cached (yet).
 */
function decidedByCheckout(c: Component): boolean {
  if (c.ecosystem !== 'npm' || c.cache) return false;
  // Installed with no license evidence at all: its folder (recorded) says so; not installed: caches were asked.
  if (c.evidence.length === 0) return c.installedPath !== undefined;
  const source = evidenceSourceOf(c);
  if (source !== 'installed' && source !== 'lockfile' && source !== 'override') return false;
  return c.evidence.every((e) => {
    if (e.kind === 'file') return !path.isAbsolute(e.file) && !e.file.startsWith('~/') && !/^https?:\/\//.test(e.file);
    if (e.kind === 'declared') return !e.origin && !e.field.startsWith('registry:');
    return e.kind === 'lockfile' || e.kind === 'override';
  });
}

/** Workspaces, profile, evaluate and the report: what every run does, cached or not. */
function finishScan(
  state: CachedScan,
  run: { root: string; options: ScanOptions; config: Config; configFile: string | null; today: string; timer: ReturnType<typeof phaseTimer> },
): ScanOutcome {
  const { root, options, config, configFile, today, timer } = run;
  const { diagnostics, files, components, projects, ownLicenses, ownLicense, ownLicenseScopes, readme, workspaces, profile } = state;
  const onlyWorkspace = options.workspace === undefined ? undefined : normaliseWorkspacePath(options.workspace);
  const model = {
    root,
    profile,
    projects: sortBy(projects, (p) => p.file),
    ownLicenses,
    ownLicense,
    ownLicenseScopes,
    components,
    files,
    readme,
    today,
  };
  const rules = loadAllRules();
  let ignored = 0;
  const findings = evaluateByWorkspace(model, config, workspaces, {
    onIgnored: (count) => (ignored = count),
    rules,
    configFile: configFile ? path.relative(root, configFile).split(path.sep).join('/') : undefined,
    only: onlyWorkspace,
    reclassify: (c, p) => (c.license ? classifyPreferringStricterText(c.license, p, { today, released: c.released }) : undefined),
  });

  const ruleMeta: Record<string, RuleMeta> = {};
  for (const id of Object.keys(rules).sort()) ruleMeta[id] = rules[id].meta;

  timer.mark('evaluate');
  capDiagnosticMessages(diagnostics);
  const report = buildReport({ profile, components: model.components, findings, diagnostics, ownLicenses, ownLicense, ownLicenseScopes, workspaces, ignored });
  timer.mark('build report');
  timer.done();
  return { report, rules: ruleMeta, config, projects: model.projects };
}

/**
 * One object per distinct license answer: the JSON text decides (every member is data; nothing
 * changes a component's license object in place, it is replaced). Report components then share
 * one report license per answer too ({@link buildReport}).
 */
function internLicense(license: ClassifiedLicense, known: Map<string, ClassifiedLicense>): ClassifiedLicense {
  const key = JSON.stringify(license);
  const seen = known.get(key);
  if (seen) return seen;
  known.set(key, license);
  return license;
}

/** What discover finds in no checkout at all (an SBOM scanned alone). */
function noFiles(root: string): import('./types').DiscoveredFiles {
  return { root, licenseFiles: [], manifests: [], lockfiles: [], installedTrees: [], all: [] };
}

/** A diagnostic's message in the report: parsers quote hostile input (a 100k-deep pom.xml gave 800 KB). */
export const MAX_DIAGNOSTIC_MESSAGE = 2000;

function capDiagnosticMessages(diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) {
    if (d.message.length > MAX_DIAGNOSTIC_MESSAGE) d.message = `${d.message.slice(0, MAX_DIAGNOSTIC_MESSAGE)}… (${d.message.length - MAX_DIAGNOSTIC_MESSAGE} more characters)`;
  }
}

/**
 * The declared field is what a package *says*; its license file is what it *ships*. When the
 * text is confidently identified and classifies stricter than the declaration (Apache-2.0
 * declared, Commons Clause rider in the file), the stricter text governs the risk.
 */
function classifyPreferringStricterText(identified: IdentifiedLicense, profile: Profile, options: ClassifyOptions = {}): ClassifiedLicense {
  const classified = classify(identified, profile, options);
  if (identified.source !== 'declared' && identified.source !== 'lockfile') return classified;
  const fileExpression = identified.fileExpression;
  if (!fileExpression || fileExpression === identified.expression) return classified;
  const fileConfidence = Math.min(...(identified.files ?? []).filter((f) => f.expression).map((f) => f.confidence), 1);
  if (fileConfidence < 0.8) return classified;
  const fromText = classify({ ...identified, expression: fileExpression, source: 'file', confidence: fileConfidence }, profile, options);
  if (fromText.category === 'unknown' || !isStricter(fromText.category, classified.category)) return classified;
  return {
    ...fromText,
    notes: [
      ...classified.notes,
      `declared ${identified.expression ?? `"${identified.declared}"`} but the license file says ${fileExpression}; the stricter text is used`,
    ],
  };
}

function isStricter(a: Category, b: Category): boolean {
  if (b === 'unknown') return a !== 'unknown';
  return CATEGORY_ORDER.indexOf(a) > CATEGORY_ORDER.indexOf(b);
}

async function identifyOwnLicense(
  rootLicenseFiles: string[],
  projects: ProjectManifest[],
  allFiles: string[],
  ctx: IdentifyContext,
  profile: Profile,
): Promise<{ ownLicenses: OwnLicense[]; ownLicense?: ClassifiedLicense; scopes: OwnLicenseScope[] }> {
  // Workspace members carry their own LICENSE next to their manifest.
  const projectDirs = new Set(projects.map((p) => path.posix.dirname(p.file)).filter((d) => d !== '.'));
  const memberLicenseFiles = allFiles.filter((f) => {
    const dir = path.posix.dirname(f);
    return projectDirs.has(dir) && isLicenseFileName(path.posix.basename(f));
  });
  const licenseFiles = [...new Set([...rootLicenseFiles, ...memberLicenseFiles])].sort();
  const ownLicenses: OwnLicense[] = [];
  for (const file of licenseFiles) {
    const identification = await identifyLicenseFile(file, ctx);
    if (!identification) continue;
    const classified = classify(
      {
        expression: identification.expression,
        confidence: identification.confidence,
        source: 'file',
        parameters: identification.parameters,
        notes: identification.notes,
      },
      profile,
    );
    ownLicenses.push({ file, identification, classified });
  }

  // A root text that also holds a scope's terms (Twenty appends its commercial license) counts for what it says the rest is under.
  ownLicenses.splice(0, ownLicenses.length, ...(await withRestOfProjectTerms(ownLicenses, ctx.fs, profile)));
  // A root file a scoping statement points at (n8n's LICENSE_EE.md) holds a scope's terms, not the root's.
  const scopeTerms = await rootFilesNamedByScopes(ownLicenses.filter((l) => !l.file.includes('/')).map((l) => l.file), ctx.fs);
  const rootFiles = ownLicenses.filter((l) => (!l.file.includes('/') || /^licen[cs]es\//i.test(l.file)) && !scopeTerms.has(l.file));
  const rootProject = projects.find((p) => !p.file.includes('/'));
  const declaredEvidence = rootProject?.evidence.find((e) => e.kind === 'declared') as { value: unknown; field: string } | undefined;
  const declared = declaredEvidence ? parseDeclared(declaredEvidence.value, declaredEvidence.field) : null;
  const combined = combineOwnLicenseFiles(rootFiles.map((l) => ({ file: l.file, expression: l.identification.expression })));
  let fileExpression = combined.expression;
  // Nothing declared and no license file says it: the README's "License" section is evidence (at lower confidence).
  const readme = !declared?.expression && !fileExpression ? await readmeLicense(allFiles, ctx.fs) : null;
  if (readme) {
    const { file, identification } = readme;
    const classified = classify({ expression: identification.expression, confidence: identification.confidence, source: 'file', notes: identification.notes }, profile);
    ownLicenses.push({ file, identification, classified });
    rootFiles.push({ file, identification, classified });
    fileExpression = identification.expression;
    combined.notes.push(`${file}: no license file or declared license; the README's "License" section says ${identification.expression} (lower confidence)`);
  }
  if (!declared?.expression && !fileExpression && rootFiles.length === 0 && !rootProject) return { ownLicenses, scopes: [] };

  const filesSummary = rootFiles.map((l) => ({ file: l.file, expression: l.identification.expression, confidence: l.identification.confidence }));
  const parameters = rootFiles.find((l) => l.identification.parameters && Object.keys(l.identification.parameters).length)?.identification.parameters;
  const identified: IdentifiedLicense = declared?.expression
    ? {
        expression: declared.expression,
        confidence: declared.confidence,
        source: 'declared',
        declared: declared.original,
        fileExpression,
        files: filesSummary,
        parameters,
        notes: declared.notes,
      }
    : {
        expression: fileExpression,
        confidence: fileExpression ? Math.min(...rootFiles.filter((l) => l.identification.expression).map((l) => l.identification.confidence)) : 0,
        source: fileExpression ? 'file' : 'none',
        declared: declared?.original,
        fileExpression,
        files: filesSummary,
        parameters,
        notes: combined.notes,
      };
  const ownLicense = classifyPreferringStricterText(identified, profile);
  // Folders under other terms (an open-core ee/), from the root LICENSE's statements and subfolder license files.
  const { scopes, scopeLicenses } = await findOwnLicenseScopes({ rootLicenseFiles: rootFiles, rootExpression: ownLicense.expression, allFiles, ctx, profile, projects });
  const known = new Set(ownLicenses.map((l) => l.file));
  const withScopes = [...ownLicenses, ...scopeLicenses.filter((l) => !known.has(l.file))].sort((a, b) => compareStrings(a.file, b.file));
  return { ownLicenses: withScopes, ownLicense, scopes };
}

const README_NAME = /^readme(\.(md|markdown|rst|txt|adoc|org))?$/i;

async function readRootReadme(allFiles: string[], safeFs: ReturnType<typeof createSafeFs>): Promise<{ file: string; text: string } | undefined> {
  const file = allFiles.filter((f) => !f.includes('/') && README_NAME.test(f)).sort()[0];
  if (!file) return undefined;
  const read = await safeFs.readText(file, { maxBytes: 256 * 1024, allowTruncate: true });
  return read.ok ? { file, text: read.text } : undefined;
}

/**
 * Two readers (or two workspaces) may yield the same package; keep one, merged. A dependency
 * known only by its range (`requests>=2` in pyproject.toml, version `''`) is the same package as
 * a resolved copy of it elsewhere (`requests==2.31.0` in requirements.txt or a lockfile).
 */
function dedupeComponents(components: Component[]): Component[] {
  const byId = new Map<string, Component>();
  for (const c of components) {
    const seen = byId.get(c.id);
    if (!seen) byId.set(c.id, c);
    else mergeInto(seen, c);
  }
  // null: several resolved versions, so a bare range names none of them.
  const resolvedByName = new Map<string, Component | null>();
  for (const c of byId.values()) {
    if (c.version === '') continue;
    const key = `${c.ecosystem}:${c.name}`;
    resolvedByName.set(key, resolvedByName.has(key) ? null : c);
  }
  for (const c of [...byId.values()]) {
    if (c.version !== '') continue;
    const target = resolvedByName.get(`${c.ecosystem}:${c.name}`);
    if (!target) continue;
    mergeInto(target, c);
    target.requested ??= c.requested;
    byId.delete(c.id);
  }
  return [...byId.values()];
}

function mergeInto(target: Component, other: Component): void {
  target.direct ||= other.direct;
  target.paths = [...target.paths, ...other.paths].slice(0, 5);
  const scopeRank = { prod: 0, optional: 1, peer: 2, dev: 3 } as const;
  if (scopeRank[other.scope] < scopeRank[target.scope]) target.scope = other.scope;
  const known = new Set(target.evidence.map((e) => JSON.stringify(e)));
  for (const e of other.evidence) if (!known.has(JSON.stringify(e))) target.evidence.push(e);
}

function sortBy<T>(items: T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

export function buildReport(input: {
  profile: Profile;
  components: Component[];
  findings: Finding[];
  diagnostics: Diagnostic[];
  ownLicenses: OwnLicense[];
  ownLicense?: ClassifiedLicense;
  ownLicenseScopes?: OwnLicenseScope[];
  workspaces?: WorkspaceUnit[];
  /** Findings dropped by a workspace's `ignore`. */
  ignored?: number;
}): Report {
  const scopeFiles = new Set((input.ownLicenseScopes ?? []).flatMap((s) => s.files));
  const licenses = new Map<ClassifiedLicense | undefined, ReportComponent['license']>();
  const evidence = new Map<string, ReportComponent['evidence']>();
  const components: ReportComponent[] = input.components.map((c) => toReportComponent(c, licenses, evidence));
  const diagnostics = sortDiagnostics(input.diagnostics);
  return {
    tool: { name: 'license-risk', version: toolVersion() },
    root: '.',
    profile: input.profile,
    ownLicense: input.ownLicense
      ? {
          expression: input.ownLicense.expression,
          category: input.ownLicense.category,
          // The root's files: those of the terms outside every scope.
          files: input.ownLicenses.map((l) => l.file).filter((f) => !scopeFiles.has(f)),
          scopes: input.ownLicenseScopes ?? [],
        }
      : undefined,
    ...(input.workspaces ? { workspaces: input.workspaces.map(toReportWorkspace) } : {}),
    components,
    findings: input.findings,
    diagnostics,
    ...missingEvidenceMember(input.components),
    summary: summarise(components, input.findings, diagnostics, input.ignored),
  };
}

/** Present only when something could not be judged, so reports of installed trees keep their shape. */
function missingEvidenceMember(components: Component[]): { missingEvidence?: MissingEvidence[] } {
  const missing = missingEvidenceByLockfile(components);
  return missing.length > 0 ? { missingEvidence: missing } : {};
}

function toReportWorkspace(w: WorkspaceUnit): ReportWorkspace {
  return { path: w.path, name: w.name, ecosystem: w.ecosystem, profile: { distribution: w.profile.distribution, commercial: w.profile.commercial, origin: w.profile.origin, reasons: w.profile.reasons } };
}

/** `./packages/api/` → `packages/api`; `` and `./` → `.`. */
function normaliseWorkspacePath(p: string): string {
  const trimmed = p.split('\\').join('/').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return trimmed === '' ? '.' : trimmed;
}

/**
 * A component as the report shows it. Components sharing a license object (identify interns
 * them) share one report license; evidence that is only a source is shared per source.
 */
function toReportComponent(c: Component, licenses: Map<ClassifiedLicense | undefined, ReportComponent['license']>, evidence: Map<string, ReportComponent['evidence']>): ReportComponent {
  let license = licenses.get(c.license);
  if (!license) licenses.set(c.license, (license = toReportLicense(c.license)));
  let ev = reportEvidence(c);
  if (Object.keys(ev).length === 1) {
    const shared = evidence.get(ev.source);
    if (shared) ev = shared;
    else evidence.set(ev.source, ev);
  }
  return {
    id: c.id,
    ecosystem: c.ecosystem,
    name: c.name,
    version: c.version,
    purl: c.purl,
    scope: c.scope,
    direct: c.direct,
    paths: c.paths,
    location: c.location,
    evidence: ev,
    license,
    ...(c.released ? { released: c.released } : {}),
    ...(c.model ? { model: c.model } : {}),
  };
}

function toReportLicense(l: ClassifiedLicense | undefined): ReportComponent['license'] {
  return {
    expression: l?.expression ?? null,
    category: l?.category ?? 'unknown',
    confidence: round(l?.confidence ?? 0),
    source: l?.source ?? 'none',
    ...(l?.declared !== undefined ? { declared: l.declared } : {}),
    ...(l?.fileExpression !== undefined ? { fileExpression: l.fileExpression } : {}),
    ...(l?.files?.length ? { files: l.files.map((f) => ({ ...f, confidence: round(f.confidence) })) } : {}),
    ...(l?.parameters && Object.keys(l.parameters).length ? { parameters: l.parameters } : {}),
    ...(l?.conversion ? { conversion: l.conversion } : {}),
    traits: [...new Set((l?.traits ?? []).map((t) => t.trait))].sort(),
    notes: l?.notes ?? [],
  };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function countEvidence(components: ReportComponent[]): Summary['evidence'] {
  const counts: Summary['evidence'] = { installed: 0, lockfile: 0, cache: 0, online: 0, override: 0, none: 0 };
  // Reports written before `evidence` existed (a baseline's base side) count as unknown: none.
  for (const c of components) counts[c.evidence?.source ?? 'none']++;
  return counts;
}

export function summarise(components: ReportComponent[], findings: Finding[], diagnostics: Diagnostic[], ignored = 0): Summary {
  const byCategory = Object.fromEntries(CATEGORY_ORDER.map((c) => [c, 0])) as Record<Category, number>;
  for (const c of components) byCategory[c.license.category]++;
  const active = findings.filter((f) => !f.suppressed);
  return {
    components: components.length,
    errors: active.filter((f) => f.severity === 'error').length,
    warnings: active.filter((f) => f.severity === 'warn').length,
    infos: active.filter((f) => f.severity === 'info').length,
    suppressed: findings.length - active.length,
    // Only when a workspace's `ignore` dropped something, so other reports keep their shape.
    ...(ignored > 0 ? { ignored } : {}),
    byCategory,
    diagnostics: diagnostics.length,
    evidence: countEvidence(components),
  };
}
