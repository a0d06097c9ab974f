import type { Component } from '../types';

/**
 * Two readers (or two workspaces) may yield the same package; keep one, merged. A dependency
 * known only by its range (`requests>=2` in pyproject.toml, version `''`) is the same package as
 * a resolved copy of it elsewhere (`requests==2.31.0` in requirements.txt or a lockfile).
 * Runs before any evidence is interpreted, so a merged component is identified once, from all of it.
 */
export function dedupeComponents(components: Component[]): Component[] {
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
