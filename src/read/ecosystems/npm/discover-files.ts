import * as fs from 'node:fs';
import * as path from 'node:path';
import fg from 'fast-glob';
import type { DiscoveredFiles } from '../../../types';
import { compareStrings, joinRel } from './util';

const LOCKFILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml']);
const MANIFESTS = new Set(['package.json', 'pnpm-workspace.yaml']);
const OWN_LICENSE = /^(un)?licen[cs]e|^copying/i;

/**
 * The npm slice of what the discover stage hands a reader, built the same way (one fast-glob
 * walk that skips VCS folders and never enters `node_modules`). Lets the reader run on a folder
 * by itself, e.g. in tests.
 */
export async function discoverNpmFiles(rootInput: string): Promise<DiscoveredFiles> {
  const root = path.resolve(rootInput);
  const entries = (
    await fg('**/*', {
      cwd: root,
      dot: true,
      onlyFiles: true,
      followSymbolicLinks: false,
      suppressErrors: true,
      ignore: ['**/.git/**', '**/.hg/**', '**/.svn/**', '**/node_modules/**'],
    })
  ).sort(compareStrings);
  const manifests: string[] = [];
  const lockfiles: string[] = [];
  const all: string[] = [];
  const installedTrees = new Set<string>();
  for (const entry of entries) {
    const name = path.posix.basename(entry);
    if (LOCKFILES.has(name)) lockfiles.push(entry);
    else {
      if (MANIFESTS.has(name)) manifests.push(entry);
      all.push(entry);
    }
    if (name === 'package.json') {
      const tree = joinRel(path.posix.dirname(entry), 'node_modules');
      try {
        if (fs.lstatSync(path.join(root, tree)).isDirectory()) installedTrees.add(tree);
      } catch {
        // no installed tree next to this manifest
      }
    }
  }
  return {
    root,
    licenseFiles: entries.filter((e) => !e.includes('/') && OWN_LICENSE.test(e)),
    manifests,
    lockfiles,
    installedTrees: [...installedTrees].sort(compareStrings),
    all,
  };
}
