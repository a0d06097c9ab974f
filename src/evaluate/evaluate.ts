import semver from '../util/semver';
import type {
  Component,
  Config,
  DeepReadonly,
  ExceptionEntry,
  Finding,
  Profile,
  ProjectModel,
  Report,
  ReportRuleReport,
  Rule,
  RuleBaseline,
  RuleDiffBase,
  RuleReport,
  RuleSetting,
  Severity,
  SourceLocation,
} from '../types';
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
export function resolveRuleSetting(rule: Rule, profile: Pick<Profile, 'distribution' | 'commercial'>, config: Config): ResolvedRuleSetting {
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

function stringData(data: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data ?? {})) if (v !== undefined && v !== null) out[k] = String(v);
  return out;
}

function fallbackLocation(model: ProjectModel, configFile?: string): SourceLocation {
  const project = model.projects[0];
  return project?.location ?? { file: configFile ?? 'package.json', line: 1, column: 1 };
}

/** A frozen copy of plain data: what rules get as `ctx.settings`, so none can change the config another rule reads. */
function frozenCopy<T>(value: T): DeepReadonly<T> {
  if (Array.isArray(value)) return Object.freeze(value.map((v: unknown) => frozenCopy(v))) as DeepReadonly<T>;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = frozenCopy(v);
    return Object.freeze(out) as DeepReadonly<T>;
  }
  return value as DeepReadonly<T>;
}

/** The message and short message of a report, filled from its facts (`data`) and its phrasing (`messageData`). */
function fillMessages(meta: RiskRuleMeta, messageId: string, data: Record<string, string>, messageData: Record<string, string> | undefined): { message: string; shortMessage?: string; template?: string } {
  const fill = messageData ? { ...data, ...stringData(messageData) } : data;
  const template = meta.messages[messageId];
  const message = template === undefined ? `${meta.id}: ${messageId}` : interpolate(template, fill);
  const shortTemplate = meta.shortMessages?.[messageId];
  return { message, template, ...(shortTemplate !== undefined ? { shortMessage: interpolate(shortTemplate, fill) } : {}) };
}

/** Severity and options of every enabled rule that has a check for this phase, in id order. */
function enabledRules(
  rules: Record<string, Rule>,
  phase: 'check' | 'checkReport',
  profile: Pick<Profile, 'distribution' | 'commercial'>,
  config: Config,
): { rule: Rule; meta: RiskRuleMeta; severity: Severity; options: Record<string, unknown> }[] {
  const out = [];
  for (const id of Object.keys(rules).sort(compareStrings)) {
    const rule = rules[id];
    if (typeof rule[phase] !== 'function') continue;
    const setting = resolveRuleSetting(rule, profile, config);
    if (setting.severity === 'off') continue;
    out.push({ rule, meta: rule.meta as RiskRuleMeta, severity: setting.severity, options: { ...setting.options } });
  }
  return out;
}

function ruleFailed(meta: RiskRuleMeta, error: unknown, location: SourceLocation): Finding {
  // A missing knowledge base stops the scan (exit 2); it is no rule bug.
  if (error instanceof FatalError) throw error;
  // A rule bug must not hide every other finding; it becomes a finding of its own.
  return {
    ruleId: meta.id,
    severity: 'warn',
    messageId: 'ruleFailed',
    message: `Rule ${meta.id} failed and its results are incomplete: ${error instanceof Error ? error.message : String(error)}`,
    location,
  };
}

/**
 * Runs every enabled rule over the model and returns the findings: severities resolved from
 * config and profile, dev-only findings capped, messages filled, the relicensing event named
 * on findings about already-relicensed versions (unless the rule's meta says it names it
 * itself), exceptions applied to suppressible findings (suppressed findings are marked, not
 * dropped), sorted by file, line, column, rule and component.
 */
