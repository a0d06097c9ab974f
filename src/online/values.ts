/**
 * Reading registry answers (JSON and XML parsed to plain values). Apart from `lookup.ts` so
 * the settings readers (npmrc, settings) can use them without an import cycle.
 */
import { isRecord } from '../util/record';

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
  if (isRecord(v)) return nonEmptyString(v['#text']);
  return undefined;
}
