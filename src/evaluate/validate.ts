import { getRule, listRuleIds } from '../../rules';
import { isRuleSetting } from '../util/severity';
import { validateAgainstSchema } from './schema';
import { compareStrings } from '../util/compare';
import type { RuleMeta } from '../types';

function distance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) dp[i][j] = Math.min(dp[i - 1][j] + 1, dp[i][j - 1] + 1, dp[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return dp[a.length][b.length];
}

function suggestion(id: string): string {
  const best = listRuleIds()
    .map((known) => ({ known, d: distance(id, known) }))
    .sort((x, y) => x.d - y.d || compareStrings(x.known, y.known))[0];
  return best && best.d <= Math.max(2, Math.floor(id.length / 4)) ? ` (did you mean "${best.known}"?)` : '';
}

const SETTINGS = '"off", "info", "warn" or "error"';

/** A rule without a schema takes no options. */
const NO_OPTIONS = { type: 'object', additionalProperties: false, properties: {} };

/**
 * Problems with options given to a rule, checked against its `meta.schema` (a rule without
 * one takes no options), each naming `path`. The config loader and the rule tester both use it.
 */
export function ruleOptionProblems(meta: RuleMeta, options: unknown, path: string): string[] {
  return validateAgainstSchema(options, meta.schema ?? NO_OPTIONS, path);
}

/**
 * Problems with a `rules` config value, each naming its key path
 * (`rules.cloud-resale[1].allow`): unknown rule ids, bad severities, options that do not match
 * the rule's schema. An empty list means the value is valid.
 */
export function validateRuleConfig(rules: unknown): string[] {
  if (rules === undefined) return [];
  if (rules === null || typeof rules !== 'object' || Array.isArray(rules)) {
    return [`rules must be an object mapping rule ids to ${SETTINGS} or [severity, options], got ${JSON.stringify(rules)}`];
  }
  const problems: string[] = [];
  for (const id of Object.keys(rules).sort()) {
    const value = (rules as Record<string, unknown>)[id];
    const path = `rules.${id}`;
    const rule = getRule(id);
    if (!rule) {
      problems.push(`${path}: unknown rule "${id}"${suggestion(id)}`);
      continue;
    }
    if (typeof value === 'string') {
      if (!isRuleSetting(value)) problems.push(`${path} must be ${SETTINGS}, got ${JSON.stringify(value)}`);
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length < 1 || value.length > 2) {
        problems.push(`${path} must be [severity] or [severity, options], got an array of ${value.length}`);
        continue;
      }
      if (!isRuleSetting(value[0])) problems.push(`${path}[0] must be ${SETTINGS}, got ${JSON.stringify(value[0])}`);
      if (value.length === 2) {
        problems.push(...ruleOptionProblems(rule.meta, value[1], `${path}[1]`));
      }
      continue;
    }
    problems.push(`${path} must be ${SETTINGS} or [severity, options], got ${JSON.stringify(value)}`);
  }
  return problems;
}
