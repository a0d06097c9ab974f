/**
 * Path globs (the config's `ignore`, workspace patterns, scope statements' globs), answered as
 * picomatch answers them, with picomatch loaded only when a pattern needs it: the default
 * ignores only ask whether a path lies inside a folder of a given name, and a run without
 * patterns of its own (most pre-commit runs) then never pays for loading and compiling a glob
 * engine (~15 ms of a ~100 ms start-up).
 */

// `**` + `/<name>/` + `**`, the name plain (no glob character, no separator).
const INSIDE_NAMED_FOLDER = /^\*\*\/([^/*?[\]{}()!+@\\]+)\/\*\*$/;

/** A matcher for `patterns` (any of them), as `picomatch(patterns, { dot })`. */
export function pathGlobMatcher(patterns: string | readonly string[], options: { dot: boolean }): (rel: string) => boolean {
  const list = typeof patterns === 'string' ? [patterns] : [...patterns];
  if (list.length === 0) return () => false;
  const names = list.map((p) => INSIDE_NAMED_FOLDER.exec(p)?.[1]);
  // Without `dot`, picomatch lets no `**` cross a dot-folder: only the plain case is done here.
  if (names.some((name) => name === undefined) || !options.dot) {
    const picomatch = require('picomatch') as typeof import('picomatch');
    return picomatch(list, { dot: options.dot });
  }
  const inside = new Set(names as string[]);
  // picomatch's `**/x/**` matches the folder `x` itself as well as what is inside it: any segment named so.
  return (rel) => rel.split('/').some((segment) => inside.has(segment));
}
