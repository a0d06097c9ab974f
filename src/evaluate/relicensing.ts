import semver from '../util/semver';
import type { Category, Component } from '../types';
import { readKnowledgeJson } from '../paths';
import { isPackageGlob, matchesPackage } from './glob';
import { compareStrings } from '../util/compare';

export interface PackageCoordinate {
  /** A model ecosystem (`npm`, `golang`, `maven`, `pypi`, …) or `github` for explain output only. */
  ecosystem: string;
  /** Package name or glob (`com.typesafe.akka:akka-*`). */
  name: string;
  exclude?: string[];
}

export interface Fork {
  name: string;
  license: string;
  url: string;
  packages: PackageCoordinate[];
}

export interface RelicensingEvent {
  id: string;
  project: string;
  /** `restrictive`: terms got tighter; `reopened`: an OSI option was added back. */
  kind: 'restrictive' | 'reopened';
  date: string;
  from: string;
  fromCategory: Category;
  to: string;
  toCategory: Category;
  packages: PackageCoordinate[];
  lastOld: string | null;
  firstNew: string | null;
  /** Earliest version with evidence of the new terms, when `firstNew` is not verified. */
  firstKnownNew?: string;
  /** Semver range of the versions under the new terms; null when versions are not semver. */
  relicensedRange: string | null;
  /** For non-semver versions (Go pseudo-versions): commits from this date on carry the new terms. */
  relicensedSinceDate?: string;
  forks: Fork[];
  sources: string[];
  verified: boolean;
  notes: string;
}

let cached: RelicensingEvent[] | undefined;

/** The knowledge base, loaded once from `data/relicensing/events.json` (the tool's own data). */
export function relicensingEvents(): RelicensingEvent[] {
  if (cached) return cached;
  const raw = readKnowledgeJson<{ events: RelicensingEvent[] }>('data/relicensing/events.json');
  cached = [...raw.events].sort((a, b) => (a.date === b.date ? compareStrings(a.id, b.id) : compareStrings(a.date, b.date)));
  return cached;
}

function coordinateMatches(c: PackageCoordinate, ecosystem: string, name: string): boolean {
  return c.ecosystem === ecosystem && matchesPackage(c.name, name) && !(c.exclude ?? []).some((g) => matchesPackage(g, name));
}

/** Events about this package (any kind), oldest first. */
export function eventsForPackage(ecosystem: string, name: string): RelicensingEvent[] {
  // Asked for every component of a tree, and almost every answer is none: only the events that
  // name this package exactly, or by a glob, are matched.
  const index = eventIndex();
  const named = index.byName.get(`${ecosystem}\0${name}`);
  const candidates = named ? relicensingEvents().filter((e) => named.has(e) || index.globbed.includes(e)) : index.globbed;
  return candidates.filter((e) => e.packages.some((c) => coordinateMatches(c, ecosystem, name)));
}

let indexed: { byName: Map<string, Set<RelicensingEvent>>; globbed: RelicensingEvent[] } | undefined;

/** The events by the exact package names they list, and, oldest first, those that list a glob (`akka-*`). */
function eventIndex(): NonNullable<typeof indexed> {
  if (indexed) return indexed;
  const byName = new Map<string, Set<RelicensingEvent>>();
  const globbed: RelicensingEvent[] = [];
  for (const event of relicensingEvents()) {
    for (const c of event.packages) {
      if (isPackageGlob(c.name)) {
        if (!globbed.includes(event)) globbed.push(event);
        continue;
      }
      const key = `${c.ecosystem}\0${c.name}`;
      let events = byName.get(key);
      if (!events) byName.set(key, (events = new Set()));
      events.add(event);
    }
  }
  indexed = { byName, globbed };
  return indexed;
}

/**
 * Makes, ahead of the rules, the first version check `relicense-risk` will make: a direct
 * dependency with a restrictive relicensing is checked against its boundary, and that first
 * check compiles semver's patterns (~6–10 ms). For a caller with idle time to fill (the scan
 * waiting for the license-text thread's last answers); the check is pure, nothing is kept.
 */
export function prepareRelicensingChecks(components: readonly Component[]): void {
  for (const component of components) {
    if (typeof component.requested !== 'string') continue;
    const event = eventsForPackage(component.ecosystem, component.name).find((e) => e.kind === 'restrictive');
    if (!event) continue;
    isPastBoundary(component.version, event);
    return;
  }
}

