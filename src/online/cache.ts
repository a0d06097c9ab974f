/**
 * On-disk cache of registry answers: one JSON file per request URL, written through a temp file
 * and a rename so concurrent runs never see half a file. Metadata of an exact version does not
 * change once published, so entries never expire; they are dropped when the tool version
 * changes, because what is kept of a response (and how it is read) may change with it.
 */
import { releaseTempFile, sweepStaleTempFiles, tempFileFor } from '../util/temp-files';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { userCacheDir } from '../util/cache-dir';

const CACHE_SCHEMA = 1;

interface CacheEntry {
  schema: number;
  tool: 'license-risk';
  toolVersion: string;
  url: string;
  /** ISO date-time of the fetch; for people inspecting the cache, never compared. */
  fetchedAt: string;
  data: unknown;
}

/** The user's cache folder for registry answers (`<user cache dir>/license-risk/registry`). */
export function defaultCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  return path.join(userCacheDir(env, platform), 'registry');
}

/** The URL as a cache key: credentials in it never reach the disk. */
export function cacheKey(url: URL): string {
  const clean = new URL(url.href);
  clean.username = '';
  clean.password = '';
  clean.hash = '';
  return clean.href;
}

export class RegistryCache {
  private writeError: string | null = null;

  constructor(
    /** null disables the cache. */
    readonly dir: string | null,
    private readonly toolVersion: string,
  ) {}

  private fileFor(key: string): string {
    const hash = createHash('sha256').update(key).digest('hex');
    return path.join(this.dir!, hash.slice(0, 2), `${hash}.json`);
  }

  /** The cached data for a URL, or undefined when absent, unreadable or from another version. */
  async read(url: URL): Promise<unknown> {
    if (!this.dir) return undefined;
    const key = cacheKey(url);
    let text: string;
    try {
      text = await fs.promises.readFile(this.fileFor(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as Partial<CacheEntry>;
      if (entry.schema !== CACHE_SCHEMA || entry.toolVersion !== this.toolVersion || entry.url !== key) return undefined;
      return entry.data;
    } catch {
      return undefined; // a corrupt entry is a miss; the next write replaces it
    }
  }

  private readonly swept = new Set<string>();

  async write(url: URL, data: unknown): Promise<void> {
    if (!this.dir) return;
    const key = cacheKey(url);
    const file = this.fileFor(key);
    const entry: CacheEntry = {
      schema: CACHE_SCHEMA,
      tool: 'license-risk',
      toolVersion: this.toolVersion,
      url: key,
      fetchedAt: new Date().toISOString(),
      data,
    };
    // Tracked so an exit or a signal mid-write removes it; ones left by killed runs are swept once per folder.
    const temp = tempFileFor(file);
    try {
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      if (!this.swept.has(path.dirname(file))) {
        this.swept.add(path.dirname(file));
        sweepStaleTempFiles(path.dirname(file));
      }
      await fs.promises.writeFile(temp, JSON.stringify(entry), 'utf8');
      await fs.promises.rename(temp, file);
      releaseTempFile(temp);
    } catch (err) {
      await fs.promises.rm(temp, { force: true }).catch(() => undefined);
      releaseTempFile(temp);
      this.writeError ??= (err as NodeJS.ErrnoException).code ?? String(err);
    }
  }

  /** The first write failure (error code), so the caller can report it once. */
  get firstWriteError(): string | null {
    return this.writeError;
  }
}
