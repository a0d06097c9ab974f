import { JsonSyntaxError, parseJsonLocated, type LocatedJson } from '../../locate';
import type { Diagnostic, ReadContext, SourceLocation } from '../../../types';

export type JsonRead = { ok: true; json: LocatedJson; text: string } | { ok: false; diagnostic: Diagnostic };

/** Reads and parses a JSON file under root; every failure is a diagnostic naming the file. */
export async function readLocatedJson(ctx: ReadContext, file: string, maxBytes?: number): Promise<JsonRead> {
  const read = await ctx.fs.readText(file, maxBytes ? { maxBytes } : undefined);
  if (!read.ok) return { ok: false, diagnostic: read.diagnostic };
  try {
    return { ok: true, json: parseJsonLocated(read.text), text: read.text };
  } catch (err) {
    if (err instanceof JsonSyntaxError) {
      return {
        ok: false,
        diagnostic: { code: 'invalid-json', severity: 'warn', file, message: err.message, line: err.line, column: err.column },
      };
    }
    return { ok: false, diagnostic: { code: 'invalid-json', severity: 'warn', file, message: `invalid JSON: ${String(err)}` } };
  }
}

/** Location of a JSON path in `file`, falling back to the file's first character. */
export function locateIn(json: LocatedJson, file: string, path: (string | number)[]): SourceLocation {
  const pos = json.locate(path) ?? { line: 1, column: 1 };
  return { file, line: pos.line, column: pos.column };
}
