import type { Argv } from 'yargs';
import { FatalError } from '../errors';
import { parseCheckFast } from './fast-check';
import { rawBaseArgument, validateGitRef } from './refs';
import { EXIT_FATAL, EXIT_OK, diagnosticText, guardedWriter, type CliIO } from './io';

export { EXIT_FATAL, EXIT_FINDINGS, EXIT_OK, INCOMPLETE_SCAN_CODES, MAX_DIAGNOSTIC_LENGTH, diagnosticText, emit, exitCodeFor, guardedWriter, printDiagnostics, type CliIO } from './io';

const defaultIO = (): CliIO => ({
  stdout: guardedWriter(process.stdout),
  stderr: guardedWriter(process.stderr),
  isTTY: process.stdout.isTTY,
  env: process.env,
  cwd: process.cwd(),
  columns: process.stdout.isTTY ? process.stdout.columns : undefined,
});

/**
 * Entry point of the `license-risk` binary. Never calls process.exit(): it sets the exit code
 * and returns, so output is flushed and the function can be tested in-process.
 */
export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  const code = await run(argv, io);
  process.exitCode = code;
  return code;
}

export async function run(argv: string[], io: CliIO): Promise<number> {
  try {
    // The everyday `license-risk [check] [dir] [options]` skips loading yargs (src/cli/fast-check.ts).
    const fast = parseCheckFast(argv);
    if (fast) {
      const { runCheck } = await import('./commands/check');
      return await runCheck(fast, io);
    }
    // `diff --base -hx` must be a bad ref (exit 2), not an option the parser acts on.
    const base = rawBaseArgument(argv);
    if (base !== undefined) validateGitRef(base, '--base');
    const { buildParser } = await import('./parser');
    let command: (() => Promise<number>) | undefined;
    let parseError: string | undefined;
    const parser: Argv = buildParser(io, (fn) => (command = fn));
    let helpOrVersion = '';
    await parser
      .fail((msg: string | undefined, err: Error | undefined) => {
        if (err instanceof FatalError) throw err;
        parseError = msg || err?.message || 'invalid arguments';
      })
      .parseAsync(argv, {}, (err: Error | undefined, _argv: unknown, output: string) => {
        if (output && !err) helpOrVersion = output;
      });
    if (parseError) {
      // One line, like every other fatal message.
      io.stderr(`license-risk: ${diagnosticText(parseError)} (see "license-risk --help")\n`);
      return EXIT_FATAL;
    }
    if (helpOrVersion) {
      io.stdout(helpOrVersion.endsWith('\n') ? helpOrVersion : `${helpOrVersion}\n`);
      return EXIT_OK;
    }
    return command ? await command() : EXIT_OK;
  } catch (err) {
    return reportFatal(err, io);
  }
}

export function reportFatal(err: unknown, io: CliIO): number {
  if (err instanceof FatalError) {
    io.stderr(`license-risk: ${diagnosticText(err.message)}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr(`license-risk: internal error: ${diagnosticText(message.split('\n')[0])}\n`);
  if (io.env.DEBUG && /license-risk/.test(io.env.DEBUG) && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
  return EXIT_FATAL;
}
