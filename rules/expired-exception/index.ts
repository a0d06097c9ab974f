import semver from '../../src/util/semver';
import type { ExceptionEntry, RuleContext } from '../../src/types';
import type { RiskRule } from '../../src/evaluate/rule-types';
import { isIsoDate } from '../../src/util/date';

export const rule: RiskRule = {
  meta: {
    id: 'expired-exception',
    docs: {
      description: 'Config exceptions that have expired (and so no longer suppress anything) or that can never match.',
      url: 'rules/expired-exception/README.md',
    },
    defaultSeverity: { saas: 'warn', distributed: 'warn', library: 'warn', internal: 'warn' },
    // Its findings are about the suppressions themselves: no exception or baseline hides them.
    suppressible: false,
    messages: {
      expired:
        'The exception {{key}} for {{package}} ({{scope}}) expired on {{expires}} and no longer suppresses findings. Its reason was: "{{reason}}". Fix: resolve the findings it covered, or review it and set a new "expires" date.',
      invalidExpiry:
        'The exception {{key}} for {{package}} has "expires": {{expires}}, which is not a YYYY-MM-DD date, so it suppresses nothing. Fix: write the date as YYYY-MM-DD.',
      invalidRange:
        'The exception {{key}} for {{package}} has "version": {{version}}, which is not a valid semver range, so it suppresses nothing. Fix: use a range such as "^1.2.0" or "*".',
      invalidEntry: 'The exception {{key}} is missing {{missing}}, so it suppresses nothing. Fix: every exception needs "package" and "reason".',
    },
    shortMessages: {
      expired: 'exception {{key}} for {{package}} expired on {{expires}} and suppresses nothing',
      invalidExpiry: 'exception {{key}} has an "expires" that is not YYYY-MM-DD',
      invalidRange: 'exception {{key}} has a "version" that is not a semver range',
      invalidEntry: 'exception {{key}} is missing {{missing}}',
    },
    schema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  check(ctx: RuleContext): void {
    const exceptions: unknown = ctx.settings.exceptions;
    const entries = Array.isArray(exceptions) ? (exceptions as ExceptionEntry[]) : [];
    const location = { file: ctx.configFile || 'package.json', line: 1, column: 1 };
    entries.forEach((entry, index) => {
      const key = `exceptions[${index}]`;
      if (!entry || typeof entry !== 'object') {
        ctx.report({ messageId: 'invalidEntry', data: { key, missing: '"package" and "reason"' }, location });
        return;
      }
      const missing = (['package', 'reason'] as const).filter((k) => typeof entry[k] !== 'string' || !entry[k]);
      if (missing.length) {
        ctx.report({ messageId: 'invalidEntry', data: { key, missing: missing.map((m) => `"${m}"`).join(' and ') }, location });
        return;
      }
      const data = { key, package: entry.package, reason: entry.reason, version: JSON.stringify(entry.version ?? '*'), expires: String(entry.expires ?? '') };
      if (entry.version !== undefined && entry.version !== '*' && (typeof entry.version !== 'string' || !semver.validRange(entry.version))) {
        ctx.report({ messageId: 'invalidRange', data, location });
      }
      if (entry.expires === undefined) return;
      if (!isIsoDate(entry.expires)) {
        ctx.report({ messageId: 'invalidExpiry', data: { ...data, expires: JSON.stringify(entry.expires) }, location });
        return;
      }
      if (entry.expires < ctx.today) {
        const scope = `rule ${entry.rule ?? '*'}, version ${entry.version ?? '*'}`;
        ctx.report({ messageId: 'expired', data: { ...data, scope }, location });
      }
    });
  },
};
