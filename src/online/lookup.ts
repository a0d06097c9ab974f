/** What every registry lookup shares: its outcome shape, context and small shape guards. */
import type { Component } from '../types';
import type { RegistryClient } from './client';
import type { NpmConfigLoader } from './npmrc';
import type { RegistrySettings } from './settings';
import { isRecord } from '../util/record';

export type LookupOutcome =
  /** The registry answered; `values` are its license fields as given, best first. */
  | { kind: 'found'; host: string; values: unknown[] }
  /** The registry answered but records no license for the version. */
  | { kind: 'no-license'; host: string }
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

/** Re-exported for this folder's modules, which import their helpers from here. */
export { isRecord };

export function nonEmptyString(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/** XML parsers give one child as an object and several as an array. */
export function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** An XML element's text, whether it was parsed as a string or as an object with attributes. */
export function xmlText(v: unknown): string | undefined {
  if (typeof v === 'string' || typeof v === 'number') return nonEmptyString(String(v));
  if (isRecord(v)) return nonEmptyString(v['#text'] as unknown);
  return undefined;
}

/** Appends a path to a base URL whose path is treated as a folder. */
export function joinUrl(base: URL, relative: string): URL {
  const folder = new URL(base.href);
  if (!folder.pathname.endsWith('/')) folder.pathname += '/';
  return new URL(relative.replace(/^\/+/, ''), folder);
}

export function failed(url: URL, reason: string): LookupOutcome {
  return { kind: 'failed', host: url.host, reason };
}

/** A registry that cannot be asked because of its configuration. */
export function unusable(e: { error: string; unsupported?: boolean }): LookupOutcome {
  return e.unsupported ? { kind: 'unsupported', reason: e.error } : { kind: 'failed', host: '', reason: e.error };
}

/** A name or version that cannot be placed in a registry URL. */
export class InvalidCoordinate extends Error {}

/**
 * One URL path segment. Empty, `.` and `..` segments are refused: URLs resolve them (even
 * percent-encoded), so a crafted name could otherwise walk up the registry's path.
 */
export function pathSegment(s: string): string {
  if (s === '' || /^(\.|%2e){1,2}$/i.test(s)) throw new InvalidCoordinate(`"${s}" cannot be a path segment of a registry URL`);
  return encodeURIComponent(s);
}
