/**
 * `--online`: fills in license evidence the checkout lacks (pnpm and yarn locks carry none)
 * from each ecosystem's registry metadata for the exact version. Never on by default; every
 * answer is cached on disk outside the checkout; every failure is one diagnostic and the scan
 * goes on. See README.md in this folder for the settings it honours.
 */
import * as path from 'node:path';
import type { Component, Diagnostic, Ecosystem, LicenseEvidence } from '../types';
import { toolVersion } from '../paths';
import { createSafeFs, readRegularFileSync } from '../read/fs';
import { RegistryCache, defaultCacheDir } from './cache';
import { isInside } from '../util/cache-dir';
import { RegistryClient } from './client';
import { createHttpClient } from './http';
import { InvalidCoordinate, type LookupContext, type LookupOutcome, type RegistryLookup } from './lookup';
import { NpmConfigLoader } from './npmrc';
import { ECOSYSTEMS } from '../ecosystems';
import { loadRegistrySettings } from './settings';
import { parseProxyUrl } from './proxy';
import { compareStrings } from '../util/compare';

export interface OnlineOptions {
  /** Scanned checkout (its .npmrc is read, never written). */
  root: string;
  /** HOME, XDG_CACHE_HOME, npm_config_*, PIP_INDEX_URL, HTTP(S)_PROXY, NO_PROXY, LICENSE_RISK_REGISTRY_*… */
  env: NodeJS.ProcessEnv;
  /** Lookups in flight at once; default 8. */
  concurrency?: number;
  /** Per request attempt; default 10000. */
  timeoutMs?: number;
  /** Extra attempts on network errors, timeouts, 5xx and 429; default 2. */
  retries?: number;
  /** Default: `<user cache dir>/license-risk/registry`. */
  cacheDir?: string;
  /** First retry delay, doubled for each later one; default 500. */
  backoffMs?: number;
}

/** Evidence that already names a license; components holding any are not looked up. */
const DECLARING_KINDS = new Set<LicenseEvidence['kind']>(['declared', 'lockfile', 'override']);

/** How many package names an aggregated note lists before "and N more". */
const NOTE_NAME_LIMIT = 10;

function needsLookup(c: Component): boolean {
  return !c.evidence.some((e) => DECLARING_KINDS.has(e.kind));
}


function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareStrings(a.file, b.file) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    compareStrings(a.code, b.code) ||
    compareStrings(a.message, b.message)
  );
}

/** The ecosystem's lookup (its descriptor loads the module on first use); none for SBOM components of other purl types. */
function registryLookup(ecosystem: Ecosystem): RegistryLookup | undefined {
  return ecosystem === 'generic' ? undefined : (ECOSYSTEMS[ecosystem].registry.lookup() as RegistryLookup);
}

function label(c: Component): string {
  return `${c.name}@${c.version}`;
}

/** Runs `worker` over `items` with at most `limit` in flight, in the items' order. */
async function runPool<T>(items: T[], limit: number, worker: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await worker(item);
    }
  });
  await Promise.all(lanes);
}

/**
 * Looks up every component without declared, lockfile or override evidence in its registry
 * and appends `{ kind: 'declared', field: 'registry:<host>', value }` evidence (the registry's
 * license field as given). Returns diagnostics, sorted; never throws for bad input or network.
 */
