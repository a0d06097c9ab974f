import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import semver from '../util/semver';
import { FatalError } from '../errors';
import { isLicenseFileName, isLockfileName, isManifestName } from '../discover';
import { CATEGORY_ORDER } from '../types';
import type { Category, Config, Finding, Profile, Report, ReportComponent, Rule, RuleMeta, RuleVersionChange, Summary } from '../types';
import type { Change, ReportWithChanges } from '../report/changes';
import { repoInfo, resolveCommit, listTree, readBlobs, type TreeEntry } from './git';
import { componentIndex, findingIdentity, identityKey } from '../report/identity';
import { eventBetween, licenseAtVersion, loadRelicensingEvents, type RelicensingEvent } from './relicensing';
import { compareNatural, compareStrings } from '../util/compare';
import { classify } from '../classify';
import { todayUtc } from '../util/date';
import { evaluateReport } from '../evaluate/evaluate';

export type { Change } from '../report/changes';

/** Config files the base side must NOT bring: both sides are scanned with the head's config. */
const CONFIG_FILE = /^(\.license-riskrc(\.(json|ya?ml|js|cjs|mjs|ts))?|license-risk\.config\.(js|cjs|mjs|ts|json))$/i;
/** Caps on what is copied out of git: enough for monorepos, bounded for hostile ones. */
const MAX_MATERIALIZED_FILES = 50_000;
const MAX_BLOB_BYTES = 16 * 1024 * 1024;

/**
 * Whether a path at the base ref is one the scan reads: manifests, lockfiles and license files
 * anywhere (workspaces, installed trees committed to the repository), nothing else.
 */
export function isMaterializedPath(relPath: string): boolean {
  const segments = relPath.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s === '.git')) return false;
  const name = segments[segments.length - 1];
  if (CONFIG_FILE.test(name)) return false;
  return isManifestName(name) || isLockfileName(name) || isLicenseFileName(name);
}

export interface MaterializedRef {
  /** Absolute path of the temporary folder (outside the checkout); the caller removes it. */
  dir: string;
  commit: string;
  /** Relative paths written, sorted. */
  files: string[];
}

/** Like `materializeRef`, with the resolved commit and the file list. */
export async function materializeRefDetailed(root: string, ref: string): Promise<MaterializedRef> {
  const absRoot = path.resolve(root);
  if (!fs.existsSync(absRoot) || !fs.statSync(absRoot).isDirectory()) throw new FatalError(`${root}: no such directory`);
  const info = await repoInfo(absRoot);
  const commit = await resolveCommit(absRoot, ref);
  const entries = await listTree(info.topLevel, commit);
  const prefix = info.prefix ? `${info.prefix}/` : '';
  const wanted: { rel: string; entry: TreeEntry }[] = [];
  for (const entry of entries) {
    // Regular files only: symlinks (120000) and submodules (160000) are not followed into.
    if (entry.type !== 'blob' || (entry.mode !== '100644' && entry.mode !== '100755')) continue;
    if (prefix && !entry.path.startsWith(prefix)) continue;
    const rel = entry.path.slice(prefix.length);
    if (isMaterializedPath(rel)) wanted.push({ rel, entry });
  }
  wanted.sort((a, b) => compareStrings(a.rel, b.rel));
  if (wanted.length > MAX_MATERIALIZED_FILES) {
    throw new FatalError(`base ref "${ref}" has ${wanted.length} manifest, lockfile and license files; more than the ${MAX_MATERIALIZED_FILES} diff reads`);
  }
  const blobs = await readBlobs(info.topLevel, wanted.map((w) => w.entry.object));

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'license-risk-base-'));
  const files: string[] = [];
  try {
    for (const { rel, entry } of wanted) {
      const content = blobs.get(entry.object);
      if (!content || content.length > MAX_BLOB_BYTES) continue;
      const target = path.join(dir, ...rel.split('/'));
      // Belt and braces: the path checks above already exclude escapes.
      if (!target.startsWith(dir + path.sep)) continue;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
      files.push(rel);
    }
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new FatalError(`cannot copy base ref "${ref}" to a temporary folder: ${(err as Error).message}`);
  }
  return { dir, commit, files };
}

/**
 * Copies the base ref's manifests, lockfiles and license files (read with `git ls-tree` and
 * `git cat-file`, no checkout) into a new folder under the OS temp dir and returns its path.
 * The caller removes it. Not a git repository, unknown ref, shallow clone without the commit:
 * FatalError, and nothing is written.
 */
export async function materializeRef(root: string, ref: string): Promise<string> {
  return (await materializeRefDetailed(root, ref)).dir;
}

// ---------------------------------------------------------------------------------------------
// comparing two reports

