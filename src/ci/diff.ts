import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import semver from '../util/semver';
import { FatalError } from '../errors';
import { isLicenseFileName, isLockfileName, isManifestName } from '../discover';
import { CATEGORY_ORDER } from '../types';
import type { Category, Finding, Profile, Report, ReportComponent, RuleMeta, Summary } from '../types';
import type { Change, ReportWithChanges } from '../report/changes';
import { repoInfo, resolveCommit, listTree, readBlobs, type TreeEntry } from './git';
import { componentIndex, findingIdentity, identityKey } from '../report/identity';
import { eventBetween, licenseAtVersion, loadRelicensingEvents, type RelicensingEvent } from './relicensing';
import { compareNatural, compareStrings } from '../util/compare';
import { classify } from '../classify';

export type { Change } from '../report/changes';

export const RELICENSE_RULE_ID = 'relicense-risk';

/** Used when the rules registry does not describe `relicense-risk` (it normally does). */
export const DIFF_RELICENSE_META: RuleMeta = {
  id: RELICENSE_RULE_ID,
  docs: {
    description: 'A dependency changed its license between the base and the new version.',
    url: 'rules/relicense-risk/README.md',
  },
  defaultSeverity: { saas: 'error', distributed: 'error', library: 'error', internal: 'warn' },
  messages: {
    changedBetweenVersions:
      '{{name}} {{fromVersion}} → {{toVersion}} changes its license from {{fromLicense}} ({{fromCategory}}) to {{license}} ({{toCategory}}).',
  },
  shortMessages: {
    changedBetweenVersions: 'license changed {{fromLicense}} → {{license}} ({{toCategory}}) from {{fromVersion}}',
  },
};

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

function rank(category: Category): number {
  return CATEGORY_ORDER.indexOf(category);
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
 * not (by rule + package + version + license, so an upgrade is new), plus a `relicense-risk`
 * finding for each version change that changes the license — error-level under a commercial
 * profile when the new terms are more restrictive (the "rug pull").
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
  const relicensed: Finding[] = [];
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
      const finding = relicenseFinding(from, to, profile, events);
      if (finding) relicensed.push(finding);
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
  return { changes, findings: [...introduced, ...relicensed] };
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

function relicenseFinding(from: Side, to: Side, profile: Profile, events: RelicensingEvent[]): Finding | null {
  if (!from.expression || !to.expression) return null;
  if (from.expression === to.expression && from.category === to.category) return null;
  const event = eventBetween(events, to.component.ecosystem, to.component.name, from.version, to.version);
  // Against an unidentified base license only the clearly restrictive categories count as worse.
  const riskier =
    to.category === 'unknown'
      ? false
      : from.category === 'unknown'
        ? rank(to.category) >= rank('source-available')
        : rank(to.category) > rank(from.category);
  // The rug pull: more restrictive terms on a shipped/hosted dependency of a commercial product.
  const blocking = profile.commercial && profile.distribution !== 'internal' && to.component.scope !== 'dev';
  const severity = riskier ? (blocking ? 'error' : 'warn') : 'info';
  const data: Record<string, string> = {
    name: to.component.name,
    fromVersion: from.version,
    toVersion: to.version,
    fromLicense: from.expression,
    license: to.expression,
    fromCategory: from.category,
    toCategory: to.category,
  };
  let message = `${to.component.name} ${from.version} → ${to.version} changes its license from ${from.expression} (${from.category}) to ${to.expression} (${to.category})`;
  if (from.via) message += ` [${from.version} per the ${from.via}]`;
  if (event) {
    if (event.date) data.relicensedOn = event.date;
    if (event.source) data.source = event.source;
    if (event.firstNew) data.pinBelow = event.firstNew;
    if (event.forks.length > 0) data.fork = event.forks.join(', ');
    const when = [event.firstNew ? `in ${event.firstNew}` : '', event.date ? `(${event.date})` : ''].filter(Boolean).join(' ');
    message += `; relicensed${when ? ` ${when}` : ''}`;
    // Pinning advice only makes sense when the new terms are the worse ones.
    if (riskier && event.lastOld) message += `. Stay on ${event.lastOld} or earlier`;
    if (riskier && event.forks.length > 0) message += `${event.lastOld ? ', or' : '. Consider'} ${event.forks.join(' / ')}`;
  }
  message += riskier ? '. The new terms are more restrictive for this profile.' : '.';
  return {
    ruleId: RELICENSE_RULE_ID,
    severity,
    messageId: 'changedBetweenVersions',
    message,
    shortMessage: `license changed ${from.expression} → ${to.expression} (${to.category}) from ${from.version}${riskier ? ', more restrictive' : ''}`,
    component: to.component.id,
    path: to.component.paths[0],
    location: to.component.location,
    data,
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
export async function runDiff(opts: RunDiffOptions): Promise<{ report: ReportWithChanges; rules: Record<string, RuleMeta> }> {
  // Lazy: keeps formatters and tests of `diffScans` free of the whole pipeline.
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
  const { changes, findings } = diffScans(baseReport, head.report);
  const rules = { ...head.rules };
  if (!rules[RELICENSE_RULE_ID]) rules[RELICENSE_RULE_ID] = DIFF_RELICENSE_META;
  const report: ReportWithChanges = {
    ...head.report,
    findings,
    changes,
    base: { ref: opts.base, commit: materialized.commit },
    summary: recountSummary(head.report.summary, findings),
  };
  return { report, rules };
}
