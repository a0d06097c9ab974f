import * as fs from 'node:fs';
import { releaseTempFile, tempFileFor } from '../util/temp-files';
import * as path from 'node:path';
import { FatalError } from '../errors';
import { isIsoDate } from '../util/date';
import { BASELINE_FILENAME } from './baseline-file';
import { isRecord } from '../util/record';
import { JsonSyntaxError, parseJsonLocated } from '../read/locate';
import type { Config, Finding, Report, Rule, RuleBaseline, Severity, Summary } from '../types';
import { componentIndex, findingIdentity, identityKey, type FindingIdentity } from '../report/identity';
import { compareStrings } from '../util/compare';
import { evaluateReport } from '../evaluate/evaluate';
import { getRule } from '../../rules';

/**
 * The baseline lets a project adopt license-risk while it still has risky dependencies: what is
 * in it is suppressed, anything new is reported. Entries are keyed by what a finding is about
 * (rule + ecosystem + package + version + license), never by file or line, so a new problem
 * cannot hide behind a fixed one and an upgrade of a baselined package is a new finding.
 *
 * File shape (stable key order, sorted maps, so regenerating gives a readable git diff):
 *
 *   {
 *     "version": 1,
 *     "accepted": { "<key>": { "reason": "…", "expires": "YYYY-MM-DD" } },   ← hand-edited
 *     "findings": { "<key>": { ruleId, ecosystem, package, version, license, severity, message } }
 *   }
 */
export { BASELINE_FILENAME };
export const BASELINE_FORMAT_VERSION = 1;

/** Whether the baseline may accept a finding: not those of rules about the suppressions themselves (`baseline`, `expired-exception`). */
function isSuppressible(finding: Finding): boolean {
  return getRule(finding.ruleId)?.meta.suppressible !== false;
}

export interface BaselineEntry extends FindingIdentity {
  /** Severity when the finding was baselined (informational). */
  severity: Severity;
  /** Message when the finding was baselined (informational, not matched on). */
  message: string;
}

export interface Acceptance {
  reason: string;
  /** ISO date (YYYY-MM-DD) after which the acceptance no longer suppresses. */
  expires?: string;
}

export interface BaselineFile {
  version: typeof BASELINE_FORMAT_VERSION;
  accepted: Record<string, Acceptance>;
  findings: Record<string, BaselineEntry>;
}

const SEVERITIES: readonly Severity[] = ['error', 'warn', 'info'];

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort(compareStrings)) out[key] = record[key];
  return out;
}

function entryFor(finding: Finding, identity: FindingIdentity): BaselineEntry {
  // Fixed property order: JSON.stringify keeps insertion order.
  return {
    ruleId: identity.ruleId,
    ecosystem: identity.ecosystem,
    package: identity.package,
    version: identity.version,
    license: identity.license,
    ...(identity.workspace ? { workspace: identity.workspace } : {}),
    severity: finding.severity,
    message: finding.message,
  };
}

/**
 * A baseline accepting every finding the report currently has (suppressed-by-exception ones are
 * left to the config). Hand-written acceptances from `previous` are kept for findings that still
 * exist; acceptances for findings that are gone are dropped with them.
 */
export function createBaseline(report: Report, previous?: BaselineFile): BaselineFile {
  const components = componentIndex(report);
  const findings: Record<string, BaselineEntry> = {};
  for (const finding of report.findings) {
    if (!isSuppressible(finding)) continue;
    if (finding.suppressed && finding.suppressed.by !== 'baseline') continue;
    const identity = findingIdentity(finding, components);
    const key = identityKey(identity);
    if (!findings[key]) findings[key] = entryFor(finding, identity);
  }
  const accepted: Record<string, Acceptance> = {};
  for (const [key, acceptance] of Object.entries(previous?.accepted ?? {})) {
    if (!findings[key]) continue;
    accepted[key] = acceptance.expires !== undefined ? { reason: acceptance.reason, expires: acceptance.expires } : { reason: acceptance.reason };
  }
  return { version: BASELINE_FORMAT_VERSION, accepted: sortedRecord(accepted), findings: sortedRecord(findings) };
}

function fail(file: string, what: string, at?: { line: number; column: number }): never {
  const where = at ? `${file}:${at.line}:${at.column}` : file;
  throw new FatalError(`baseline ${where}: ${what}. Fix it by hand or regenerate it with \`license-risk baseline\`.`);
}

