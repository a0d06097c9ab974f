import type { Component, Distribution, ModelFacts, RuleContext, Severity, Trait, TraitInstance } from '../../src/types';
import type { RiskRule } from '../../src/evaluate/rule-types';
import { matchesAnyPackage } from '../../src/evaluate/glob';
import { ALLOW_OPTION_SCHEMA, allowList, componentData, reportComponent } from '../../src/evaluate/rule-helpers';
import { leaves, parseExpression } from '../../src/classify/expression';
import { isModelLicenseId } from '../../src/classify/models';

/**
 * The duties an AI model's license puts on the product that uses it, for the profile: what to
 * show, pass on and ship (Llama's "Built with Llama", an Acceptable Use Policy passed to your
 * users, a Notice file), the limits to know (a monthly-active-user cap, no training of other
 * models on its outputs, territories excluded), and a derived model whose card drops its base
 * model's license. Traits come from data/licenses/models.json.
 */

type Duty = 'displayAttribution' | 'usePolicy' | 'noticeFile' | 'derivativeNaming' | 'userCap' | 'noTraining' | 'territory';

/** Which profiles each duty applies to, and whether it is an action (rule severity) or a fact to know (info). */
const DUTIES: { duty: Duty; trait: Trait; profiles: Distribution[]; level: 'rule' | 'info'; modelsOnly?: boolean; derivedOnly?: boolean }[] = [
  { duty: 'territory', trait: 'territory-restricted', profiles: ['saas', 'distributed', 'library', 'internal'], level: 'rule' },
  { duty: 'usePolicy', trait: 'use-policy', profiles: ['saas', 'distributed', 'library', 'internal'], level: 'rule' },
  { duty: 'displayAttribution', trait: 'display-attribution', profiles: ['saas', 'distributed', 'library'], level: 'rule' },
  // The notice goes with copies you distribute; a hosted service hands out no copy.
  { duty: 'noticeFile', trait: 'attribution', profiles: ['distributed', 'library'], level: 'rule', modelsOnly: true },
  { duty: 'derivativeNaming', trait: 'derivative-naming', profiles: ['saas', 'distributed', 'library'], level: 'rule', derivedOnly: true },
  { duty: 'userCap', trait: 'user-cap', profiles: ['saas', 'distributed', 'library', 'internal'], level: 'info' },
  { duty: 'noTraining', trait: 'no-training-other-models', profiles: ['saas', 'distributed', 'library', 'internal'], level: 'info' },
];

const USE_POLICY_WHY: Record<Distribution, string> = {
  saas: 'your users reach the model through your service, so your terms of service must carry its use restrictions and you must enforce them',
  distributed: 'you hand the model (or a product containing it) to customers, so your license terms must carry its use restrictions as an enforceable provision, with notice to them',
  library: 'whoever builds on your package inherits the model, so pass the use restrictions and the license text on with it',
  internal: 'your own use must stay within the policy',
};

function isModel(c: Component): boolean {
  return c.ecosystem === 'huggingface';
}

/**
 * A derived model (fine-tune, adapter, quantisation: its card names base models) that the
 * checkout itself holds. One downloaded from the Hub into the cache, or only named in code, is
 * its publisher's derivative: the duties of whoever creates a derived model are theirs.
 */
function isOwnDerived(c: Component): boolean {
  return !!c.model && c.model.baseModels.length > 0 && (c.model.origin === 'folder' || c.model.origin === 'gguf');
}

function ids(expression: string): Set<string> {
  const parsed = parseExpression(expression);
  return new Set(parsed.ok ? leaves(parsed.node).map((l) => l.license) : [expression]);
}

/** Base licenses the model's own card leaves out, nearest base first. */
export function droppedBaseLicenses(model: ModelFacts): { model: string; license: string; via: string }[] {
  const declared = model.cardLicense ? ids(model.cardLicense) : new Set<string>();
  const out: { model: string; license: string; via: string }[] = [];
  for (const step of model.lineage ?? []) {
    if (!step.license) continue;
    if ([...ids(step.license)].every((id) => declared.has(id))) continue;
    if (out.some((o) => o.license === step.license)) continue;
    out.push({ model: step.model, license: step.license, via: step.via });
  }
  return out;
}

