/**
 * Fetches registry documents through the cache: memory first (one fetch per URL per run, even
 * when many lookups ask at once), then disk, then the network. Only what a lookup needs is
 * kept of a response, so the cache stays small (npm packuments can be tens of megabytes).
 */
import { parseXmlStrict } from '../read/ecosystems/shared/parse';
import type { HttpClient } from './http';
import { HttpFailure } from './http';
import { cacheKey, type RegistryCache } from './cache';

/** Responses over this size are refused (the largest npm packuments are ~60 MB uncompressed). */
export const DEFAULT_MAX_RESPONSE_BYTES = 96 * 1024 * 1024;

export interface DocumentSpec<T> {
  url: URL;
  /** `binary`: the body is handed to `reduce` as a Buffer (a package tarball). */
  format: 'json' | 'xml' | 'binary';
  /** Keeps what lookups need of a freshly parsed response; throws when the shape is wrong. */
  reduce(parsed: unknown): T;
  /** Re-checks data read from the disk cache; null sends the request again. */
  revive(cached: unknown): T | null;
  /** Cached data that cannot answer this lookup (e.g. a packument older than the version). */
  stale?(data: T): boolean;
  accept?: string;
  authorization?: string;
  /** See GetOptions.proxyEnv. */
  proxyEnv?: NodeJS.ProcessEnv;
}

export type DocumentOutcome<T> = { ok: true; data: T } | { ok: false; error: string };

/** Parses XML, refusing documents that are not well formed (the readers' parser and settings). */
export const parseXml = parseXmlStrict;

/** A remembered answer; `fresh` when it came from the network during this run. */
interface Remembered {
  outcome: DocumentOutcome<unknown>;
  fresh: boolean;
}

export class RegistryClient {
  private readonly memo = new Map<string, Promise<Remembered>>();

  constructor(
    private readonly http: HttpClient,
    private readonly cache: RegistryCache,
    private readonly maxBytes = DEFAULT_MAX_RESPONSE_BYTES,
  ) {}

  async fetch<T>(spec: DocumentSpec<T>): Promise<DocumentOutcome<T>> {
    const key = cacheKey(spec.url);
    let pending = this.memo.get(key);
    if (!pending) {
      pending = this.load(spec);
      this.memo.set(key, pending);
    }
    const remembered = await pending;
    const outcome = remembered.outcome as DocumentOutcome<T>;
    // Only an answer from an earlier run can be stale; a fresh one is the registry's word.
    if (outcome.ok && !remembered.fresh && spec.stale?.(outcome.data)) {
      let refetch = this.memo.get(key);
      if (refetch === pending) {
        refetch = this.fromNetwork(spec);
        this.memo.set(key, refetch);
      }
      return (await refetch!).outcome as DocumentOutcome<T>;
    }
    return outcome;
  }

  private async load<T>(spec: DocumentSpec<T>): Promise<Remembered> {
    const cached = await this.cache.read(spec.url);
    if (cached !== undefined) {
      let revived: T | null;
      try {
        revived = spec.revive(cached);
      } catch {
        revived = null;
      }
      if (revived !== null && !spec.stale?.(revived)) return { outcome: { ok: true, data: revived }, fresh: false };
    }
    return this.fromNetwork(spec);
  }

  private async fromNetwork<T>(spec: DocumentSpec<T>): Promise<Remembered> {
    let body: Buffer;
    try {
      const headers: Record<string, string> = {
        accept: spec.accept ?? (spec.format === 'json' ? 'application/json' : spec.format === 'binary' ? 'application/octet-stream, */*' : 'application/xml, text/xml, */*'),
      };
      const res = await this.http.get(spec.url, { headers, authorization: spec.authorization, maxBytes: this.maxBytes, proxyEnv: spec.proxyEnv });
      body = res.body;
    } catch (err) {
      return { outcome: { ok: false, error: err instanceof HttpFailure ? err.message : String(err) }, fresh: true };
    }
    let data: T;
    try {
      if (spec.format === 'binary') data = spec.reduce(body);
      else {
        const text = body.toString('utf8').replace(/^\uFEFF/, '');
        data = spec.reduce(spec.format === 'json' ? parseJson(text) : parseXml(text));
      }
    } catch (err) {
      return { outcome: { ok: false, error: (err as Error).message }, fresh: true };
    }
    await this.cache.write(spec.url, data);
    return { outcome: { ok: true, data }, fresh: true };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`malformed JSON (${(err as Error).message})`, { cause: err });
  }
}
