import type { Finding, ReportRuleContext, ReportRuleReport } from '../../src/types';
import type { RiskRule } from '../../src/evaluate/rule-types';
import { compareStrings } from '../../src/util/compare';

/**
 * What the baseline file (`.license-risk-baseline.json`) says that needs a person: acceptances
 * past their `expires` date (the finding they covered is reported again), and entries or
 * acceptances no current finding has. Runs in the report phase, once the baseline is read;
 * matching findings to entries and suppressing them is the baseline's own job
 * (src/ci/baseline.ts), this rule only says what is worth saying about the file.
 */
export const rule: RiskRule = {
  meta: {
    id: 'baseline',
    docs: {
      description: 'The baseline file has expired acceptances or entries that no longer match any finding.',
      url: 'rules/baseline/README.md',
    },
    defaultSeverity: { saas: 'warn', distributed: 'warn', library: 'warn', internal: 'warn' },
    messages: {
      expired: 'Baseline acceptance of "{{key}}" expired on {{expires}}: the finding is reported again. Reason given: {{reason}}',
      stale: 'Baseline entry "{{key}}" matches no current finding: remove it or regenerate the baseline.',
      staleAcceptance: 'Baseline acceptance "{{key}}" matches no current finding: remove it or correct the key.',
    },
    shortMessages: {
      expired: 'baseline acceptance expired on {{expires}}; the finding is reported again',
      stale: 'baseline entry matches no current finding; regenerate the baseline',
      staleAcceptance: 'baseline acceptance matches no current finding; remove or correct its key',
    },
    schema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
    // Its findings are about the baseline itself: the baseline must not accept them.
    suppressible: false,
  },
  checkReport(ctx: ReportRuleContext): void {
    const baseline = ctx.baseline;
    if (!baseline) return;
    const at = (p: string[]) => ({ file: baseline.file, ...(baseline.locate(p) ?? { line: 1, column: 1 }) });
    const components = new Map(ctx.components.map((c) => [c.id, c] as const));
    const out: { key: string; report: ReportRuleReport }[] = [];
    for (const [key, finding] of baseline.matched) {
      const acceptance = baseline.accepted[key];
      if (!acceptance?.expires || !(acceptance.expires < ctx.today)) continue;
      out.push({
        key,
        report: {
          messageId: 'expired',
          data: { key, expires: acceptance.expires, reason: acceptance.reason },
          ...componentOf(finding, components),
          location: at(['accepted', key]),
        },
      });
    }
    for (const key of Object.keys(baseline.entries)) {
      if (!baseline.matched.has(key)) out.push({ key, report: { messageId: 'stale', data: { key }, location: at(['findings', key]) } });
    }
    for (const key of Object.keys(baseline.accepted)) {
      if (!baseline.matched.has(key) && !baseline.entries[key]) {
        out.push({ key, report: { messageId: 'staleAcceptance', data: { key }, location: at(['accepted', key]) } });
      }
    }
    out.sort((a, b) => compareStrings(a.report.messageId, b.report.messageId) || compareStrings(a.key, b.key));
    for (const { report } of out) ctx.report(report);
  },
};

function componentOf(finding: Finding, components: ReadonlyMap<string, ReportRuleReport['component'] & object>): Pick<ReportRuleReport, 'component'> {
  const component = finding.component ? components.get(finding.component) : undefined;
  return component ? { component } : {};
}
