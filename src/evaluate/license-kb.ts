import type { LicenseInfo } from '../types';
import { getLicenseInfo } from '../classify/knowledge';

/**
 * A read-only view of the classify stage's license knowledge base (category, traits,
 * OSI/FSF flags per id) for the rules. Imported directly: a knowledge base that cannot be
 * loaded is fatal (exit 2), never a quieter scan.
 */
type Lookup = (id: string) => LicenseInfo | undefined;

let override: Lookup | null = null;

export function licenseInfo(id: string): LicenseInfo | undefined {
  return (override ?? getLicenseInfo)(id) ?? undefined;
}

/** For tests: replace the knowledge base with a fixed table (null restores the real one). */
export function setLicenseLookupForTesting(fn: Lookup | null): void {
  override = fn;
}
