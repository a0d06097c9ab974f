import type { Component, Distribution, RuleContext, Severity, Trait } from '../../src/types';
import type { RiskRule } from '../../src/evaluate/rule-types';
import { matchesAnyPackage } from '../../src/evaluate/glob';
import { ALLOW_OPTION_SCHEMA, allowList, componentData, isDevOnly, lowerSeverity, reportComponent, traitsOf } from '../../src/evaluate/rule-helpers';

type Weight = 'full' | 'lower' | 'info' | 'skip';

/**
 * Which copyleft trigger matters for each distribution model, and how much:
 * network clauses bite when you host, distribution copyleft when you ship or publish,
 * file-level copyleft only for modified files you ship.
 */
const PLAN: Record<Distribution, { trait: Trait; messageId: string; weight: Weight }[]> = {
  saas: [
    { trait: 'service-source-disclosure', messageId: 'serviceSource', weight: 'full' },
    { trait: 'network-copyleft', messageId: 'networkCopyleft', weight: 'full' },
    { trait: 'copyleft-on-distribution', messageId: 'browserBundle', weight: 'info' },
  ],
  distributed: [
    { trait: 'service-source-disclosure', messageId: 'distributionCopyleft', weight: 'full' },
    { trait: 'network-copyleft', messageId: 'distributionCopyleft', weight: 'full' },
    { trait: 'copyleft-on-distribution', messageId: 'distributionCopyleft', weight: 'full' },
    { trait: 'file-level-copyleft', messageId: 'fileLevelCopyleft', weight: 'lower' },
  ],
  library: [
    { trait: 'service-source-disclosure', messageId: 'distributionCopyleft', weight: 'full' },
    { trait: 'network-copyleft', messageId: 'distributionCopyleft', weight: 'full' },
    { trait: 'copyleft-on-distribution', messageId: 'distributionCopyleft', weight: 'full' },
    { trait: 'file-level-copyleft', messageId: 'fileLevelCopyleft', weight: 'lower' },
  ],
  internal: [
    { trait: 'service-source-disclosure', messageId: 'networkCopyleftInternal', weight: 'info' },
    { trait: 'network-copyleft', messageId: 'networkCopyleftInternal', weight: 'info' },
  ],
};

const WHY: Record<Distribution, string> = {
  saas: 'you let users interact with software over a network',
  distributed: 'you ship it to customers, which is distribution',
  library: 'your package is redistributed by everyone who installs it, and its copyleft passes on to their products',
  internal: 'use inside your organisation is not distribution or a public service',
};

export const rule: RiskRule = {
  meta: {
    id: 'copyleft-obligation',
    docs: {
      description: 'Copyleft dependencies whose source-sharing obligations are triggered by the way you distribute or host (AGPL/SSPL network clauses, GPL, and file-level LGPL/MPL/EPL).',
      url: 'rules/copyleft-obligation/README.md',
    },
    defaultSeverity: { saas: 'error', distributed: 'error', library: 'error', internal: 'info' },
    messages: {
      networkCopyleft:
        '{{package}}@{{version}} is licensed {{license}} ({{clause}}): users who interact with a modified version over a network must be offered its complete corresponding source. Under the {{profile}} profile {{why}}. Ways to meet it: run it unmodified as a separate service and link its source, publish your modifications under {{license}}, buy a commercial license, or replace it.',
      serviceSource:
        '{{package}}@{{version}} is licensed {{license}} ({{clause}}): making its functionality available as a service obliges you to release the source of all software used to run the service (management, UI, monitoring, storage, hosting) under {{license}}. Under the {{profile}} profile {{why}}. Ways to meet it: keep it internal and not offered to third parties, buy a commercial license, or replace it (or use an open-source fork).',
      networkCopyleftInternal:
        '{{package}}@{{version}} is licensed {{license}} ({{clause}}). Under the {{profile}} profile {{why}}, so its network clause is not triggered; it would be if you exposed a modified version to people outside your organisation.',
      distributionCopyleft:
        '{{package}}@{{version}} is licensed {{license}} ({{clause}}): distributing it, or a work based on it, obliges you to provide the complete corresponding source of that work under {{license}}. Under the {{profile}} profile {{why}}. Ways to meet it: release the combined work under {{license}} with source, keep it a separate program that communicates at arm\'s length, buy a commercial license, or replace it.',
      fileLevelCopyleft:
        '{{package}}@{{version}} is licensed {{license}} ({{clause}}): files of it that you modify must stay under {{license}} with their source available, and its notices must be kept; using it unmodified is fine. Under the {{profile}} profile {{why}}. Keep your changes out of its files or publish them, and ship its license text.',
      browserBundle:
        '{{package}}@{{version}} is licensed {{license}} ({{clause}}). Hosting a service is not distribution, but code sent to browsers or apps is: if this package ends up in a frontend bundle, provide its source under {{license}} or keep it server-side.',
      devOnly:
        '{{package}}@{{version}} is licensed {{license}} ({{clause}}) but is a dev-only dependency, so it is neither shipped nor hosted; its copyleft is not triggered unless it ends up in what you ship.',
    },
    shortMessages: {
      networkCopyleft: '{{license}} — network users of a modified version must get its source',
      serviceSource: '{{license}} — a service offering it must publish all of its own source',
      networkCopyleftInternal: '{{license}} network clause not triggered by internal use',
      distributionCopyleft: '{{license}} — distributing it obliges you to release the combined work\'s source',
      fileLevelCopyleft: '{{license}} — modified files must keep this license and their source',
      browserBundle: '{{license}} — if bundled for browsers or apps, its source must be provided',
      devOnly: '{{license}} copyleft not triggered: dev-only dependency',
    },
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        allow: ALLOW_OPTION_SCHEMA,
        ignoreFileLevel: { type: 'boolean', description: 'Do not report file-level copyleft (LGPL, MPL, EPL).' },
      },
    },
    defaultOptions: { allow: [], ignoreFileLevel: false },
  },
  check(ctx: RuleContext): void {
    const allow = allowList(ctx.options);
    const plan = PLAN[ctx.profile.distribution].filter((p) => !(ctx.options.ignoreFileLevel === true && p.trait === 'file-level-copyleft'));
    for (const component of ctx.project.components) {
      if (matchesAnyPackage(allow, component.name)) continue;
      if (isDevOnly(component)) {
        const [t] = traitsOf(component, ['service-source-disclosure', 'network-copyleft', 'copyleft-on-distribution']);
        if (t) report(ctx, component, 'devOnly', t.clause, 'info');
        continue;
      }
      for (const step of plan) {
        const [t] = traitsOf(component, [step.trait]);
        if (!t) continue;
        const severity: Severity = step.weight === 'full' ? ctx.severity : step.weight === 'lower' ? lowerSeverity(ctx.severity) : 'info';
        report(ctx, component, step.messageId, t.clause, severity);
        break;
      }
    }
  },
};

function report(ctx: RuleContext, component: Component, messageId: string, clause: string, severity: Severity): void {
  const data = componentData(component, ctx.profile, ctx.project.today);
  data.clause = clause;
  data.why = WHY[ctx.profile.distribution];
  reportComponent(ctx, component, messageId, data, severity);
}
