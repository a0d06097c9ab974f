import type { Report } from '../types';
import { escapeJsonOutput, neutralizeDeep } from './neutralize';

/**
 * Formats whose output is one JSON document. They get the report as it is (the data stays
 * faithful) and their text is escaped byte-safe by {@link escapeJsonOutput}; every other format
 * — today's and any added later — is made from a neutralised copy of the report.
 */
export const JSON_OUTPUT_FORMATS: ReadonlySet<string> = new Set(['json', 'sarif', 'cyclonedx', 'spdx']);

/** The report a formatter of `format` may see: checkout strings made safe for a terminal or CI log. */
export function reportForFormat(format: string, report: Report): Report {
  return JSON_OUTPUT_FORMATS.has(format) ? report : neutralizeDeep(report);
}

/** A formatter's output as written: JSON documents get their remaining unsafe characters escaped. */
export function* safeOutputChunks(format: string, chunks: Iterable<string>): Iterable<string> {
  if (!JSON_OUTPUT_FORMATS.has(format)) {
    yield* chunks;
    return;
  }
  for (const chunk of chunks) yield escapeJsonOutput(chunk);
}
