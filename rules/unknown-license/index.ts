import type { LicenseEvidence, RuleContext } from '../../src/types';
import type { RiskRule } from '../../src/evaluate/rule-types';
import { matchesAnyPackage } from '../../src/evaluate/glob';
import { installHintFor, NOT_INSTALLED_REASON } from '../../src/read/evidence-source';
import { ALLOW_OPTION_SCHEMA, allowList, componentData, isUnlicensed, lowerSeverity, reportComponent } from '../../src/evaluate/rule-helpers';

function describeEvidence(evidence: LicenseEvidence[]): string {
  const parts: string[] = [];
  for (const e of evidence) {
    if (e.kind === 'declared') parts.push(`${e.field} ${JSON.stringify(e.value)}`);
    else if (e.kind === 'lockfile') parts.push(`lockfile license ${JSON.stringify(e.value)}`);
    else if (e.kind === 'file') parts.push(`file ${e.file}`);
    else if (e.kind === 'text') parts.push(`license text at ${e.origin}`);
    else parts.push(`override ${JSON.stringify(e.value)}`);
  }
  return parts.join(', ');
}

export const rule: RiskRule = {
  meta: {
    id: 'unknown-license',
    docs: {
      description: 'Dependencies whose license is missing, unidentifiable, identified with low confidence, or UNLICENSED.',
      url: 'rules/unknown-license/README.md',
    },
    defaultSeverity: { saas: 'error', distributed: 'error', library: 'error', internal: 'warn' },
    messages: {
      noEvidence:
        '{{package}}@{{version}} could not be judged: no license evidence ({{reason}}). Fix: run `{{command}}` and scan again, or scan with --online; or add an override in config ("overrides").',
      noModelCard:
        '{{package}} is an AI model named in your code or config, but no model card was found for it (not in the checkout, not in the local Hugging Face cache), so its terms are unknown. Fix: download it once so its card is cached (`huggingface-cli download {{package}}`), run with `--online` to read its card on the Hub, or add an override in config ("overrides") once you have read its license.',
      unidentified:
        '{{package}}@{{version}} has license evidence that could not be identified ({{evidence}}). Unknown terms may forbid your use. Fix: read the license, then add an override in config ("overrides": {"{{package}}@{{version}}": "<SPDX expression>"}), or replace the package.',
      lowConfidence:
        '{{package}}@{{version}} was identified as {{license}} with low confidence ({{confidence}} < {{minConfidence}}) from {{source}} evidence. Fix: confirm the license text and add an override in config, or raise the evidence quality upstream.',
      unlicensed:
        '{{package}}@{{version}} is declared UNLICENSED: all rights are reserved and you have no license to use it, unless you hold a separate agreement. Fix: get a written license from its owner (then add an exception naming it), or replace it.',
    },
    shortMessages: {
      noModelCard: 'AI model without a model card here: terms unknown',
      noEvidence: 'no license evidence: terms unknown',
      unidentified: 'license evidence could not be identified',
      lowConfidence: 'identified as {{license}} with low confidence ({{confidence}})',
      unlicensed: 'declared UNLICENSED: all rights reserved',
    },
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        allow: ALLOW_OPTION_SCHEMA,
        minConfidence: { type: 'number', minimum: 0, maximum: 1, description: 'Identifications below this confidence are reported.' },
      },
    },
    defaultOptions: { allow: [], minConfidence: 0.5 },
  },
  check(ctx: RuleContext): void {
    const allow = allowList(ctx.options);
    const minConfidence = typeof ctx.options.minConfidence === 'number' ? ctx.options.minConfidence : 0.5;
    for (const component of ctx.project.components) {
      if (matchesAnyPackage(allow, component.name)) continue;
      const license = component.license;
      if (license?.source === 'override') continue;
      // Built only for a finding: most components get none, and this runs for each of them.
      const dataOf = (): Record<string, string> => componentData(component, ctx.profile, ctx.project.today);
      if (isUnlicensed(component)) {
        reportComponent(ctx, component, 'unlicensed', dataOf());
        continue;
      }
      const hasEvidence = (component.evidence ?? []).length > 0 && license?.source !== 'none';
      if (!hasEvidence && (!license || license.expression === null)) {
        // Nothing was read: usually an uninstalled tree rather than an unlicensed package. "Could
        // not judge" is one level below "judged risky" (a warning where risks are errors), so a CI
        // step run before install is neither silently green nor a wall of red.
        const data = dataOf();
        if (component.ecosystem === 'huggingface') {
          reportComponent(ctx, component, 'noModelCard', data, lowerSeverity(ctx.severity));
          continue;
        }
        const hint = installHintFor(component);
        data.reason = NOT_INSTALLED_REASON;
        data.command = hint.command;
        data.lockfile = hint.file;
        reportComponent(ctx, component, 'noEvidence', data, lowerSeverity(ctx.severity));
        continue;
      }
      if (!license || license.expression === null || license.category === 'unknown') {
        const data = dataOf();
        data.evidence = describeEvidence(component.evidence ?? []) || (license?.declared ? JSON.stringify(license.declared) : 'none');
        reportComponent(ctx, component, 'unidentified', data);
        continue;
      }
      if (typeof license.confidence === 'number' && license.confidence < minConfidence) {
        const data = dataOf();
        data.confidence = license.confidence.toFixed(2);
        data.minConfidence = String(minConfidence);
        data.source = license.source;
        reportComponent(ctx, component, 'lowConfidence', data, lowerSeverity(ctx.severity));
      }
    }
  },
};
