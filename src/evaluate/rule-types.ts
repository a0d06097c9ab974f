import type { Rule, RuleMeta } from '../types';

/** RuleMeta plus the evaluate stage's extra switches (kept out of the shared types on purpose). */
export interface RiskRuleMeta extends RuleMeta {
  /**
   * The rule's risk comes from commercial exploitation: when the profile says
   * `commercial: false`, its default severity is lowered one level (an explicit config
   * severity is kept as written).
   */
  commercialOnly?: boolean;
  /** The rule reads the config's `exceptions` (passed as `options.exceptions`). */
  readsExceptions?: boolean;
  /** The rule reads the config's `licenses` policy (allow, deny, confidence) as its options. */
  readsLicensePolicy?: boolean;
}

export interface RiskRule extends Rule {
  meta: RiskRuleMeta;
}
