import type { Category, Component, RuleContext } from '../../src/types';
import { CATEGORY_ORDER } from '../../src/types';
import type { RiskRule } from '../../src/evaluate/rule-types';
import { alternatives, type LicenseTerm } from '../../src/evaluate/expression';
import { licenseInfo } from '../../src/evaluate/license-kb';
import { componentData, reportComponent } from '../../src/evaluate/rule-helpers';

/**
 * The team's own allow/deny list, cargo-deny style, from the config's `licenses` key (or the
 * rule's options): a component passes when one way of complying with its expression uses only
 * allowed licenses and no denied one. It runs beside the profile rules, which keep judging
 * what the terms mean for the business model.
 */

/** `category:permissive` or a license id (`MIT`, `LicenseRef-…`, `GPL-2.0-only WITH Classpath-exception-2.0`). */
export interface PolicyEntry {
  category?: Category;
  id?: string;
  exception?: string;
}

export function parsePolicyEntry(entry: string): PolicyEntry | null {
  const text = entry.trim();
  const category = /^category:(.+)$/i.exec(text);
  if (category) {
    const name = category[1].trim().toLowerCase() as Category;
    return CATEGORY_ORDER.includes(name) ? { category: name } : null;
  }
  const withException = /^(\S+)\s+WITH\s+(\S+)$/i.exec(text);
  if (withException) return { id: normaliseId(withException[1]), exception: withException[2] };
  if (/^[A-Za-z0-9.+:-]+$/.test(text)) return { id: normaliseId(text) };
  return null;
}

/** `GPL-2.0+` and `GPL-2.0-or-later` are one license, as the expression parser folds them. */
function normaliseId(id: string): string {
  return id.endsWith('+') && !/-or-later$/.test(id) ? `${id.slice(0, -1).replace(/-only$/, '')}-or-later` : id;
}

function entries(value: unknown): PolicyEntry[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => (typeof v === 'string' ? [parsePolicyEntry(v)].filter((e): e is PolicyEntry => !!e) : []));
}

function categoryOf(term: LicenseTerm, component: Component, single: boolean): Category {
  const known = licenseInfo(term.id)?.category;
  if (known) return known;
  // A LicenseRef- the knowledge base lacks: the component's own category is the term's when it is alone.
  return single ? (component.license?.category ?? 'unknown') : 'unknown';
}

function matches(list: PolicyEntry[], term: LicenseTerm, category: Category): boolean {
  return list.some((e) => (e.category ? e.category === category : e.id === term.id && (e.exception === undefined || e.exception === term.exception)));
}

function label(term: LicenseTerm): string {
  return term.exception ? `${term.id} WITH ${term.exception}` : term.id;
}

export const rule: RiskRule = {
  meta: {
    id: 'license-policy',
    docs: {
      description: 'Components whose license the configured allow list cannot satisfy, or that use a denied license or category.',
      url: 'rules/license-policy/README.md',
    },
    defaultSeverity: { saas: 'error', distributed: 'error', library: 'error', internal: 'error' },
    messages: {
      denied:
        '{{package}}@{{version}} is licensed {{license}}, and every way to comply with it uses {{denied}}, which the license policy denies ("licenses.deny"). Fix: replace the package, get it under other terms, or add an exception with the reason once reviewed.',
      notAllowed:
        '{{package}}@{{version}} is licensed {{license}}, which the license policy does not allow: {{notAllowed}} {{isAre}} not in "licenses.allow". Fix: have the license reviewed and add it to "licenses.allow", replace the package, or add an exception with the reason.',
      unidentified:
        '{{package}}@{{version}} has no identified license, so the license policy cannot be satisfied ("licenses.allow" is set). Fix: find its license and add an override in config ("overrides"), or replace the package.',
      lowConfidence:
        '{{package}}@{{version}} was identified as {{license}} with confidence {{confidence}}, below the license policy\'s {{minConfidence}} ("licenses.confidence"). Fix: confirm the license text and add an override in config, or lower the threshold.',
    },
    shortMessages: {
      denied: '{{license}} uses {{denied}}, denied by the license policy',
      notAllowed: '{{license}}: {{notAllowed}} not in licenses.allow',
      unidentified: 'no identified license; the license policy cannot be satisfied',
      lowConfidence: '{{license}} identified with confidence {{confidence}}, below the policy\'s {{minConfidence}}',
    },
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        allow: { type: 'array', items: { type: 'string' }, description: 'License ids or `category:<name>` that are acceptable; when set, anything else is reported.' },
        deny: { type: 'array', items: { type: 'string' }, description: 'License ids or `category:<name>` that are never acceptable.' },
        confidence: { type: 'number', minimum: 0, maximum: 1, description: 'Identifications below this confidence do not satisfy the policy.' },
      },
    },
    defaultOptions: {},
  },
  check(ctx: RuleContext): void {
    // The config's top-level `licenses` policy beats the rule's own options, key by key.
    const policy: Record<string, unknown> = { ...ctx.options, ...(ctx.settings.licenses && typeof ctx.settings.licenses === 'object' ? ctx.settings.licenses : {}) };
    const allow = entries(policy.allow);
    const deny = entries(policy.deny);
    const minConfidence = typeof policy.confidence === 'number' ? policy.confidence : undefined;
    if (allow.length === 0 && deny.length === 0 && minConfidence === undefined) return;
    for (const component of ctx.project.components) {
      const license = component.license;
      // Built only for a finding: most components get none, and this runs for each of them.
      const data = (): Record<string, string> => componentData(component, ctx.profile, ctx.project.today);
      // An override is the team's own decision: the policy judges the expression it set, whatever the confidence.
      const overridden = license?.source === 'override';
      if (!license?.expression) {
        if (allow.length) reportComponent(ctx, component, 'unidentified', data());
        continue;
      }
      const ways = alternatives(license.expression);
      if (ways.length === 0) {
        if (allow.length) reportComponent(ctx, component, 'unidentified', data());
        continue;
      }
      const single = ways.length === 1 && ways[0].length === 1;
      const judged = ways.map((terms) => {
        const denied = terms.filter((t) => matches(deny, t, categoryOf(t, component, single)));
        const notAllowed = allow.length ? terms.filter((t) => !matches(allow, t, categoryOf(t, component, single))) : [];
        return { terms, denied, notAllowed };
      });
      if (judged.some((j) => j.denied.length === 0 && j.notAllowed.length === 0)) {
        if (!overridden && minConfidence !== undefined && license.confidence < minConfidence) {
          reportComponent(ctx, component, 'lowConfidence', { ...data(), confidence: license.confidence.toFixed(2), minConfidence: String(minConfidence) });
        }
        continue;
      }
      if (judged.every((j) => j.denied.length > 0)) {
        const denied = [...new Set(judged.flatMap((j) => j.denied.map(label)))].sort();
        reportComponent(ctx, component, 'denied', { ...data(), denied: denied.join(', ') });
        continue;
      }
      // The closest way to comply: fewest licenses outside the allow list, among those denying nothing.
      const best = judged.filter((j) => j.denied.length === 0).sort((a, b) => a.notAllowed.length - b.notAllowed.length)[0];
      const notAllowed = [...new Set(best.notAllowed.map(label))].sort();
      reportComponent(ctx, component, 'notAllowed', { ...data(), notAllowed: notAllowed.join(', '), isAre: notAllowed.length === 1 ? 'is' : 'are' });
    }
  },
};