export const rule: RiskRule = {
  meta: {
    id: 'model-terms',
    docs: {
      description: "Duties an AI model's license puts on your product (attribution, use policy passed on, notice file, user cap), and derived models whose card drops the base model's license.",
      url: 'rules/model-terms/README.md',
    },
    defaultSeverity: { saas: 'warn', distributed: 'warn', library: 'warn', internal: 'info' },
    messages: {
      displayAttribution: '{{package}} is under {{license}}, which asks products that use it to show an attribution: {{clause}}. Under the {{profile}} profile you make it available to others. Fix: show it on your website, about page, UI or product documentation.',
      usePolicy: '{{package}} is under {{license}}, which binds its use to a use policy: {{clause}}. Under the {{profile}} profile {{why}}. Fix: {{fix}}.',
      noticeFile: '{{package}} is under {{license}}, which asks every copy you distribute to carry its notices: {{clause}}. Under the {{profile}} profile you ship copies. Fix: ship the license text and a Notice file with the model.',
      derivativeNaming: '{{package}} is derived from a model under {{license}}, which sets how derived models are named: {{clause}}. Under the {{profile}} profile you make it available. Fix: name the model as the license requires before publishing or serving it.',
      userCap: '{{package}} is under {{license}}, free only up to {{limit}} monthly active users: {{clause}}. Above that you need a license from the licensor. Fix: record your user numbers; ask the licensor before you cross the cap.',
      noTraining: "{{package}} is under {{license}}, which limits training other models on it or on its outputs: {{clause}}. Fix: keep its outputs out of datasets for other models, or name the result as the license requires.",
      territory: '{{package}} is under {{license}}, which withholds rights in some territories: {{clause}}. Fix: check where your company and your users are before you ship or serve it there.',
      baseLicenseDropped:
        "{{package}}'s model card declares {{cardLicense}}, but it is derived from {{base}}, whose license {{baseLicense}} still binds it ({{via}}). Fix: declare the base model's license in the card (`license: other` with `license_name`), keep its license text and notices with the model, and follow its terms.",
    },
    shortMessages: {
      displayAttribution: '{{license}} asks products that use it to show an attribution',
      usePolicy: '{{license}} binds its use to a use policy',
      noticeFile: '{{license}} asks every copy you distribute to carry its notices',
      derivativeNaming: '{{license}} sets how models derived from it are named',
      userCap: '{{license}} is free only up to {{limit}} monthly active users',
      noTraining: '{{license}} limits training other models on it or on its outputs',
      territory: '{{license}} withholds rights in some territories',
      baseLicenseDropped: 'card declares {{cardLicense}}, but base model {{base}} binds it to {{baseLicense}}',
    },
    schema: { type: 'object', additionalProperties: false, properties: { allow: ALLOW_OPTION_SCHEMA } },
    defaultOptions: { allow: [] },
  },
  check(ctx: RuleContext): void {
    const allow = allowList(ctx.options);
    const d = ctx.profile.distribution;
    for (const component of ctx.project.components) {
      if (matchesAnyPackage(allow, component.name)) continue;
      const traits = component.license?.traits ?? [];
      for (const spec of DUTIES) {
        if (!spec.profiles.includes(d)) continue;
        if (spec.modelsOnly && !isModel(component)) continue;
        if (spec.derivedOnly && !isOwnDerived(component)) continue;
        const t = firstTrait(traits, spec.trait, spec.modelsOnly);
        if (!t) continue;
        if (t.derivedOnly && !isOwnDerived(component)) continue;
        if (spec.duty === 'derivativeNaming' && namedAsRequired(component.name, t.clause)) continue;
        const data = componentData(component, ctx.profile, ctx.project.today);
        data.license = t.license;
        data.clause = t.clause;
        data.trait = t.trait;
        data.limit = t.limit !== undefined ? groupThousands(t.limit) : 'the stated number of';
        if (spec.duty === 'usePolicy') {
          data.why = USE_POLICY_WHY[d];
          data.fix = d === 'internal' ? 'check your use cases against the policy' : 'put the use restrictions in your terms, give users notice of them, and keep the policy with any copy you ship';
        }
        const severity: Severity = spec.level === 'info' ? 'info' : ctx.severity;
        reportComponent(ctx, component, spec.duty, data, severity);
      }
      if (component.model) {
        for (const dropped of droppedBaseLicenses(component.model)) {
          const data = componentData(component, ctx.profile, ctx.project.today);
          data.cardLicense = component.model.cardLicense ?? 'no license';
          data.base = dropped.model;
          data.baseLicense = dropped.license;
          data.via = dropped.via;
          reportComponent(ctx, component, 'baseLicenseDropped', data);
        }
      }
    }
  },
};

/**
 * The trait as the first license of the expression gives it. `attribution` is every license's
 * (MIT's too): for the Notice-file duty only the model licenses' own clauses count.
 */
function firstTrait(traits: readonly TraitInstance[], trait: Trait, modelsOnly?: boolean): TraitInstance | undefined {
  return traits.find((t) => t.trait === trait && (!modelsOnly || trait !== 'attribution' || isModelLicenseId(t.license)));
}

/** 700000000 → "700,000,000", the same on every machine (no locale). */
function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Whether a derived model's name already starts with the name its base license requires
 * (the clause quotes it: include "Llama" at the beginning of any such AI model name).
 */
function namedAsRequired(modelName: string, clause: string): boolean {
  const required = /include ["“]([^"”]+)["”] at the beginning/.exec(clause)?.[1];
  if (!required) return false;
  const own = modelName.slice(modelName.lastIndexOf('/') + 1).replace(/[-_]+/g, ' ').toLowerCase();
  return own.startsWith(required.toLowerCase());
}
