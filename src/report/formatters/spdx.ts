import { createHash } from 'node:crypto';
import type { Formatter, Report, ReportComponent } from '../../types';
import { dependencyEdges, isLicenseRef, licenseIdsOf, referenceText, ROOT_REF, sbomRoot } from '../sbom-model';
import { parseExpression } from '../../classify/expression';
import { compareStrings } from '../../util/compare';

/**
 * `--format spdx`: an SPDX 2.3 JSON document, written against the official 2.3 JSON schema.
 * What maps to what:
 *
 * - the document DESCRIBES the scanned project (a package, purpose APPLICATION, its own license
 *   as licenseDeclared/licenseConcluded);
 * - packages[]: one per report component; SPDXID from the component id; `versionInfo`; the purl
 *   as a PACKAGE-MANAGER external reference; `licenseConcluded` is license-risk's expression
 *   (NOASSERTION when unknown), `licenseDeclared` the package's own declaration when it is
 *   valid SPDX; `downloadLocation` and `copyrightText` NOASSERTION (not looked for); purpose
 *   LIBRARY, or `OTHER` for a `huggingface` model;
 * - hasExtractedLicensingInfos[]: every `LicenseRef-` used, with the reference text
 *   license-risk holds, or a note saying none was found;
 * - relationships: DEPENDS_ON from the report's dependency paths; a dev dependency is
 *   DEV_DEPENDENCY_OF its parent, an optional or peer one OPTIONAL_DEPENDENCY_OF;
 * - category, traits, confidence and evidence source as an annotation per package.
 *
 * Deterministic: the namespace is a hash of the content, and `created` is the scan day at
 * midnight UTC (SOURCE_DATE_EPOCH, then LICENSE_RISK_TODAY, win when set), since the schema
 * requires a creation time.
 */
export const format: Formatter = (report, ctx) => `${JSON.stringify(buildSpdxDocument(report, ctx.cwd), null, 2)}\n`;

const NOASSERTION = 'NOASSERTION';

interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  downloadLocation: string;
  filesAnalyzed: false;
  licenseConcluded: string;
  licenseDeclared: string;
  copyrightText: string;
  externalRefs?: { referenceCategory: 'PACKAGE-MANAGER'; referenceType: 'purl'; referenceLocator: string }[];
  primaryPackagePurpose: string;
  annotations?: { annotationDate: string; annotationType: 'OTHER'; annotator: string; comment: string }[];
}

