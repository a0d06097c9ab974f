/**
 * The rule registry: one folder per rule (`rules/<id>/index.ts` + `README.md`), loaded only
 * when asked for. Ids are part of the public contract.
 */
import type { Rule } from '../src/types';

/* eslint-disable @typescript-eslint/no-require-imports */
const LOADERS: Readonly<Record<string, () => Rule>> = {
  baseline: () => require('./baseline').rule,
  'cloud-resale': () => require('./cloud-resale').rule,
  'commercial-use': () => require('./commercial-use').rule,
  'copyleft-obligation': () => require('./copyleft-obligation').rule,
  'expired-exception': () => require('./expired-exception').rule,
  'license-mismatch': () => require('./license-mismatch').rule,
  'license-policy': () => require('./license-policy').rule,
  'model-terms': () => require('./model-terms').rule,
  'outbound-compatibility': () => require('./outbound-compatibility').rule,
  'own-license': () => require('./own-license').rule,
  'patent-termination': () => require('./patent-termination').rule,
  'relicense-risk': () => require('./relicense-risk').rule,
  'unknown-license': () => require('./unknown-license').rule,
};
/* eslint-enable @typescript-eslint/no-require-imports */

const loaded = new Map<string, Rule>();

/** Every rule id, sorted. */
export function listRuleIds(): string[] {
  return Object.keys(LOADERS).sort();
}

export function getRule(id: string): Rule | undefined {
  if (!Object.prototype.hasOwnProperty.call(LOADERS, id)) return undefined;
  let rule = loaded.get(id);
  if (!rule) {
    rule = LOADERS[id]();
    loaded.set(id, rule);
  }
  return rule;
}

/** Every rule, keyed by id, in id order. */
export function loadAllRules(): Record<string, Rule> {
  const all: Record<string, Rule> = {};
  for (const id of listRuleIds()) all[id] = getRule(id)!;
  return all;
}
