import type { Report } from '../../types';
import { FatalError } from '../../errors';
import { scan } from '../../pipeline';
import { getFormatter, FORMAT_NAMES, MACHINE_FORMATS } from '../../report/formatters';
import { jsonChunks } from '../../report/formatters/json';
import { shouldColor } from '../../report/color';
import { isProfileName } from '../../config/names';
import { isIsoDate } from '../../util/date';
import { type CliIO, emit, exitCodeFor, printDiagnostics } from '../main';
import { loadBaselineForCheck } from './baseline';

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

export function checkCommonFlags(flags: Pick<ScanFlags, 'format' | 'profile' | 'maxWarnings' | 'today'>): void {
  if (!FORMAT_NAMES.includes(flags.format)) {
    throw new FatalError(`--format: unknown format "${flags.format}" (choose from ${FORMAT_NAMES.join(', ')})`);
  }
  if (flags.profile !== undefined && !isProfileName(flags.profile)) {
    throw new FatalError(`--profile: unknown profile "${flags.profile}" (saas, distributed, library, internal or auto, optionally with ":noncommercial")`);
  }
  if (flags.maxWarnings !== undefined && (!Number.isInteger(flags.maxWarnings) || flags.maxWarnings < -1)) {
    throw new FatalError('--max-warnings: expects a whole number (-1 for no limit)');
  }
  if (flags.today !== undefined && !isIsoDate(flags.today)) {
    throw new FatalError('--today: expects YYYY-MM-DD');
  }
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
  const shown: Report = flags.quiet ? { ...report, findings: report.findings.filter((f) => f.severity === 'error') } : report;
  // The JSON report of a large tree is megabytes: written piece by piece, never held whole.
  if (flags.format === 'json') return jsonChunks(shown);
  const formatter = getFormatter(flags.format)!;
  const color = !MACHINE_FORMATS.has(flags.format) && !flags.output && shouldColor(flags.color, io.env, io.isTTY);
  return [formatter(shown, { color, cwd: report.root, rules })];
}

export async function runCheck(flags: ScanFlags, io: CliIO): Promise<number> {
  checkCommonFlags(flags);
  const { report, rules } = await scan({ dir: flags.dir, configPath: flags.config, profile: flags.profile, today: flags.today, online: flags.online, env: io.env });
  const withBaseline = loadBaselineForCheck(report, flags, io);
  return writeReport(withBaseline, rules, flags, io);
}
