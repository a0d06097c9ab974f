import { parseCheckFast } from '../src/cli/fast-check';
import { buildParser } from '../src/cli/parser';
import { CHECK_OPTIONS } from '../src/cli/check-options';
import type { CliIO } from '../src/cli/main';

const io: CliIO = { stdout: () => {}, stderr: () => {}, isTTY: false, env: {}, cwd: process.cwd() };
const FLAG_KEYS = ['dir', 'format', 'output', 'profile', 'config', 'quiet', 'maxWarnings', 'color', 'baseline', 'online', 'today', 'sbom', 'production', 'omit', 'workspace', 'info', 'verbose', 'cache', 'cacheLocation'] as const;

/** What yargs makes of the same command line, reduced to the flags `check` reads. */
async function viaYargs(argv: string[]): Promise<Record<string, unknown>> {
  const parsed = (await buildParser(io, () => {})
    .fail((msg, err) => {
      throw err ?? new Error(msg);
    })
    .parseAsync(argv)) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of FLAG_KEYS) if (parsed[key] !== undefined) out[key] = parsed[key];
  return out;
}

describe('parseCheckFast: the yargs-free start-up path', () => {
  test.each([
    [[]],
    [['.']],
    [['check']],
    [['check', 'some/dir']],
    [['some/dir', '--format', 'json']],
    [['--format=sarif', '-o', 'out.sarif', 'dir']],
    [['-f', 'json', '-q', '-p', 'saas:noncommercial', '-c', 'cfg.json']],
    [['--max-warnings', '0', '--no-color']],
    [['--max-warnings=12', '--color']],
    [['--online', '--baseline', 'base.json', '--today', '2026-01-02']],
    [['--no-baseline', '--quiet=false']],
    [['--info', '--verbose']],
    [['--no-info', '--verbose=false']],
    [['check', '--no-online', '--no-quiet', 'x']],
    [['./rules']],
    [['check', 'rules']],
  ])('%j reads exactly as yargs reads it', async (argv) => {
    const fast = parseCheckFast(argv);
    expect(fast).not.toBeNull();
    const expected = await viaYargs(argv);
    expect({ ...fast }).toEqual(expected);
  });

  test.each([
    [['--help']],
    [['-h']],
    [['--version']],
    [['-v']],
    [['rules']],
    [['identify', 'LICENSE']],
    [['explain', 'MIT']],
    [['init']],
    [['baseline']],
    [['diff', '--base', 'main']],
    [['a', 'b']],
    [['--unknown-option']],
    [['--format']],
    [['--format', '--quiet']],
    [['--format=']],
    [['--format', 'json', '--format', 'sarif']],
    [['-qf', 'json']],
    [['--', 'dir']],
    [['--max-warnings', 'many']],
    [['--max-warnings', '-1']],
    [['--quiet=yes']],
    [['--no-format']],
    [['--baseline']],
    [['--maxWarnings', '3']],
    [['--constructor', 'x']],
    [['--__proto__', 'x']],
    [['--no-constructor']],
    [['--toString']],
  ])('%j is left to yargs', (argv) => {
    expect(parseCheckFast(argv)).toBeNull();
  });

  test('knows every option of the check command, aliases included', async () => {
    for (const [name, def] of Object.entries(CHECK_OPTIONS)) {
      const value = def.type === 'boolean' ? [] : def.type === 'number' ? ['3'] : ['x'];
      const argv = [`--${name}`, ...value];
      expect([name, parseCheckFast(argv)]).not.toEqual([name, null]);
      expect({ ...parseCheckFast(argv) }).toEqual(await viaYargs(argv));
      if (def.alias) expect({ ...parseCheckFast([`-${def.alias}`, ...value]) }).toEqual(await viaYargs([`-${def.alias}`, ...value]));
    }
  });
});
