import semver from '../util/semver';
import { isPastBoundary, relicensingEvents, type RelicensingEvent as KbEvent } from '../evaluate/relicensing';
import { matchesPackage } from '../evaluate/glob';

/**
 * The relicensing knowledge base as `diff` reads it: per ecosystem, the license a version was
 * published under, and the event between two versions. Loaded through the evaluate stage's
 * reader, so both stages see the same events and the same name globs.
 */
export interface RelicensingEvent {
  ecosystem: string;
  /** Package names in that ecosystem (npm name, Go module path, `group:artifact`, PyPI name…). */
  names: string[];
  /** Names the globs in `names` must not match (a sibling artifact that was never relicensed). */
  exclude?: string[];
  lastOld?: string;
  firstNew?: string;
  /** Semver range of the versions under the new terms, when the knowledge base gives one. */
  relicensedRange?: string;
  /** For Go pseudo-versions: commits from this date on carry the new terms. */
  relicensedSinceDate?: string;
  from?: string;
  to?: string;
  fromCategory?: string;
  toCategory?: string;
  /** `restrictive`, or `reopened` for a later move back to an open license option. */
  kind?: string;
  date?: string;
  source?: string;
  forks: string[];
}

/** One diff-side event per ecosystem the knowledge-base event names. */
export function normaliseEvent(event: KbEvent): RelicensingEvent[] {
  if (!event || !Array.isArray(event.packages)) return [];
  const byEcosystem = new Map<string, { names: Set<string>; exclude: Set<string> }>();
  for (const p of event.packages) {
    const entry = byEcosystem.get(p.ecosystem) ?? { names: new Set<string>(), exclude: new Set<string>() };
    entry.names.add(p.name);
    for (const x of p.exclude ?? []) entry.exclude.add(x);
    byEcosystem.set(p.ecosystem, entry);
  }
  const common = {
    lastOld: event.lastOld ?? undefined,
    firstNew: event.firstNew ?? event.firstKnownNew ?? undefined,
    relicensedRange: event.relicensedRange ?? undefined,
    ...(event.relicensedSinceDate ? { relicensedSinceDate: event.relicensedSinceDate } : {}),
    from: event.from,
    to: event.to,
    fromCategory: event.fromCategory,
    toCategory: event.toCategory,
    kind: event.kind,
    date: event.date,
    source: event.sources?.[0],
    forks: (event.forks ?? []).map((f) => f.name),
  };
  return [...byEcosystem.entries()].map(([ecosystem, { names, exclude }]) => ({
    ecosystem,
    names: [...names].sort(),
    ...(exclude.size ? { exclude: [...exclude].sort() } : {}),
    ...common,
  }));
}

/** The shipped knowledge base (`data/relicensing/events.json`), one entry per ecosystem. */
export function loadRelicensingEvents(): RelicensingEvent[] {
  return relicensingEvents().flatMap(normaliseEvent);
}

/** Knowledge-base names may be globs (`com.typesafe.akka:akka-*`), as everywhere else. */
export function nameMatches(pattern: string, name: string): boolean {
  return matchesPackage(pattern, name);
}

function eventsFor(events: RelicensingEvent[], ecosystem: string, name: string): RelicensingEvent[] {
  return events.filter((e) => e.ecosystem === ecosystem && e.names.some((n) => nameMatches(n, name)) && !(e.exclude ?? []).some((x) => nameMatches(x, name)));
}

/**
 * Whether `version` (as written: a Go pseudo-version keeps its commit date) is under the new
 * terms: the evaluate stage's answer first, so `check` and `diff` agree; where it cannot tell
 * (no range in the knowledge base), the first-new / last-old boundaries.
 */
function isNewAt(event: RelicensingEvent, version: string): boolean | null {
  const known = isPastBoundary(version, event);
  if (known !== null) return known;
  const v = coerce(version);
  if (!v) return null;
  const firstNew = event.firstNew ? coerce(event.firstNew) : null;
  if (firstNew) return semver.gte(v, firstNew);
  const lastOld = event.lastOld ? coerce(event.lastOld) : null;
  if (lastOld) return semver.gt(v, lastOld);
  return null;
}

function coerce(version: string): string | null {
  return semver.valid(version) ?? semver.valid(semver.coerce(version, { loose: true })?.version ?? null);
}

/**
 * The license a given version was published under, per the knowledge base: `from` up to the
 * boundary, `to` from it on. Null when no event covers the package or the version is not
 * comparable.
 */
export function licenseAtVersion(
  events: RelicensingEvent[],
  ecosystem: string,
  name: string,
  version: string,
): { expression: string; category?: string; event: RelicensingEvent } | null {
  const v = coerce(version);
  if (!v) return null;
  const boundary = (e: RelicensingEvent) => coerce(e.firstNew ?? e.lastOld ?? '0.0.0') ?? '0.0.0';
  // Oldest boundary first, so a later event (a second relicensing, a reopening) wins for newer versions.
  const matching = eventsFor(events, ecosystem, name).sort((a, b) => semver.compare(boundary(a), boundary(b)));
  let answer: { expression: string; category?: string; event: RelicensingEvent } | null = null;
  for (const event of matching) {
    const isNew = isNewAt(event, version);
    if (isNew === true && event.to) answer = { expression: event.to, category: event.toCategory, event };
    else if (isNew === false && event.from && !answer) answer = { expression: event.from, category: event.fromCategory, event };
  }
  return answer;
}

/** The event whose boundary lies between two versions (either direction), if any. */
export function eventBetween(
  events: RelicensingEvent[],
  ecosystem: string,
  name: string,
  from: string,
  to: string,
): RelicensingEvent | null {
  const a = coerce(from);
  const b = coerce(to);
  if (!a || !b) return null;
  const [low, high] = semver.lte(a, b) ? [from, to] : [to, from];
  for (const event of eventsFor(events, ecosystem, name)) {
    if (isNewAt(event, low) === false && isNewAt(event, high) === true) return event;
  }
  return null;
}
