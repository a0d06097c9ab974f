import * as path from 'node:path';
import { runGit } from '../ci/git';
import type { FormatterContext, ProjectManifest } from '../types';
import { neutralize } from './neutralize';

/**
 * What the HTML report's header says about this run: the project's name (the root manifest's,
 * else the folder's), the commit checked out (when the folder is in git) and the scan date.
 * The date is the one timestamp a report carries, because a person reading a saved report
 * needs it; `--today` / LICENSE_RISK_TODAY pin it for reproducible output.
 */
export async function runFacts(dir: string, projects: readonly ProjectManifest[], today: string | undefined): Promise<NonNullable<FormatterContext['run']>> {
  const root = projects.find((p) => !p.file.includes('/') && p.name);
  // Without manifests (a diff passes none) the HTML report names the root of the dependency paths.
  const project = root ? (root.version ? `${root.name}@${root.version}` : root.name) : projects.length === 0 ? undefined : path.basename(dir);
  const date = today && /^\d{4}-\d{2}-\d{2}$/.test(today) ? today : new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  // The name comes from the checkout's manifest: neutralised like every other checkout string.
  return { ...(project ? { project: neutralize(project) } : {}), date, ...(await headCommit(dir)) };
}

async function headCommit(dir: string): Promise<{ commit?: string }> {
  try {
    const result = await runGit(['rev-parse', '--verify', '--quiet', 'HEAD'], dir);
    const commit = result.code === 0 ? result.stdout.toString('utf8').trim() : '';
    if (!/^[0-9a-f]{40,64}$/.test(commit)) return {};
    const dirty = await runGit(['status', '--porcelain', '--untracked-files=no', '--', '.'], dir);
    return { commit: dirty.code === 0 && dirty.stdout.length > 0 ? `${commit} (with uncommitted changes)` : commit };
  } catch {
    // No git on this machine: the header just has no commit.
    return {};
  }
}
