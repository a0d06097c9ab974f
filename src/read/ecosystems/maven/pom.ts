import type { Diagnostic } from '../../../types';
import { lineStarts, offsetToPosition } from '../../locate';
import { diag } from '../shared/diagnostics';
import { asArray, isRecord, parseXmlDocument, xmlText } from '../shared/parse';

/** The parts of a POM (https://maven.apache.org/pom.html) license work needs, raw (not interpolated). */
export interface PomDependency {
  groupId: string;
  artifactId: string;
  version: string;
  scope: string;
  type: string;
  optional: boolean;
  /** `group:artifact` patterns from <exclusions> (`*` allowed). */
  exclusions: string[];
}

export interface PomLicense {
  name: string;
  url: string;
}

export interface RawPom {
  /** How the file is shown in diagnostics (relative path or `~/…`). */
  display: string;
  text: string;
  groupId: string;
  artifactId: string;
  version: string;
  packaging: string;
  name: string;
  description: string;
  parent?: { groupId: string; artifactId: string; version: string; relativePath?: string };
  properties: Record<string, string>;
  dependencies: PomDependency[];
  managed: PomDependency[];
  licenses: PomLicense[];
  modules: string[];
}

function dependencyList(node: unknown): PomDependency[] {
  const deps = isRecord(node) ? asArray(node.dependency) : [];
  return deps.filter(isRecord).map((d) => ({
    groupId: xmlText(d.groupId),
    artifactId: xmlText(d.artifactId),
    version: xmlText(d.version),
    scope: xmlText(d.scope),
    type: xmlText(d.type),
    optional: xmlText(d.optional) === 'true',
    exclusions: (isRecord(d.exclusions) ? asArray(d.exclusions.exclusion) : [])
      .filter(isRecord)
      .map((x) => `${xmlText(x.groupId) || '*'}:${xmlText(x.artifactId) || '*'}`),
  }));
}

export function parsePom(display: string, text: string, diagnostics: Diagnostic[]): RawPom | undefined {
  const doc = parseXmlDocument(display, text, diagnostics);
  if (!doc) return undefined;
  const project = doc.project;
  if (!isRecord(project)) {
    diagnostics.push(diag('invalid-pom', display, 'no <project> root element'));
    return undefined;
  }
  const properties: Record<string, string> = {};
  if (isRecord(project.properties)) {
    for (const [k, v] of Object.entries(project.properties)) if (!k.startsWith('@_')) properties[k] = xmlText(asArray(v)[0]);
  }
  const parentNode = isRecord(project.parent) ? project.parent : undefined;
  const pom: RawPom = {
    display,
    text,
    groupId: xmlText(project.groupId),
    artifactId: xmlText(project.artifactId),
    version: xmlText(project.version),
    packaging: xmlText(project.packaging) || 'jar',
    name: xmlText(project.name),
    description: xmlText(project.description),
    properties,
    dependencies: dependencyList(project.dependencies),
    managed: isRecord(project.dependencyManagement) ? dependencyList(project.dependencyManagement.dependencies) : [],
    licenses: (isRecord(project.licenses) ? asArray(project.licenses.license) : [])
      .filter(isRecord)
      .map((l) => ({ name: xmlText(l.name), url: xmlText(l.url) }))
      .filter((l) => l.name || l.url),
    modules: (isRecord(project.modules) ? asArray(project.modules.module) : []).map(xmlText).filter(Boolean),
  };
  if (parentNode) {
    pom.parent = { groupId: xmlText(parentNode.groupId), artifactId: xmlText(parentNode.artifactId), version: xmlText(parentNode.version) };
    // An empty <relativePath/> means "do not look in the checkout".
    if (parentNode.relativePath !== undefined) pom.parent.relativePath = xmlText(parentNode.relativePath);
  }
  return pom;
}

/**
 * Where a `<dependency>` with this group/artifact starts, outside or inside
 * `<dependencyManagement>`. Positions come from the raw text, since the XML parser gives none.
 */
export function locateDependency(text: string, groupId: string, artifactId: string, managed = false): { line: number; column: number } | undefined {
  const starts = lineStarts(text);
  const blocks = /<dependency\b[^>]*>([\s\S]*?)<\/dependency\s*>/g;
  let m: RegExpExecArray | null;
  let fallback: { line: number; column: number } | undefined;
  while ((m = blocks.exec(text))) {
    const body = m[1];
    const a = /<artifactId>\s*([^<]*?)\s*<\/artifactId>/.exec(body)?.[1];
    if (a !== artifactId) continue;
    const before = text.slice(0, m.index);
    const inManagement = before.lastIndexOf('<dependencyManagement') > before.lastIndexOf('</dependencyManagement');
    if (inManagement !== managed) continue;
    const g = /<groupId>\s*([^<]*?)\s*<\/groupId>/.exec(body)?.[1];
    const pos = offsetToPosition(starts, m.index);
    if (g === groupId) return pos;
    fallback ??= pos;
  }
  return fallback;
}

/** Position of the first match of `re` in `text`. */
export function locateTag(text: string, re: RegExp): { line: number; column: number } | undefined {
  const m = re.exec(text);
  return m ? offsetToPosition(lineStarts(text), m.index) : undefined;
}
