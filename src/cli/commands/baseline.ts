import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Config, Report } from '../../types';
import { scan } from '../../pipeline';
import { todayUtc } from '../../util/date';
import { checkCommonFlags } from '../common-flags';
import { type CliIO, diagnosticText } from '../io';
import { FatalError } from '../../errors';
import { BASELINE_FILENAME } from '../../ci/baseline-file';

/** Baselines (and the JSON locator they use) load only when one is read or written. */
function loadBaselineModule(): typeof import('../../ci/baseline') {
  return require('../../ci/baseline') as typeof import('../../ci/baseline');
}

function baselinePath(dir: string, flag: string | boolean | undefined, cwd: string): string | null {
  if (flag === false) return null;
  if (typeof flag === 'string' && flag !== '') return path.resolve(cwd, flag);
  return path.resolve(cwd, dir, BASELINE_FILENAME);
}

/**
 * `check` reads the baseline automatically when it exists (`--baseline FILE` names another,
 * `--no-baseline` ignores it). A named file that does not exist is a usage error; the default
 * one simply may not exist yet. `config` governs the `baseline` rule's findings.
 */
export function loadBaselineForCheck(
  report: Report,
  flags: { dir: string; baseline?: string | boolean; today?: string },
  io: CliIO,
  config: Config = {},
): Report {
  const file = baselinePath(flags.dir, flags.baseline, io.cwd);
  if (!file) return report;
  const named = typeof flags.baseline === 'string' && flags.baseline !== '';
  // The default file simply may not exist yet; a named one must (readBaseline says so).
  if (!named && !fs.existsSync(file)) return report;
  const scannedRoot = path.resolve(io.cwd, flags.dir);
  const relFile = path.relative(scannedRoot, file).split(path.sep).join('/');
  const { applyBaseline, readBaseline } = loadBaselineModule();
  return applyBaseline(report, readBaseline(file), flags.today ?? todayUtc(), { file: relFile, config });
}

/**
 * The baseline being replaced, whose accepted reasons carry over. One that cannot be read at
 * all (permissions, a FIFO) is fatal before anything is written; one whose content is
 * malformed is exactly what `baseline` must be able to repair, so it is regenerated from the
 * current findings, said in one line.
 */
function readPreviousBaseline(file: string, io: CliIO): ReturnType<ReturnType<typeof loadBaselineModule>['readBaseline']> | undefined {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) return undefined;
  const { readBaseline } = loadBaselineModule();
  if (!stat.isFile()) return readBaseline(file); // throws the one-line "not a regular file"
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    return readBaseline(file); // throws the one-line "cannot be read"
  }
  try {
    return readBaseline(file);
  } catch (err) {
    if (!(err instanceof FatalError)) throw err;
    io.stderr(`license-risk: ${diagnosticText(err.message)}: regenerated from the current findings (its accepted reasons are not kept)\n`);
    return undefined;
  }
}

export async function runBaselineCommand(
  flags: { dir: string; profile?: string; config?: string; baseline?: string; today?: string },
  io: CliIO,
): Promise<number> {
  checkCommonFlags({ format: 'json', profile: flags.profile, today: flags.today });
  // `--no-baseline`: write the default file afresh, without carrying over the old entries.
  const fresh = (flags.baseline as string | boolean | undefined) === false;
  const file = baselinePath(flags.dir, fresh ? undefined : flags.baseline, io.cwd)!;
  const { createBaseline, writeBaseline } = loadBaselineModule();
  const previous = fresh ? undefined : readPreviousBaseline(file, io);
  const { report } = await scan({ dir: flags.dir, configPath: flags.config, profile: flags.profile, today: flags.today });
  const baseline = createBaseline(report, previous);
  writeBaseline(file, baseline);
  const count = report.findings.filter((f) => !f.suppressed).length;
  io.stderr(`license-risk: wrote ${path.relative(io.cwd, file) || file} with ${count} accepted finding${count === 1 ? '' : 's'}\n`);
  return 0;
}
