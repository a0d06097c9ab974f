import type { Distribution, RuleContext } from '../../src/types';
import type { RiskRule } from '../../src/evaluate/rule-types';
import { matchesAnyPackage } from '../../src/evaluate/glob';
import { ALLOW_OPTION_SCHEMA, allowList, componentData, isDevOnly, reportComponent, traitsOf } from '../../src/evaluate/rule-helpers';

/**
 * Dependencies whose patent grant ends if you assert a patent against the licensor: Facebook's
 * "Additional Grant of Patent Rights" (the PATENTS file beside React's, Immutable's, Jest's BSD
 * license until 2017). The BSD copyright license stays; the patent license does not.
 */
const WHY: Record<Distribution, string> = {
  saas: 'if your company (or an affiliate) ever brings a patent claim against the licensor — about anything, not only this software — the patent license ends for the service you run',
  distributed: 'if your company (or an affiliate) ever brings a patent claim against the licensor — about anything — the patent license ends for every copy you have shipped, and your customers may be exposed too',
  library: 'the termination passes to everyone who builds on your package, and many legal teams refuse it for that reason',
  internal: 'it matters only if your organisation holds patents and might assert them against the licensor',
};

export const rule: RiskRule = {
  meta: {
    id: 'patent-termination',
    docs: {
      description: 'Dependencies whose patent grant terminates if you assert any patent against the licensor (Facebook\'s BSD + PATENTS).',
      url: 'rules/patent-termination/README.md',
    },
    defaultSeverity: { saas: 'warn', distributed: 'warn', library: 'warn', internal: 'info' },
    commercialOnly: true,
    messages: {
      patentTermination:
        '{{package}}@{{version}} is licensed {{license}}: its patent grant terminates if you bring any patent claim against the licensor ({{clause}}). Under the {{profile}} profile {{why}}. Fix: upgrade to a release without the PATENTS file (React 16+, Immutable 4+, Jest 22+ moved to plain MIT), or have legal accept the termination clause.',
    },
    shortMessages: {
      patentTermination: '{{license}} — the patent grant ends if you sue the licensor over any patent',
    },
    schema: { type: 'object', additionalProperties: false, properties: { allow: ALLOW_OPTION_SCHEMA } },
    defaultOptions: { allow: [] },
  },
  check(ctx: RuleContext): void {
    const allow = allowList(ctx.options);
    for (const component of ctx.project.components) {
      if (matchesAnyPackage(allow, component.name)) continue;
      const [trait] = traitsOf(component, ['patent-termination']);
      if (!trait) continue;
      const data = componentData(component, ctx.profile, ctx.project.today);
      data.clause = trait.clause;
      data.why = WHY[ctx.profile.distribution];
      reportComponent(ctx, component, 'patentTermination', data, isDevOnly(component) ? 'info' : ctx.severity);
    }
  },
};
