import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Config, Diagnostic, ProjectManifest, Report, RuleMeta, Scope } from './types';
import { FatalError } from './errors';
import { loadConfig } from './config';
import { discover, noFiles } from './discover';
import { createSafeFs, unsaidUnlistable } from './read/fs';
import { readCheckout } from './read';
import { dedupeComponents } from './read/dedupe';
import { readRootReadme } from './read/readme';
import { createIdentifyContext, identifyComponent } from './identify';
import { identifyOwnLicense } from './identify/own-license';
import { IdentifyDiskCache } from './identify/disk-cache';
import { classifyPreferringStricterText } from './classify/stricter-text';
import { findWorkspaces, selectWorkspace } from './evaluate/workspaces';
import { evaluateByWorkspace } from './evaluate/by-workspace';
import { loadAllRules } from '../rules';
import { buildReport } from './report/build';
import { mapLimit } from './util/pool';
import { phaseTimer } from './util/timing';
import { todayUtc } from './util/date';
import { tuneV8ForCheckout } from './util/heap';
import { compareStrings } from './util/compare';
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
}

export interface ScanOutcome {
  report: Report;
  rules: Record<string, RuleMeta>;
  config: Config;
  /** The checkout's own manifests (root and workspaces), for a report header's project name. */
  projects?: ProjectManifest[];
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
  const discovered = options.checkout === false ? { files: noFiles(root), diagnostics: [] } : await discover(root, { ignore: config.ignore });
  timer.mark('discover');
  appendAll(diagnostics, discovered.diagnostics);
  const files = discovered.files;
  tuneV8ForCheckout(root, files, env);

  // read
  // A folder a reader cannot list (no permission, a link loop) is said, not skipped silently.
  const unlistable: Diagnostic[] = [];
  const safeFs = createSafeFs(root, (d) => unlistable.push(d));
  const read = await readCheckout(files, { root, fs: safeFs, env, includeDev: !omitted.has('dev') }, (eco) => timer.mark(`read ${eco}`));
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
  await mapLimit(components, READ_CONCURRENCY, async (component) => {
    component.license = classifyPreferringStricterText(await identifyComponent(component, identifyCtx), profile, { today, released: component.released });
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
  timer.mark('own license + readme');

  // evaluate
  const model = {
    root,
    profile,
    projects: [...projects].sort((a, b) => compareStrings(a.file, b.file)),
    ownLicenses: own.ownLicenses,
    ownLicense: own.ownLicense,
    ownLicenseScopes: own.scopes,
    components,
    files,
    readme,
    today,
  };
  const rules = loadAllRules();
  const findings = evaluateByWorkspace(model, config, workspaces, {
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
  const report = buildReport({ profile, components, findings, diagnostics, ownLicenses: own.ownLicenses, ownLicense: own.ownLicense, ownLicenseScopes: own.scopes, workspaces });
  timer.mark('build report');
  timer.done();
  return { report, rules: ruleMeta, config, projects: model.projects };
}
