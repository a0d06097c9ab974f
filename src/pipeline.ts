import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClassifiedLicense, Component, Config, Diagnostic, DiscoveredFiles, OwnLicense, OwnLicenseScope, Profile, ProjectManifest, Report, RuleMeta, Scope } from './types';
import { FatalError } from './errors';
import { loadConfig } from './config';
import { discover, noFiles } from './discover';
import { createSafeFs, unsaidUnlistable } from './read/fs';
import { LicenseTextThread, shouldUseTextThread } from './identify/text-thread';
import { readCheckout } from './read';
import { dedupeComponents } from './read/dedupe';
import { readRootReadme } from './read/readme';
import { createIdentifyContext, identifyComponent } from './identify';
import { identifyOwnLicense } from './identify/own-license';
import { IdentifyDiskCache } from './identify/disk-cache';
import { preloadDeclaredFallback } from './identify/declared';
import { classifyPreferringStricterText } from './classify/stricter-text';
import { internLicense } from './classify/intern';
import { findWorkspaces, selectWorkspace, type WorkspaceUnit } from './evaluate/workspaces';
import { prepareRelicensingChecks } from './evaluate/relicensing';
import { evaluateByWorkspace } from './evaluate/by-workspace';
import { loadAllRules } from '../rules';
import { buildReport } from './report/build';
import { mapLimit } from './util/pool';
import { phaseTimer } from './util/timing';
import { todayUtc } from './util/date';
import { estimateInstalledPackages, relaxHeapGrowthAfterWalk, tuneV8ForCheckout, tuneV8ForScan } from './util/heap';
import { compareStrings } from './util/compare';
import { appendAll } from './util/append';
import { decidedByCheckout } from './cache/decided';

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
  /** SafeFs's `unlistable` diagnostics, said in the report unless something else named the folder. */
  unlistable: Diagnostic[];
  files: DiscoveredFiles;
  components: Component[];
  projects: ProjectManifest[];
  ownLicenses: OwnLicense[];
  ownLicense?: ClassifiedLicense;
  ownLicenseScopes: OwnLicenseScope[];
  readme?: { file: string; text: string };
  workspaces: WorkspaceUnit[];
  /** `--workspace`, normalised: the unit judged (undefined: the whole checkout). */
  onlyWorkspace?: string;
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