/** Validates a parsed baseline; `locate` turns a JSON path into a position for the message. */
export function validateBaseline(
  value: unknown,
  file: string,
  locate: (p: (string | number)[]) => { line: number; column: number } | undefined = () => undefined,
): BaselineFile {
  if (!isRecord(value)) fail(file, 'expected a JSON object at the top level');
  if (value.version !== BASELINE_FORMAT_VERSION) {
    fail(file, `unsupported "version" ${JSON.stringify(value.version)} (expected ${BASELINE_FORMAT_VERSION})`, locate(['version']));
  }
  for (const key of Object.keys(value)) {
    if (!['version', 'accepted', 'findings', '$comment'].includes(key)) fail(file, `unknown top-level property "${key}"`, locate([key]));
  }
  const acceptedIn = value.accepted ?? {};
  const findingsIn = value.findings ?? {};
  if (!isRecord(acceptedIn)) fail(file, '"accepted" must be an object keyed by finding key', locate(['accepted']));
  if (!isRecord(findingsIn)) fail(file, '"findings" must be an object keyed by finding key', locate(['findings']));

  const accepted: Record<string, Acceptance> = {};
  for (const [key, raw] of Object.entries(acceptedIn)) {
    const at = locate(['accepted', key]);
    if (!isRecord(raw)) fail(file, `accepted["${key}"] must be an object with "reason"`, at);
    if (typeof raw.reason !== 'string' || raw.reason.trim() === '') fail(file, `accepted["${key}"].reason must be a non-empty string`, at);
    if (raw.expires !== undefined && !isIsoDate(raw.expires)) {
      fail(file, `accepted["${key}"].expires must be a date like 2026-12-31`, locate(['accepted', key, 'expires']) ?? at);
    }
    for (const prop of Object.keys(raw)) {
      if (prop !== 'reason' && prop !== 'expires') fail(file, `accepted["${key}"] has unknown property "${prop}"`, at);
    }
    accepted[key] = raw.expires !== undefined ? { reason: raw.reason, expires: raw.expires as string } : { reason: raw.reason };
  }

  const findings: Record<string, BaselineEntry> = {};
  for (const [key, raw] of Object.entries(findingsIn)) {
    const at = locate(['findings', key]);
    if (!isRecord(raw)) fail(file, `findings["${key}"] must be an object`, at);
    for (const prop of ['ruleId', 'ecosystem', 'package', 'version', 'license', 'message'] as const) {
      if (typeof raw[prop] !== 'string') fail(file, `findings["${key}"].${prop} must be a string`, locate(['findings', key, prop]) ?? at);
    }
    if (!SEVERITIES.includes(raw.severity as Severity)) fail(file, `findings["${key}"].severity must be one of error, warn, info`, at);
    const entry = raw as unknown as BaselineEntry;
    if (raw.workspace !== undefined && typeof raw.workspace !== 'string') fail(file, `findings["${key}"].workspace must be a string`, locate(['findings', key, 'workspace']) ?? at);
    if ((raw.ruleId as string) === '' || (raw.package as string) === '') fail(file, `findings["${key}"] needs a ruleId and a package`, at);
    if (identityKey(entry) !== key) {
      fail(file, `findings key "${key}" does not match its fields (expected "${identityKey(entry)}")`, at);
    }
    findings[key] = {
      ruleId: entry.ruleId,
      ecosystem: entry.ecosystem,
      package: entry.package,
      version: entry.version,
      license: entry.license,
      ...(entry.workspace ? { workspace: entry.workspace } : {}),
      severity: entry.severity,
      message: entry.message,
    };
  }
  return { version: BASELINE_FORMAT_VERSION, accepted: sortedRecord(accepted), findings: sortedRecord(findings) };
}

/** Text each read baseline came from, so findings about it can point at the entry's line. */
const sourceText = new WeakMap<BaselineFile, string>();

