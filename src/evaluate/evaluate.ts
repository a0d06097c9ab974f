import semver from '../util/semver';
import type { Component, Config, ExceptionEntry, Finding, ProjectModel, Rule, RuleReport, RuleSetting, Severity, SourceLocation } from '../types';
import { loadAllRules } from '../../rules';
import { interpolate } from './messages';
import { isRuleSetting, lowerSeverity, minSeverity } from '../util/severity';
import { matchesPackage } from './glob';
import { relicensingContext } from './relicensing';
import { isIsoDate } from '../util/date';
import type { RiskRuleMeta } from './rule-types';
import { compareStrings } from '../util/compare';
import { FatalError } from '../errors';

/**
 * Dev-only dependencies are never shipped or hosted, so no finding about one is ever an
 * error: the cap is `warn` (a non-commercial or internal-use-only dev tool used by a company
 * is still worth a warning). Rules whose concern is shipping or hosting lower dev-only
 * findings further, to `info`, themselves.
 */
export const DEV_ONLY_CAP: Severity = 'warn';

export interface EvaluateOptions {
  /** Rules to run instead of the registry (tests, plugins). */
  rules?: Record<string, Rule>;
  /** Relative path of the config file, where config-level findings (expired exceptions) point. */
  configFile?: string;
}

export interface ResolvedRuleSetting {
  severity: Severity | 'off';
  options: Record<string, unknown>;
  /** Where the severity came from. */
  source: 'config' | 'default' | 'default-softened';
}

/**
 * The severity and options a rule runs with: the config's setting when present (kept as
 * written), else the rule's default for the profile's distribution — lowered one level for
 * commercial-only rules when the profile is not commercial.
 */
export function resolveRuleSetting(rule: Rule, profile: ProjectModel['profile'], config: Config): ResolvedRuleSetting {
  const meta = rule.meta as RiskRuleMeta;
  const configured = config.rules?.[meta.id];
  const defaults = { ...(meta.defaultOptions ?? {}) };
  if (configured !== undefined) {
    const [setting, options] = Array.isArray(configured) ? configured : [configured, undefined];
    if (isRuleSetting(setting)) {
      return { severity: setting, options: { ...defaults, ...(options && typeof options === 'object' ? options : {}) }, source: 'config' };
    }
  }
  const fallback: RuleSetting = meta.defaultSeverity[profile.distribution] ?? 'off';
  if (fallback !== 'off' && meta.commercialOnly && !profile.commercial) {
    return { severity: lowerSeverity(fallback), options: defaults, source: 'default-softened' };
  }
  return { severity: fallback, options: defaults, source: 'default' };
}

function isExpired(entry: ExceptionEntry, today: string): boolean {
  return typeof entry.expires === 'string' && isIsoDate(entry.expires) && entry.expires < today;
}

/** Whether an (unexpired, valid) exception covers a finding about `component` (or, without one, about the project named in `finding.data.project`). */
export function exceptionMatches(entry: ExceptionEntry, finding: Finding, component: Component | undefined, today: string): boolean {
  if (!entry || typeof entry !== 'object' || typeof entry.package !== 'string') return false;
  if (isExpired(entry, today)) return false;
  if (entry.expires !== undefined && !isIsoDate(entry.expires)) return false;
  const rule = entry.rule ?? '*';
  if (rule !== '*' && rule !== finding.ruleId) return false;
  const range = entry.version ?? '*';
  if (!component) {
    // Project-level findings (own-license) are matched by the project's name, any version.
    const project = finding.data?.project;
    return !!project && matchesPackage(entry.package, project) && (range === '*' || range === '');
  }
  if (!matchesPackage(entry.package, component.name)) return false;
  if (range === '*' || range === '') return true;
  if (!semver.validRange(range)) return false;
  const version = semver.valid(component.version) ?? semver.valid(semver.coerce(component.version));
  return !!version && semver.satisfies(version, range, { includePrerelease: true });
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    compareStrings(a.location.file, b.location.file) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings((a.component ?? ''), b.component ?? '') ||
    compareStrings(a.messageId, b.messageId) ||
    compareStrings(a.message, b.message)
  );
}

/** A message placeholder's text: lists joined by commas, other objects as JSON (never "[object Object]"). */
function dataText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return v.map(dataText).join(',');
  return JSON.stringify(v) ?? '';
}

