import { runDiff } from '../../ci/diff';
import { checkCommonFlags, writeReport, type ScanFlags } from './check';
import type { CliIO } from '../io';
import { loadBaselineForCheck } from './baseline';
import { validateGitRef } from '../refs';

export async function runDiffCommand(flags: ScanFlags & { base: string }, io: CliIO): Promise<number> {
  checkCommonFlags(flags);
  validateGitRef(flags.base, '--base');
  const { report, rules } = await runDiff({ dir: flags.dir, base: flags.base, configPath: flags.config, profile: flags.profile, today: flags.today });
  return writeReport(loadBaselineForCheck(report, flags, io), rules, flags, io);
}
