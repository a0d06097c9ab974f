/**
 * The Hugging Face cache on this machine (https://huggingface.co/docs/huggingface_hub/guides/manage-cache):
 * `<hub>/models--<org>--<name>/refs/<branch>` holds a commit hash and
 * `<hub>/models--<org>--<name>/snapshots/<hash>/` the files of that revision (links into `blobs/`).
 * The hub folder is, first found: `HF_HUB_CACHE`, `HUGGINGFACE_HUB_CACHE`, `TRANSFORMERS_CACHE`
 * (older transformers), `HF_HOME/hub`, `XDG_CACHE_HOME/huggingface/hub`, `~/.cache/huggingface/hub`.
 * Read only, through CacheFs; never written, never downloaded into.
 */
import * as path from 'node:path';
import type { CacheFs } from '../shared/cache-fs';
import { homeDir } from '../shared/cache-fs';

export interface CachedSnapshot {
  /** Absolute folder of the snapshot. */
  dir: string;
  /** The commit hash the snapshot is. */
  revision: string;
}

/** Every hub cache folder the environment names, in order of precedence, that exists. */
export function hubCacheDirs(env: NodeJS.ProcessEnv, cache: CacheFs): string[] {
  const candidates: string[] = [];
  for (const v of ['HF_HUB_CACHE', 'HUGGINGFACE_HUB_CACHE', 'TRANSFORMERS_CACHE']) if (env[v]) candidates.push(path.resolve(env[v]));
  if (env.HF_HOME) candidates.push(path.join(path.resolve(env.HF_HOME), 'hub'));
  if (env.XDG_CACHE_HOME) candidates.push(path.join(path.resolve(env.XDG_CACHE_HOME), 'huggingface', 'hub'));
  const home = homeDir(env);
  if (home) candidates.push(path.join(home, '.cache', 'huggingface', 'hub'));
  return [...new Set(candidates)].filter((d) => cache.isDirectory(d));
}

/** `org/name` → `models--org--name` (the cache's folder naming). */
export function repoFolderName(modelId: string, kind: 'models' | 'datasets' = 'models'): string {
  return `${kind}--${modelId.split('/').join('--')}`;
}

const COMMIT = /^[0-9a-f]{40}$/;

/**
 * The snapshot of a model in the first cache that has one: the revision `refs/<revision>`
 * points at (default `main`), else a snapshot named by the requested commit, else the only
 * snapshot, else the last one in name order (so the choice is the same on every run).
 */
export async function findCachedSnapshot(modelId: string, dirs: string[], cache: CacheFs, revision = 'main'): Promise<CachedSnapshot | undefined> {
  for (const hub of dirs) {
    const repo = path.join(hub, repoFolderName(modelId));
    if (!cache.isDirectory(repo)) continue;
    const snapshots = cache.list(path.join(repo, 'snapshots')).filter((s) => cache.isDirectory(path.join(repo, 'snapshots', s)));
    if (snapshots.length === 0) continue;
    let chosen: string | undefined;
    if (COMMIT.test(revision) && snapshots.includes(revision)) chosen = revision;
    if (!chosen && !revision.includes('..') && !revision.includes('\\')) {
      const ref = await cache.readText(path.join(repo, 'refs', ...revision.split('/')), { maxBytes: 1024 });
      const hash = ref.ok ? ref.text.trim() : '';
      if (snapshots.includes(hash)) chosen = hash;
    }
    chosen ??= snapshots.length === 1 ? snapshots[0] : snapshots[snapshots.length - 1];
    return { dir: path.join(repo, 'snapshots', chosen), revision: chosen };
  }
  return undefined;
}
