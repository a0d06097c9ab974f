import type { DiagnosticCode } from '../../diagnostics/codes';
import type { Diagnostic, Scope } from '../../types';
import { type SbomDocument, type SbomEntry } from './shared';
import { isRecord } from '../../util/record';

const SUPPORTED = ['SPDX-2.2', 'SPDX-2.3'];

/** Relationships that make the related element a dependency of the other: type → [scope, reversed]. */
const DEPENDENCY_RELATIONSHIPS: Record<string, { scope: Scope | null; childFirst: boolean }> = {
  DEPENDS_ON: { scope: null, childFirst: false },
  CONTAINS: { scope: null, childFirst: false },
  DEPENDENCY_OF: { scope: null, childFirst: true },
  RUNTIME_DEPENDENCY_OF: { scope: null, childFirst: true },
  CONTAINED_BY: { scope: null, childFirst: true },
  STATIC_LINK: { scope: null, childFirst: false },
  DYNAMIC_LINK: { scope: null, childFirst: false },
  DEV_DEPENDENCY_OF: { scope: 'dev', childFirst: true },
  TEST_DEPENDENCY_OF: { scope: 'dev', childFirst: true },
  BUILD_DEPENDENCY_OF: { scope: 'dev', childFirst: true },
  DEV_TOOL_OF: { scope: 'dev', childFirst: true },
  BUILD_TOOL_OF: { scope: 'dev', childFirst: true },
  TEST_TOOL_OF: { scope: 'dev', childFirst: true },
  OPTIONAL_DEPENDENCY_OF: { scope: 'optional', childFirst: true },
  PROVIDED_DEPENDENCY_OF: { scope: 'optional', childFirst: true },
};

/** An SPDX 2.2/2.3 JSON document as SBOM entries and a dependency graph. */
export function readSpdx(json: Record<string, unknown>, display: string): SbomDocument | { error: string; code: DiagnosticCode } {
  const diagnostics: Diagnostic[] = [];
  const version = String(json.spdxVersion);
  if (!/^SPDX-2\.\d+$/.test(version)) return { code: 'sbom-unsupported-version', error: `spdxVersion ${JSON.stringify(version).slice(0, 40)} is not read (SPDX JSON 2.2 and 2.3; SPDX 3 is JSON-LD)` };
  if (!SUPPORTED.includes(version)) diagnostics.push({ code: 'sbom-unsupported-version', severity: 'warn', file: display, message: `${version} is outside the versions read (2.2, 2.3); read as 2.3` });
  if (!Array.isArray(json.packages)) return { code: 'sbom-missing-field', error: 'SPDX document has no "packages" array' };

  // LicenseRef- ids the document defines, with their texts.
  const extracted = new Map<string, { text: string; index: number }>();
  if (Array.isArray(json.hasExtractedLicensingInfos)) {
    json.hasExtractedLicensingInfos.forEach((info, index) => {
      if (isRecord(info) && typeof info.licenseId === 'string' && typeof info.extractedText === 'string') {
        extracted.set(info.licenseId, { text: info.extractedText.slice(0, 1024 * 1024), index });
      }
    });
  }

  const relationships = Array.isArray(json.relationships) ? json.relationships.filter(isRecord) : [];
  const described = new Set<string>();
  if (Array.isArray(json.documentDescribes)) for (const d of json.documentDescribes) if (typeof d === 'string') described.add(d);
  const dependsOn = new Map<string, string[]>();
  const scopeOf = new Map<string, Scope>();
  for (const r of relationships) {
    const a = r.spdxElementId;
    const b = r.relatedSpdxElement;
    const type = r.relationshipType;
    if (typeof a !== 'string' || typeof b !== 'string' || typeof type !== 'string') continue;
    if (type === 'DESCRIBES' && a === json.SPDXID) described.add(b);
    if (type === 'DESCRIBED_BY' && b === json.SPDXID) described.add(a);
    const rel = Object.prototype.hasOwnProperty.call(DEPENDENCY_RELATIONSHIPS, type) ? DEPENDENCY_RELATIONSHIPS[type] : undefined;
    if (!rel) continue;
    const [parent, child] = rel.childFirst ? [b, a] : [a, b];
    dependsOn.set(parent, [...(dependsOn.get(parent) ?? []), child]);
    if (rel.scope && scopeOf.get(child) !== 'prod') scopeOf.set(child, rel.scope);
    else if (!rel.scope) scopeOf.set(child, 'prod');
  }

  const entries: SbomEntry[] = [];
  let rootName = typeof json.name === 'string' ? json.name : display;
  json.packages.forEach((pkg) => {
    if (!isRecord(pkg)) {
      entries.push({ name: undefined, version: undefined, purl: undefined, scope: 'prod', declared: [], texts: [] });
      return;
    }
    const id = typeof pkg.SPDXID === 'string' ? pkg.SPDXID : undefined;
    if (id && described.has(id)) {
      // The described package is the project itself, not one of its components.
      if (typeof pkg.name === 'string') rootName = `${pkg.name}${typeof pkg.versionInfo === 'string' && pkg.versionInfo ? `@${pkg.versionInfo}` : ''}`;
      return;
    }
    const purlRef = Array.isArray(pkg.externalRefs)
      ? (pkg.externalRefs as unknown[]).find((r) => isRecord(r) && r.referenceType === 'purl' && typeof r.referenceLocator === 'string')
      : undefined;
    const declared: string[] = [];
    // The document's conclusion first, then what the package declares.
    for (const field of ['licenseConcluded', 'licenseDeclared']) {
      const value = pkg[field];
      if (typeof value === 'string' && value.trim() && !/^(NOASSERTION|NONE)$/.test(value.trim())) {
        declared.push(value);
        break;
      }
    }
    const texts: SbomEntry['texts'] = [];
    for (const ref of new Set((declared[0] ?? '').match(/LicenseRef-[A-Za-z0-9.-]+/g) ?? [])) {
      const info = extracted.get(ref);
      if (info) texts.push({ text: info.text, pointer: `/hasExtractedLicensingInfos/${info.index}/extractedText` });
    }
    entries.push({
      ref: id,
      name: pkg.name,
      version: pkg.versionInfo,
      purl: isRecord(purlRef) ? purlRef.referenceLocator : undefined,
      scope: (id && scopeOf.get(id)) || 'prod',
      declared,
      texts,
    });
  });
  return { format: version, rootName, rootRefs: [...described], entries, dependsOn, diagnostics };
}
