/**
 * eventsForPackage (src/evaluate/relicensing.ts) looks events up by the package names they
 * list instead of matching every event against every component: the answers must be those of
 * matching every event, in the knowledge base's order, for exact names, globs and exclusions.
 */
import { eventsForPackage, isPastBoundary, prepareRelicensingChecks, relicensingEvents } from '../src/evaluate/relicensing';
import { component } from './helpers/rule-tester';
import { matchesPackage } from '../src/evaluate/glob';

function matchingEveryEvent(ecosystem: string, name: string): string[] {
  return relicensingEvents()
    .filter((e) => e.packages.some((c) => c.ecosystem === ecosystem && matchesPackage(c.name, name) && !(c.exclude ?? []).some((g) => matchesPackage(g, name))))
    .map((e) => e.id);
}

describe('relicensing events by package', () => {
  const coordinates = relicensingEvents().flatMap((e) => e.packages);
  // Every name the knowledge base lists, its globs filled in, its exclusions, and names it does not list.
  const asked = new Set<string>();
  for (const c of coordinates) {
    asked.add(`${c.ecosystem}\0${c.name}`);
    asked.add(`${c.ecosystem}\0${c.name.replace(/[*?]/g, 'x')}`);
    asked.add(`${c.ecosystem}\0${c.name.replace(/[*?]/g, '')}`);
    for (const g of c.exclude ?? []) asked.add(`${c.ecosystem}\0${g.replace(/[*?]/g, 'y')}`);
    asked.add(`other\0${c.name}`);
  }
  for (const name of ['react', 'left-pad', '@scope/pkg', '', 'x-pack-core']) asked.add(`npm\0${name}`);

  it.each([...asked].sort().map((key) => key.split('\0') as [string, string]))('%s %s', (ecosystem, name) => {
    expect(eventsForPackage(ecosystem, name).map((e) => e.id)).toEqual(matchingEveryEvent(ecosystem, name));
  });

  it('finds the events of the projects it lists (the lookup is not trivially empty)', () => {
    const found = coordinates.filter((c) => !/[*?]/.test(c.name)).filter((c) => eventsForPackage(c.ecosystem, c.name).length > 0);
    expect(found.length).toBe(coordinates.filter((c) => !/[*?]/.test(c.name)).length);
    expect(coordinates.some((c) => /[*?]/.test(c.name) && eventsForPackage(c.ecosystem, c.name.replace(/[*?]/g, 'x')).length > 0)).toBe(true);
  });
});

describe('prepareRelicensingChecks (run while the scan waits for the text thread)', () => {
  it('makes the first check relicense-risk will make and changes no answer', () => {
    const restrictive = relicensingEvents().find((e) => e.kind === 'restrictive' && e.relicensedRange && e.packages.some((c) => c.ecosystem === 'npm' && !/[*?]/.test(c.name)))!;
    const name = restrictive.packages.find((c) => c.ecosystem === 'npm' && !/[*?]/.test(c.name))!.name;
    const relicensed = component({ name, version: '0.0.1', requested: '^0.0.1', expression: 'MIT' });
    const plain = component({ name: 'left-pad', version: '1.3.0', requested: '^1.3.0', expression: 'MIT' });
    const before = isPastBoundary(relicensed.version, restrictive);
    expect(() => prepareRelicensingChecks([plain, relicensed])).not.toThrow();
    expect(() => prepareRelicensingChecks([])).not.toThrow();
    expect(isPastBoundary(relicensed.version, restrictive)).toBe(before);
    expect(eventsForPackage('npm', name).map((e) => e.id)).toContain(restrictive.id);
  });
});
