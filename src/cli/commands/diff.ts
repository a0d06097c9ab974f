import * as path from 'node:path';
import { runDiff } from '../../ci/diff';
import { checkCommonFlags, writeReport, type ScanFlags } from './check';
import type { CliIO } from '../io';
import { loadBaselineForCheck } from './baseline';
import { validateGitRef } from '../refs';

export async function runDiffCommand(flags: ScanFlags & { dir: string; base: string }, io: CliIO): Promise<number> {
  checkCommonFlags(flags);
  validateGitRef(flags.base, '--base');
  const { report, rules, config } = await runDiff({ dir: flags.dir, base: flags.base, configPath: flags.config, profile: flags.profile, today: flags.today });
  if (flags.format === 'html') {
    const { runFacts } = await import('../../report/run-facts');
    flags = { ...flags, run: await runFacts(path.resolve(io.cwd, flags.dir), [], flags.today ?? io.env.LICENSE_RISK_TODAY) };
  }
  return writeReport(loadBaselineForCheck(report, flags, io, config), rules, flags, io);
}
