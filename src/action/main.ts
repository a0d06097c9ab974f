import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FatalError } from '../errors';
import { todayUtc } from '../util/date';
import type { Config, Report, RuleMeta } from '../types';
import { applyBaseline, BASELINE_FILENAME, readBaseline } from '../ci/baseline';
import { annotations, summaryLine, workflowCommand, type Annotation } from '../report/formatters/github';
import { escapeJsonOutput, neutralize } from '../report/neutralize';
import { reportForFormat } from '../report/output';
import { INCOMPLETE_SCAN_CODES } from '../cli/main';
import { renderMarkdown } from '../report/formatters/markdown';
import { buildSarif, rebaseSarifUris } from '../report/formatters/sarif';

/**
 * The GitHub Action entry. Runs a scan (or a diff against the pull request's base), applies the
 * baseline, then speaks GitHub: annotations on stdout, the markdown report appended to
 * `$GITHUB_STEP_SUMMARY`, outputs in `$GITHUB_OUTPUT`, a SARIF file for code scanning, and an
 * exit code chosen by `fail-on`. Inputs arrive as `INPUT_<NAME>` variables (set explicitly by the
 * composite `action.yml`).
 */

export type FailOn = 'error' | 'warn' | 'never';

export interface ActionInputs {
  path: string;
  profile?: string;
  config?: string;
  failOn: FailOn;
  /** Explicit baseline file, `null` when disabled, `undefined` for "the default one if present". */
  baseline?: string | null;
  sarifFile: string;
  /** Explicit base ref; `null` when disabled; `undefined` means "the PR base, if any". */
  diffBase?: string | null;
}

/**
 * GitHub shows at most 10 error and 10 warning annotations per step (and 50 per job), see
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands ; the rest
 * goes to the job summary, which holds at most 1 MiB per step.
 */
export const MAX_ANNOTATIONS_PER_LEVEL = 10;
export const MAX_STEP_SUMMARY_BYTES = 1024 * 1024;

const DISABLED = new Set(['none', 'false', 'off', 'no']);

export function readInput(env: NodeJS.ProcessEnv, name: string): string {
  // JavaScript actions get `INPUT_FAIL-ON`; shells cannot export that, so accept `INPUT_FAIL_ON` too.
  const upper = name.toUpperCase();
  const value = env[`INPUT_${upper}`] ?? env[`INPUT_${upper.replace(/-/g, '_')}`] ?? '';
  return value.trim();
}

export function parseInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const failOn = (readInput(env, 'fail-on') || 'error').toLowerCase();
  if (failOn !== 'error' && failOn !== 'warn' && failOn !== 'never') {
    throw new FatalError(`input fail-on must be error, warn or never (got "${failOn}")`);
  }
  const baseline = readInput(env, 'baseline');
  const diffBase = readInput(env, 'diff-base');
  const sarifFile = readInput(env, 'sarif-file') || path.join(env.RUNNER_TEMP || os.tmpdir(), 'license-risk.sarif');
  return {
    path: readInput(env, 'path') || '.',
    profile: readInput(env, 'profile') || undefined,
    config: readInput(env, 'config') || undefined,
    failOn,
    baseline: baseline === '' ? undefined : DISABLED.has(baseline.toLowerCase()) ? null : baseline,
    sarifFile,
    diffBase: diffBase === '' ? undefined : DISABLED.has(diffBase.toLowerCase()) ? null : diffBase,
  };
}

/** The pull request's (or merge queue's) base commit from the event payload, if any. */
export function baseFromEvent(env: NodeJS.ProcessEnv): string | undefined {
  const file = env.GITHUB_EVENT_PATH;
  if (!file) return undefined;
  try {
    const event = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      pull_request?: { base?: { sha?: unknown } };
      merge_group?: { base_sha?: unknown };
    };
    const sha = event.pull_request?.base?.sha ?? event.merge_group?.base_sha;
    return typeof sha === 'string' && /^[0-9a-f]{7,64}$/i.test(sha) ? sha : undefined;
  } catch {
    return undefined;
  }
}