/**
 * discover → read → identify → classify → evaluate → report. This file only orders the stages
 * and hands each one's output to the next; the work is in the stages' folders.
 */
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

  // discover
  const omitted = new Set<Scope>(options.omit ?? []);
  if (options.production || config.includeDev === false) omitted.add('dev');

  // --cache: an SBOM or a registry is an input no file signature covers: such runs are never cached.
  const scanCache =
    options.cache && !options.online && !options.sbom?.length && options.checkout !== false
      ? (await import('./cache/scan-cache')).ScanCache.open<CachedScan>({
          env,
          root,
          location: options.cacheLocation,
          keyParts: [config, options.profile ?? null, options.workspace ?? null, [...omitted].sort(), env.LICENSE_RISK_TRUST_CONFIG ?? null],
        })
      : null;
  // Loading a large tree's state allocates as much as scanning it, and the rules and the report
  // still run a few thousand times each: the V8 settings of a full scan, set before the load
  // (with V8's own, the state's load grew the young generation to its 16 MB cap: rerun of the
  // large bench tree 0.60 → 0.50 s, 111 → 80 MiB). Discover has not run yet, so the size is
  // the root's node_modules; a checkout whose packages are elsewhere is tuned once it is known.
  const tunedEarly = scanCache?.hasFile() ? tuneV8ForScan(estimateInstalledPackages(root, ['node_modules']), env) : [];
  const cached = scanCache?.load();
  timer.mark(cached ? 'cache: reused' : 'cache');
  if (cached && tunedEarly.length === 0) tuneV8ForScan(estimateInstalledPackages(root, cached.files.installedTrees), env);
  if (cached) return { ...finishScan({ ...cached, diagnostics: [...diagnostics, ...cached.diagnostics] }, { root, config, configFile, today, timer }), fromCache: true };
  const recorder = scanCache ? new (await import('./cache/scan-cache')).InputRecorder() : undefined;
  const discovered = options.checkout === false ? { files: noFiles(root), diagnostics: [] } : await discover(root, { ignore: config.ignore });
  timer.mark('discover');
  appendAll(diagnostics, discovered.diagnostics);
  const files = discovered.files;
  const installedPackages = estimateInstalledPackages(root, files.installedTrees);

  // read
  // A folder a reader cannot list (no permission, a link loop) is said, not skipped silently.
  const unlistable: Diagnostic[] = [];
  const safeFs = createSafeFs(root, (d) => unlistable.push(d), recorder);
  // License texts the npm walker finds are identified on another thread while it walks (src/identify/text-thread.ts);
  // collecting its answers before identification ends it. Set up before V8 is tuned: a flag
  // changes the key of Node's own code cache, so Node modules first loaded after it compile.
  const textThread = shouldUseTextThread(installedPackages, env) ? LicenseTextThread.start(safeFs) : null;
  tuneV8ForCheckout(root, files, installedPackages, env);
  if (recorder) {
    // Every folder discover listed: a file added or removed anywhere changes one of them.
    recorder.add(root);
    for (const dir of discovered.folders ?? []) recorder.add(path.join(root, dir));
  }
  const read = await readCheckout(files, { root, fs: safeFs, env, includeDev: !omitted.has('dev'), licenseTexts: textThread ?? undefined, installedTreesWalked: relaxHeapGrowthAfterWalk }, (eco) => {
    timer.mark(`read ${eco}`);
  });
  appendAll(diagnostics, read.diagnostics);
  const projects = read.projects;
  if (options.sbom?.length) {
    const { readSbomInputs } = await import('./read/sbom');
    const sbom = await readSbomInputs(options.sbom, { cwd: options.cwd ?? process.cwd(), root, alone: options.checkout === false }, read.components);
    appendAll(diagnostics, sbom.diagnostics);
    appendAll(read.components, sbom.components);
    timer.mark('read sbom');
  }
  const merged = dedupeComponents(read.components)
    .filter((c) => !omitted.has(c.scope))
    .sort((a, b) => compareStrings(a.id, b.id));
  timer.mark('merge duplicates');
  if (options.online) {
    const { enrichFromRegistries } = await import('./online');
    appendAll(diagnostics, await enrichFromRegistries(merged, { root, env }));
  }

  // profiles (they decide how `A OR B` is classified)
  const workspaces = findWorkspaces({ root, config, projects, files, components: merged, configProfile: config.profile, flagProfile: options.profile });
  const { only: onlyWorkspace, profile, components } = selectWorkspace(workspaces, options.workspace, merged, projects);

  // identify + classify
  const identifyCtx = createIdentifyContext(safeFs, config.overrides, diagnostics, env);
  // Texts identified by earlier runs of this build (a pre-commit hook rescans the same tree).
  const diskCache = IdentifyDiskCache.open(env, root);
  if (diskCache) identifyCtx.textCache = diskCache.load();
  if (textThread) {
    // Waiting for the thread's last answers, load what the rest of the scan will need first.
    await textThread.collectInto(identifyCtx.textCache, () => {
      preloadDeclaredFallback();
      prepareRelicensingChecks(components);
    });
    identifyCtx.earlyTexts = textThread;
    timer.mark('license texts from the thread');
  }
  // Components with the same license, identified the same way, share one object (classify/intern.ts).
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
  const readme = await readRootReadme(files.all, safeFs);
  const own = await identifyOwnLicense({ rootLicenseFiles: files.licenseFiles, projects, allFiles: files.all, readme, ctx: identifyCtx, profile });
  diskCache?.save(identifyCtx.textCache);
  const state: CachedScan = {
    diagnostics,
    unlistable,
    files,
    components,
    projects,
    ownLicenses: own.ownLicenses,
    ownLicense: own.ownLicense,
    ownLicenseScopes: own.scopes,
    readme,
    workspaces,
    onlyWorkspace,
    profile,
  };
  if (scanCache && recorder) {
    // Only what the checkout decided: evidence from a package manager's cache, a registry or a
    // model hub (or none, which a later install or cache fill would change) is not cached.
    if (!components.every(decidedByCheckout)) scanCache.remove();
    else scanCache.save({ ...state, diagnostics: diagnostics.slice(configNotices.length) }, recorder);
  }
  timer.mark('own license + readme');
  return finishScan(state, { root, config, configFile, today, timer });
}

/** evaluate and report: what every run does, cached or not. */
function finishScan(
  state: CachedScan,
  run: { root: string; config: Config; configFile: string | null; today: string; timer: ReturnType<typeof phaseTimer> },
): ScanOutcome {
  const { root, config, configFile, today, timer } = run;
  const { diagnostics, unlistable, files, components, projects, ownLicenses, ownLicense, ownLicenseScopes, readme, workspaces, onlyWorkspace, profile } = state;

  // evaluate
  const model = {
    root,
    profile,
    projects: [...projects].sort((a, b) => compareStrings(a.file, b.file)),
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

  // report
  appendAll(diagnostics, unsaidUnlistable(unlistable, diagnostics));
  const report = buildReport({ profile, components, findings, diagnostics, ownLicenses, ownLicense, ownLicenseScopes, workspaces, ignored });
  timer.mark('build report');
  timer.done();
  return { report, rules: ruleMeta, config, projects: model.projects };
}
