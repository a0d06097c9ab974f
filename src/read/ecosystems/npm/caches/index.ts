import type { Component, Diagnostic, ReadContext } from '../../../../types';
import type { DependencyGraph, FetchedAs, PackageManager } from '../model';
import { componentKey, dirOf } from '../util';
import { evidenceFrom, type PackageCache } from './cached-package';
import { findCaches } from './locations';

/** The command that installs a lockfile's packages, for each package manager. */
export const INSTALL_COMMANDS: Record<PackageManager, string> = {
  npm: 'npm ci',
  pnpm: 'pnpm install --frozen-lockfile',
  'yarn-classic': 'yarn install --frozen-lockfile',
  'yarn-berry': 'yarn install --immutable',
};

const MANAGER_NAMES: Record<PackageManager, string> = { npm: 'npm', pnpm: 'pnpm', 'yarn-classic': 'yarn', 'yarn-berry': 'yarn-berry' };

interface LockedAs {
  lockfile: string;
  manager: PackageManager;
  fetched: FetchedAs;
}

/**
 * Lockfile-only checkouts (a fresh clone, CI before `install`): for every component with no
 * installed folder and no license in its lockfile, reads the package from the package managers'
 * caches on this machine (pnpm's store, yarn's caches, npm's cache), offline, and records which
 * cache answered. Components no cache holds get the lockfile's install command, for the report
 * to say once. Returns diagnostics for broken cache entries only; a package missing from a
 * cache is the normal case and says nothing here.
 */
export async function resolveFromCaches(components: Component[], graphs: DependencyGraph[], ctx: ReadContext): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  const locked = new Map<string, LockedAs>();
  for (const graph of graphs) {
    if (graph.kind !== 'lockfile' || !graph.packageManager) continue;
    for (const node of graph.nodes.values()) {
      if (node.projectDir !== undefined || !node.name) continue;
      const key = componentKey(node.name, node.version);
      const seen = locked.get(key);
      if (!seen) locked.set(key, { lockfile: graph.source, manager: graph.packageManager, fetched: { ...node.fetched } });
      else if (node.fetched) seen.fetched = { ...node.fetched, ...seen.fetched };
    }
  }

  const cachesByLock = new Map<string, PackageCache[]>();
  for (const component of components) {
    if (component.installedPath !== undefined || component.evidence.some((e) => e.kind === 'lockfile' || e.kind === 'declared')) continue;
    const lock = locked.get(componentKey(component.name, component.version));
    if (!lock) continue;
    let caches = cachesByLock.get(lock.lockfile);
    if (!caches) {
      caches = await findCaches(ctx, dirOf(lock.lockfile), lock.manager);
      cachesByLock.set(lock.lockfile, caches);
    }
    let found = false;
    for (const cache of caches) {
      const cached = cache.lookup({ name: component.name, version: component.version, fetched: lock.fetched }, diagnostics);
      if (!cached) continue;
      component.evidence.push(...evidenceFrom(cached));
      component.cache = { kind: cached.cache, path: cache.shown };
      found = true;
      break;
    }
    if (!found) component.installHint = { file: lock.lockfile, packageManager: MANAGER_NAMES[lock.manager], command: INSTALL_COMMANDS[lock.manager] };
  }
  return diagnostics;
}
