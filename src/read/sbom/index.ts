import * as path from 'node:path';
import type { Component, Diagnostic, LicenseEvidence } from '../../types';
import { createSafeFs } from '../fs';
import { lineStarts, offsetToPosition } from '../locate';
import { compareStrings } from '../../util/compare';
import { ecosystemOfPurl, packageNameOfPurl, parsePurl, purlKey } from './purl';
import { readCycloneDx } from './cyclonedx';
import { readSpdx } from './spdx';
import { type SbomDocument, type SbomEntry } from './shared';
import { isRecord } from '../../util/record';
import { FatalError } from '../../errors';
import type { DiagnosticCode } from '../../diagnostics/codes';

/**
 * `check --sbom FILE`: an SBOM's components become the scan's components, so what syft, trivy,
 * cdxgen or cyclonedx-npm inventory (container images, ecosystems license-risk does not read)
 * is linted like a checkout. The format is told from the content: CycloneDX JSON (1.4–1.6, and
 * other 1.x read the same way with a warning) or SPDX JSON (2.2, 2.3). License ids, expressions
 * and names become `declared` evidence and embedded texts `text` evidence, so they go through
 * the same identify/classify/evaluate stages as a checkout's files.
 */

/** An SBOM of a large container image is a few MB; anything much larger is refused, not parsed. */
export const SBOM_MAX_BYTES = 64 * 1024 * 1024;
/** A name or version longer than this is not a package's. */
const MAX_FIELD_LENGTH = 512;

export interface SbomReadResult {
  components: Component[];
  diagnostics: Diagnostic[];
  /** How many of the files were read as SBOMs. */
  read: number;
}

/**
 * `check --sbom FILE…`: the SBOMs' components that join the scan, aligned by purl with the
 * checkout's (`fromCheckout`). Scanning SBOMs alone (`alone`) when none could be read would pass
 * on nothing: that is fatal instead.
 */
export async function readSbomInputs(files: readonly string[], opts: { cwd: string; root: string; alone: boolean }, fromCheckout: readonly Component[]): Promise<{ components: Component[]; diagnostics: Diagnostic[] }> {
  const sbom = await readSboms(files, opts);
  if (opts.alone && sbom.read === 0) {
    const first = sbom.diagnostics[0];
    throw new FatalError(`--sbom: no SBOM could be read${first ? ` (${first.file}: ${first.message})` : ''}`);
  }
  return { components: alignWithCheckout(sbom.components, fromCheckout), diagnostics: sbom.diagnostics };
}

/** Reads each SBOM file (paths relative to `cwd`); `root` is the scanned root paths are shown against. */
async function readSboms(files: readonly string[], opts: { cwd: string; root: string }): Promise<SbomReadResult> {
  const components: Component[] = [];
  const diagnostics: Diagnostic[] = [];
  let read = 0;
  for (const file of files) {
    const abs = path.resolve(opts.cwd, file);
    const rel = path.relative(opts.root, abs);
    const display = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
    const result = await readSbomFile(abs, display);
    components.push(...result.components);
    diagnostics.push(...result.diagnostics);
    read += result.read;
  }
  return { components, diagnostics, read };
}

async function readSbomFile(abs: string, display: string): Promise<SbomReadResult> {
  let safeFs;
  try {
    safeFs = createSafeFs(path.dirname(abs));
  } catch {
    return { components: [], diagnostics: [{ code: 'not-found', severity: 'error', file: display, message: 'SBOM not read: its folder does not exist' }], read: 0 };
  }
  const read = await safeFs.readText(path.basename(abs), { maxBytes: SBOM_MAX_BYTES });
  if (!read.ok) return { components: [], diagnostics: [{ ...read.diagnostic, severity: 'error', file: display, message: `SBOM not read: ${read.diagnostic.message}` }], read: 0 };
  return parseSbomText(read.text, display);
}

