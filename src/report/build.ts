/**
 * The JSON report, made from the scan's model: every other format is made from it (formatters
 * never re-derive facts). Components and findings arrive sorted; diagnostics are sorted here.
 */
import { roundConfidence } from '../util/confidence';
import type {
  Category,
  ClassifiedLicense,
  Component,
  Diagnostic,
  Finding,
  MissingEvidence,
  OwnLicense,
  OwnLicenseScope,
  Profile,
  Report,
  ReportComponent,
  ReportWorkspace,
  Summary,
} from '../types';
import { CATEGORY_ORDER } from '../types';
import type { WorkspaceUnit } from '../evaluate/workspaces';
import { toolVersion } from '../paths';
import { sortDiagnostics } from '../diagnostics';
import { missingEvidenceByLockfile, reportEvidence } from '../read/evidence-source';

export interface ReportInput {
  profile: Profile;
  components: Component[];
  findings: Finding[];
  diagnostics: Diagnostic[];
  ownLicenses: OwnLicense[];
  ownLicense?: ClassifiedLicense;
  ownLicenseScopes?: OwnLicenseScope[];
  workspaces?: WorkspaceUnit[];
  /** Findings dropped by a workspace's `ignore`. */
  ignored?: number;
}

/** A diagnostic's message in the report: parsers quote hostile input (a 100k-deep pom.xml gave 800 KB). */
const MAX_DIAGNOSTIC_MESSAGE = 2000;

export function buildReport(input: ReportInput): Report {
  capDiagnosticMessages(input.diagnostics);
  const scopeFiles = new Set((input.ownLicenseScopes ?? []).flatMap((s) => s.files));
  const licenses = new Map<ClassifiedLicense | undefined, ReportComponent['license']>();
  const evidence = new Map<string, ReportComponent['evidence']>();
  const components: ReportComponent[] = input.components.map((c) => toReportComponent(c, licenses, evidence));
  const diagnostics = sortDiagnostics(input.diagnostics);
  return {
    tool: { name: 'license-risk', version: toolVersion() },
    root: '.',
    profile: input.profile,
    ownLicense: input.ownLicense
      ? {
          expression: input.ownLicense.expression,
          category: input.ownLicense.category,
          // The root's files: those of the terms outside every scope.
          files: input.ownLicenses.map((l) => l.file).filter((f) => !scopeFiles.has(f)),
          scopes: input.ownLicenseScopes ?? [],
        }
      : undefined,
    ...(input.workspaces ? { workspaces: input.workspaces.map(toReportWorkspace) } : {}),
    components,
    findings: input.findings,
    diagnostics,
    ...missingEvidenceMember(input.components),
    summary: summarise(components, input.findings, diagnostics, input.ignored),
  };
}

function capDiagnosticMessages(diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) {
    if (d.message.length > MAX_DIAGNOSTIC_MESSAGE) d.message = `${d.message.slice(0, MAX_DIAGNOSTIC_MESSAGE)}… (${d.message.length - MAX_DIAGNOSTIC_MESSAGE} more characters)`;
  }
}

/** Present only when something could not be judged, so reports of installed trees keep their shape. */
function missingEvidenceMember(components: Component[]): { missingEvidence?: MissingEvidence[] } {
  const missing = missingEvidenceByLockfile(components);
  return missing.length > 0 ? { missingEvidence: missing } : {};
}

function toReportWorkspace(w: WorkspaceUnit): ReportWorkspace {
  return { path: w.path, name: w.name, ecosystem: w.ecosystem, profile: { distribution: w.profile.distribution, commercial: w.profile.commercial, origin: w.profile.origin, reasons: w.profile.reasons } };
}

/**
 * A component as the report shows it. Components sharing a license object (identify interns
 * them) share one report license; evidence that is only a source is shared per source.
 */
function toReportComponent(c: Component, licenses: Map<ClassifiedLicense | undefined, ReportComponent['license']>, evidence: Map<string, ReportComponent['evidence']>): ReportComponent {
  let license = licenses.get(c.license);
  if (!license) licenses.set(c.license, (license = toReportLicense(c.license)));
  let ev = reportEvidence(c);
  if (Object.keys(ev).length === 1) {
    const shared = evidence.get(ev.source);
    if (shared) ev = shared;
    else evidence.set(ev.source, ev);
  }
  return {
    id: c.id,
    ecosystem: c.ecosystem,
    name: c.name,
    version: c.version,
    purl: c.purl,
    scope: c.scope,
    direct: c.direct,
    paths: c.paths,
    location: c.location,
    evidence: ev,
    license,
    ...(c.released ? { released: c.released } : {}),
    ...(c.model ? { model: c.model } : {}),
  };
}

function toReportLicense(l: ClassifiedLicense | undefined): ReportComponent['license'] {
  return {
    expression: l?.expression ?? null,
    category: l?.category ?? 'unknown',
    confidence: roundConfidence(l?.confidence ?? 0),
    source: l?.source ?? 'none',
    ...(l?.declared !== undefined ? { declared: l.declared } : {}),
    ...(l?.fileExpression !== undefined ? { fileExpression: l.fileExpression } : {}),
    ...(l?.files?.length ? { files: l.files.map((f) => ({ ...f, confidence: roundConfidence(f.confidence) })) } : {}),
    ...(l?.parameters && Object.keys(l.parameters).length ? { parameters: l.parameters } : {}),
    ...(l?.conversion ? { conversion: l.conversion } : {}),
    traits: [...new Set((l?.traits ?? []).map((t) => t.trait))].sort(),
    notes: l?.notes ?? [],
  };
}

function countEvidence(components: ReportComponent[]): Summary['evidence'] {
  const counts: Summary['evidence'] = { installed: 0, lockfile: 0, cache: 0, online: 0, override: 0, none: 0 };
  // Reports written before `evidence` existed (a baseline's base side) count as unknown: none.
  for (const c of components) counts[c.evidence?.source ?? 'none']++;
  return counts;
}

export function summarise(components: ReportComponent[], findings: Finding[], diagnostics: Diagnostic[], ignored = 0): Summary {
  const byCategory = Object.fromEntries(CATEGORY_ORDER.map((c) => [c, 0])) as Record<Category, number>;
  for (const c of components) byCategory[c.license.category]++;
  const active = findings.filter((f) => !f.suppressed);
  return {
    components: components.length,
    errors: active.filter((f) => f.severity === 'error').length,
    warnings: active.filter((f) => f.severity === 'warn').length,
    infos: active.filter((f) => f.severity === 'info').length,
    suppressed: findings.length - active.length,
    // Only when a workspace's `ignore` dropped something, so other reports keep their shape.
    ...(ignored > 0 ? { ignored } : {}),
    byCategory,
    diagnostics: diagnostics.length,
    evidence: countEvidence(components),
  };
}
