import type { Rule, RuleMeta } from '../types';

/** RuleMeta plus the evaluate stage's extra switches (kept out of the shared types on purpose). */
export interface RiskRuleMeta extends RuleMeta {
  /**
   * The rule's risk comes from commercial exploitation: when the profile says
   * `commercial: false`, its default severity is lowered one level (an explicit config
   * severity is kept as written).
   */
  commercialOnly?: boolean;
  /**
   * Findings about a version already past a known relicensing name the event (`data.relicensedIn`,
   * `fork`, `pinBelow`, `lastOld` and a "History:" sentence). Default true; `false` for a rule
   * whose findings are about the relicensing itself and say it in their own words.
   */
  relicensingHistory?: boolean;
}

export interface RiskRule extends Rule {
  meta: RiskRuleMeta;
}
