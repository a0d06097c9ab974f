import { CATEGORY_ORDER } from '../../src/types';
import type { Category, Component, Distribution, ReportRuleContext, RuleContext, RuleVersionChange, Severity } from '../../src/types';
import type { RiskRule } from '../../src/evaluate/rule-types';
import { matchesAnyPackage } from '../../src/evaluate/glob';
import { describeEvent, eventsForPackage, forkAdvice, isPastBoundary, pinAdvice, rangeAdmits, type RelicensingEvent } from '../../src/evaluate/relicensing';
import { ALLOW_OPTION_SCHEMA, allowList, componentData, isDevOnly, lowerSeverity, reportComponent } from '../../src/evaluate/rule-helpers';
import { minSeverity } from '../../src/util/severity';

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
      changedBetweenVersions:
        '{{name}} {{fromVersion}} → {{toVersion}} changes its license from {{fromLicense}} ({{fromCategory}}) to {{license}} ({{toCategory}}){{viaNote}}{{eventNote}}{{verdict}}',
    },
    shortMessages: {
      rangeAdmitsRelicensed: 'range "{{requested}}" admits versions relicensed to {{to}}; pin below {{pinBelow}}',
      rangeAdmitsRelicensedUnverified: 'range "{{requested}}" may admit versions relicensed to {{to}}',
      changedBetweenVersions: '{{fromLicense}} in {{fromVersion}} → {{license}} ({{toCategory}}){{restrictiveNote}}',
      converted: '{{from}} converted to {{license}} on {{changeDate}}',
    },
    schema: { type: 'object', additionalProperties: false, properties: { allow: ALLOW_OPTION_SCHEMA } },
    defaultOptions: { allow: [] },
    // Its findings are about the relicensing: they say it themselves, no "History:" sentence.
    relicensingHistory: false,
  },
  /** A declared range that admits versions past a known relicensing. */
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
  /** `diff --base`: a dependency whose upgrade (or downgrade) changes its license. */
  checkReport(ctx: ReportRuleContext): void {
    const allow = allowList(ctx.options);
    for (const change of ctx.base?.versionChanges ?? []) {
      if (matchesAnyPackage(allow, change.to.name)) continue;
      reportVersionChange(ctx, change);
    }
  },
};

function rank(category: Category): number {
  return CATEGORY_ORDER.indexOf(category);
}

function reportVersionChange(ctx: ReportRuleContext, change: RuleVersionChange): void {
  const { from, to, event } = change;
  const expression = to.license.expression;
  const category = to.license.category;
  if (!from.expression || !expression) return;
  if (from.expression === expression && from.category === category) return;
  // Against an unidentified base license only the clearly restrictive categories count as worse.
  const riskier = category === 'unknown' ? false : from.category === 'unknown' ? rank(category) >= rank('source-available') : rank(category) > rank(from.category);
  // The rug pull: more restrictive terms on a shipped or hosted dependency of a commercial product.
  const blocking = ctx.profile.commercial && ctx.profile.distribution !== 'internal' && to.scope !== 'dev';
  const severity: Severity = riskier ? (blocking ? ctx.severity : minSeverity(ctx.severity, 'warn')) : 'info';
  const data: Record<string, string> = {
    name: to.name,
    fromVersion: from.version,
    toVersion: to.version,
    fromLicense: from.expression,
    license: expression,
    fromCategory: from.category,
    toCategory: category,
  };
  let eventNote = '';
  if (event) {
    if (event.date) data.relicensedOn = event.date;
    if (event.source) data.source = event.source;
    if (event.firstNew) data.pinBelow = event.firstNew;
    if (event.forks.length > 0) data.fork = event.forks.join(', ');
    const when = [event.firstNew ? `in ${event.firstNew}` : '', event.date ? `(${event.date})` : ''].filter(Boolean).join(' ');
    eventNote = `; relicensed${when ? ` ${when}` : ''}`;
    // Pinning advice only makes sense when the new terms are the worse ones.
    if (riskier && event.lastOld) eventNote += `. Stay on ${event.lastOld} or earlier`;
    if (riskier && event.forks.length > 0) eventNote += `${event.lastOld ? ', or' : '. Consider'} ${event.forks.join(' / ')}`;
  }
  ctx.report({
    messageId: 'changedBetweenVersions',
    data,
    messageData: {
      viaNote: from.via ? ` [${from.version} per the ${from.via}]` : '',
      eventNote,
      verdict: riskier ? '. The new terms are more restrictive for this profile.' : '.',
      restrictiveNote: riskier ? ', more restrictive' : '',
    },
    component: to,
    location: to.location,
    severity,
  });
}

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
