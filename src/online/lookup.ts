/** What every registry lookup shares: its outcome shape, context and small shape guards. */
import type { Component } from '../types';
import type { RegistryClient } from './client';
import type { NpmConfigLoader } from './npmrc';
import type { RegistrySettings } from './settings';
import { isRecord } from '../util/record';
import { asArray, nonEmptyString, xmlText } from './values';
import { InvalidCoordinate, joinUrl, pathSegment } from '../util/url';

export type LookupOutcome =
  /** The registry answered; `values` are its license fields as given, best first. */
  | { kind: 'found'; host: string; values: unknown[]; released?: string }
  /** The registry answered but records no license for the version. */
  | { kind: 'no-license'; host: string }
  /** No license metadata, but the package's own files (its tarball) hold license texts. */
  | { kind: 'found-texts'; host: string; source: string; texts: { name: string; text: string }[] }
  | { kind: 'failed'; host: string; reason: string }
  /** This ecosystem or configuration cannot be asked; reported once per file, not per package. */
  | { kind: 'unsupported'; reason: string };

export interface LookupContext {
  env: NodeJS.ProcessEnv;
  client: RegistryClient;
  npm: NpmConfigLoader;
  settings: RegistrySettings;
}

export type RegistryLookup = (component: Component, ctx: LookupContext) => Promise<LookupOutcome>;

/** Re-exported for the registry modules, which import their helpers from here. */
export { isRecord, asArray, nonEmptyString, xmlText, InvalidCoordinate, joinUrl, pathSegment };

export function failed(url: URL, reason: string): LookupOutcome {
  return { kind: 'failed', host: url.host, reason };
}

/** A registry that cannot be asked because of its configuration. */
export function unusable(e: { error: string; unsupported?: boolean }): LookupOutcome {
  return e.unsupported ? { kind: 'unsupported', reason: e.error } : { kind: 'failed', host: '', reason: e.error };
}