type Classifier = (expression: string, profile: Profile) => Category | null;

export interface DiffOptions {
  /** Relicensing knowledge base; defaults to the bundled one. */
  events?: RelicensingEvent[];
  /** Maps an expression to a category, for base versions known only through the knowledge base. */
  classify?: Classifier;
  /** The config both sides were scanned with: it governs the report-phase rules (`relicense-risk` on version changes). */
  config?: Config;
  /** The base ref, as the rules see it. */
  ref?: string;
  /** The scan's day (YYYY-MM-DD). */
  today?: string;
  /** Rules to run instead of the registry (tests). */
  rules?: Record<string, Rule>;
}

interface Side {
  version: string;
  expression: string | null;
  category: Category;
  component: ReportComponent;
  /** Where the base-side license came from, for the message. */
  via?: string;
}

function compareVersions(a: string, b: string): number {
  const va = semver.valid(a) ?? semver.valid(semver.coerce(a, { loose: true })?.version ?? null);
  const vb = semver.valid(b) ?? semver.valid(semver.coerce(b, { loose: true })?.version ?? null);
  if (va && vb) {
    const byCoerced = semver.compare(va, vb);
    if (byCoerced !== 0) return byCoerced;
  }
  return compareNatural(a, b);
}

function asCategory(value: string | undefined): Category | undefined {
  return value && (CATEGORY_ORDER as readonly string[]).includes(value) ? (value as Category) : undefined;
}

/** The classify stage's answer for an expression: imported, not guarded, so a broken build fails loudly instead of diffing with every category unknown. */
function defaultClassifier(): Classifier {
  return (expression, profile) => classify({ expression, confidence: 1, source: 'lockfile', notes: [] }, profile).category;
}

