import type { Category, RuleContext } from '../../src/types';
import type { RiskRule } from '../../src/evaluate/rule-types';
import { matchesAnyPackage } from '../../src/evaluate/glob';
import { alternatives, type LicenseTerm } from '../../src/evaluate/expression';
import { incompatiblePair, type IncompatiblePair } from '../../src/evaluate/compatibility';
import { ALLOW_OPTION_SCHEMA, allowList, componentData, lowerSeverity, reportComponent } from '../../src/evaluate/rule-helpers';

const OPEN: Category[] = ['public-domain', 'permissive', 'weak-copyleft', 'strong-copyleft', 'network-copyleft'];
const PERMISSIVE_OR_WEAK: Category[] = ['public-domain', 'permissive', 'weak-copyleft'];
const STRONG: Category[] = ['strong-copyleft', 'network-copyleft'];
const RESTRICTED: Category[] = ['source-available', 'noncommercial', 'proprietary'];

/** The project's own license expression and category, from the model. */
export function ownLicenseOf(ctx: RuleContext): { expression: string; category: Category } | null {
  const own = ctx.project.ownLicense;
  if (own?.expression) return { expression: own.expression, category: own.category };
  for (const entry of ctx.project.ownLicenses) {
    const expr = entry.classified?.expression ?? entry.identification.expression;
    if (expr) return { expression: expr, category: entry.classified?.category ?? 'unknown' };
  }
  return null;
}

/**
 * A known incompatible pair between the dependency and the project's license that holds for
 * every way of complying with both (an `OR` with a compatible option is no conflict).
 */
function findPairConflict(ownExpression: string, dependencyExpression: string): IncompatiblePair | undefined {
  const own = alternatives(ownExpression);
  const dep = alternatives(dependencyExpression);
  if (!own.length || !dep.length) return undefined;
  let witness: IncompatiblePair | undefined;
  const conflictIn = (ownAlt: LicenseTerm[], depAlt: LicenseTerm[]): IncompatiblePair | undefined => {
    for (const o of ownAlt) for (const d of depAlt) {
      if (d.exception) continue; // an exception (e.g. Classpath) usually exists to allow exactly this
      const pair = incompatiblePair(d.id, o.id);
      if (pair) return pair;
    }
    return undefined;
  };
  for (const ownAlt of own) {
    for (const depAlt of dep) {
      const pair = conflictIn(ownAlt, depAlt);
      if (!pair) return undefined;
      witness ??= pair;
    }
  }
  return witness;
}

export const rule: RiskRule = {
  meta: {
    id: 'outbound-compatibility',
    docs: {
      description: "Runtime dependencies whose licenses cannot be passed on under the project's own license when it is distributed or published.",
      url: 'rules/outbound-compatibility/README.md',
    },
    defaultSeverity: { saas: 'off', distributed: 'error', library: 'error', internal: 'off' },
    messages: {
      copyleftInPermissive:
        'Your project is licensed {{ownLicense}}, but it ships {{package}}@{{version}} under {{license}}: distributing the combination makes it subject to {{license}}, so people relying on your {{ownLicense}} terms would be misled. Under the {{profile}} profile the combination is distributed. Fix: replace the dependency, make it optional so users opt in, relicense your project compatibly, or buy a commercial license for it.',
      restrictedInOpen:
        'Your project is licensed {{ownLicense}}, but it depends at runtime on {{package}}@{{version}} under {{license}} ({{category}}), whose restrictions cannot be passed on under an open-source license: your users would not get the freedoms your license promises. Under the {{profile}} profile the combination is distributed. Fix: replace it (or use an open-source fork), make it an optional plugin, or state the extra terms clearly to your users.',
      incompatiblePair:
        'Your project is licensed {{ownLicense}}, but {{package}}@{{version}} is {{license}}: {{inbound}} code cannot be combined into a {{outbound}} work ({{reason}}; source: {{source}}). Under the {{profile}} profile the combination is distributed. Fix: replace the dependency, or relicense your project so the two are compatible (e.g. "or later" versions).',
    },
    shortMessages: {
      copyleftInPermissive: '{{license}} makes your {{ownLicense}} project\'s distribution subject to it',
      restrictedInOpen: '{{license}} restrictions cannot be passed on under your {{ownLicense}}',
      incompatiblePair: '{{license}} cannot be combined into your {{ownLicense}} work',
    },
    schema: { type: 'object', additionalProperties: false, properties: { allow: ALLOW_OPTION_SCHEMA } },
    defaultOptions: { allow: [] },
  },
  check(ctx: RuleContext): void {
    const own = ownLicenseOf(ctx);
    if (!own || !OPEN.includes(own.category)) return;
    const allow = allowList(ctx.options);
    for (const component of ctx.project.components) {
      if (component.scope === 'dev' || matchesAnyPackage(allow, component.name)) continue;
      if (!component.license?.expression) continue;
      // A BSL version past its Change Date is already classified as its Change License (classify/conversion.ts).
      const license = { expression: component.license.chosen ?? component.license.expression, category: component.license.category };
      const data = componentData(component, ctx.profile, ctx.project.today);
      data.ownLicense = own.expression;
      // A peer dependency is installed by the consumer, who chooses it: one level lower.
      const severity = component.scope === 'peer' ? lowerSeverity(ctx.severity) : ctx.severity;
      if (RESTRICTED.includes(license.category)) {
        reportComponent(ctx, component, 'restrictedInOpen', data, severity);
        continue;
      }
      if (PERMISSIVE_OR_WEAK.includes(own.category) && STRONG.includes(license.category)) {
        reportComponent(ctx, component, 'copyleftInPermissive', data, severity);
        continue;
      }
      const pair = findPairConflict(own.expression, license.expression);
      if (pair) {
        Object.assign(data, { inbound: pair.inbound, outbound: pair.outbound, reason: pair.reason, source: pair.source });
        reportComponent(ctx, component, 'incompatiblePair', data, severity);
      }
    }
  },
};
