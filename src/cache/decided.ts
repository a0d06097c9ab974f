import * as path from 'node:path';
import type { Component } from '../types';
import { evidenceSourceOf } from '../read/evidence-source';

/**
 * Whether a component's answer came from the checkout's files alone, so that file signatures
 * cover it (`--cache`): an npm package read from its installed folder or from the lockfile's
 * license field (npm's readers look in the package managers' caches only for a package with
 * neither). Other ecosystems' readers also look in caches under HOME (~/.cargo, GOMODCACHE,
 * ~/.m2, …), where a later fetch would change the answer, so their runs are not cached (yet).
 */
export function decidedByCheckout(c: Component): boolean {
  if (c.ecosystem !== 'npm' || c.cache) return false;
  // Installed with no license evidence at all: its folder (recorded) says so; not installed: caches were asked.
  if (c.evidence.length === 0) return c.installedPath !== undefined;
  const source = evidenceSourceOf(c);
  if (source !== 'installed' && source !== 'lockfile' && source !== 'override') return false;
  return c.evidence.every((e) => {
    if (e.kind === 'file') return !path.isAbsolute(e.file) && !e.file.startsWith('~/') && !/^https?:\/\//.test(e.file);
    if (e.kind === 'declared') return !e.origin && !e.field.startsWith('registry:');
    return e.kind === 'lockfile' || e.kind === 'override';
  });
}
