import * as path from 'node:path';
import { identifyFile } from '../../identify/text';
import { type CliIO, diagnosticText } from '../io';
import { escapeJsonOutput, neutralizeDeep } from '../../report/neutralize';
import type { TextIdentification } from '../../types';
import { roundConfidence } from '../../util/confidence';

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
// eslint-disable-next-line @typescript-eslint/require-await -- async by contract: callers await it, and a throw must reach them as a rejection
export async function runIdentify(flags: { files: string[]; format: 'text' | 'json' }, io: CliIO): Promise<number> {
  const entries: IdentifyEntry[] = flags.files.map((file) => {
    const result = identifyFile(path.resolve(io.cwd, file));
    return {
      file,
      expression: result.expression,
      confidence: roundConfidence(result.confidence),
      matches: result.matches,
      ...(result.parameters && Object.keys(result.parameters).length ? { parameters: result.parameters } : {}),
      notes: result.notes,
      ...(result.error ? { error: result.error } : {}),
    };
  });
  // A file that could not be read is said on stderr, one line, whatever the format (exit 2).
  for (const e of entries) if (e.error) io.stderr(`license-risk: ${diagnosticText(`${e.file}: ${e.error}`)}\n`);
  if (flags.format === 'json') {
    io.stdout(escapeJsonOutput(`${JSON.stringify(entries, null, 2)}\n`));
  } else {
    // File names and everything read from the texts (parameters, added text) are checkout strings.
    const say = (line: string) => { io.stdout(`${line}\n`); };
    for (const e of entries.map((entry) => neutralizeDeep(entry))) {
      if (e.error) continue;
      say(`${e.file}: ${e.expression ?? 'unknown'} (confidence ${e.confidence.toFixed(2)})`);
      for (const m of e.matches) {
        const modified = m.modified ? ' modified' : '';
        say(`  ${m.id}  lines ${m.startLine}-${m.endLine}  ${m.confidence.toFixed(2)}${modified}`);
        if (m.addedText) say(`    added text: ${m.addedText.replace(/(\\x0[9AD]|\s)+/g, ' ').slice(0, 200)}`);
      }
      for (const [k, v] of Object.entries(e.parameters ?? {})) if (v !== undefined) say(`  ${k}: ${v}`);
      for (const n of e.notes) say(`  note: ${n}`);
    }
  }
  return entries.some((e) => e.error) ? 2 : 0;
}