/** Parses an SBOM's text: one diagnostic and no components when it is not a readable SBOM. */
export function parseSbomText(text: string, display: string): SbomReadResult {
  const fail = (code: DiagnosticCode, message: string): SbomReadResult => ({ components: [], diagnostics: [{ code, severity: 'error', file: display, message }], read: 0 });
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    // The parser's message quotes the input; an SBOM's bytes are not repeated on the terminal.
    return fail('sbom-invalid-json', 'not an SBOM: invalid JSON; only CycloneDX and SPDX JSON are read');
  }
  if (!isRecord(json)) return fail('sbom-unknown-format', 'not an SBOM: the JSON is not an object; expected CycloneDX (bomFormat "CycloneDX") or SPDX (spdxVersion "SPDX-2.x") JSON');
  let doc: SbomDocument | { error: string; code: DiagnosticCode };
  if (json.bomFormat === 'CycloneDX') doc = readCycloneDx(json, display);
  else if (typeof json.spdxVersion === 'string') doc = readSpdx(json, display);
  else return fail('sbom-unknown-format', 'unknown SBOM format: neither CycloneDX JSON (bomFormat "CycloneDX") nor SPDX JSON (spdxVersion "SPDX-2.x"); XML, tag-value and SPDX 3 are not read');
  if ('error' in doc) return fail(doc.code, doc.error);
  const components = toComponents(doc, display, refLocator(text, doc.format.startsWith('SPDX') ? 'SPDXID' : 'bom-ref'));
  return { components, diagnostics: doc.diagnostics, read: 1 };
}

function toComponents(doc: SbomDocument, display: string, locate: (ref: string | undefined) => { line: number; column: number }): Component[] {
  const byRef = new Map<string, Component>();
  const out: Component[] = [];
  let skipped = 0;
  const seen = new Set<string>();
  for (const entry of doc.entries) {
    const component = toComponent(entry, display, locate(entry.ref));
    if (!component) {
      skipped++;
      continue;
    }
    if (entry.ref) byRef.set(entry.ref, component);
    // The same package listed twice (nested and flat): keep one.
    if (seen.has(component.id)) continue;
    seen.add(component.id);
    out.push(component);
  }
  if (skipped) {
    doc.diagnostics.push({
      code: 'sbom-component-skipped',
      severity: 'warn',
      file: display,
      message: `${skipped} component${skipped === 1 ? '' : 's'} without a usable name (missing, not a string, over ${MAX_FIELD_LENGTH} characters or with control characters) left out`,
    });
  }
  linkPaths(doc, byRef, out);
  return out;
}

/**
 * Where each element's reference (`"bom-ref": "…"`, `"SPDXID": "…"`) first appears, as line and
 * column, so findings point at the component in the SBOM. One pass over the text.
 */
function refLocator(text: string, key: string): (ref: string | undefined) => { line: number; column: number } {
  const offsets = new Map<string, number>();
  const pattern = new RegExp(`"${key}"\\s*:\\s*("(?:[^"\\\\]|\\\\.)*")`, 'g');
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    let ref: string;
    try {
      ref = JSON.parse(m[1]) as string;
    } catch {
      continue;
    }
    if (!offsets.has(ref)) offsets.set(ref, m.index);
  }
  const starts = lineStarts(text);
  return (ref) => {
    const offset = ref === undefined ? undefined : offsets.get(ref);
    return offset === undefined ? { line: 1, column: 1 } : offsetToPosition(starts, offset);
  };
}

function cleanField(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  // eslint-disable-next-line no-control-regex -- control characters are what this check refuses
  if (trimmed.length > MAX_FIELD_LENGTH || /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(trimmed)) return null;
  return trimmed;
}

