/**
 * License-text identifications kept between runs, in the user's cache folder (never in the
 * scanned checkout): a pre-commit hook or a developer rescanning the same tree then matches
 * only texts it has not seen. Keyed by the text's content hash, exactly like the in-memory
 * cache, in one file per build of the matcher: any change to the matcher's code, its templates
 * or the tool version gives another build id, so a stale answer is never read. Written through
 * a temp file and a rename, so concurrent runs never see half a file. Off under ts-jest (no
 * build id) and with `LICENSE_RISK_CACHE=0`.
 */
import { writeFileAtomicSync } from '../util/temp-files';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TextIdentification } from '../types';
import { packageRoot } from '../paths';
import { isInside, userCacheDir } from '../util/cache-dir';

const SCHEMA = 1;
/** Written by `scripts/build-index.ts`, relative to the package root. */
export const BUILD_ID_RELATIVE_PATH = path.join('dist', 'identify-build-id');
/** Past this many texts the file starts over with the current run's: it stays small to load. */
const MAX_ENTRIES = 20_000;

interface CacheFile {
  schema: number;
  buildId: string;
  entries: Record<string, TextIdentification>;
}

export class IdentifyDiskCache {
  private loaded = 0;

  private constructor(
    readonly file: string,
    private readonly buildId: string,
  ) {}

  /**
   * The cache for this build, or null when it is off, there is no build id, or the cache folder
   * lies inside the scanned checkout (`XDG_CACHE_HOME` set to a folder of it), which is never
   * written to.
   */
  static open(env: NodeJS.ProcessEnv, scannedRoot: string): IdentifyDiskCache | null {
    if (env.LICENSE_RISK_CACHE === '0' || !__filename.endsWith('.js')) return null;
    try {
      const buildId = fs.readFileSync(path.join(packageRoot(), BUILD_ID_RELATIVE_PATH), 'utf8').trim();
      if (!/^[0-9a-f]{16,64}$/.test(buildId)) return null;
      const file = path.resolve(userCacheDir(env), 'identify', `${buildId}.json`);
      if (isInside(file, scannedRoot)) return null;
      return IdentifyDiskCache.at(file, buildId);
    } catch {
      return null; // no build id, or no home folder to find a cache folder in
    }
  }

  /** The cache file of one build (what `open` resolves to). */
  static at(file: string, buildId: string): IdentifyDiskCache {
    return new IdentifyDiskCache(file, buildId);
  }

  /** What earlier runs identified; empty when there is no file or it is damaged. */
  load(): Map<string, TextIdentification> {
    const out = new Map<string, TextIdentification>();
    let data: Partial<CacheFile>;
    try {
      const stat = fs.statSync(this.file);
      if (!stat.isFile() || stat.size > 64 * 1024 * 1024) return out;
      data = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Partial<CacheFile>;
    } catch {
      return out; // none yet, or damaged: the next save replaces it
    }
    if (data.schema !== SCHEMA || data.buildId !== this.buildId || !data.entries || typeof data.entries !== 'object') return out;
    for (const [key, value] of Object.entries(data.entries)) out.set(key, value);
    this.loaded = out.size;
    return out;
  }

  /** Keeps the run's identifications when it added any; failures are ignored (a cache is optional). */
  save(entries: Map<string, TextIdentification>): void {
    if (entries.size <= this.loaded) return;
    const kept = entries.size > MAX_ENTRIES ? [...entries].slice(-MAX_ENTRIES) : [...entries];
    const data: CacheFile = { schema: SCHEMA, buildId: this.buildId, entries: Object.fromEntries(kept.sort((a, b) => (a[0] < b[0] ? -1 : 1))) };
    if (!writeFileAtomicSync(this.file, JSON.stringify(data))) return;
    // Files of other builds are dead weight: each build reads only its own.
    const dir = path.dirname(this.file);
    try {
      for (const name of fs.readdirSync(dir)) {
        if (name.endsWith('.json') && name !== path.basename(this.file)) fs.rmSync(path.join(dir, name), { force: true });
      }
    } catch {
      // another run removed them first
    }
  }
}
