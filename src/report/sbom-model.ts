import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Report } from '../types';
import { compareStrings } from '../util/compare';
import { packageRoot } from '../paths';
import { leaves, parseExpression } from '../classify/expression';

/**
 * What the SBOM formatters (CycloneDX, SPDX) share: the project as the root element, the
 * dependency edges, and the reference texts of the licenses used. All of it is made from the
 * JSON report (and the package's own data), never from the checkout.
 */

export interface SbomRoot {
  name: string;
  version: string;
}

/** Splits `name@version` (`@scope/name@1.0.0` included). */
export function splitNameVersion(spec: string): { name: string; version: string } {
  const at = spec.lastIndexOf('@');
  if (at <= 0) return { name: spec, version: '' };
  return { name: spec.slice(0, at), version: spec.slice(at + 1) };
}

/**
 * The scanned project: the name every dependency path starts from (the root manifest), else the
 * checkout folder's name. A scan of SBOMs alone has no manifest, so the folder names it.
 */
export function sbomRoot(report: Report, cwd: string): SbomRoot {
  const counts = new Map<string, number>();
  for (const c of report.components) {
    for (const p of c.paths) if (p.length > 1) counts.set(p[0], (counts.get(p[0]) ?? 0) + 1);
  }
  const heads = [...counts].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]));
  if (heads.length) return splitNameVersion(heads[0][0]);
  return { name: path.basename(cwd) || 'project', version: '' };
}

/**
 * Dependency edges from the report's dependency paths (root → … → component): each pair of
 * neighbours is an edge. The report keeps a few shortest paths per component, so every
 * component is reachable from the root, though a package reached by many parents lists the
 * parents on those paths only. `ROOT_REF` stands for the project; keys and values are
 * component ids.
 */
export const ROOT_REF = '@root';

export function dependencyEdges(report: Report): Map<string, string[]> {
  const idByPathElement = new Map<string, string>();
  for (const c of report.components) {
    const key = `${c.name}@${c.version}`;
    // Two ecosystems with the same name@version: keep the first (ids are sorted) for edges.
    if (!idByPathElement.has(key)) idByPathElement.set(key, c.id);
  }
  const edges = new Map<string, Set<string>>();
  const add = (from: string, to: string) => {
    if (from === to) return;
    let set = edges.get(from);
    if (!set) edges.set(from, (set = new Set()));
    set.add(to);
  };
  for (const c of report.components) {
    if (c.paths.length === 0) {
      add(ROOT_REF, c.id);
      continue;
    }
    for (const p of c.paths) {
      let parent = ROOT_REF;
      for (let i = 1; i < p.length; i++) {
        const id = i === p.length - 1 ? c.id : idByPathElement.get(p[i]);
        if (!id) continue;
        add(parent, id);
        parent = id;
      }
      if (p.length <= 1) add(ROOT_REF, c.id);
    }
  }
  const out = new Map<string, string[]>();
  for (const from of [...edges.keys()].sort(compareStrings)) out.set(from, [...edges.get(from)!].sort(compareStrings));
  return out;
}

/** The license ids (SPDX and LicenseRef-) an expression names, without operators. */
export function licenseIdsOf(expression: string | null): string[] {
  const parsed = expression ? parseExpression(expression) : null;
  if (!parsed?.ok) return [];
  return [...new Set(leaves(parsed.node).map((l) => l.license))].sort(compareStrings);
}

export function isLicenseRef(id: string): boolean {
  return /^(DocumentRef-[^:]+:)?LicenseRef-/.test(id);
}

let spdxTexts: Record<string, { name: string; licenseText: string }> | undefined;

/**
 * The reference text of a license: the SPDX list's text for SPDX ids, the knowledge base's
 * template (data/templates) for the source-available licenses the list lacks; undefined when
 * license-risk has none.
 */
export function referenceText(id: string): { name: string; text: string } | undefined {
  if (isLicenseRef(id)) {
    const file = path.join(packageRoot(), 'data', 'templates', `${id}.txt`);
    if (!/^[A-Za-z0-9.+-]+$/.test(id) || !fs.existsSync(file)) return undefined;
    const text = fs.readFileSync(file, 'utf8');
    return { name: id.replace(/^LicenseRef-(scancode-)?/, ''), text };
  }
  spdxTexts ??= require('spdx-license-list/full') as Record<string, { name: string; licenseText: string }>;
  const entry = Object.prototype.hasOwnProperty.call(spdxTexts, id) ? spdxTexts[id] : undefined;
  return entry ? { name: entry.name, text: entry.licenseText } : undefined;
}
