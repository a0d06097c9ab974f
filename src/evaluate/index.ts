/**
 * The evaluate stage: picks the profile, runs the rules over the classified project and
 * produces findings. See rules/<id>/README.md for what each rule reports.
 */
export { evaluate, evaluateReport, resolveRuleSetting, exceptionMatches, DEV_ONLY_CAP } from './evaluate';
export type { EvaluateOptions, ReportRunContext, ResolvedRuleSetting } from './evaluate';
export { inferProfile, parseProfileSpec, DISTRIBUTIONS } from './profile';
export type { InferProfileInput, ProfileSpec } from './profile';
export { validateRuleConfig } from './validate';
export { interpolate } from './messages';
export { relicensingEvents, eventsForPackage, isPastBoundary, rangeAdmits, describeEvent } from './relicensing';
export type { RelicensingEvent, Fork, PackageCoordinate } from './relicensing';
export type { RiskRule, RiskRuleMeta } from './rule-types';
