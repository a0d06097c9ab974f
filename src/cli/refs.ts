import { FatalError } from '../errors';

/**
 * A git ref given on the command line (`diff --base REF`). It is checked before any parser or
 * git sees it: a value that looks like an option (`-h…`, `--output=…`) would otherwise be read
 * as one — yargs printed help and exited 0 for `--base -hx` — and control characters or
 * whitespace are never part of a ref (git check-ref-format).
 */
export function refProblem(ref: string): string | undefined {
  if (ref === '') return 'is empty';
  if (ref.startsWith('-')) return 'looks like an option, not a git ref';
  // eslint-disable-next-line no-control-regex -- control characters are what this check looks for
  if (/[\u0000-\u0020\u007f]/.test(ref)) return 'contains whitespace or control characters, which a git ref cannot';
  if (ref.length > 1024) return 'is longer than 1024 characters';
  return undefined;
}

export function validateGitRef(ref: string, flag: string): void {
  const problem = refProblem(ref);
  if (problem) throw new FatalError(`${flag}: "${ref.slice(0, 80)}" ${problem}`);
}

/**
 * `--base` as written on the command line, before option parsing: `--base VALUE` whose VALUE
 * starts with `-`, or `--base=VALUE`. Returns the value to validate, or undefined.
 */
export function rawBaseArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return undefined;
    if (arg === '--base') return argv[i + 1] ?? '';
    if (arg.startsWith('--base=')) return arg.slice('--base='.length);
  }
  return undefined;
}
