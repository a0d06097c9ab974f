/**
 * Small config vocabulary shared by the CLI, the identifier and the validator. Kept apart from
 * `validate.ts` so a scan without a config file never loads the validator and what it needs.
 */

import type { Distribution } from '../types';

export const DISTRIBUTIONS: readonly Distribution[] = ['saas', 'distributed', 'library', 'internal'];

export interface ProfileSpec {
  /** undefined or 'auto' → infer. */
  distribution?: Distribution | 'auto';
  commercial?: boolean;
}

/**
 * Parses a profile as given on the command line or in config: `saas`, `library:noncommercial`,
 * `auto`, `auto:commercial`, or `{ distribution, commercial }`. Returns an error string for
 * anything else (the CLI turns it into a usage error).
 */
export function parseProfileSpec(value: unknown): { ok: true; spec: ProfileSpec } | { ok: false; error: string } {
  const names = `${DISTRIBUTIONS.join(', ')} or auto`;
  if (value === undefined || value === null) return { ok: true, spec: {} };
  if (typeof value === 'string') {
    const [name, modifier, ...rest] = value.trim().toLowerCase().split(':');
    if (rest.length > 0) return { ok: false, error: `profile "${value}" has more than one ":" modifier` };
    if (name !== 'auto' && !DISTRIBUTIONS.includes(name as Distribution)) {
      return { ok: false, error: `unknown profile "${value}": expected ${names}, optionally followed by ":commercial" or ":noncommercial"` };
    }
    const spec: ProfileSpec = { distribution: name as Distribution | 'auto' };
    if (modifier !== undefined) {
      if (modifier === 'noncommercial' || modifier === 'non-commercial') spec.commercial = false;
      else if (modifier === 'commercial') spec.commercial = true;
      else return { ok: false, error: `unknown profile modifier ":${modifier}" in "${value}": expected ":commercial" or ":noncommercial"` };
    }
    return { ok: true, spec };
  }
  if (typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const unknownKeys = Object.keys(obj).filter((k) => k !== 'distribution' && k !== 'commercial');
    if (unknownKeys.length) return { ok: false, error: `profile has unknown key(s) ${unknownKeys.map((k) => `"${k}"`).join(', ')}: expected "distribution" and "commercial"` };
    const spec: ProfileSpec = {};
    if (obj.distribution !== undefined) {
      if (obj.distribution !== 'auto' && !DISTRIBUTIONS.includes(obj.distribution as Distribution)) {
        return { ok: false, error: `profile.distribution must be ${names}, got ${JSON.stringify(obj.distribution)}` };
      }
      spec.distribution = obj.distribution as Distribution | 'auto';
    }
    if (obj.commercial !== undefined) {
      if (typeof obj.commercial !== 'boolean') return { ok: false, error: `profile.commercial must be true or false, got ${JSON.stringify(obj.commercial)}` };
      spec.commercial = obj.commercial;
    }
    return { ok: true, spec };
  }
  return { ok: false, error: `profile must be a string or an object, got ${JSON.stringify(value)}` };
}

/**
 * Whether `--profile NAME` or a config's `"profile": "NAME"` is a profile: exactly what
 * `parseProfileSpec` accepts (`SaaS`, `saas:non-commercial`, `auto:commercial`), so the CLI, the
 * validator and the scan never disagree.
 */
export function isProfileName(name: string): boolean {
  return parseProfileSpec(name).ok;
}

/** `@scope/name@^1.2` → {name: '@scope/name', range: '^1.2'}; no range → `*`. */
export function splitPackageSpec(spec: string): { name: string; range: string } {
  const at = spec.lastIndexOf('@');
  if (at <= 0) return { name: spec, range: '*' };
  return { name: spec.slice(0, at), range: spec.slice(at + 1) || '*' };
}