function groupByPackage(components: ReportComponent[]): Map<string, ReportComponent[]> {
  const groups = new Map<string, ReportComponent[]>();
  for (const c of components) {
    const key = `${c.ecosystem}\0${c.name}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(c);
  }
  return groups;
}

export function recountSummary(summary: Summary, findings: Finding[]): Summary {
  const active = findings.filter((f) => !f.suppressed);
  return {
    ...summary,
    errors: active.filter((f) => f.severity === 'error').length,
    warnings: active.filter((f) => f.severity === 'warn').length,
    infos: active.filter((f) => f.severity === 'info').length,
    suppressed: findings.length - active.length,
  };
}

/**
 * Compares a base scan with a head scan. `changes`: components added, removed, upgraded or
 * downgraded (matched by ecosystem + name). `findings`: only those the head has and the base did
 * not (by rule + package + version + license, so an upgrade is new), plus what the report-phase
 * rules make of the version changes (`relicense-risk`: a version change that changes the
 * license — the "rug pull"), at the severity the config gives them.
 */
export function diffScans(base: Report, head: Report, opts: DiffOptions = {}): { changes: Change[]; findings: Finding[] } {
  const events = opts.events ?? loadRelicensingEvents();
  const classify = opts.classify ?? defaultClassifier();
  const profile = head.profile;
  const headById = componentIndex(head);

  // The license of a base version: the same artifact in the head knows best (installed
  // metadata); then what the base's lockfile said; then the relicensing knowledge base.
  const baseSide = (c: ReportComponent): Side => {
    const same = headById.get(c.id);
    if (same && same.license.expression) {
      return { version: c.version, expression: same.license.expression, category: same.license.category, component: c };
    }
    if (c.license.expression && c.license.category !== 'unknown') {
      return { version: c.version, expression: c.license.expression, category: c.license.category, component: c };
    }
    const known = licenseAtVersion(events, c.ecosystem, c.name, c.version);
    if (known) {
      return {
        version: c.version,
        expression: known.expression,
        category: classify(known.expression, profile) ?? asCategory(known.category) ?? c.license.category,
        component: c,
        via: 'relicensing knowledge base',
      };
    }
    return { version: c.version, expression: c.license.expression, category: c.license.category, component: c };
  };
  const headSide = (c: ReportComponent): Side => ({ version: c.version, expression: c.license.expression, category: c.license.category, component: c });

  const changes: Change[] = [];
  const versionChanges: RuleVersionChange[] = [];
  const baseGroups = groupByPackage(base.components);
  const headGroups = groupByPackage(head.components);
  const keys = [...new Set([...baseGroups.keys(), ...headGroups.keys()])].sort(compareStrings);

  for (const key of keys) {
    const baseVersions = new Map((baseGroups.get(key) ?? []).map((c) => [c.version, c]));
    const headVersions = new Map((headGroups.get(key) ?? []).map((c) => [c.version, c]));
    const removed = [...baseVersions.keys()].filter((v) => !headVersions.has(v)).sort(compareVersions);
    const added = [...headVersions.keys()].filter((v) => !baseVersions.has(v)).sort(compareVersions);
    const pairs = Math.min(removed.length, added.length);
    for (let i = 0; i < pairs; i++) {
      const from = baseSide(baseVersions.get(removed[i])!);
      const to = headSide(headVersions.get(added[i])!);
      const kind = compareVersions(to.version, from.version) >= 0 ? 'upgraded' : 'downgraded';
      changes.push(makeChange(kind, from, to));
      versionChanges.push(versionChange(kind, from, to, events));
    }
    for (const v of removed.slice(pairs)) changes.push(makeChange('removed', baseSide(baseVersions.get(v)!), null));
    for (const v of added.slice(pairs)) changes.push(makeChange('added', null, headSide(headVersions.get(v)!)));
  }

  const baseComponents = componentIndex(base);
  const baseKeys = new Set(base.findings.map((f) => identityKey(findingIdentity(f, baseComponents))));
  const introduced = head.findings.filter((f) => {
    if (baseKeys.has(identityKey(findingIdentity(f, headById)))) return false;
    // The same version in the same scope was already there: the change did not introduce this.
    // (The base side is often read from a lockfile only, so it can miss what installed files show.)
    const before = f.component ? baseComponents.get(f.component) : undefined;
    const now = f.component ? headById.get(f.component) : undefined;
    return !(before && now && before.scope === now.scope);
  });
  const judged = evaluateReport(head, opts.config ?? {}, {
    today: opts.today ?? '',
    base: { ref: opts.ref ?? '', components: base.components, versionChanges },
    rules: opts.rules,
  });
  return { changes, findings: [...introduced, ...judged] };
}

function makeChange(kind: Change['kind'], from: Side | null, to: Side | null): Change {
  const subject = (to ?? from)!.component;
  return {
    kind,
    ecosystem: subject.ecosystem,
    name: subject.name,
    from: from?.version ?? null,
    to: to?.version ?? null,
    expression: { from: from?.expression ?? null, to: to?.expression ?? null },
    category: { from: from?.category ?? null, to: to?.category ?? null },
    scope: subject.scope,
    location: subject.location,
  };
}

/** A version change as the report-phase rules see it, with the relicensing event between the versions when one is known. */
function versionChange(kind: 'upgraded' | 'downgraded', from: Side, to: Side, events: RelicensingEvent[]): RuleVersionChange {
  const event = eventBetween(events, to.component.ecosystem, to.component.name, from.version, to.version);
  return {
    kind,
    from: { version: from.version, expression: from.expression, category: from.category, ...(from.via ? { via: from.via } : {}) },
    to: to.component,
    ...(event ? { event: { date: event.date, source: event.source, firstNew: event.firstNew, lastOld: event.lastOld, forks: event.forks } } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// the `diff` command

export interface RunDiffOptions {
  dir: string;
  base: string;
  configPath?: string;
  profile?: string;
  today?: string;
}

/**
 * `license-risk diff --base REF [dir]`: scans the working tree, scans the base ref's manifests
 * and lockfiles (with the working tree's config and profile, so only the dependencies differ)
 * and reports the changes and the findings they introduce.
 */
export async function runDiff(opts: RunDiffOptions): Promise<{ report: ReportWithChanges; rules: Record<string, RuleMeta>; config: Config }> {
  // Lazy: keeps formatters and tests of `diffScans` free of the whole pipeline.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { scan } = require('../pipeline') as typeof import('../pipeline');
  const dir = path.resolve(opts.dir);
  // Validate the repository and ref before anything else runs or is written.
  await repoInfo(dir);
  await resolveCommit(dir, opts.base);
  const head = await scan({ dir, configPath: opts.configPath, profile: opts.profile, today: opts.today });
  const materialized = await materializeRefDetailed(dir, opts.base);
  let baseReport: Report;
  try {
    const base = await scan({
      dir: materialized.dir,
      config: head.config,
      profile: opts.profile ?? head.report.profile.distribution,
      today: opts.today,
    });
    baseReport = base.report;
  } finally {
    fs.rmSync(materialized.dir, { recursive: true, force: true });
  }
  const { changes, findings } = diffScans(baseReport, head.report, { config: head.config, ref: opts.base, today: opts.today ?? todayUtc() });
  const rules = { ...head.rules };
  const report: ReportWithChanges = {
    ...head.report,
    findings,
    changes,
    base: { ref: opts.base, commit: materialized.commit },
    summary: recountSummary(head.report.summary, findings),
  };
  return { report, rules, config: head.config };
}
