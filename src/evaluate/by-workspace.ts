import picomatch from 'picomatch';
import type { ClassifiedLicense, Component, Config, Finding, Profile, ProjectModel } from '../types';
import { compareStrings } from '../util/compare';
import { evaluate, type EvaluateOptions } from './evaluate';
import { unitsOfComponent, type WorkspaceUnit } from './workspaces';

export interface WorkspaceEvaluateOptions extends EvaluateOptions {
  /** Re-classifies a component's license for another profile (`A OR B` picks per profile). */
  reclassify?: (component: Component, profile: Profile) => ClassifiedLicense | undefined;
  /** `--workspace <path>`: judge only this unit (and what it depends on). */
  only?: string;
}

/**
 * Runs the rules once per group of workspaces that share a profile and workspace config, over
 * the dependencies those workspaces use, and tags each dependency finding with the first
 * workspace (in path order) it is judged for. A finding identical to one already made for
 * another workspace (same rule, component, severity and message) is not repeated. Findings
 * about the project itself (no component) come from the root's run only.
 */
export function evaluateByWorkspace(model: ProjectModel, config: Config, units: WorkspaceUnit[], opts: WorkspaceEvaluateOptions = {}): Finding[] {
  const unitDirs = units.map((u) => u.path);
  const usedBy = new Map<string, string[]>();
  for (const c of model.components) usedBy.set(c.id, unitsOfComponent(c, unitDirs, model.projects));
  const selected = opts.only !== undefined ? units.filter((u) => u.path === opts.only) : units;

  const groups = new Map<string, WorkspaceUnit[]>();
  for (const u of selected) {
    const key = JSON.stringify([u.profile.distribution, u.profile.commercial, u.config.rules ?? null, u.config.ignore ?? null]);
    const list = groups.get(key) ?? [];
    list.push(u);
    groups.set(key, list);
  }
  const rootUnit = units[0];
  const ordered = [...groups.values()].sort((a, b) => (a.includes(rootUnit) ? -1 : b.includes(rootUnit) ? 1 : compareStrings(a[0].path, b[0].path)));

  const findings: Finding[] = [];
  // Messages already reported per rule, component, severity and message id: keyed without the
  // message itself, which would copy every finding's longest string (issue 20: 160k findings).
  const seen = new Map<string, string[]>();
  for (const group of ordered) {
    const paths = new Set(group.map((u) => u.path));
    const profile = group[0].profile;
    const components = model.components
      .filter((c) => (usedBy.get(c.id) ?? ['.']).some((d) => paths.has(d)))
      .map((c) => (profile.distribution === model.profile.distribution && profile.commercial === model.profile.commercial ? c : withLicense(c, opts.reclassify?.(c, profile))));
    const groupConfig: Config = { ...config, rules: { ...(config.rules ?? {}), ...(group[0].config.rules ?? {}) } };
    const ignored = group[0].config.ignore?.length ? picomatch(group[0].config.ignore, { dot: true }) : undefined;
    const isRootGroup = group.includes(rootUnit);
    const groupFindings = evaluate({ ...model, profile, components }, groupConfig, opts);
    for (const f of groupFindings) {
      if (!f.component) {
        if (isRootGroup) findings.push(f);
        continue;
      }
      if (ignored && ignored(f.location.file)) continue;
      const workspace = (usedBy.get(f.component) ?? ['.']).find((d) => paths.has(d)) ?? group[0].path;
      const key = JSON.stringify([f.ruleId, f.component, f.severity, f.messageId]);
      const messages = seen.get(key);
      if (messages?.includes(f.message)) continue;
      if (messages) messages.push(f.message);
      else seen.set(key, [f.message]);
      // The finding is this run's own: tagged in place (a spread copy got a hidden class of its own each).
      f.workspace = workspace;
      findings.push(f);
    }
  }
  return findings.sort(
    (a, b) =>
      compareStrings(a.location.file, b.location.file) ||
      a.location.line - b.location.line ||
      a.location.column - b.location.column ||
      compareStrings(a.ruleId, b.ruleId) ||
      compareStrings(a.component ?? '', b.component ?? '') ||
      compareStrings(a.workspace ?? '', b.workspace ?? '') ||
      compareStrings(a.messageId, b.messageId) ||
      compareStrings(a.message, b.message),
  );
}

function withLicense(c: Component, license: ClassifiedLicense | undefined): Component {
  return license ? { ...c, license } : c;
}
