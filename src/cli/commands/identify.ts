import * as path from 'node:path';
import { identifyFile } from '../../identify/text';
import type { CliIO } from '../io';
import type { TextIdentification } from '../../types';

interface IdentifyEntry {
  file: string;
  expression: string | null;
  confidence: number;
  matches: TextIdentification['matches'];
  parameters?: TextIdentification['parameters'];
  notes: string[];
  error?: string;
}

/** `license-risk identify FILE…`: every file gets an answer or an error entry. */
export async function runIdentify(flags: { files: string[]; format: 'text' | 'json' }, io: CliIO): Promise<number> {
  const entries: IdentifyEntry[] = flags.files.map((file) => {
    const result = identifyFile(path.resolve(io.cwd, file));
    return {
      file,
      expression: result.expression,
      confidence: Math.round(result.confidence * 1000) / 1000,
      matches: result.matches,
      ...(result.parameters && Object.keys(result.parameters).length ? { parameters: result.parameters } : {}),
      notes: result.notes,
      ...(result.error ? { error: result.error } : {}),
    };
  });
  if (flags.format === 'json') {
    io.stdout(`${JSON.stringify(entries, null, 2)}\n`);
  } else {
    for (const e of entries) {
      if (e.error) {
        io.stdout(`${e.file}: error: ${e.error}\n`);
        continue;
      }
      io.stdout(`${e.file}: ${e.expression ?? 'unknown'} (confidence ${e.confidence.toFixed(2)})\n`);
      for (const m of e.matches) {
        const modified = m.modified ? ' modified' : '';
        io.stdout(`  ${m.id}  lines ${m.startLine}-${m.endLine}  ${m.confidence.toFixed(2)}${modified}\n`);
        if (m.addedText) io.stdout(`    added text: ${m.addedText.replace(/\s+/g, ' ').slice(0, 200)}\n`);
      }
      for (const [k, v] of Object.entries(e.parameters ?? {})) if (v !== undefined) io.stdout(`  ${k}: ${v}\n`);
      for (const n of e.notes) io.stdout(`  note: ${n}\n`);
    }
  }
  return entries.some((e) => e.error) ? 2 : 0;
}
