/**
 * Calendar dates as the config, baselines, BSL Change Dates and `--today` write them:
 * `YYYY-MM-DD`, and a day that exists (`2026-02-30` is not a date, though `Date.parse` takes it).
 */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A string that passed `isIsoDate`; branded so that a failed check does not narrow a string to `never`. */
export type IsoDate = string & { readonly isoDate: true };

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  // A day past the month's end rolls over (02-30 → 03-02), so the round trip tells.
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** Today (UTC) as YYYY-MM-DD, or `LICENSE_RISK_TODAY` when it holds a date (reproducible reports). */
export function todayUtc(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.LICENSE_RISK_TODAY;
  if (isIsoDate(fromEnv)) return fromEnv;
  return new Date().toISOString().slice(0, 10);
}

/** `2024-02-29` + 2 years → `2026-02-28` (the anniversary of a leap day is the last day of February). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const candidate = `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isIsoDate(candidate) ? candidate : `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-28`;
}
