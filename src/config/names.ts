/**
 * Small config vocabulary shared by the CLI, the identifier and the validator. Kept apart from
 * `validate.ts` so a scan without a config file never loads the validator and what it needs.
 */

export const DISTRIBUTIONS = ['saas', 'distributed', 'library', 'internal', 'auto'];

export function isProfileName(name: string): boolean {
  const [distribution, modifier] = name.split(':');
  return DISTRIBUTIONS.includes(distribution) && (modifier === undefined || modifier === 'noncommercial' || modifier === 'commercial');
}

/** `@scope/name@^1.2` → {name: '@scope/name', range: '^1.2'}; no range → `*`. */
export function splitPackageSpec(spec: string): { name: string; range: string } {
  const at = spec.lastIndexOf('@');
  if (at <= 0) return { name: spec, range: '*' };
  return { name: spec.slice(0, at), range: spec.slice(at + 1) || '*' };
}