function toComponent(entry: SbomEntry, display: string, at: { line: number; column: number }): Component | null {
  const parsed = parsePurl(entry.purl);
  const name = parsed ? cleanField(packageNameOfPurl(parsed)) : cleanField(entry.name);
  if (!name) return null;
  const version = (parsed?.version ? cleanField(parsed.version) : cleanField(entry.version ?? '')) ?? '';
  const ecosystem = parsed ? ecosystemOfPurl(parsed) : 'generic';
  const idType = ecosystem === 'generic' && parsed ? parsed.type : ecosystem;
  const evidence: LicenseEvidence[] = [];
  // `SEE LICENSE IN <file>` names a file of the package, which an SBOM does not carry: when it
  // embeds texts, those are that file; without any, identify says the file is not here (and
  // never reads a namesake next to the SBOM).
  const declared = entry.declared.filter((d) => d.trim() !== '' && !(entry.texts.length > 0 && /^\s*SEE LICEN[CS]E IN\b/i.test(d)));
  const location = { file: display, ...at };
  if (declared.length === 1) evidence.push({ kind: 'declared', value: declared[0], field: 'sbom license', location });
  else if (declared.length > 1) evidence.push({ kind: 'declared', value: declared, field: 'sbom licenses', location });
  for (const t of entry.texts) evidence.push({ kind: 'text', text: t.text, origin: `${display}#${t.pointer}` });
  return {
    id: `${idType}:${name}@${version}`,
    ecosystem,
    name,
    version,
    purl: typeof entry.purl === 'string' && parsed ? entry.purl.trim() : '',
    scope: entry.scope,
    direct: false,
    paths: [],
    evidence,
    location,
  };
}

/**
 * Direct dependencies and dependency paths from the SBOM's graph (shortest first, as readers
 * give them). Without a graph every component hangs off the project.
 */
function linkPaths(doc: SbomDocument, byRef: Map<string, Component>, components: Component[]): void {
  const label = (c: Component) => `${c.name}@${c.version}`;
  const shortest = new Map<Component, string[]>();
  const queue: Array<{ ref: string; path: string[] }> = doc.rootRefs.map((ref) => ({ ref, path: [doc.rootName] }));
  const visited = new Set<string>(doc.rootRefs);
  while (queue.length) {
    const { ref, path: via } = queue.shift()!;
    for (const child of doc.dependsOn.get(ref) ?? []) {
      if (visited.has(child)) continue;
      visited.add(child);
      const component = byRef.get(child);
      const next = component ? [...via, label(component)] : via;
      if (component && !shortest.has(component)) shortest.set(component, next);
      queue.push({ ref: child, path: next });
    }
  }
  const rootChildren = new Set(doc.rootRefs.flatMap((r) => doc.dependsOn.get(r) ?? []));
  const directComponents = new Set([...rootChildren].map((r) => byRef.get(r)).filter((c): c is Component => !!c));
  for (const c of components) {
    c.paths = [shortest.get(c) ?? [doc.rootName, label(c)]];
    c.direct = directComponents.has(c) || (!shortest.has(c) && rootChildren.size === 0);
  }
  components.sort((a, b) => compareStrings(a.id, b.id));
}

/**
 * Components merged by purl: an SBOM component that is also in the checkout takes the
 * checkout's id (so the pipeline's de-duplication merges the two and the SBOM's evidence joins
 * the checkout's) — however either wrote the purl (`%40scope` or `@scope`, qualifiers, case).
 */
function alignWithCheckout(fromSbom: Component[], fromCheckout: readonly Component[]): Component[] {
  if (fromCheckout.length === 0) return fromSbom;
  const byKey = new Map<string, Component>();
  for (const c of fromCheckout) {
    const key = c.purl ? purlKey(c.purl) : null;
    if (key && !byKey.has(key)) byKey.set(key, c);
  }
  return fromSbom.map((c) => {
    const key = c.purl ? purlKey(c.purl) : null;
    const same = key ? byKey.get(key) : undefined;
    if (!same) return c;
    return { ...c, id: same.id, ecosystem: same.ecosystem, name: same.name, version: same.version, purl: same.purl, location: same.location, paths: same.paths.length ? [] : c.paths };
  });
}
