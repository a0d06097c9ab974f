/**
 * The rule registry: one folder per rule (`rules/<id>/index.ts` + `README.md`), loaded only
 * when asked for. Ids are part of the public contract.
 */
import type { Rule } from '../src/types';

const LOADERS: Readonly<Record<string, () => Rule>> = {
  baseline: () => (require('./baseline') as typeof import('./baseline')).rule,
  'cloud-resale': () => (require('./cloud-resale') as typeof import('./cloud-resale')).rule,
  'commercial-use': () => (require('./commercial-use') as typeof import('./commercial-use')).rule,
  'copyleft-obligation': () => (require('./copyleft-obligation') as typeof import('./copyleft-obligation')).rule,
  'expired-exception': () => (require('./expired-exception') as typeof import('./expired-exception')).rule,
  'license-mismatch': () => (require('./license-mismatch') as typeof import('./license-mismatch')).rule,
  'license-policy': () => (require('./license-policy') as typeof import('./license-policy')).rule,
  'model-terms': () => (require('./model-terms') as typeof import('./model-terms')).rule,
  'outbound-compatibility': () => (require('./outbound-compatibility') as typeof import('./outbound-compatibility')).rule,
  'own-license': () => (require('./own-license') as typeof import('./own-license')).rule,
  'patent-termination': () => (require('./patent-termination') as typeof import('./patent-termination')).rule,
  'relicense-risk': () => (require('./relicense-risk') as typeof import('./relicense-risk')).rule,
  'unknown-license': () => (require('./unknown-license') as typeof import('./unknown-license')).rule,
};

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
