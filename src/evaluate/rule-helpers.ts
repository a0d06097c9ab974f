import type { ClassifiedLicense, Component, Profile, RuleContext, Severity, Trait, TraitInstance } from '../types';
import { lowerSeverity, minSeverity } from '../util/severity';
import { licenseIdFromPhrase } from './expression';
import { changeDateBound } from '../classify/conversion';


export interface Conversion {
  /** `future`: a dated Change Date still ahead; `passed`: already reached; `unknown`: not a date. */
  state: 'none' | 'future' | 'passed' | 'unknown';
  /** Human text, e.g. "becomes Apache-2.0 on 2029-05-01"; '' when state is none. */
  text: string;
  changeDate?: string;
  changeLicense?: string;
}

/**
 * What a converting license (BSL Change Date, FSL future license) turns into and when, read
 * from the identified parameters and the `converts-later` trait.
 */
export function conversionOf(license: ClassifiedLicense | undefined, today: string): Conversion {
  if (!license) return { state: 'none', text: '' };
  // Decided by classify (classify/conversion.ts) against the run's date and the release date.
  const decided = license.conversion;
  if (decided) {
    const target = decided.to ?? 'its Change License';
    const dated = decided.date ? { changeDate: decided.date } : {};
    const named = decided.to ? { changeLicense: decided.to } : {};
    if (decided.state === 'converted') return { state: 'passed', text: `converted to ${target} on ${decided.date} (${decided.basis})`, ...dated, ...named };
    if (decided.state === 'pending' && decided.date) return { state: decided.date <= today ? 'passed' : 'future', text: `becomes ${target} on ${decided.date} (${decided.basis})`, ...dated, ...named };
    return { state: 'unknown', text: `becomes ${target} ${decided.basis} (release date unknown)`, ...named };
  }
  const params = license.parameters ?? {};
  const changeLicense = params.changeLicense ?? params.futureLicense;
  const changeDate = params.changeDate;
  const trait = license.traits.find((t) => t.trait === 'converts-later');
  // Name the Change License by its SPDX id when the prose maps to one ("Apache License, Version 2.0").
  const target = changeLicense ? (licenseIdFromPhrase(changeLicense) ?? changeLicense) : 'its Change License';
  const bound = changeDate ? changeDateBound(changeDate) : null;
  if (changeDate && bound) {
    if (bound.date <= today) {
      const when = bound.exact ? bound.date : `("${changeDate}") fell on ${bound.date} at the latest`;
      return {
        state: 'passed',
        text: `its Change Date ${when} has passed, so this version is now available under ${target}`,
        changeDate: bound.date,
        changeLicense,
      };
    }
    if (bound.exact) return { state: 'future', text: `becomes ${target} on ${bound.date}`, changeDate: bound.date, changeLicense };
    return { state: 'future', text: `becomes ${target} on ${bound.date} at the latest ("${changeDate}")`, changeDate: bound.date, changeLicense };
  }
  if (changeDate) {
    return { state: 'unknown', text: `becomes ${target} per its Change Date ("${changeDate}")`, changeDate, changeLicense };
  }
  if (changeLicense) {
    return { state: 'unknown', text: `becomes ${target} later${trait ? ` (${trait.clause})` : ''}`, changeLicense };
  }
  if (trait) return { state: 'unknown', text: `converts later (${trait.clause})` };
  return { state: 'none', text: '' };
}

/** The license text a message should name: the option chosen for the profile, else the expression. */
export function licenseLabel(component: Component): string {
  const l = component.license;
  if (!l) return 'an unidentified license';
  return l.chosen ?? l.expression ?? (l.declared ? `"${l.declared}"` : 'an unidentified license');
}

/** Declared `UNLICENSED` (npm's "all rights reserved"): reported by unknown-license only. */
export function isUnlicensed(component: Component): boolean {
  const declared = component.license?.declared;
  if (typeof declared === 'string' && /^\s*unlicensed\s*$/i.test(declared)) return true;
  return (component.evidence ?? []).some((e) => (e.kind === 'declared' || e.kind === 'lockfile') && typeof e.value === 'string' && /^\s*unlicensed\s*$/i.test(e.value));
}