export function evaluate(model: ProjectModel, config: Config, opts: EvaluateOptions = {}): Finding[] {
  const rules = opts.rules ?? loadAllRules();
  const safeConfig: Config = config && typeof config === 'object' ? config : {};
  const settings = frozenCopy(safeConfig);
  const configFile = opts.configFile ?? fallbackLocation(model).file;
  const componentsById = new Map((model.components ?? []).map((c) => [c.id, c] as const));
  const findings: Finding[] = [];
  // Short messages name no package: thousands of findings share a handful, kept once each.
  const shortMessages = new Map<string, string>();

  for (const { rule, meta, severity: ruleSeverity, options } of enabledRules(rules, 'check', model.profile, safeConfig)) {
    const report = (r: RuleReport): void => {
      let severity = minSeverity(r.severity ?? ruleSeverity, ruleSeverity);
      if (r.component && r.component.scope === 'dev') severity = minSeverity(severity, DEV_ONLY_CAP);
      const data = stringData(r.data);
      const history = r.component && meta.relicensingHistory !== false;
      if (history) {
        const context = relicensingContext(r.component!);
        for (const [k, v] of Object.entries(context)) if (v && data[k] === undefined) data[k] = v;
      }
      const filled = fillMessages(meta, r.messageId, data, r.messageData);
      let message = filled.message;
      // Name the relicensing event on findings about versions already past it.
      if (history && data.relicensedIn && !filled.template?.includes('{{relicensedIn}}')) message += ` History: ${data.relicensedIn}${data.reopenedIn ? `; later ${data.reopenedIn}` : ''}.`;
      const finding: Finding = {
        ruleId: meta.id,
        severity,
        messageId: r.messageId,
        message,
        location: r.location,
        data,
      };
      if (filled.shortMessage !== undefined) {
        const known = shortMessages.get(filled.shortMessage);
        if (known === undefined) shortMessages.set(filled.shortMessage, filled.shortMessage);
        finding.shortMessage = known ?? filled.shortMessage;
      }
      if (r.component) {
        finding.component = r.component.id;
        // The component's own path, shared: nothing changes a finding's path after this.
        const via = r.component.paths?.[0];
        if (via?.length) finding.path = via;
      }
      findings.push(finding);
    };
    try {
      rule.check!({ project: model, profile: model.profile, options, severity: ruleSeverity, settings, today: model.today, configFile, report });
    } catch (error) {
      findings.push(ruleFailed(meta, error, fallbackLocation(model, opts.configFile)));
    }
  }

  const exceptions = Array.isArray(safeConfig.exceptions) ? safeConfig.exceptions : [];
  for (const finding of findings) {
    if (rules[finding.ruleId]?.meta.suppressible === false) continue;
    const component = finding.component ? componentsById.get(finding.component) : undefined;
    const entry = exceptions.find((e) => exceptionMatches(e, finding, component, model.today));
    if (entry) {
      finding.suppressed = { by: 'exception', reason: typeof entry.reason === 'string' ? entry.reason : '' };
      if (typeof entry.expires === 'string') finding.suppressed.expires = entry.expires;
    }
  }
  return findings.sort(compareFindings);
}

/** The run's inputs beyond the report that report-phase rules read. */
export interface ReportRunContext {
  /** The scan's day, YYYY-MM-DD. */
  today: string;
  /** The config file relative to the scanned root, where config-level findings point. */
  configFile?: string;
  baseline?: RuleBaseline;
  base?: RuleDiffBase;
  /** Rules to run instead of the registry (tests). */
  rules?: Record<string, Rule>;
}

/**
 * Runs the report phase: every enabled rule with a `checkReport` over the finished report and
 * the run's extra inputs (baseline, diff base), under the report's (root) profile and the
 * config — so config governs these findings as it governs all others. Returns the new findings
 * in the order the rules (in id order) reported them; each rule reports its own in a stable
 * order. The report is not modified.
 */
export function evaluateReport(report: Report, config: Config, run: ReportRunContext): Finding[] {
  const rules = run.rules ?? loadAllRules();
  const safeConfig: Config = config && typeof config === 'object' ? config : {};
  const settings = frozenCopy(safeConfig);
  const configFile = run.configFile ?? report.components.find((c) => c.direct)?.location.file ?? 'package.json';
  const findings: Finding[] = [];
  for (const { rule, meta, severity: ruleSeverity, options } of enabledRules(rules, 'checkReport', report.profile, safeConfig)) {
    const report_ = (r: ReportRuleReport): void => {
      let severity = minSeverity(r.severity ?? ruleSeverity, ruleSeverity);
      if (r.component && r.component.scope === 'dev') severity = minSeverity(severity, DEV_ONLY_CAP);
      const data = stringData(r.data);
      const filled = fillMessages(meta, r.messageId, data, r.messageData);
      // Key order as these findings always had: the message, what it is about, where, the facts.
      const via = r.component?.paths?.[0];
      const finding: Finding = {
        ruleId: meta.id,
        severity,
        messageId: r.messageId,
        message: filled.message,
        ...(filled.shortMessage !== undefined ? { shortMessage: filled.shortMessage } : {}),
        ...(r.component ? { component: r.component.id, ...(via?.length ? { path: [...via] } : {}) } : {}),
        location: r.location,
        data,
      };
      findings.push(finding);
    };
    try {
      rule.checkReport!({
        profile: report.profile,
        options,
        severity: ruleSeverity,
        settings,
        today: run.today,
        configFile,
        components: report.components,
        findings: report.findings,
        baseline: run.baseline,
        base: run.base,
        report: report_,
      });
    } catch (error) {
      findings.push(ruleFailed(meta, error, { file: configFile, line: 1, column: 1 }));
    }
  }
  return findings;
}
