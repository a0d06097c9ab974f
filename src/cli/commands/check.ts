import * as path from 'node:path';
import type { FormatterContext, Report, Scope } from '../../types';
import { FatalError } from '../../errors';
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
  /** The checkout; absent when not given (then `.`, or only the SBOMs when `--sbom` is given). */
  dir?: string;
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
  workspace?: string;
  /** List info-level findings in the terminal report. */
  info?: boolean;
  /** Long explanations in the terminal report. */
  verbose?: boolean;
  /** Facts for the HTML header (project, commit, date), filled by the command. */
  run?: FormatterContext['run'];
  /** `--sbom FILE`, once or more. */
  sbom?: string | string[];
  production?: boolean;
  /** `--omit dev,optional,peer` (npm's spelling). */
  omit?: string | string[];
  /** `--cache`: an incremental rerun (src/cache/scan-cache.ts). */
  cache?: boolean;
  /** `--cache-location FILE|DIR`. */
  cacheLocation?: string;
}

const OMITTABLE_SCOPES = ['dev', 'optional', 'peer'] as const;

/** `--omit` values as scopes (`--omit dev --omit peer` or `--omit dev,peer`); fatal on an unknown one. */
export function parseOmit(value: string | string[] | undefined): Scope[] {
  const parts = (Array.isArray(value) ? value : value === undefined ? [] : [value]).flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
  for (const part of parts) {
    if (!(OMITTABLE_SCOPES as readonly string[]).includes(part)) throw new FatalError(`--omit: unknown scope "${part}" (choose from ${OMITTABLE_SCOPES.join(', ')})`);
  }
  return [...new Set(parts)] as Scope[];
}

/** `--sbom` given once or more, as a list. */
export function sbomList(value: string | string[] | undefined): string[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String).filter((v) => v !== '');
}

/** The scan options that come from the shared check flags (`--sbom`, `--production`, `--omit`). */
export function inputOptions(flags: ScanFlags, io: CliIO): { sbom: string[]; cwd: string; checkout: boolean; production: boolean; omit: Scope[] } {
  const sbom = sbomList(flags.sbom);
  return { sbom, cwd: io.cwd, checkout: sbom.length === 0 || flags.dir !== undefined, production: flags.production === true, omit: parseOmit(flags.omit) };
}

/** Formats and writes a report; returns the exit code. Shared by `check` and `diff`. */
export function writeReport(report: Report, rules: Parameters<typeof renderReport>[1], flags: ScanFlags, io: CliIO): number {
  printDiagnostics(report, io, flags.quiet, displayPrefix(flags, io));
  emit(renderReport(report, rules, flags, io), flags.output, io);
  return exitCodeFor(report, flags.maxWarnings);
}

/** The scanned folder as seen from where the command runs (`''` when the same), for printed paths. */
function displayPrefix(flags: ScanFlags, io: CliIO): string {
  return path.relative(io.cwd, path.resolve(io.cwd, flags.dir ?? '.')).split(path.sep).join('/');
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
  const width = !flags.output && io.isTTY && io.columns ? io.columns : undefined;
  return safeOutputChunks(flags.format, [
    formatter(shown, {
      color,
      cwd: report.root,
      rules,
      pathPrefix: displayPrefix(flags, io),
      width,
      verbose: flags.verbose,
      info: flags.info,
      run: flags.run,
    }),
  ]);
}

/** `--cache` and where to keep it; `LICENSE_RISK_CACHE=0` turns every cache off. */
export function cacheOptions(flags: ScanFlags, io: CliIO): { cache: boolean; cacheLocation?: string } {
  if (flags.cache !== true || io.env.LICENSE_RISK_CACHE === '0') return { cache: false };
  if (!flags.cacheLocation) return { cache: true };
  // A trailing slash says "a folder", also for one that does not exist yet.
  return { cache: true, cacheLocation: path.resolve(io.cwd, flags.cacheLocation) + (/[\\/]$/.test(flags.cacheLocation) ? path.sep : '') };
}

export async function runCheck(flags: ScanFlags, io: CliIO): Promise<number> {
  checkCommonFlags(flags);
  const { report, rules, projects, config } = await scan({ dir: flags.dir ?? '.', configPath: flags.config, profile: flags.profile, today: flags.today, online: flags.online, env: io.env, workspace: flags.workspace, ...cacheOptions(flags, io), ...inputOptions(flags, io) });
  const withBaseline = loadBaselineForCheck(report, { ...flags, dir: flags.dir ?? '.' }, io, config);
  if (flags.format === 'html') {
    const { runFacts } = await import('../../report/run-facts');
    flags = { ...flags, run: await runFacts(path.resolve(io.cwd, flags.dir ?? '.'), projects ?? [], flags.today ?? io.env.LICENSE_RISK_TODAY) };
  }
  return writeReport(withBaseline, rules, flags, io);
}
