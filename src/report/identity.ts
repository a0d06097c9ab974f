import type { Ecosystem, Finding, Report, ReportComponent } from '../types';

/**
 * What a finding is *about*, independent of where it was reported: rule + ecosystem + package +
 * version + license. Baselines, diffs and SARIF fingerprints all key on this, never on line
 * numbers, so moving a dependency inside a manifest does not make an old finding look new, and
 * upgrading a package to another version does.
 */
export interface FindingIdentity {
  ruleId: string;
  /** `''` for project-level findings (no component). */
  ecosystem: Ecosystem | '';
  /** Package name; for project-level findings the file the finding points at. */
  package: string;
  version: string;
  /** The license the finding is about (`data.license`, else the component's expression). */
  license: string;
  /** The workspace a dependency finding is judged for, when not the root: accepting a finding for one workspace must not hide it in another. */
  workspace?: string;
}

/** Parses `${ecosystem}:${name}@${version}`; names may contain `@` (npm scopes) and `:` (maven). */
export function parseComponentId(id: string): { ecosystem: string; name: string; version: string } | null {
  const colon = id.indexOf(':');
  if (colon <= 0) return null;
  const rest = id.slice(colon + 1);
  const at = rest.lastIndexOf('@');
  if (at <= 0) return { ecosystem: id.slice(0, colon), name: rest, version: '' };
  return { ecosystem: id.slice(0, colon), name: rest.slice(0, at), version: rest.slice(at + 1) };
}

export function componentIndex(report: Report): Map<string, ReportComponent> {
  return new Map(report.components.map((c) => [c.id, c]));
}

export function findingIdentity(finding: Finding, components: Map<string, ReportComponent>): FindingIdentity {
  const component = finding.component ? components.get(finding.component) : undefined;
  const parsed = finding.component && !component ? parseComponentId(finding.component) : null;
  const license =
    finding.data?.license ?? component?.license.expression ?? finding.data?.expression ?? '';
  const workspace = finding.workspace && finding.workspace !== '.' ? { workspace: finding.workspace } : {};
  if (component) {
    return { ruleId: finding.ruleId, ecosystem: component.ecosystem, package: component.name, version: component.version, license, ...workspace };
  }
  if (parsed) {
    return { ruleId: finding.ruleId, ecosystem: parsed.ecosystem as Ecosystem, package: parsed.name, version: parsed.version, license, ...workspace };
  }
  return { ruleId: finding.ruleId, ecosystem: '', package: finding.location.file, version: '', license };
}

/** A readable, unique, order-stable key: `rule ecosystem:package@version license`, then `in <workspace>` outside the root (root keys are as before workspaces). */
export function identityKey(identity: FindingIdentity): string {
  const subject = identity.ecosystem
    ? `${identity.ecosystem}:${identity.package}@${identity.version}`
    : identity.package;
  const where = identity.workspace && identity.workspace !== '.' ? `in ${identity.workspace}` : '';
  return [identity.ruleId, subject, identity.license, where].filter((part) => part !== '').join(' ');
}

