import type { Component, Distribution, Profile, RuleContext, Severity, Trait } from '../../src/types';
import type { RiskRule } from '../../src/evaluate/rule-types';
import { matchesAnyPackage } from '../../src/evaluate/glob';
import { relicensingContext } from '../../src/evaluate/relicensing';
import {
  ALLOW_OPTION_SCHEMA,
  allowList,
  componentData,
  conversionSentence,
  isDevOnly,
  isUnlicensed,
  lowerSeverity,
  remedies,
  reportComponent,
  traitsOf,
} from '../../src/evaluate/rule-helpers';

/** Commercial restrictions, most severe first; one finding per component, for the first that applies. */
const TRAITS: Trait[] = ['noncommercial-only', 'proprietary', 'internal-use-only', 'production-use-limited', 'no-sale', 'size-limited'];

const MESSAGE_FOR: Record<string, string> = {
  'noncommercial-only': 'noncommercial',
  proprietary: 'proprietary',
  'internal-use-only': 'internalUseOnly',
  'production-use-limited': 'productionUseLimited',
  'no-sale': 'noSale',
  'size-limited': 'sizeLimited',
};

/** 'full' = the rule's severity, 'lower' = one level below, 'info', or 'skip' (allowed). */
type Weight = 'full' | 'lower' | 'info' | 'skip';

function weight(trait: Trait, profile: Profile, devOnly: boolean): Weight {
  const d: Distribution = profile.distribution;
  switch (trait) {
    case 'noncommercial-only':
      return profile.commercial ? 'full' : 'skip';
    case 'proprietary':
      return 'full';
    case 'internal-use-only':
      if (d === 'internal' || devOnly) return 'skip';
      return profile.commercial ? 'full' : 'lower';
    case 'production-use-limited':
      return devOnly ? 'info' : 'full';
    case 'no-sale':
      if (!profile.commercial) return 'skip';
      if (d === 'internal' || devOnly) return 'info';
      return d === 'library' ? 'lower' : 'full';
    case 'size-limited':
      return 'lower';
    default:
      return 'skip';
  }
}

const WHY: Record<string, (p: Profile) => string> = {
  'noncommercial-only': () => 'any use by or for a business counts as commercial, whatever the distribution model',
  proprietary: () => 'proprietary terms need a separate agreement with the vendor before any use',
  'internal-use-only': (p) =>
    p.distribution === 'saas'
      ? 'hosting it for others is not internal use'
      : p.distribution === 'library'
        ? 'your users would be redistributing it, which is not internal use'
        : 'shipping it to customers is not internal use',
  'production-use-limited': () => 'production use beyond the license grant needs a commercial license until the Change Date',
  'no-sale': (p) =>
    p.distribution === 'library'
      ? 'anyone who sells a product built on your package would breach it'
      : p.distribution === 'internal'
        ? 'internal use is not a sale, so this matters only if the software is ever sold'
        : 'selling a product or service whose value derives substantially from it is forbidden',
  'size-limited': () => 'the free grant ends once your organisation passes the size/revenue threshold',
};

export const rule: RiskRule = {
  meta: {
    id: 'commercial-use',
    docs: {
      description: 'Dependencies whose terms ban sale, commercial use, production use or use beyond a company size, or that are proprietary.',
      url: 'rules/commercial-use/README.md',
    },
    defaultSeverity: { saas: 'error', distributed: 'error', library: 'error', internal: 'error' },
    commercialOnly: true,
    messages: {
      noncommercial:
        '{{package}}@{{version}} is licensed {{license}}, which allows only non-commercial use ({{clause}}). Under the {{profile}} profile {{why}}.{{conversionNote}} Fix: {{fix}}.',
      proprietary: '{{package}}@{{version}} is under proprietary terms ({{license}}: {{clause}}). Under the {{profile}} profile {{why}}. Fix: {{fix}}.',
      internalUseOnly:
        '{{package}}@{{version}} is licensed {{license}}, which allows only internal business or personal use ({{clause}}). Under the {{profile}} profile {{why}}.{{conversionNote}} Fix: {{fix}}.',
      productionUseLimited:
        '{{package}}@{{version}} is licensed {{license}}, which limits production use ({{clause}}). Under the {{profile}} profile {{why}}.{{grantNote}}{{conversionNote}} Fix: {{fix}}.',
      noSale:
        '{{package}}@{{version}} is licensed {{license}}, which forbids selling it or a product whose value derives substantially from it ({{clause}}). Under the {{profile}} profile {{why}}.{{conversionNote}} Fix: {{fix}}.',
      sizeLimited:
        '{{package}}@{{version}} is licensed {{license}}, which is free only below a size or revenue threshold ({{clause}}). Under the {{profile}} profile {{why}}. Fix: confirm you are below the threshold and record it as a config exception, or {{fix}}.',
    },
    shortMessages: {
      noncommercial: '{{license}} allows non-commercial use only',
      proprietary: 'proprietary terms ({{license}}): you need a license from its owner',
      internalUseOnly: '{{license}} allows internal business or personal use only',
      productionUseLimited: '{{license}} limits production use',
      noSale: '{{license}} forbids selling it or a product whose value derives from it',
      sizeLimited: '{{license}} is free only below a size or revenue threshold',
    },
    schema: { type: 'object', additionalProperties: false, properties: { allow: ALLOW_OPTION_SCHEMA } },
    defaultOptions: { allow: [] },
  },
  check(ctx: RuleContext): void {
    const allow = allowList(ctx.options);
    for (const component of ctx.project.components) {
      if (matchesAnyPackage(allow, component.name)) continue;
      for (const t of traitsOf(component, TRAITS)) {
        // UNLICENSED is "no license at all", which unknown-license reports.
        if (t.trait === 'proprietary' && isUnlicensed(component)) continue;
        const w = weight(t.trait, ctx.profile, isDevOnly(component));
        if (w === 'skip') continue;
        report(ctx, component, t.trait, t.clause, w);
        break;
      }
    }
  },
};

function report(ctx: RuleContext, component: Component, trait: Trait, clause: string, w: Weight): void {
  const { profile, project } = ctx;
  const data = componentData(component, profile, project.today);
  data.trait = trait;
  data.clause = clause;
  const context = relicensingContext(component);
  data.why = WHY[trait](profile);
  data.conversionNote = conversionSentence(component, project.today);
  data.grantNote = data.additionalUseGrant ? ` Its Additional Use Grant reads: "${data.additionalUseGrant.replace(/\s+/g, ' ').slice(0, 200)}".` : '';
  data.fix = remedies({
    fork: context.fork,
    pinBelow: context.pinBelow,
    lastOld: context.lastOld,
    licensor: data.licensor,
    devMove: !isDevOnly(component),
    extra: trait === 'noncommercial-only' || trait === 'proprietary' ? ['replace it with an open-source alternative'] : [],
  });
  const severity: Severity = w === 'full' ? ctx.severity : w === 'lower' ? lowerSeverity(ctx.severity) : 'info';
  reportComponent(ctx, component, MESSAGE_FOR[trait], data, severity);
}
