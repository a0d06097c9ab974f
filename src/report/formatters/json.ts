import type { Formatter, Report } from '../../types';

/** The contract other tools read (DESIGN.md): stable key order, two-space indent, trailing newline. */
export const format: Formatter = (report) => [...jsonChunks(report)].join('');

/** Elements of a top-level array stringified at a time. */
const ELEMENTS_PER_CHUNK = 100;

/**
 * The report exactly as `JSON.stringify(report, null, 2) + "\n"` writes it, in chunks. A large
 * tree's report is ~3 MB; as one string (two bytes per character once any name is non-ASCII)
 * plus its UTF-8 copy it was the scan's last and largest allocation, and on a machine where
 * fresh memory is slow to fault in, the slowest ~100 ms of writing it.
 *
 * Each top-level member, and each run of elements of a top-level array, is stringified inside
 * a one-member object: JSON.stringify then indents it at the depth it has in the report, and
 * only the wrapper's first and last lines are cut off.
 */
export function* jsonChunks(report: Report): Generator<string> {
  let pending = '{';
  let first = true;
  for (const key of Object.keys(report)) {
    const value = (report as unknown as Record<string, unknown>)[key];
    const name = JSON.stringify(key);
    if (Array.isArray(value) && value.length > 0) {
      // `{\n  "key": [` … `\n  ]\n}` around the elements, each on `\n    `.
      const head = `{\n  ${name}: [`.length;
      const tail = '\n  ]\n}'.length;
      pending += `${first ? '' : ','}\n  ${name}: [`;
      for (let i = 0; i < value.length; i += ELEMENTS_PER_CHUNK) {
        const text = JSON.stringify({ [key]: value.slice(i, i + ELEMENTS_PER_CHUNK) }, null, 2);
        pending += `${i === 0 ? '' : ','}${text.slice(head, text.length - tail)}`;
        yield pending;
        pending = '';
      }
      pending += '\n  ]';
    } else {
      // `{\n  "key": value\n}`, or `{}` when the value has no JSON form (left out, as JSON.stringify does).
      const text = JSON.stringify({ [key]: value }, null, 2);
      if (text === '{}') continue;
      pending += `${first ? '' : ','}\n  ${text.slice(4, text.length - 2)}`;
    }
    first = false;
  }
  yield `${pending}${first ? '' : '\n'}}\n`;
}