export function isDevOnly(component: Component): boolean {
  return component.scope === 'dev';
}

/** Trait instances of the component, in the order of `wanted` (the caller's priority). */
export function traitsOf(component: Component, wanted: readonly Trait[]): TraitInstance[] {
  const traits = component.license?.traits ?? [];
  const found: TraitInstance[] = [];
  // Indexed: every rule asks this of every component, mostly before the optimising compiler
  // has the function, and `for … of` allocates an iterator result at each step until then.
  for (let i = 0; i < wanted.length; i++) {
    for (let j = 0; j < traits.length; j++) if (traits[j].trait === wanted[i]) found.push(traits[j]);
  }
  return found;
}

export function hasTrait(component: Component, trait: Trait): boolean {
  return (component.license?.traits ?? []).some((t) => t.trait === trait);
}

export function profileLabel(profile: Profile): string {
  return `${profile.distribution}${profile.commercial ? '' : ', non-commercial'}`;
}

/** Fields every component finding carries, so formatters and baselines need not re-derive them. */
export function componentData(component: Component, profile: Profile, today: string): Record<string, string> {
  const data: Record<string, string> = {
    package: component.name,
    version: component.version || component.requested || '',
    license: licenseLabel(component),
    category: component.license?.category ?? 'unknown',
    scope: component.scope,
    profile: profileLabel(profile),
  };
  const via = component.paths?.[0];
  if (via && via.length > 1) data.path = via.join(' > ');
  const conversion = conversionOf(component.license, today);
  if (conversion.state !== 'none') {
    data.conversion = conversion.text;
    if (conversion.changeDate) data.changeDate = conversion.changeDate;
    if (conversion.changeLicense) data.changeLicense = conversion.changeLicense;
  }
  const grant = component.license?.parameters?.additionalUseGrant;
  if (grant) data.additionalUseGrant = grant;
  const licensor = component.license?.parameters?.licensor;
  if (licensor) data.licensor = licensor;
  return data;
}

/** " It becomes Apache-2.0 on 2029-05-01." or '' — appended to messages. */
export function conversionSentence(component: Component, today: string): string {
  const c = conversionOf(component.license, today);
  return c.state === 'none' ? '' : ` It ${c.text}.`;
}

/**
 * Reports a finding about a component at its location. `severity` is relative: it never
 * exceeds the rule's configured severity.
 */
export function reportComponent(
  ctx: RuleContext,
  component: Component,
  messageId: string,
  data: Record<string, string>,
  severity: Severity = ctx.severity,
): void {
  ctx.report({ messageId, data, component, location: component.location, severity: minSeverity(severity, ctx.severity) });
}

export { lowerSeverity };

/** A schema for the common `allow` option: package names or globs the rule skips. */
export const ALLOW_OPTION_SCHEMA = {
  type: 'array',
  items: { type: 'string', minLength: 1 },
  description: 'Package names or globs (`@scope/*`) this rule does not report.',
};

export function allowList(options: Record<string, unknown>): string[] {
  const v = options.allow;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * The standard remedies, in the order a team usually tries them, joined into one sentence.
 * `fork` comes from the relicensing knowledge base when the package has a known fork.
 */
export function remedies(parts: { fork?: string; pinBelow?: string; lastOld?: string; licensor?: string; devMove?: boolean; extra?: string[] }): string {
  const out: string[] = [];
  if (parts.pinBelow) out.push(`pin below ${parts.pinBelow}${parts.lastOld ? ` (e.g. ${parts.lastOld}, the last version under the old terms)` : ''}`);
  if (parts.fork) out.push(`switch to the fork ${parts.fork}`);
  out.push(parts.licensor ? `buy a commercial license from ${parts.licensor}` : 'buy a commercial license from the licensor');
  out.push(...(parts.extra ?? []));
  if (parts.devMove) out.push('make it a dev-only dependency if it is only a build/test tool');
  out.push('or add a config exception with the reason once reviewed');
  return out.join(', ');
}
