/**
 * The evaluate stage: picks the profile, runs the rules over the classified project and
 * produces findings. See rules/<id>/README.md for what each rule reports.
 */
export { evaluate, evaluateReport, resolveRuleSetting } from './evaluate';
export { inferProfile, parseProfileSpec } from './profile';
export { validateRuleConfig } from './validate';
export { relicensingEvents, describeEvent } from './relicensing';
export type { RelicensingEvent } from './relicensing';
