/** Flag checks shared by `check`, `diff` and `baseline` (apart from check.ts, which loads the baseline command: no cycle). */
import { FatalError } from '../errors';
import { FORMAT_NAMES } from '../report/formatters';
import { isProfileName } from '../config/names';
import { isIsoDate } from '../util/date';

export function checkCommonFlags(flags: { format: string; profile?: string; maxWarnings?: number; today?: string }): void {
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
