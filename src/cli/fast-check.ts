import { CHECK_OPTIONS, OTHER_COMMANDS } from './check-options';
import type { ScanFlags } from './commands/check';

/**
 * The start-up fast path: `license-risk [check] [dir] [--known-option value …]`, the form a
 * pre-commit hook or CI step runs every time, is read here without loading yargs (about
 * 40 ms of module loading and help-text building). Anything else (help, version, another
 * command, an unknown or repeated option, `--`, combined short flags, a value that is not
 * plainly of its type) returns null and goes to yargs, which owns every message and error.
 */
export function parseCheckFast(argv: readonly string[]): ScanFlags | null {
  const args = [...argv];
  if (args[0] === 'check') args.shift();
  // Maps, not the object: `--constructor` must not find Object.prototype's.
  const options = new Map(Object.entries(CHECK_OPTIONS));
  const byAlias = new Map([...options].flatMap(([name, def]) => (def.alias ? [[def.alias, name] as const] : [])));
  const values = new Map<string, string | boolean | number>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') return null;
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
    } else if (arg.length === 2) {
      name = byAlias.get(arg[1]);
    }
    if (!name) return null;
    if (name.startsWith('no-') && !options.has(name)) {
      const negated = name.slice(3);
      const def = options.get(negated);
      if (!def || inline !== undefined || (def.type !== 'boolean' && negated !== 'baseline') || values.has(negated)) return null;
      values.set(negated, false);
      continue;
    }
    const def = options.get(name);
    if (!def || values.has(name)) return null;
    if (def.type === 'boolean') {
      if (inline === undefined) values.set(name, true);
      else if (inline === 'true' || inline === 'false') values.set(name, inline === 'true');
      else return null;
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('-'))) return null;
    if (def.type === 'number') {
      if (!/^-?\d+$/.test(value)) return null;
      values.set(name, Number(value));
    } else {
      values.set(name, value);
    }
  }
  if (positionals.length > 1) return null;
  const dir = positionals[0];
  // `license-risk rules` is a command even when a folder is called "rules".
  if (argv[0] !== 'check' && dir !== undefined && (OTHER_COMMANDS.includes(dir) || dir === 'check')) return null;
  const get = <T>(name: string): T | undefined => (values.has(name) ? (values.get(name) as T) : (options.get(name)?.default as T | undefined));
  const flags: ScanFlags = {
    // Absent when not given, as yargs reads it: `--sbom FILE` alone scans the SBOM only.
    ...(dir !== undefined ? { dir } : {}),
    format: get<string>('format')!,
    quiet: get<boolean>('quiet')!,
    online: get<boolean>('online')!,
  };
  const optional: Array<[keyof ScanFlags, string]> = [
    ['output', 'output'],
    ['profile', 'profile'],
    ['config', 'config'],
    ['maxWarnings', 'max-warnings'],
    ['color', 'color'],
    ['baseline', 'baseline'],
    ['today', 'today'],
    ['sbom', 'sbom'],
    ['production', 'production'],
    ['omit', 'omit'],
    ['workspace', 'workspace'],
    ['info', 'info'],
    ['verbose', 'verbose'],
    ['cache', 'cache'],
    ['cacheLocation', 'cache-location'],
  ];
  for (const [key, name] of optional) {
    const value = get<never>(name);
    if (value !== undefined) (flags as unknown as Record<string, unknown>)[key] = value;
  }
  return flags;
}
