import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Report } from '../../types';
import { scan } from '../../pipeline';
import { todayUtc } from '../../util/date';
import { checkCommonFlags } from '../common-flags';
import type { CliIO } from '../io';
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
 * one simply may not exist yet.
 */
export function loadBaselineForCheck(
  report: Report,
  flags: { dir: string; baseline?: string | boolean; today?: string },
  io: CliIO,
): Report {
  const file = baselinePath(flags.dir, flags.baseline, io.cwd);
  if (!file) return report;
  const named = typeof flags.baseline === 'string' && flags.baseline !== '';
  // The default file simply may not exist yet; a named one must (readBaseline says so).
  if (!named && !fs.existsSync(file)) return report;
  const scannedRoot = path.resolve(io.cwd, flags.dir);
  const relFile = path.relative(scannedRoot, file).split(path.sep).join('/');
  const { applyBaseline, readBaseline } = loadBaselineModule();
  return applyBaseline(report, readBaseline(file), flags.today ?? todayUtc(), { file: relFile });
}

export async function runBaselineCommand(
  flags: { dir: string; profile?: string; config?: string; baseline?: string; today?: string },
  io: CliIO,
): Promise<number> {
  checkCommonFlags({ format: 'json', profile: flags.profile, today: flags.today });
  const file = baselinePath(flags.dir, flags.baseline, io.cwd)!;
  const { createBaseline, readBaseline, writeBaseline } = loadBaselineModule();
  // Read the old file first: a corrupted one is fatal before anything is written.
  const previous = fs.existsSync(file) ? readBaseline(file) : undefined;
  const { report } = await scan({ dir: flags.dir, configPath: flags.config, profile: flags.profile, today: flags.today });
  const baseline = createBaseline(report, previous);
  writeBaseline(file, baseline);
  const count = report.findings.filter((f) => !f.suppressed).length;
  io.stderr(`license-risk: wrote ${path.relative(io.cwd, file) || file} with ${count} accepted finding${count === 1 ? '' : 's'}\n`);
  return 0;
}
