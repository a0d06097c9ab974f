import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Argv } from 'yargs';
import { FatalError } from '../errors';
import { parseCheckFast } from './fast-check';
import type { Report } from '../types';
import { neutralize } from '../report/neutralize';
import { rawBaseArgument, validateGitRef } from './refs';
import { releaseTempFile, tempFileFor } from '../util/temp-files';

/** Exit codes are a public contract (DESIGN.md). */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_FATAL = 2;

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Terminal width when stdout is a TTY. */
  columns?: number;
}

const defaultIO = (): CliIO => ({
  stdout: guardedWriter(process.stdout),
  stderr: guardedWriter(process.stderr),
  isTTY: !!process.stdout.isTTY,
  env: process.env,
  cwd: process.cwd(),
  columns: process.stdout.isTTY ? process.stdout.columns : undefined,
});

/**
 * Writes to stdout/stderr without ever crashing on them: when the reader goes away
 * (`license-risk … | head`) the rest of the output is dropped quietly, as Unix tools do, instead
 * of an unhandled EPIPE with a stack trace. Any other write error is said once on stderr.
 */
export function guardedWriter(stream: NodeJS.WritableStream): (s: string) => void {
  let closed = false;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (closed) return;
    closed = true;
    if (err.code === 'EPIPE') return;
    process.exitCode = EXIT_FATAL;
    if (stream !== process.stderr) process.stderr.write(`license-risk: cannot write the output (${err.code ?? err.message})\n`);
  });
  return (s) => {
    if (!closed) stream.write(s);
  };
}

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

/**
 * Writes to `--output FILE` (creating its folder) or to stdout. The file is written under a
 * temporary name in the same folder and renamed into place: a reader, or a run stopped by a
 * signal, never sees half a report (the temporary file is removed on exit and on signals).
 */
export function emit(chunks: Iterable<string>, output: string | undefined, io: CliIO): void {
  if (!output) {
    for (const chunk of chunks) io.stdout(chunk);
    return;
  }
  const abs = path.resolve(io.cwd, output);
  let fd: number | undefined;
  let temp: string | undefined;
  try {
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    if (fs.statSync(abs, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    temp = tempFileFor(abs);
    fd = fs.openSync(temp, 'wx');
    for (const chunk of chunks) {
      const bytes = Buffer.from(chunk, 'utf8');
      for (let written = 0; written < bytes.length; ) written += fs.writeSync(fd, bytes, written);
    }
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, abs);
    releaseTempFile(temp);
    temp = undefined;
  } catch (err) {
    throw new FatalError(`--output ${output}: cannot write (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
    if (temp !== undefined) {
      fs.rmSync(temp, { force: true });
      releaseTempFile(temp);
    }
  }
}

/**
 * A diagnostic's length on stderr: a 100k-deep pom.xml once gave one 800 KB line. The JSON
 * report keeps the whole message; the terminal gets the start and how much was cut.
 */
export const MAX_DIAGNOSTIC_LENGTH = 1000;

/** One line of a diagnostic or fatal message as printed: neutralised (it names checkout files) and capped. */
export function diagnosticText(text: string): string {
  const head = text.length > MAX_DIAGNOSTIC_LENGTH ? text.slice(0, MAX_DIAGNOSTIC_LENGTH) : text;
  const safe = neutralize(head);
  return text.length > MAX_DIAGNOSTIC_LENGTH ? `${safe}… (${text.length - MAX_DIAGNOSTIC_LENGTH} more characters)` : safe;
}

/** Diagnostics go to stderr, one line each, so stdout stays a clean report. */
export function printDiagnostics(report: Report, io: CliIO, quiet: boolean, pathPrefix = ''): void {
  for (const d of report.diagnostics) {
    if (d.severity === 'info') continue;
    if (quiet && d.severity !== 'error') continue;
    // Relative to where the command runs, as the report's paths are (`.` is the checkout itself).
    const file = pathPrefix ? (d.file === '.' ? pathPrefix : `${pathPrefix}/${d.file}`) : d.file;
    const where = d.line ? `${file}:${d.line}${d.column ? `:${d.column}` : ''}` : file;
    io.stderr(`license-risk: ${d.severity === 'error' ? 'error' : 'warning'}: ${diagnosticText(`${where}: ${d.message}`)}\n`);
  }
}

/**
 * Diagnostics that mean part of the checkout was not judged at all (a reader crashed, an
 * installed tree could not be listed): the
 * report is incomplete, so the run must not pass green (exit 2), whatever the findings say.
 */
export const INCOMPLETE_SCAN_CODES: ReadonlySet<string> = new Set(['reader-failed', 'unlistable']);

export function exitCodeFor(report: Report, maxWarnings: number | undefined): number {
  if (report.diagnostics.some((d) => INCOMPLETE_SCAN_CODES.has(d.code))) return EXIT_FATAL;
  if (report.summary.errors > 0) return EXIT_FINDINGS;
  if (maxWarnings !== undefined && maxWarnings >= 0 && report.summary.warnings > maxWarnings) return EXIT_FINDINGS;
  return EXIT_OK;
}
