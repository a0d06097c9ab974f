import * as fs from 'node:fs';
import * as path from 'node:path';
import semver from '../util/semver';
import { packageRoot } from '../paths';

/**
 * A read-only, defensive view of the relicensing knowledge base (`data/relicensing/events.json`,
 * owned by the rules stage). `diff` uses it to know the license of a base version for which only
 * a name and version are known. Field names are read leniently and a missing or malformed file
 * simply means "no events": the diff still works, with less to say.
 */
export interface RelicensingEvent {
  ecosystem: string;
  /** Package names in that ecosystem (npm name, Go module path, `group:artifact`, PyPI name…). */
  names: string[];
  lastOld?: string;
  firstNew?: string;
  /** Semver range of the versions under the new terms, when the knowledge base gives one. */
  relicensedRange?: string;
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

type Raw = Record<string, unknown>;

function str(raw: Raw, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = raw[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

function names(value: unknown): { ecosystem?: string; name: string }[] {
  if (typeof value === 'string') return [{ name: value }];
  if (Array.isArray(value)) return value.flatMap(names);
  if (value && typeof value === 'object') {
    const obj = value as Raw;
    if (typeof obj.name === 'string') return [{ ecosystem: typeof obj.ecosystem === 'string' ? obj.ecosystem : undefined, name: obj.name }];
    // { npm: "x", golang: "github.com/…", maven: "g:a" }
    return Object.entries(obj).flatMap(([ecosystem, v]) => names(v).map((n) => ({ ecosystem: n.ecosystem ?? ecosystem, name: n.name })));
  }
  return [];
}

function forks(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(forks);
  if (value && typeof value === 'object' && typeof (value as Raw).name === 'string') return [(value as Raw).name as string];
  return [];
}

/** Normalises one raw event into one event per ecosystem it names. */
export function normaliseEvent(raw: unknown): RelicensingEvent[] {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return [];
  const r = raw as Raw;
  const defaultEcosystem = str(r, 'ecosystem') ?? 'npm';
  const all = [...names(r.package), ...names(r.packages), ...names(r.name), ...names(r.coordinates), ...names(r.aliases)];
  const byEcosystem = new Map<string, Set<string>>();
  for (const n of all) {
    const eco = n.ecosystem ?? defaultEcosystem;
    if (!byEcosystem.has(eco)) byEcosystem.set(eco, new Set());
    byEcosystem.get(eco)!.add(n.name);
  }
  const common = {
    lastOld: str(r, 'lastOld', 'lastOldVersion', 'last_old', 'lastOpen', 'lastOpenVersion'),
    firstNew: str(r, 'firstNew', 'firstNewVersion', 'first_new', 'firstRelicensed', 'firstKnownNew'),
    relicensedRange: str(r, 'relicensedRange'),
    from: str(r, 'from', 'fromLicense', 'oldLicense'),
    to: str(r, 'to', 'toLicense', 'newLicense'),
    fromCategory: str(r, 'fromCategory'),
    toCategory: str(r, 'toCategory'),
    kind: str(r, 'kind'),
    date: str(r, 'date', 'relicensedSinceDate'),
    source: str(r, 'source', 'url') ?? (Array.isArray(r.sources) ? r.sources.find((x): x is string => typeof x === 'string') : undefined),
    forks: [...forks(r.fork), ...forks(r.forks)],
  };
  return [...byEcosystem.entries()].map(([ecosystem, set]) => ({ ecosystem, names: [...set].sort(), ...common }));
}

let cache: RelicensingEvent[] | undefined;

export function loadRelicensingEvents(file?: string): RelicensingEvent[] {
  if (!file && cache) return cache;
  let events: RelicensingEvent[] = [];
  try {
    const target = file ?? path.join(packageRoot(), 'data', 'relicensing', 'events.json');
    const parsed = JSON.parse(fs.readFileSync(target, 'utf8')) as unknown;
    const list = Array.isArray(parsed) ? parsed : Array.isArray((parsed as Raw)?.events) ? ((parsed as Raw).events as unknown[]) : [];
    events = list.flatMap(normaliseEvent);
  } catch {
    events = [];
  }
  if (!file) cache = events;
  return events;
}

/** Knowledge-base names may end in or contain `*` (`com.typesafe.akka:akka-*`). */
export function nameMatches(pattern: string, name: string): boolean {
  const p = pattern.toLowerCase();
  const n = name.toLowerCase();
  if (!p.includes('*')) return p === n;
  const re = new RegExp(`^${p.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`);
  return re.test(n);
}

function eventsFor(events: RelicensingEvent[], ecosystem: string, name: string): RelicensingEvent[] {
  return events.filter((e) => e.ecosystem === ecosystem && e.names.some((n) => nameMatches(n, name)));
}

function isNewAt(event: RelicensingEvent, v: string): boolean | null {
  if (event.relicensedRange) {
    try {
      return semver.satisfies(v, event.relicensedRange, { includePrerelease: true });
    } catch {
      // fall through to the boundaries
    }
  }
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
    const isNew = isNewAt(event, v);
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
  const [low, high] = semver.lte(a, b) ? [a, b] : [b, a];
  for (const event of eventsFor(events, ecosystem, name)) {
    if (isNewAt(event, low) === false && isNewAt(event, high) === true) return event;
  }
  return null;
}
