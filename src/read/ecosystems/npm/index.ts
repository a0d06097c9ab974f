import * as path from 'node:path';
import type { Diagnostic, DiscoveredFiles, EcosystemReader, ReadContext, ReadResult } from '../../../types';
import { assembleComponents } from './assemble';
import { readInstalledTrees } from './installed';
import { LOCKFILE_NAMES, readProjects } from './manifest';
import type { DependencyGraph } from './model';
import { readPackageLock, type LockRead } from './package-lock';
import { compareStrings, dirOf } from './util';
import { appendAll } from '../../../util/append';

const base = (p: string) => path.posix.basename(p);

/**
 * The npm reader: project manifests (root and workspaces), every npm/yarn/pnpm lockfile, and
 * installed `node_modules` trees, merged into one Component per name@version.
 */
export const npmReader: EcosystemReader = {
  ecosystem: 'npm',

  applies(files: DiscoveredFiles): boolean {
    return (
      files.manifests.some((f) => base(f) === 'package.json' || base(f) === 'pnpm-workspace.yaml') ||
      files.lockfiles.some((f) => LOCKFILE_NAMES.includes(base(f))) ||
      files.installedTrees.some((t) => base(t) === 'node_modules')
    );
  },

  async read(files: DiscoveredFiles, ctx: ReadContext): Promise<ReadResult> {
    const diagnostics: Diagnostic[] = [];
    const { projects, diagnostics: projectDiagnostics } = await readProjects(files, ctx);
    appendAll(diagnostics, projectDiagnostics);

    // The installed trees first: their walk hands license texts to the identification thread
    // (src/identify/text-thread.ts), which then works while the lockfiles are read instead of
    // starting after them. Graphs and diagnostics keep the order lockfiles, then installed.
    const trees = files.installedTrees.filter((t) => base(t) === 'node_modules');
    let installed: { graph?: DependencyGraph; diagnostics: Diagnostic[] } = { diagnostics: [] };
    if (trees.length > 0) {
      try {
        installed = await readInstalledTrees(ctx, trees, projects);
      } catch (err) {
        installed = { diagnostics: [{ code: 'unreadable', severity: 'warn', file: trees[0], message: `cannot walk installed packages: ${errorMessage(err)}` }] };
      }
      ctx.installedTreesWalked?.();
    }

    const graphs: DependencyGraph[] = [];
    for (const lockfile of selectLockfiles(files.lockfiles)) {
      try {
        const result = await readLockfile(ctx, lockfile, projects);
        appendAll(diagnostics, result.diagnostics);
        if (result.graph) graphs.push(result.graph);
      } catch (err) {
        // Parsers can still throw on hostile input (e.g. YAML alias bombs): one file, one diagnostic.
        diagnostics.push({ code: 'invalid-lockfile', severity: 'warn', file: lockfile, message: `cannot read lockfile: ${errorMessage(err)}` });
      }
    }
    appendAll(diagnostics, installed.diagnostics);
    if (installed.graph) graphs.push(installed.graph);

    const components = assembleComponents(graphs, projects, ctx.includeDev);
    try {
      // Loaded only when a lockfile-only component needs it (nothing installed for it).
      if (components.some((c) => c.installedPath === undefined)) {
        const { resolveFromCaches } = require('./caches') as typeof import('./caches');
        diagnostics.push(...(await resolveFromCaches(components, graphs, ctx)));
      }
    } catch (err) {
      diagnostics.push({ code: 'unreadable', severity: 'warn', file: '.', message: `cannot read the package managers' caches: ${errorMessage(err)}` });
    }

    return {
      components,
      projects: projects.map((p) => p.manifest),
      diagnostics: dedupeDiagnostics(diagnostics),
    };
  },
};

/** npm ignores package-lock.json when npm-shrinkwrap.json sits next to it; so do we. */
function selectLockfiles(lockfiles: string[]): string[] {
  const npmLocks = lockfiles.filter((f) => LOCKFILE_NAMES.includes(base(f)));
  const shrinkwrapDirs = new Set(npmLocks.filter((f) => base(f) === 'npm-shrinkwrap.json').map(dirOf));
  return npmLocks
    .filter((f) => !(base(f) === 'package-lock.json' && shrinkwrapDirs.has(dirOf(f))))
    .sort(compareStrings);
}

function readLockfile(ctx: ReadContext, file: string, projects: Parameters<typeof readPackageLock>[2]): Promise<LockRead> {
  switch (base(file)) {
    case 'yarn.lock': {
      // The YAML parser behind yarn berry and pnpm locks loads only when such a lock exists.
      const { readYarnLock } = require('./yarn-lock') as typeof import('./yarn-lock');
      return readYarnLock(ctx, file, projects);
    }
    case 'pnpm-lock.yaml': {
      const { readPnpmLock } = require('./pnpm-lock') as typeof import('./pnpm-lock');
      return readPnpmLock(ctx, file, projects);
    }
    default:
      return readPackageLock(ctx, file, projects);
  }
}

function errorMessage(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

function dedupeDiagnostics(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of list) {
    const key = `${d.code}\0${d.file}\0${d.line ?? ''}\0${d.column ?? ''}\0${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out.sort((a, b) => compareStrings(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || compareStrings(a.code, b.code));
}
