import type { ClassifiedLicense } from '../types';

/**
 * One object per distinct license answer: the JSON text decides (every member is data; nothing
 * changes a component's license object in place, it is replaced). Report components then share
 * one report license per answer too (report/build.ts). Issue 20: a 160k-package lockfile held
 * 160k copies of one GPL-3.0-only answer, ~100 MB.
 */
export function internLicense(license: ClassifiedLicense, known: Map<string, ClassifiedLicense>): ClassifiedLicense {
  const key = JSON.stringify(license);
  const seen = known.get(key);
  if (seen) return seen;
  known.set(key, license);
  return license;
}
