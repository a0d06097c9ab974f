import type { Category, Component, Distribution, RuleContext, Severity } from '../../src/types';
import type { RiskRule } from '../../src/evaluate/rule-types';
import { matchesAnyPackage } from '../../src/evaluate/glob';
import { describeEvent, eventsForPackage, forkAdvice, isPastBoundary, pinAdvice, rangeAdmits, type RelicensingEvent } from '../../src/evaluate/relicensing';
import { ALLOW_OPTION_SCHEMA, allowList, componentData, isDevOnly, lowerSeverity, reportComponent } from '../../src/evaluate/rule-helpers';

const RESTRICTED: Category[] = ['source-available', 'noncommercial', 'proprietary', 'unknown'];

/** How much a move to `to` matters under each profile: restrictive terms always, copyleft when triggered. */
function weight(to: Category, d: Distribution): 'full' | 'lower' | 'info' {
  if (RESTRICTED.includes(to)) return 'full';
  if (to === 'network-copyleft') return d === 'saas' ? 'full' : d === 'internal' ? 'info' : 'lower';
  if (to === 'strong-copyleft') return d === 'distributed' || d === 'library' ? 'full' : 'info';
  return 'info';
}

export const rule: RiskRule = {
  meta: {
    id: 'relicense-risk',
    docs: {
      description: 'A declared version range that admits releases published after a known relicensing (e.g. ">=1.5.0" across Terraform 1.6.0), so the next install can silently change the terms; and, as an info, a BSL/FSL version that has converted to its Change License.',
      url: 'rules/relicense-risk/README.md',
    },
    defaultSeverity: { saas: 'error', distributed: 'error', library: 'error', internal: 'warn' },
    messages: {
      rangeAdmitsRelicensed:
        '{{package}} is requested as "{{requested}}", which admits versions released under {{to}}: {{event}}. Installed now: {{installed}}. Under the {{profile}} profile the new terms ({{toCategory}}) matter because {{why}}. Fix: pin below {{pinBelow}}{{lastOldNote}}{{forkNote}}, or accept the new terms with a config exception.',
      converted:
        '{{package}}@{{version}} was released under {{from}}, but it {{conversion}}: the {{from}} restrictions no longer apply to this version, and it is judged under {{license}} ({{category}}). No action needed; upgrading to a newer release may bring the {{from}} terms back.',
      rangeAdmitsRelicensedUnverified:
        '{{package}} is requested as "{{requested}}", which may admit versions released under {{to}}: {{event}} (version boundary not verified: {{notes}}). Installed now: {{installed}}. Fix: check the boundary, pin below it{{forkNote}}, or accept the new terms with a config exception.',
    },
    shortMessages: {
      rangeAdmitsRelicensed: 'range "{{requested}}" admits versions relicensed to {{to}}; pin below {{pinBelow}}',
      rangeAdmitsRelicensedUnverified: 'range "{{requested}}" may admit versions relicensed to {{to}}',
      converted: '{{from}} converted to {{license}} on {{changeDate}}',
    },
    schema: { type: 'object', additionalProperties: false, properties: { allow: ALLOW_OPTION_SCHEMA } },
    defaultOptions: { allow: [] },
  },
  check(ctx: RuleContext): void {
    const allow = allowList(ctx.options);
    for (const component of ctx.project.components) {
      // A BSL/FSL version past its conversion date (classify/conversion.ts): said once, here.
      if (component.license?.conversion?.state === 'converted' && !matchesAnyPackage(allow, component.name)) {
        const data = componentData(component, ctx.profile, ctx.project.today);
        data.from = component.license.conversion.from;
        reportComponent(ctx, component, 'converted', data, 'info');
      }
      if (typeof component.requested !== 'string' || matchesAnyPackage(allow, component.name)) continue;
      for (const event of eventsForPackage(component.ecosystem, component.name)) {
        if (event.kind !== 'restrictive') continue;
        // Versions already past the boundary are judged by the category rules, which name the event.
        if (isPastBoundary(component.version, event) === true) continue;
        const verdict = rangeAdmits(component.requested, event);
        if (verdict.admits !== true) continue;
        report(ctx, component, event, verdict.how);
      }
    }
  },
};

const WHY: Record<Distribution, string> = {
  saas: 'you host what you build',
  distributed: 'you ship what you build to customers',
  library: 'your consumers resolve this range themselves, so they can get the new terms even if you never do',
  internal: 'even internal use can be limited by the new terms',
};

function report(ctx: RuleContext, component: Component, event: RelicensingEvent, how: string): void {
  const d = ctx.profile.distribution;
  const data = componentData(component, ctx.profile, ctx.project.today);
  const { pinBelow, lastOld } = pinAdvice(event);
  const forks = forkAdvice(event, component.ecosystem);
  Object.assign(data, {
    requested: component.requested ?? '',
    installed: component.version || 'not resolved',
    event: describeEvent(event),
    eventId: event.id,
    from: event.from,
    to: event.to,
    toCategory: event.toCategory,
    relicensedRange: event.relicensedRange ?? '',
    pinBelow,
    lastOld,
    lastOldNote: lastOld ? ` (last version under ${event.from}: ${lastOld})` : '',
    forkNote: forks ? `, switch to the fork ${forks}` : '',
    source: event.sources[0] ?? '',
    how,
    why: WHY[d],
    notes: event.notes,
  });
  if (forks) data.fork = forks;
  const w = weight(event.toCategory, d);
  let severity: Severity = w === 'full' ? ctx.severity : w === 'lower' ? lowerSeverity(ctx.severity) : 'info';
  // Moving from one restrictive license to another changes little for a range that already had it.
  if (RESTRICTED.includes(event.fromCategory)) severity = lowerSeverity(severity);
  if (isDevOnly(component)) severity = 'info';
  reportComponent(ctx, component, event.verified ? 'rangeAdmitsRelicensed' : 'rangeAdmitsRelicensedUnverified', data, severity);
}