/** Go pseudo-versions (`v0.0.0-20210511232741-abcdef123456`) carry a commit timestamp. */
function pseudoVersionDate(version: string): string | null {
  const m = version.match(/^v?\d+\.\d+\.\d+-(?:[0-9A-Za-z.]+\.)?(\d{4})(\d{2})(\d{2})\d{6}-[0-9a-f]{12}$/);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** What tells the versions under an event's new terms apart (the knowledge base's and `diff`'s event shapes both have it). */
export interface VersionBoundary {
  relicensedRange?: string | null;
  relicensedSinceDate?: string;
}

/**
 * Whether an exact version carries the event's new terms; null when that cannot be told.
 * The one answer `check` (finding context) and `diff` (license at a version) both use.
 */
export function isPastBoundary(version: string, event: VersionBoundary): boolean | null {
  if (!version) return null;
  const date = pseudoVersionDate(version);
  if (date && event.relicensedSinceDate) return date >= event.relicensedSinceDate;
  const clean = semver.valid(version) ?? semver.valid(semver.coerce(version, { includePrerelease: true }));
  if (!clean || !event.relicensedRange) return null;
  return semver.satisfies(clean, event.relicensedRange, { includePrerelease: true });
}

export type RangeVerdict = { admits: true; how: string } | { admits: false } | { admits: null; why: string };

/**
 * Whether a declared range lets a future install resolve to a relicensed version.
 * `*`, `latest`, `x` and dist-tags follow new releases; a semver range admits the boundary
 * when it intersects the event's range (`^1.5.0` and `>=1.6.0`).
 */
export function rangeAdmits(requested: string, event: RelicensingEvent): RangeVerdict {
  const spec = requested.trim();
  if (!event.relicensedRange) return { admits: null, why: 'the relicensed versions are not expressible as a semver range' };
  if (spec === '' || spec === '*' || spec.toLowerCase() === 'x' || spec === 'latest') {
    return { admits: true, how: `"${spec || '*'}" follows every new release` };
  }
  const alias = spec.match(/^npm:(?:@[^/@]+\/)?[^@]+@(.+)$/);
  if (alias) return rangeAdmits(alias[1], event);
  if (/^(workspace|file|link|portal|patch|git\+|git:|github:|https?:)/.test(spec) || spec.includes('/')) {
    return { admits: null, why: `"${spec}" is not a registry range` };
  }
  const range = semver.validRange(spec, { loose: true });
  if (range) {
    try {
      return semver.intersects(range, event.relicensedRange, { includePrerelease: false })
        ? { admits: true, how: `"${spec}" admits ${event.relicensedRange}` }
        : { admits: false };
    } catch {
      return { admits: null, why: `"${spec}" could not be compared` };
    }
  }
  if (/^[a-z][\w.-]*$/i.test(spec)) return { admits: true, how: `the dist-tag "${spec}" moves with new releases` };
  return { admits: null, why: `"${spec}" is not a valid range` };
}

/** The version to stay below, and the last known good version, for a message. */
export function pinAdvice(event: RelicensingEvent): { pinBelow: string; lastOld: string } {
  const boundary = event.firstNew ?? event.firstKnownNew ?? event.relicensedRange ?? '';
  return { pinBelow: boundary, lastOld: event.lastOld ?? '' };
}

/** "OpenTofu (github.com/opentofu/opentofu, MPL-2.0)" — the forks to consider, or ''. */
export function forkAdvice(event: RelicensingEvent, ecosystem?: string): string {
  return event.forks
    .map((f) => {
      const pkg = f.packages.find((p) => !ecosystem || p.ecosystem === ecosystem) ?? f.packages[0];
      return `${f.name} (${pkg ? pkg.name : f.url}, ${f.license})`;
    })
    .join(', ');
}

/** One line naming the event, e.g. "Terraform moved MPL-2.0 → BUSL-1.1 in 1.6.0 (2023-08-10)". */
export function describeEvent(event: RelicensingEvent): string {
  const at = event.firstNew ?? (event.firstKnownNew ? `${event.firstKnownNew} or earlier` : (event.relicensedRange ?? 'an unrecorded version'));
  return `${event.project} moved ${event.from} → ${event.to} in ${at} (${event.date})`;
}

/**
 * The restrictive event a component's installed version is already past, for the category
 * rules' findings (`data.relicensedIn`), with the pin and fork advice, and any later
 * reopening it could move to.
 */
export interface RelicensingContext {
  relicensedIn?: string;
  fork?: string;
  /** A later reopening (an OSI option added back), when known. */
  reopenedIn?: string;
  /** The first version under the new terms: stay below it. */
  pinBelow?: string;
  /** The last version under the old terms, when known. */
  lastOld?: string;
}

export function relicensingContext(component: Component): RelicensingContext {
  const events = eventsForPackage(component.ecosystem, component.name);
  const past = events.filter((e) => e.kind === 'restrictive' && isPastBoundary(component.version, e) === true);
  if (past.length === 0) return {};
  const latest = past[past.length - 1];
  const out: RelicensingContext = { relicensedIn: describeEvent(latest) };
  const forks = forkAdvice(latest, component.ecosystem);
  if (forks) out.fork = forks;
  const { pinBelow, lastOld } = pinAdvice(latest);
  if (pinBelow) out.pinBelow = pinBelow;
  if (lastOld) out.lastOld = lastOld;
  // A later move back to an OSI option: say whether this version already has it.
  const reopened = events.find((e) => e.kind === 'reopened' && e.date >= latest.date && e.packages.some((c) => coordinateMatches(c, component.ecosystem, component.name)));
  if (reopened) {
    const has = isPastBoundary(component.version, reopened);
    out.reopenedIn = `${describeEvent(reopened)}${has === true ? ', which this version already offers' : has === false ? `; upgrading to ${reopened.firstNew ?? reopened.relicensedRange} adds that option` : ''}`;
  }
  return out;
}