export async function enrichFromRegistries(components: Component[], opts: OnlineOptions): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  const candidates = components.filter(needsLookup).sort((a, b) => compareStrings(a.id, b.id));
  if (candidates.length === 0) return diagnostics;

  const root = path.resolve(opts.root);
  const env = opts.env;
  let cacheDir: string | null = path.resolve(opts.cacheDir ?? defaultCacheDir(env));
  if (isInside(cacheDir, root)) {
    diagnostics.push({
      code: 'registry-cache-disabled',
      severity: 'info',
      file: '.',
      message: `the registry cache folder ${cacheDir} is inside the scanned checkout, which is never written to; answers are not cached`,
    });
    cacheDir = null;
  }
  let version: string;
  try {
    version = toolVersion();
  } catch {
    version = 'unknown';
  }
  let safeFs;
  try {
    safeFs = createSafeFs(root);
  } catch (err) {
    diagnostics.push({ code: 'registry-lookup-failed', severity: 'warn', file: '.', message: `cannot open the checkout for registry settings (${(err as NodeJS.ErrnoException).code ?? String(err)})` });
    return diagnostics.sort(compareDiagnostics);
  }
  checkProxySettings(env, diagnostics);
  const cache = new RegistryCache(cacheDir, version);
  const http = createHttpClient({
    env,
    timeoutMs: opts.timeoutMs ?? 10_000,
    retries: opts.retries ?? 2,
    backoffMs: opts.backoffMs ?? 500,
    userAgent: `license-risk/${version} (license metadata lookup)`,
    extraCa: readExtraCa(env, diagnostics),
  });
  const ctx: LookupContext = {
    env,
    client: new RegistryClient(http, cache),
    npm: new NpmConfigLoader(safeFs, env, diagnostics),
    settings: loadRegistrySettings(env, diagnostics),
  };

  const outcomes = new Map<Component, LookupOutcome>();
  const toAsk: Component[] = [];
  for (const c of candidates) {
    // A Hub model without a revision is looked up at its main branch.
    if (!c.version && c.ecosystem !== 'huggingface') outcomes.set(c, { kind: 'unsupported', reason: 'no resolved version to look up (only a range is known)' });
    else if (c.ecosystem === 'golang' && c.evidence.length > 0) continue; // license files exist; the proxy has nothing more
    else toAsk.push(c);
  }
  try {
    await runPool(toAsk, opts.concurrency ?? 8, async (c) => {
      const lookup = registryLookup(c.ecosystem);
      if (!lookup) {
        outcomes.set(c, { kind: 'unsupported', reason: 'no registry lookup for this ecosystem' });
        return;
      }
      let outcome: LookupOutcome;
      try {
        outcome = await lookup(c, ctx);
      } catch (err) {
        // A crafted name, or a lookup bug, must not end the scan; it is reported like any failure.
        outcome =
          err instanceof InvalidCoordinate
            ? { kind: 'failed', host: '', reason: `not a valid ${c.ecosystem} name or version: ${err.message}` }
            : { kind: 'failed', host: '', reason: `internal error: ${(err as Error).message}` };
      }
      outcomes.set(c, outcome);
    });
  } finally {
    http.close();
  }

  const unsupported = new Map<string, { file: string; reason: string; names: string[] }>();
  for (const c of candidates) {
    const outcome = outcomes.get(c);
    if (!outcome) continue;
    const at = { file: c.location.file, line: c.location.line, column: c.location.column };
    switch (outcome.kind) {
      case 'found':
        for (const value of outcome.values) c.evidence.push(registryEvidence(c, outcome.host, value));
        // The publication date (npm packument `time`): an FSL converts two years after it (classify/conversion.ts).
        if (outcome.released) c.released ??= outcome.released;
        break;
      case 'no-license':
        diagnostics.push({ code: 'registry-no-license', severity: 'info', ...at, message: `${outcome.host} has no license metadata for ${label(c)}` });
        break;
      case 'found-texts':
        // Named `<tarball URL>!/<file>` like texts read from a cache; the text travels with it.
        for (const t of outcome.texts) c.evidence.push({ kind: 'file', file: `${outcome.source}!/${t.name}`, text: t.text });
        break;
      case 'failed':
        diagnostics.push({
          code: 'registry-lookup-failed',
          severity: 'warn',
          ...at,
          message: outcome.host
            ? `could not look up ${label(c)} on ${outcome.host}: ${outcome.reason}`
            : `could not look up ${label(c)}: ${outcome.reason}`,
        });
        break;
      case 'unsupported': {
        const key = `${c.location.file}\u0000${c.ecosystem}\u0000${outcome.reason}`;
        const group = unsupported.get(key) ?? { file: c.location.file, reason: `${c.ecosystem}: ${outcome.reason}`, names: [] };
        group.names.push(label(c));
        unsupported.set(key, group);
        break;
      }
    }
  }
  for (const group of unsupported.values()) {
    const names = [...new Set(group.names)].sort();
    const shown = names.slice(0, NOTE_NAME_LIMIT).join(', ');
    const more = names.length > NOTE_NAME_LIMIT ? ` and ${names.length - NOTE_NAME_LIMIT} more` : '';
    diagnostics.push({ code: 'registry-lookup-unsupported', severity: 'info', file: group.file, message: `not looked up online, ${group.reason}: ${shown}${more}` });
  }
  if (cache.firstWriteError) {
    diagnostics.push({ code: 'registry-cache-unwritable', severity: 'warn', file: cacheDir ?? '.', message: `cannot write the registry cache (${cache.firstWriteError}); answers will be fetched again next run` });
  }
  return diagnostics.sort(compareDiagnostics);
}

/**
 * A registry's license field as evidence. `SEE LICENSE IN <file>` names a file inside the
 * published package, not the checkout: unless the package is installed, it is resolved
 * against a folder that cannot exist so identify reports it missing instead of reading an
 * unrelated file of the checkout.
 */
function registryEvidence(c: Component, host: string, value: unknown): LicenseEvidence {
  const evidence: LicenseEvidence = { kind: 'declared', field: `registry:${host}`, value };
  if (typeof value === 'string' && /^\s*SEE\s+LICEN[CS]E\s+IN\s/i.test(value)) {
    evidence.baseDir = c.installedPath ?? `registry:${host}/${c.name}@${c.version}`;
  }
  return evidence;
}

/** A proxy variable that cannot be used is said once; lookups then connect directly. */
function checkProxySettings(env: NodeJS.ProcessEnv, diagnostics: Diagnostic[]): void {
  for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY']) {
    for (const spelling of [name.toLowerCase(), name]) {
      const value = env[spelling]?.trim();
      if (!value || parseProxyUrl(value)) continue;
      // The value is not echoed: proxy URLs often carry a password.
      diagnostics.push({
        code: 'registry-config-invalid',
        severity: 'warn',
        file: '.',
        message: `${spelling} is not an http(s) proxy URL (SOCKS proxies are not supported); it is ignored`,
      });
    }
  }
}

/** Certificates from NODE_EXTRA_CA_CERTS (a corporate proxy's root), trusted besides Node's own. */
function readExtraCa(env: NodeJS.ProcessEnv, diagnostics: Diagnostic[]): string[] | undefined {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return undefined;
  try {
    return [readRegularFileSync(file)];
  } catch (err) {
    diagnostics.push({ code: 'registry-config-unreadable', severity: 'warn', file, message: `cannot read NODE_EXTRA_CA_CERTS (${(err as NodeJS.ErrnoException).code ?? String(err)})` });
    return undefined;
  }
}
