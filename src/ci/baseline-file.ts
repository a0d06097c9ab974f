/**
 * The baseline's default file name, apart from `baseline.ts` so `check` can look for the file
 * without loading the baseline module (it loads only when a baseline exists).
 */
export const BASELINE_FILENAME = '.license-risk-baseline.json';
