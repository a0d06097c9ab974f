import { createHash } from 'node:crypto';
import { componentIndex, findingIdentity, identityKey } from '../identity';
import { compareStrings } from '../../util/compare';
import { docUrl, REPOSITORY_URL } from '../links';
import type { Diagnostic, Finding, Formatter, FormatterContext, Report, RuleMeta, RuleSetting, Severity } from '../../types';
import { compareSeverityWorstFirst } from '../order';

/**
 * SARIF 2.1.0 for GitHub code scanning.
 *
 * GitHub's documented limits ("SARIF results exceed one or more limits",
 * https://docs.github.com/en/code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit):
 * runs per file 20, results per run 25,000 (only the top 5,000 kept, by severity), rules per run
 * 25,000, locations per result 1,000 (100 kept), tags per rule 20 (10 kept); the upload is at most
 * 10 MB gzipped. We emit one run, one location per result, at most 10 tags per rule, and cap
 * results at 25,000 — sorted by severity first so the ones GitHub keeps are the ones that matter.
 */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SARIF_VERSION = '2.1.0';
export const MAX_RESULTS_PER_RUN = 25_000;
export const MAX_RULES_PER_RUN = 25_000;
export const MAX_TAGS_PER_RULE = 10;
/** partialFingerprints key; bump the suffix if the identity ever changes meaning. */
export const FINGERPRINT_KEY = 'licenseRiskIdentity/v1';

type SarifLevel = 'error' | 'warning' | 'note' | 'none';

export function sarifLevel(severity: Severity | RuleSetting): SarifLevel {
  switch (severity) {
    case 'error':
      return 'error';
    case 'warn':
      return 'warning';
    case 'info':
      return 'note';
    default:
      return 'none';
  }
}

/** GitHub's `problem.severity` vocabulary: error, warning, recommendation. */
function problemSeverity(level: SarifLevel): 'error' | 'warning' | 'recommendation' {
  return level === 'error' ? 'error' : level === 'warning' ? 'warning' : 'recommendation';
}

/** A relative path as a URI reference: each segment percent-encoded, `/` and `@` kept. */
export function toUriReference(relPath: string): string {
  return relPath
    .replace(/\\/g, '/')
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%40/g, '@'))
    .join('/');
}

function positive(n: unknown): number {
  return typeof n === 'number' && Number.isFinite(n) && n >= 1 ? Math.floor(n) : 1;
}

function fingerprint(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function ruleEntry(id: string, meta: RuleMeta | undefined, report: Report): Record<string, unknown> {
  const description = meta?.docs.description ?? `license-risk ${id}`;
  const defaultSetting: RuleSetting = meta?.defaultSeverity[report.profile.distribution] ?? 'warn';
  const level = sarifLevel(defaultSetting);
  const helpUri = meta ? docUrl(meta.docs.url) : `${REPOSITORY_URL}#readme`;
  const perProfile = meta
    ? (Object.keys(meta.defaultSeverity) as (keyof RuleMeta['defaultSeverity'])[])
        .sort()
        .map((d) => `${d}: ${meta.defaultSeverity[d]}`)
        .join(', ')
    : '';
  const full = perProfile ? `${description} Default severity by distribution (commercial): ${perProfile}.` : description;
  const tags = ['license', 'license-risk', 'compliance', id].slice(0, MAX_TAGS_PER_RULE);
  return {
    id,
    name: id
      .split(/[-_]/)
      .map((w) => (w ? w[0].toUpperCase() + w.slice(1) : w))
      .join(''),
    shortDescription: { text: description },
    fullDescription: { text: full },
    help: {
      text: `${full}\nDocumentation: ${helpUri}`,
      markdown: `${full}\n\n[Rule documentation](${helpUri})`,
    },
    helpUri,
    defaultConfiguration: { level: level === 'none' ? 'none' : level, enabled: defaultSetting !== 'off' },
    properties: { tags, 'problem.severity': problemSeverity(level), precision: 'high' },
  };
}

function sortForUpload(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      compareSeverityWorstFirst(a.severity, b.severity) ||
      compareStrings(a.location.file, b.location.file) ||
      a.location.line - b.location.line ||
      a.location.column - b.location.column ||
      compareStrings(a.ruleId, b.ruleId) ||
      compareStrings(a.component ?? '', b.component ?? '') ||
      compareStrings(a.message, b.message),
  );
}