/** `name<<DELIM\nvalue\nDELIM\n`, with a delimiter that cannot occur in the value. */
export function outputRecord(name: string, value: string): string {
  let delimiter = `ghadelimiter_${randomUUID()}`;
  while (value.includes(delimiter)) delimiter = `ghadelimiter_${randomUUID()}`;
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

export function exitCodeFor(report: Report, failOn: FailOn): number {
  if (failOn === 'never') return 0;
  // Part of the checkout was not judged (a reader crashed, node_modules unlistable): never green.
  if (report.diagnostics.some((d) => INCOMPLETE_SCAN_CODES.has(d.code))) return 2;
  if (report.summary.errors > 0) return 1;
  if (failOn === 'warn' && report.summary.warnings > 0) return 1;
  return 0;
}

/** At most N annotations per level, then one notice pointing to the job summary. */
export function limitAnnotations(all: Annotation[], perLevel = MAX_ANNOTATIONS_PER_LEVEL): Annotation[] {
  const counts = { error: 0, warning: 0, notice: 0 };
  const kept: Annotation[] = [];
  for (const a of all) {
    counts[a.command]++;
    if (counts[a.command] <= perLevel) kept.push(a);
  }
  const hidden = all.length - kept.length;
  if (hidden > 0) {
    kept.push({
      command: 'notice',
      title: 'license-risk',
      message: `${hidden} more finding(s) are not annotated (GitHub shows ${perLevel} per level per step); see the job summary for the full table.`,
    });
  }
  return kept;
}

/** Renders markdown that fits the step-summary limit, shrinking the findings table if needed. */
export function summaryMarkdown(report: Report, rules: Record<string, RuleMeta>): string {
  let maxRows = 1000;
  for (;;) {
    const text = renderMarkdown(report, { rules }, { maxRows });
    if (Buffer.byteLength(text, 'utf8') <= MAX_STEP_SUMMARY_BYTES - 1024 || maxRows <= 10) return text;
    maxRows = Math.floor(maxRows / 2);
  }
}

export interface ActionIO {
  stdout(text: string): void;
}

export interface ActionDeps {
  /** Override for tests; defaults to the real pipeline. */
  scan?: (opts: { dir: string; configPath?: string; profile?: string }) => Promise<{ report: Report; rules: Record<string, RuleMeta> }>;
  diff?: (opts: { dir: string; base: string; configPath?: string; profile?: string }) => Promise<{ report: Report; rules: Record<string, RuleMeta> }>;
  /** Whether a commit is available locally (for the automatic PR base). */
  hasCommit?: (dir: string, ref: string) => Promise<boolean>;
}

async function defaultHasCommit(dir: string, ref: string): Promise<boolean> {
  const { resolveCommit } = await import('../ci/git');
  try {
    await resolveCommit(dir, ref);
    return true;
  } catch {
    return false;
  }
}

/** Runs the action; returns the exit code (the caller sets `process.exitCode`). */
export async function runAction(env: NodeJS.ProcessEnv, io: ActionIO, deps: ActionDeps = {}): Promise<number> {
  try {
    const inputs = parseInputs(env);
    const workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd());
    const dir = path.resolve(workspace, inputs.path);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new FatalError(`input path: ${inputs.path} is not a directory`);
    const configPath = inputs.config ? path.resolve(workspace, inputs.config) : undefined;

    let base = inputs.diffBase ?? undefined;
    if (inputs.diffBase === undefined) {
      const fromEvent = baseFromEvent(env);
      if (fromEvent) {
        const hasCommit = deps.hasCommit ?? defaultHasCommit;
        if (await hasCommit(dir, fromEvent)) base = fromEvent;
        else {
          io.stdout(
            `${workflowCommand({ command: 'warning', title: 'license-risk', message: `The pull request base ${fromEvent} is not in this clone, so the whole checkout is reported instead of the change. Use actions/checkout with fetch-depth: 0 to get a diff.` })}\n`,
          );
        }
      }
    }

    let outcome: { report: Report; rules: Record<string, RuleMeta>; config?: Config };
    if (base) {
      const diff = deps.diff ?? (await import('../ci/diff')).runDiff;
      outcome = await diff({ dir, base, configPath, profile: inputs.profile });
    } else {
      const scan = deps.scan ?? (await import('../pipeline')).scan;
      // --cache: a rerun of the same checkout on the same runner reuses what did not change (src/cache/scan-cache.ts).
      outcome = await scan({ dir, configPath, profile: inputs.profile, cache: process.env.LICENSE_RISK_CACHE !== '0' });
    }
    let { report } = outcome;
    const rules = { ...outcome.rules };

    const baselineFile =
      inputs.baseline === null ? null : inputs.baseline ? path.resolve(workspace, inputs.baseline) : path.join(dir, BASELINE_FILENAME);
    if (baselineFile && (inputs.baseline || fs.existsSync(baselineFile))) {
      const baseline = readBaseline(baselineFile);
      const rel = path.relative(dir, baselineFile).split(path.sep).join('/');
      const today = todayUtc(env);
      report = applyBaseline(report, baseline, today, { file: rel.startsWith('..') ? path.basename(baselineFile) : rel, config: outcome.config });
    }

    // Paths in the report are relative to the scanned folder; GitHub wants them relative to the repository.
    const relToWorkspace = path.relative(workspace, dir).split(path.sep).join('/');
    const prefix = relToWorkspace.startsWith('..') ? '' : relToWorkspace;

    const sarifPath = path.resolve(workspace, inputs.sarifFile);
    fs.mkdirSync(path.dirname(sarifPath), { recursive: true });
    const sarif = rebaseSarifUris(buildSarif(report, { color: false, cwd: dir, rules }), prefix);
    fs.writeFileSync(sarifPath, escapeJsonOutput(`${JSON.stringify(sarif, null, 2)}\n`));

    // The log and the job summary get checkout strings neutralised, as every CLI format does (src/report/output.ts).
    const shown = reportForFormat('github', report);
    for (const annotation of limitAnnotations(annotations(shown, { pathPrefix: prefix, grouped: true }))) io.stdout(`${workflowCommand(annotation)}\n`);
    io.stdout(`${summaryLine(shown)}\n`);

    if (env.GITHUB_STEP_SUMMARY) fs.appendFileSync(env.GITHUB_STEP_SUMMARY, summaryMarkdown(shown, rules));
    if (env.GITHUB_OUTPUT) {
      fs.appendFileSync(
        env.GITHUB_OUTPUT,
        outputRecord('errors', String(report.summary.errors)) +
          outputRecord('warnings', String(report.summary.warnings)) +
          outputRecord('sarif-file', sarifPath),
      );
    }
    return exitCodeFor(report, inputs.failOn);
  } catch (err) {
    const message = neutralize(err instanceof FatalError ? err.message : `unexpected error: ${err instanceof Error ? err.message : String(err)}`);
    io.stdout(`${workflowCommand({ command: 'error', title: 'license-risk', message })}\n`);
    return 2;
  }
}

export async function main(): Promise<void> {
  process.exitCode = await runAction(process.env, { stdout: (text) => process.stdout.write(text) });
}

if (require.main === module) {
  void main();
}
