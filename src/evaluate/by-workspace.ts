import { pathGlobMatcher } from '../util/path-glob';
import type { ClassifiedLicense, Component, Config, Finding, Profile, ProjectModel } from '../types';
import { compareStrings } from '../util/compare';
import { evaluate, type EvaluateOptions } from './evaluate';
import { unitsOfComponent, type WorkspaceUnit } from './workspaces';

export interface WorkspaceEvaluateOptions extends EvaluateOptions {
  /** Re-classifies a component's license for another profile (`A OR B` picks per profile). */
  reclassify?: (component: Component, profile: Profile) => ClassifiedLicense | undefined;
  /** `--workspace <path>`: judge only this unit (and what it depends on). */
  only?: string;
  /** Told how many distinct findings a workspace's `ignore` dropped and no other workspace reported. */
  onIgnored?: (count: number) => void;
}

/**
 * A workspace's `ignore` globs as a finding filter. A pattern drops a finding when it matches
 * - the file the finding points at, relative to the root or to the workspace folder
 *   (`packages/api/legacy/**` or `legacy/**` for `packages/api`);
 * - the manifest that declares the component, or the folder it is installed in;
 * - the component's name (`lodash`, `@types/*`) or the name of a package on its dependency
 *   paths, so ignoring a package also drops what it brought in.
 */
export function workspaceIgnoreMatcher(patterns: readonly string[], workspaceDir: string): (finding: Finding, component: Component | undefined) => boolean {
  const isMatch = pathGlobMatcher(patterns, { dot: true });
  const prefix = workspaceDir === '.' ? '' : `${workspaceDir}/`;
  const pathMatches = (file: string | undefined): boolean => {
    if (!file) return false;
    if (isMatch(file)) return true;
    return prefix !== '' && file.startsWith(prefix) && isMatch(file.slice(prefix.length));
  };
  return (finding, component) => {
    if (pathMatches(finding.location.file)) return true;
    if (!component) return false;
    if (pathMatches(component.direct ? component.location?.file : undefined) || pathMatches(component.installedPath)) return true;
    if (isMatch(component.name)) return true;
    // Dependency paths start at the project; every later entry is a package (`name@version`).
    return (component.paths ?? []).some((p) => p.slice(1).some((label) => typeof label === 'string' && isMatch(packageName(label))));
  };
}

/** `@scope/name@1.0.0` → `@scope/name`. */
function packageName(label: string): string {
  const at = label.lastIndexOf('@');
  return at > 0 ? label.slice(0, at) : label;
}

/**
 * Runs the rules once per group of workspaces that share a profile and workspace config, over
 * the dependencies those workspaces use, and tags each dependency finding with the first
 * workspace (in path order) it is judged for. A finding identical to one already made for
 * another workspace (same rule, component, severity and message) is not repeated. Findings
 * about the project itself (no component) come from the root's run only.
 */
/** A finding's identity across workspaces, for counting what `ignore` dropped. */
function ignoredKey(f: Finding): string {
  return JSON.stringify([f.ruleId, f.component ?? null, f.severity, f.messageId, f.message]);
}

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
  const alreadyReported = (f: Finding): boolean => {
    const key = JSON.stringify([f.ruleId, f.component ?? null, f.severity, f.messageId]);
    const messages = seen.get(key);
    if (messages?.includes(f.message)) return true;
    if (messages) messages.push(f.message);
    else seen.set(key, [f.message]);
    return false;
  };
  const ignoredKeys = new Set<string>();
  const byId = new Map(model.components.map((c) => [c.id, c]));
  for (const group of ordered) {
    const paths = new Set(group.map((u) => u.path));
    const profile = group[0].profile;
    const components = model.components
      .filter((c) => (usedBy.get(c.id) ?? ['.']).some((d) => paths.has(d)))
      .map((c) => (profile.distribution === model.profile.distribution && profile.commercial === model.profile.commercial ? c : withLicense(c, opts.reclassify?.(c, profile))));
    const groupConfig: Config = { ...config, rules: { ...(config.rules ?? {}), ...(group[0].config.rules ?? {}) } };
    // Units of a group share their config entries, but not their folders: each unit's `ignore` reads its own folder.
    const ignores = new Map(group.filter((u) => u.config.ignore?.length).map((u) => [u.path, workspaceIgnoreMatcher(u.config.ignore!, u.path)]));
    const isRootGroup = group.includes(rootUnit);
    const groupFindings = evaluate({ ...model, profile, components }, groupConfig, opts);
    for (const f of groupFindings) {
      if (!f.component) {
        if (!isRootGroup) continue;
        if (ignores.get('.')?.(f, undefined)) {
          ignoredKeys.add(ignoredKey(f));
          continue;
        }
        findings.push(f);
        continue;
      }
      const component = byId.get(f.component);
      // The workspaces of this group that use the component and do not ignore it.
      const using = (usedBy.get(f.component) ?? ['.']).filter((d) => paths.has(d));
      const kept = using.filter((d) => !ignores.get(d)?.(f, component));
      if (using.length && !kept.length) {
        ignoredKeys.add(ignoredKey(f));
        continue;
      }
      if (alreadyReported(f)) continue;
      // The finding is this run's own: tagged in place (a spread copy got a hidden class of its own each).
      f.workspace = kept[0] ?? group[0].path;
      findings.push(f);
    }
  }
  const reported = new Set(ignoredKeys.size ? findings.map(ignoredKey) : []);
  opts.onIgnored?.([...ignoredKeys].filter((k) => !reported.has(k)).length);
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