/** Reads and validates a baseline file; every problem is a FatalError naming the file. */
export function readBaseline(file: string): BaselineFile {
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) fail(file, 'not a regular file');
    if (stat.size > 50 * 1024 * 1024) fail(file, 'larger than 50 MB');
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof FatalError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    fail(file, code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? (err as Error).message})`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let located;
  try {
    located = parseJsonLocated(text);
  } catch (err) {
    if (err instanceof JsonSyntaxError) fail(file, err.message, { line: err.line, column: err.column });
    fail(file, `invalid JSON (${(err as Error).message})`);
  }
  const baseline = validateBaseline(located.value, file, (p) => located.locate(p));
  sourceText.set(baseline, text);
  return baseline;
}

/** Writes atomically (temp file + rename) so an interrupted run never leaves half a baseline. */
export function writeBaseline(file: string, data: BaselineFile): void {
  const ordered = { version: data.version, accepted: sortedRecord(data.accepted), findings: sortedRecord(data.findings) };
  const text = `${JSON.stringify(ordered, null, 2)}\n`;
  // Tracked: an exit or a signal before the rename removes it (src/util/temp-files.ts).
  const tmp = tempFileFor(file);
  try {
    fs.writeFileSync(tmp, text, { encoding: 'utf8', flag: 'wx' });
    fs.renameSync(tmp, file);
    releaseTempFile(tmp);
  } catch (err) {
    try {
      fs.rmSync(tmp, { force: true });
      releaseTempFile(tmp);
    } catch {
      // best effort
    }
    throw new FatalError(`cannot write baseline ${file}: ${(err as Error).message}`);
  }
}

/** The default baseline path for a scanned directory, or null when there is none. */
export function findBaseline(dir: string): string | null {
  const candidate = path.join(dir, BASELINE_FILENAME);
  return fs.existsSync(candidate) ? candidate : null;
}

function recount(findings: Finding[], previous: Summary): Summary {
  const active = findings.filter((f) => !f.suppressed);
  return {
    ...previous,
    errors: active.filter((f) => f.severity === 'error').length,
    warnings: active.filter((f) => f.severity === 'warn').length,
    infos: active.filter((f) => f.severity === 'info').length,
    suppressed: findings.length - active.length,
  };
}

export interface ApplyBaselineOptions {
  /** Baseline path relative to the scanned root (for finding locations). Default: the standard name. */
  file?: string;
  /** Text of the baseline file, to point findings at the entry's line. */
  text?: string;
  /** The run's config: it governs the `baseline` rule (severity, or off) as every other rule. */
  config?: Config;
  /** Rules to run instead of the registry (tests). */
  rules?: Record<string, Rule>;
}

/**
 * Suppresses findings the baseline accepts (until an acceptance's `expires` date has passed),
 * then runs the report-phase rules with the baseline in their context: the `baseline` rule
 * reports expired acceptances and entries that match nothing any more, at the severity the
 * config gives it. Returns a new report with the summary recounted; the input is not modified.
 */
export function applyBaseline(report: Report, baseline: BaselineFile, today: string, opts: ApplyBaselineOptions = {}): Report {
  const { findings, context } = matchBaseline(report, baseline, today, opts);
  const added = evaluateReport(report, opts.config ?? {}, { today, baseline: context, rules: opts.rules });
  const all = [...findings, ...added];
  return { ...report, findings: all, summary: recount(all, report.summary) };
}

/**
 * The baseline's own job: which current findings it has (by finding key) and which it
 * suppresses (all it has, except where an acceptance's `expires` date has passed). Returns the
 * findings with suppressions marked and the baseline as the report-phase rules see it.
 */
export function matchBaseline(
  report: Report,
  baseline: BaselineFile,
  today: string,
  opts: Pick<ApplyBaselineOptions, 'file' | 'text'> = {},
): { findings: Finding[]; context: RuleBaseline } {
  const relFile = opts.file ?? BASELINE_FILENAME;
  let locate: (p: readonly string[]) => { line: number; column: number } | undefined = () => undefined;
  const text = opts.text ?? sourceText.get(baseline);
  if (text) {
    try {
      const located = parseJsonLocated(text);
      locate = (p) => located.locate([...p]);
    } catch {
      // positions are a nicety; the baseline itself was validated already
    }
  }
  const components = componentIndex(report);
  const matched = new Map<string, Finding>();
  const findings = report.findings.map((finding) => {
    if (finding.suppressed || !isSuppressible(finding)) return finding;
    const key = identityKey(findingIdentity(finding, components));
    const acceptance = baseline.accepted[key];
    if (!baseline.findings[key] && !acceptance) return finding;
    if (!matched.has(key)) matched.set(key, finding);
    // An expired acceptance suppresses nothing; the baseline rule says so.
    if (acceptance?.expires && acceptance.expires < today) return finding;
    return { ...finding, suppressed: { by: 'baseline' as const, reason: acceptance?.reason ?? 'in baseline' } };
  });
  return { findings, context: { file: relFile, accepted: baseline.accepted, entries: baseline.findings, matched, locate } };
}
