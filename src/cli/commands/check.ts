import type { Report } from '../../types';
import { scan } from '../../pipeline';
import { getFormatter, MACHINE_FORMATS } from '../../report/formatters';
import { jsonChunks } from '../../report/formatters/json';
import { shouldColor } from '../../report/color';
import { reportForFormat, safeOutputChunks } from '../../report/output';
import { type CliIO, emit, exitCodeFor, printDiagnostics } from '../io';
import { loadBaselineForCheck } from './baseline';
import { checkCommonFlags } from '../common-flags';

export { checkCommonFlags };

export interface ScanFlags {
  dir: string;
  format: string;
  output?: string;
  profile?: string;
  config?: string;
  quiet: boolean;
  maxWarnings?: number;
  color?: boolean;
  baseline?: string | boolean;
  online?: boolean;
  today?: string;
}

/** Formats and writes a report; returns the exit code. Shared by `check` and `diff`. */
export function writeReport(report: Report, rules: Parameters<typeof renderReport>[1], flags: ScanFlags, io: CliIO): number {
  printDiagnostics(report, io, flags.quiet);
  emit(renderReport(report, rules, flags, io), flags.output, io);
  return exitCodeFor(report, flags.maxWarnings);
}

/** The report in the chosen format, as chunks to write one after another. */
export function renderReport(report: Report, rules: Record<string, import('../../types').RuleMeta>, flags: ScanFlags, io: CliIO): Iterable<string> {
  // --quiet hides warnings and infos from the output; the summary still counts them.
  const filtered: Report = flags.quiet ? { ...report, findings: report.findings.filter((f) => f.severity === 'error') } : report;
  // Checkout strings reach the terminal only neutralised, whatever the format (src/report/output.ts).
  const shown = reportForFormat(flags.format, filtered);
  // The JSON report of a large tree is megabytes: written piece by piece, never held whole.
  if (flags.format === 'json') return safeOutputChunks(flags.format, jsonChunks(shown));
  const formatter = getFormatter(flags.format)!;
  const color = !MACHINE_FORMATS.has(flags.format) && !flags.output && shouldColor(flags.color, io.env, io.isTTY);
  return safeOutputChunks(flags.format, [formatter(shown, { color, cwd: report.root, rules })]);
}

export async function runCheck(flags: ScanFlags, io: CliIO): Promise<number> {
  checkCommonFlags(flags);
  const { report, rules } = await scan({ dir: flags.dir, configPath: flags.config, profile: flags.profile, today: flags.today, online: flags.online, env: io.env });
  const withBaseline = loadBaselineForCheck(report, flags, io);
  return writeReport(withBaseline, rules, flags, io);
}