function notification(diagnostic: Diagnostic): Record<string, unknown> {
  const region = diagnostic.line ? { region: { startLine: positive(diagnostic.line), startColumn: positive(diagnostic.column) } } : {};
  return {
    level: sarifLevel(diagnostic.severity),
    descriptor: { id: diagnostic.code },
    message: { text: diagnostic.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUriReference(diagnostic.file || '.'), uriBaseId: '%SRCROOT%' },
          ...region,
        },
      },
    ],
  };
}

/** Builds the SARIF log as an object (the formatter serialises it; the Action rebases URIs). */
export function buildSarif(report: Report, ctx: FormatterContext): Record<string, unknown> {
  const components = componentIndex(report);
  const active = sortForUpload(report.findings.filter((f) => !f.suppressed));
  const kept = active.slice(0, MAX_RESULTS_PER_RUN);
  const omitted = active.length - kept.length;

  // Every known rule (the registry has `baseline` and the report-phase checks too), plus any id a result uses that it does not describe.
  const ruleIds = new Set(Object.keys(ctx.rules ?? {}));
  for (const f of kept) ruleIds.add(f.ruleId);
  const sortedIds = [...ruleIds].sort(compareStrings).slice(0, MAX_RULES_PER_RUN);
  const ruleIndex = new Map(sortedIds.map((id, i) => [id, i]));
  const rules = sortedIds.map((id) => ruleEntry(id, ctx.rules?.[id], report));

  const results = kept.map((finding) => {
    const identity = findingIdentity(finding, components);
    const component = finding.component ? components.get(finding.component) : undefined;
    const properties: Record<string, unknown> = {};
    if (finding.component) properties.component = finding.component;
    if (identity.license) properties.license = identity.license;
    if (component) properties.category = component.license.category;
    if (finding.path && finding.path.length > 0) properties.dependencyPath = finding.path.join(' > ');
    properties.messageId = finding.messageId;
    if (finding.workspace && finding.workspace !== '.') properties.workspace = finding.workspace;
    return {
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex.get(finding.ruleId) ?? -1,
      level: sarifLevel(finding.severity),
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: toUriReference(finding.location.file), uriBaseId: '%SRCROOT%' },
            region: { startLine: positive(finding.location.line), startColumn: positive(finding.location.column) },
          },
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(identityKey(identity)) },
      properties,
    };
  });

  const notifications = report.diagnostics.map(notification);
  if (omitted > 0) {
    notifications.push({
      level: 'warning',
      descriptor: { id: 'results-truncated' },
      message: {
        text: `${omitted} lower-severity results were omitted: GitHub code scanning accepts at most ${MAX_RESULTS_PER_RUN} results per run.`,
      },
      locations: [],
    });
  }

  return {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            semanticVersion: report.tool.version,
            informationUri: REPOSITORY_URL,
            rules,
          },
        },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
        results,
        properties: {
          profile: report.profile.distribution,
          commercial: report.profile.commercial,
          suppressed: report.findings.length - active.length,
        },
      },
    ],
  };
}

/**
 * SARIF URIs are relative to the scanned root; GitHub resolves them against the repository
 * root. When the scanned folder is a subfolder, prefix every artifact URI with it.
 */
export function rebaseSarifUris(sarif: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const clean = prefix.replace(/\\/g, '/').replace(/^\.\/?/, '').replace(/\/+$/, '');
  if (!clean) return sarif;
  const base = toUriReference(clean);
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (obj.uriBaseId === '%SRCROOT%' && typeof obj.uri === 'string') {
        obj.uri = obj.uri === '.' ? base : `${base}/${obj.uri}`;
      }
      for (const value of Object.values(obj)) visit(value);
    }
  };
  const copy = JSON.parse(JSON.stringify(sarif)) as Record<string, unknown>;
  visit(copy);
  return copy;
}

export const format: Formatter = (report, ctx) => `${JSON.stringify(buildSarif(report, ctx), null, 2)}\n`;
