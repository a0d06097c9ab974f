import type { Formatter, Report } from '../../types';

/** The contract other tools read (DESIGN.md): stable key order, two-space indent, trailing newline. */
export const format: Formatter = (report) => [...jsonChunks(report)].join('');

/** Characters per chunk handed to the writer. */
const CHUNK = 64 * 1024;

/**
 * The report exactly as `JSON.stringify(report, null, 2) + "\n"` writes it, in chunks: each
 * top-level member and each element of a top-level array is stringified on its own and
 * indented to its depth (a JSON text has no raw line breaks inside strings, so indenting
 * after each `\n` is exact). A large tree's report is ~3 MB; as one string (two bytes per
 * character once any name is non-ASCII) plus its UTF-8 copy it was the scan's last and largest
 * allocation, and on a machine where fresh memory is slow to fault in, the slowest ~100 ms of
 * writing it.
 */
export function* jsonChunks(report: Report): Generator<string> {
  let pending = '{';
  let first = true;
  for (const key of Object.keys(report)) {
    const value = (report as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value) && value.length > 0) {
      pending += `${first ? '' : ','}\n  ${JSON.stringify(key)}: [`;
      for (let i = 0; i < value.length; i++) {
        // As in JSON.stringify, an element that has no JSON form is written as null.
        const element = JSON.stringify(value[i], null, 2) ?? 'null';
        pending += `${i === 0 ? '' : ','}\n    ${element.replace(/\n/g, '\n    ')}`;
        if (pending.length >= CHUNK) {
          yield pending;
          pending = '';
        }
      }
      pending += '\n  ]';
    } else {
      const text = JSON.stringify(value, null, 2);
      if (text === undefined) continue; // undefined, functions: left out, as JSON.stringify does
      pending += `${first ? '' : ','}\n  ${JSON.stringify(key)}: ${text.replace(/\n/g, '\n  ')}`;
    }
    first = false;
  }
  yield `${pending}${first ? '' : '\n'}}\n`;
}