function stringData(data: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data ?? {})) if (v !== undefined && v !== null) out[k] = dataText(v);
  return out;
}

function fallbackLocation(model: ProjectModel, configFile?: string): SourceLocation {
  const project = model.projects[0];
  return project?.location ?? { file: configFile ?? 'package.json', line: 1, column: 1 };
}

/**
 * Runs every enabled rule over the model and returns the findings: severities resolved from
 * config and profile, dev-only findings capped, messages filled, the relicensing event named
 * on findings about already-relicensed versions, exceptions applied (suppressed findings are
 * marked, not dropped), sorted by file, line, column, rule and component.
 */
export function evaluate(model: ProjectModel, config: Config, opts: EvaluateOptions = {}): Finding[] {
  const rules = opts.rules ?? loadAllRules();
  const safeConfig: Config = config && typeof config === 'object' ? config : {};
  const componentsById = new Map((model.components ?? []).map((c) => [c.id, c] as const));
  const findings: Finding[] = [];

  for (const id of Object.keys(rules).sort()) {
    const rule = rules[id];
    const meta = rule.meta as RiskRuleMeta;
    const setting = resolveRuleSetting(rule, model.profile, safeConfig);
    if (setting.severity === 'off') continue;
    const ruleSeverity = setting.severity;
    const options = { ...setting.options };
    if (meta.readsLicensePolicy && safeConfig.licenses && typeof safeConfig.licenses === 'object') {
      Object.assign(options, safeConfig.licenses);
    }
    if (meta.readsExceptions) {
      options.exceptions = Array.isArray(safeConfig.exceptions) ? safeConfig.exceptions : [];
      options.configFile = opts.configFile ?? fallbackLocation(model).file;
    }
    const report = (r: RuleReport): void => {
      let severity = minSeverity(r.severity ?? ruleSeverity, ruleSeverity);
      if (r.component && r.component.scope === 'dev') severity = minSeverity(severity, DEV_ONLY_CAP);
      const data = stringData(r.data);
      if (r.component && meta.id !== 'relicense-risk') {
        const context = relicensingContext(r.component);
        for (const [k, v] of Object.entries(context) as [string, string | undefined][]) if (v && data[k] === undefined) data[k] = v;
      }
      const template = meta.messages[r.messageId];
      let message = template === undefined ? `${meta.id}: ${r.messageId}` : interpolate(template, data);
      // Name the relicensing event on findings about versions already past it.
      if (data.relicensedIn && !template?.includes('{{relicensedIn}}')) message += ` History: ${data.relicensedIn}${data.reopenedIn ? `; later ${data.reopenedIn}` : ''}.`;
      const finding: Finding = {
        ruleId: meta.id,
        severity,
        messageId: r.messageId,
        message,
        location: r.location,
        data,
      };
      const shortTemplate = meta.shortMessages?.[r.messageId];
      if (shortTemplate !== undefined) finding.shortMessage = interpolate(shortTemplate, data);
      if (r.component) {
        finding.component = r.component.id;
        const via = r.component.paths?.[0];
        if (via?.length) finding.path = [...via];
      }
      findings.push(finding);
    };
    try {
      rule.check({ project: model, profile: model.profile, options, severity: ruleSeverity, report });
    } catch (error) {
      // A missing knowledge base stops the scan (exit 2); it is no rule bug.
      if (error instanceof FatalError) throw error;
      // A rule bug must not hide every other finding; it becomes a finding of its own.
      findings.push({
        ruleId: meta.id,
        severity: 'warn',
        messageId: 'ruleFailed',
        message: `Rule ${meta.id} failed and its results are incomplete: ${error instanceof Error ? error.message : String(error)}`,
        location: fallbackLocation(model, opts.configFile),
      });
    }
  }

  const exceptions = Array.isArray(safeConfig.exceptions) ? safeConfig.exceptions : [];
  for (const finding of findings) {
    if (finding.ruleId === 'expired-exception') continue;
    const component = finding.component ? componentsById.get(finding.component) : undefined;
    const entry = exceptions.find((e) => exceptionMatches(e, finding, component, model.today));
    if (entry) {
      finding.suppressed = { by: 'exception', reason: typeof entry.reason === 'string' ? entry.reason : '' };
      if (typeof entry.expires === 'string') finding.suppressed.expires = entry.expires;
    }
  }
  return findings.sort(compareFindings);
}
