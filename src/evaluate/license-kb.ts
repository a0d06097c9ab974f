import type { LicenseInfo } from '../types';

/**
 * A read-only view of the classify stage's license knowledge base (category, traits,
 * OSI/FSF flags per id). Loaded lazily and defensively: the rules must still work, with less
 * detail, if the knowledge base cannot be loaded.
 */
type Lookup = (id: string) => LicenseInfo | undefined;

let lookup: Lookup | null | undefined;

function load(): Lookup | null {
  if (lookup !== undefined) return lookup;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const classify = require('../classify') as { getLicenseInfo?: Lookup };
    lookup = typeof classify.getLicenseInfo === 'function' ? classify.getLicenseInfo : null;
  } catch {
    lookup = null;
  }
  return lookup;
}

export function licenseInfo(id: string): LicenseInfo | undefined {
  const fn = load();
  if (!fn) return undefined;
  try {
    return fn(id) ?? undefined;
  } catch {
    return undefined;
  }
}

/** For tests: replace the knowledge base with a fixed table (null restores the real one). */
export function setLicenseLookupForTesting(fn: Lookup | null): void {
  lookup = fn === null ? undefined : fn;
}
