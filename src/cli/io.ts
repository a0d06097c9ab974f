/**
 * The CLI's input/output: streams, exit codes, writing a report and its diagnostics. Apart
 * from `main.ts` so the commands can use them without importing the entry point (no cycle).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FatalError } from '../errors';
import type { Report } from '../types';

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
}

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

/** Writes to `--output FILE` (creating its folder) or to stdout. */
export function emit(chunks: Iterable<string>, output: string | undefined, io: CliIO): void {
  if (!output) {
    for (const chunk of chunks) io.stdout(chunk);
    return;
  }
  const abs = path.resolve(io.cwd, output);
  let fd: number | undefined;
  try {
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fd = fs.openSync(abs, 'w');
    for (const chunk of chunks) {
      const bytes = Buffer.from(chunk, 'utf8');
      for (let written = 0; written < bytes.length; ) written += fs.writeSync(fd, bytes, written);
    }
  } catch (err) {
    throw new FatalError(`--output ${output}: cannot write (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Diagnostics go to stderr, one line each, so stdout stays a clean report. */
export function printDiagnostics(report: Report, io: CliIO, quiet: boolean): void {
  for (const d of report.diagnostics) {
    if (d.severity === 'info') continue;
    if (quiet && d.severity !== 'error') continue;
    const where = d.line ? `${d.file}:${d.line}${d.column ? `:${d.column}` : ''}` : d.file;
    io.stderr(`license-risk: ${d.severity === 'error' ? 'error' : 'warning'}: ${where}: ${d.message}\n`);
  }
}

export function exitCodeFor(report: Report, maxWarnings: number | undefined): number {
  if (report.summary.errors > 0) return EXIT_FINDINGS;
  if (maxWarnings !== undefined && maxWarnings >= 0 && report.summary.warnings > maxWarnings) return EXIT_FINDINGS;
  return EXIT_OK;
}
