/**
 * The CLI's input/output: streams, exit codes, writing a report and its diagnostics. Apart
 * from `main.ts` so the commands can use them without importing the entry point (no cycle).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FatalError } from '../errors';
import type { Report } from '../types';
import type { DiagnosticCode } from '../diagnostics/codes';
import { neutralize } from '../report/neutralize';
import { displayPath } from '../report/display-path';
import { isLockfileName } from '../discover';
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
    // Relative to where the command runs, as the report's paths are.
    const file = displayPath(d.file, pathPrefix);
    const where = d.line ? `${file}:${d.line}${d.column ? `:${d.column}` : ''}` : file;
    io.stderr(`license-risk: ${d.severity === 'error' ? 'error' : 'warning'}: ${diagnosticText(`${where}: ${d.message}`)}\n`);
  }
}

/**
 * Diagnostics that mean part of the checkout was not judged at all (a reader crashed, an
 * installed tree could not be listed): the
 * report is incomplete, so the run must not pass green (exit 2), whatever the findings say.
 */
export const INCOMPLETE_SCAN_CODES: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>(['reader-error', 'unlistable']);

/**
 * A lockfile refused for its nesting takes every component it lists with it: like a reader that
 * failed, the report is incomplete. (A refused package.json leaves its component, judged unknown.)
 */
function refusedLockfile(d: Report['diagnostics'][number]): boolean {
  return d.code === 'too-deep' && isLockfileName(d.file.slice(d.file.lastIndexOf('/') + 1));
}

export function exitCodeFor(report: Report, maxWarnings: number | undefined): number {
  if (report.diagnostics.some((d) => INCOMPLETE_SCAN_CODES.has(d.code) || refusedLockfile(d))) return EXIT_FATAL;
  if (report.summary.errors > 0) return EXIT_FINDINGS;
  if (maxWarnings !== undefined && maxWarnings >= 0 && report.summary.warnings > maxWarnings) return EXIT_FINDINGS;
  return EXIT_OK;
}
