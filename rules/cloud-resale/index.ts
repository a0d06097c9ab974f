import type { Component, Distribution, RuleContext, Trait } from '../../src/types';
import type { RiskRule } from '../../src/evaluate/rule-types';
import { matchesAnyPackage } from '../../src/evaluate/glob';
import { relicensingContext } from '../../src/evaluate/relicensing';
import {
  ALLOW_OPTION_SCHEMA,
  allowList,
  componentData,
  conversionSentence,
  hasTrait,
  isDevOnly,
  lowerSeverity,
  remedies,
  reportComponent,
  traitsOf,
} from '../../src/evaluate/rule-helpers';

/** Traits that restrict hosting or competing, most severe first. */
const TRAITS: Trait[] = ['no-managed-service', 'service-source-disclosure', 'no-competing-use'];

const MESSAGE_FOR: Record<string, string> = {
  'no-managed-service': 'managedService',
  'service-source-disclosure': 'serviceSourceDisclosure',
  'no-competing-use': 'competingUse',
};

const WHY: Record<Distribution, string> = {
  saas: 'you run software as a hosted service, which is exactly the use these terms restrict',
  distributed: 'customers who host what you ship as a service for others fall under the restriction, and so do you if you ever host it',
  library: 'every product built on your package inherits the restriction, so downstream teams cannot offer it as a service without a license',
  internal: 'internal use is allowed, so this matters only if the software ever becomes a service for others',
};

export const rule: RiskRule = {
  meta: {
    id: 'cloud-resale',
    docs: {
      description: 'Dependencies whose terms restrict offering them, or a product built on them, as a hosted or managed service, or competing with the licensor.',
      url: 'rules/cloud-resale/README.md',
    },
    defaultSeverity: { saas: 'error', distributed: 'warn', library: 'warn', internal: 'info' },
    commercialOnly: true,
    messages: {
      managedService:
        '{{package}}@{{version}} is licensed {{license}}, which forbids providing it to others as a hosted or managed service ({{clause}}). Under the {{profile}} profile {{why}}.{{conversionNote}} Fix: {{fix}}.',
      serviceSourceDisclosure:
        '{{package}}@{{version}} is licensed {{license}}: offering it as a service obliges you to release the source of everything used to run that service under the same license ({{clause}}), which in practice bars hosting it. Under the {{profile}} profile {{why}}.{{conversionNote}} Fix: {{fix}}.',
      competingUse:
        '{{package}}@{{version}} is licensed {{license}}, which forbids using it in a product or hosted offering that competes with its licensor ({{clause}}). Under the {{profile}} profile {{why}}.{{grantNote}}{{conversionNote}} Fix: {{fix}}.',
    },
    shortMessages: {
      managedService: '{{license}} forbids offering it to others as a hosted or managed service',
      serviceSourceDisclosure: '{{license}} — hosting it obliges you to publish your service\'s source',
      competingUse: '{{license}} forbids use in a product or service competing with its licensor',
    },
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        allow: ALLOW_OPTION_SCHEMA,
        narrowCompetingUse: {
          type: 'boolean',
          description: 'Lower a competing-use-only restriction (BSL Additional Use Grant, FSL) by one level, since it only bites if your product competes with the licensor.',
        },
      },
    },
    defaultOptions: { allow: [], narrowCompetingUse: true },
  },
  check(ctx: RuleContext): void {
    const allow = allowList(ctx.options);
    const narrow = ctx.options.narrowCompetingUse !== false;
    for (const component of ctx.project.components) {
      if (matchesAnyPackage(allow, component.name)) continue;
      const [trait] = traitsOf(component, TRAITS);
      if (!trait) continue;
      checkComponent(ctx, component, trait.trait, trait.clause, narrow);
    }
  },
};

function checkComponent(ctx: RuleContext, component: Component, trait: Trait, clause: string, narrow: boolean): void {
  const { project, profile } = ctx;
  const data = componentData(component, profile, project.today);
  data.trait = trait;
  data.clause = clause;
  const context = relicensingContext(component);
  data.why = WHY[profile.distribution];
  data.conversionNote = conversionSentence(component, project.today);
  data.fix = remedies({ fork: context.fork, pinBelow: context.pinBelow, lastOld: context.lastOld, licensor: data.licensor, devMove: !isDevOnly(component) && profile.distribution !== 'library' });
  data.grantNote = '';
  let severity = ctx.severity;
  // A restriction that only forbids competing with the licensor (a BSL grant allowing other
  // production use, the FSL) bites only if the product competes, so it is one level lower.
  const competingOnly = trait === 'no-competing-use' && !hasTrait(component, 'production-use-limited');
  if (competingOnly && narrow) {
    severity = lowerSeverity(severity);
    data.grantNote = data.additionalUseGrant
      ? ` Its Additional Use Grant allows other production use ("${truncate(data.additionalUseGrant, 160)}"), so this applies only if your product competes with the licensor.`
      : ' Other production use is allowed, so this applies only if your product competes with the licensor.';
  }
  if (isDevOnly(component)) severity = 'info';
  reportComponent(ctx, component, MESSAGE_FOR[trait], data, severity);
}

function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