export function buildSpdxDocument(report: Report, cwd: string, env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const root = sbomRoot(report, cwd);
  const created = creationTime(env);
  const tool = `Tool: ${report.tool.name}-${report.tool.version}`;
  const refs = new Map<string, string>();
  const used = new Set<string>();
  const spdxIdFor = (key: string, label: string): string => {
    let id = `SPDXRef-Package-${label.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'unnamed'}`;
    for (let n = 2; used.has(id); n++) id = `${id.replace(/-\d+$/, '')}-${n}`;
    used.add(id);
    refs.set(key, id);
    return id;
  };
  const licenseRefs = new Set<string>();
  const concluded = (expression: string | null | undefined): string => {
    if (!expression || !parseExpression(expression).ok) return NOASSERTION;
    for (const id of licenseIdsOf(expression)) if (isLicenseRef(id)) licenseRefs.add(id);
    return expression;
  };

  const rootId = spdxIdFor(ROOT_REF, `root-${root.name}`);
  const rootLicense = concluded(report.ownLicense?.expression);
  const packages: SpdxPackage[] = [
    {
      SPDXID: rootId,
      name: root.name,
      ...(root.version ? { versionInfo: root.version } : {}),
      downloadLocation: NOASSERTION,
      filesAnalyzed: false,
      licenseConcluded: rootLicense,
      licenseDeclared: rootLicense,
      copyrightText: NOASSERTION,
      primaryPackagePurpose: 'APPLICATION',
    },
  ];
  const scopes = new Map<string, ReportComponent['scope']>();
  for (const c of report.components) {
    scopes.set(c.id, c.scope);
    // The declaration as the package wrote it when that is valid SPDX; else, when the concluded
    // expression came from the declaration (corrected), that; else nothing was declared.
    const declaredAsWritten = c.license.declared !== undefined && parseExpression(c.license.declared).ok;
    const fromDeclaration = c.license.source === 'declared' || c.license.source === 'lockfile';
    const declared = declaredAsWritten ? concluded(c.license.declared) : fromDeclaration ? concluded(c.license.expression) : NOASSERTION;
    const pkg: SpdxPackage = {
      SPDXID: spdxIdFor(c.id, `${c.ecosystem}-${c.name}-${c.version}`),
      name: c.name,
      ...(c.version ? { versionInfo: c.version } : {}),
      downloadLocation: NOASSERTION,
      filesAnalyzed: false,
      licenseConcluded: concluded(c.license.expression),
      licenseDeclared: declared,
      copyrightText: NOASSERTION,
      ...(c.purl ? { externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER' as const, referenceType: 'purl' as const, referenceLocator: c.purl }] } : {}),
      primaryPackagePurpose: /^pkg:huggingface\//.test(c.purl) ? 'OTHER' : 'LIBRARY',
      annotations: [{ annotationDate: created, annotationType: 'OTHER', annotator: tool, comment: annotationOf(c) }],
    };
    packages.push(pkg);
  }

  const relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[] = [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: rootId },
  ];
  for (const [from, tos] of dependencyEdges(report)) {
    const parent = refs.get(from);
    if (!parent) continue;
    for (const to of tos) {
      const child = refs.get(to);
      if (!child) continue;
      const scope = scopes.get(to);
      if (scope === 'dev') relationships.push({ spdxElementId: child, relationshipType: 'DEV_DEPENDENCY_OF', relatedSpdxElement: parent });
      else if (scope === 'optional' || scope === 'peer') relationships.push({ spdxElementId: child, relationshipType: 'OPTIONAL_DEPENDENCY_OF', relatedSpdxElement: parent });
      else relationships.push({ spdxElementId: parent, relationshipType: 'DEPENDS_ON', relatedSpdxElement: child });
    }
  }

  const extracted = [...licenseRefs].sort(compareStrings).map((licenseId) => {
    const known = referenceText(licenseId);
    return known
      ? { licenseId, name: known.name, extractedText: known.text }
      : {
          licenseId,
          name: licenseId.replace(/^LicenseRef-/, ''),
          extractedText: `license-risk holds no reference text for ${licenseId}; see the license files of the packages that use it.`,
          comment: 'NOASSERTION: no text found',
        };
  });

  const body = { packages, relationships, hasExtractedLicensingInfos: extracted };
  const digest = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 32);
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: root.version ? `${root.name}@${root.version}` : root.name,
    documentNamespace: `https://spdx.org/spdxdocs/license-risk/${encodeURIComponent(root.name)}-${digest}`,
    creationInfo: { created, creators: [tool] },
    packages,
    relationships,
    ...(extracted.length ? { hasExtractedLicensingInfos: extracted } : {}),
  };
}

function annotationOf(c: ReportComponent): string {
  const parts = [
    `license-risk:category=${c.license.category}`,
    `license-risk:confidence=${c.license.confidence}`,
    `license-risk:license-source=${c.license.source}`,
    `license-risk:scope=${c.scope}`,
    ...c.license.traits.map((t) => `license-risk:trait=${t}`),
  ];
  return parts.join('\n');
}

/** The schema requires a creation time; it is the scan's day, so the same checkout gives the same bytes that day. */
export function creationTime(env: NodeJS.ProcessEnv): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const today = env.LICENSE_RISK_TODAY && /^\d{4}-\d{2}-\d{2}$/.test(env.LICENSE_RISK_TODAY) ? env.LICENSE_RISK_TODAY : new Date().toISOString().slice(0, 10);
  return `${today}T00:00:00Z`;
}
