import * as path from 'node:path';
import semver from '../util/semver';
import type {
  Component,
  Config,
  Diagnostic,
  IdentifiedLicense,
  LicenseEvidence,
  SafeFs,
  SafeReadError,
  SafeReadResult,
  TextIdentification,
} from '../types';
import { parseDeclared, type DeclaredResult } from './declared';
import { splitPackageSpec } from '../config/names';
import { createCacheFs, type CacheFs } from '../read/ecosystems/shared/cache-fs';
import { identifyReadFile } from './file';
import { vendorByPackage } from './commercial-vendors';
import { appendAll } from '../util/append';

export interface IdentifyContext {
  fs: SafeFs;
  /** Read-only access to ecosystem caches outside the checkout (~/.cargo, GOMODCACHE, …). */
  cacheFs?: CacheFs;
  overrides?: Config['overrides'];
  diagnostics: Diagnostic[];
  /** Identification results by content hash: most trees ship the same dozen texts. */
  textCache: Map<string, TextIdentification>;
  /** License files read while the checkout was walked, identified on another thread (./text-thread.ts). */
  earlyTexts?: { take(file: string, cache: ReadonlyMap<string, TextIdentification>): SafeReadResult | SafeReadError | undefined };
}

export function createIdentifyContext(
  fs: SafeFs,
  overrides: Config['overrides'],
  diagnostics: Diagnostic[],
  env: NodeJS.ProcessEnv = process.env,
): IdentifyContext {
  return { fs, cacheFs: createCacheFs(env), overrides, diagnostics, textCache: new Map() };
}

/** How a license file is named in the report: relative inside the checkout, `~/…` in a cache. */
export function displayLicenseFile(file: string, ctx: IdentifyContext): string {
  return path.isAbsolute(file) && ctx.cacheFs ? ctx.cacheFs.display(file) : file;
}

/** Reads and identifies one license file; null when it could not be read. */
export async function identifyLicenseFile(file: string, ctx: IdentifyContext): Promise<TextIdentification | null> {
  // Readers of Cargo, Go, NuGet, … point at license files in the user's caches by absolute path.
  const read =
    ctx.earlyTexts?.take(file, ctx.textCache) ??
    (path.isAbsolute(file) && ctx.cacheFs ? await ctx.cacheFs.readText(file) : await ctx.fs.readText(file, { allowTruncate: true }));
  const outcome = identifyReadFile(read, file, ctx.textCache);
  appendAll(ctx.diagnostics, outcome.diagnostics);
  return outcome.identification;
}

/** Identifies a license text that is not a file (an SBOM's embedded text), cached by content like files. */
export function identifyEmbeddedText(text: string, origin: string, ctx: IdentifyContext): TextIdentification | null {
  return identifyCachedText(origin, text, ctx);
}

/** A license text a reader already took out of a package manager's cache (zip, tarball, pnpm store). */
function identifyCachedText(file: string, text: string, ctx: IdentifyContext): TextIdentification | null {
  const outcome = identifyReadFile({ ok: true, text, truncated: false, size: Buffer.byteLength(text) }, file, ctx.textCache);
  ctx.diagnostics.push(...outcome.diagnostics);
  return outcome.identification;
}

function overrideFor(component: Component, overrides: Config['overrides']): { expression: string; origin: string } | null {
  if (!overrides) return null;
  for (const key of Object.keys(overrides).sort()) {
    const { name, range } = splitPackageSpec(key);
    if (name !== component.name) continue;
    if (range !== '*' && !(semver.valid(component.version) && semver.satisfies(component.version, range, { includePrerelease: true }))) continue;
    return { expression: overrides[key], origin: `overrides["${key}"]` };
  }
  return null;
}

function evidenceLocationFile(e: LicenseEvidence, component: Component): string {
  if ((e.kind === 'declared' || e.kind === 'lockfile') && e.location) return e.location.file;
  return component.location.file;
}

/**
 * Turns a component's raw evidence into one SPDX expression. Order of trust: a user override,
 * then the declared field (and the file it points at with `SEE LICENSE IN`), then the lockfile's
 * copy of it, then the license files' texts. File results are kept beside the declared answer
 * so `license-mismatch` can compare them and classification can prefer a stricter text.
 */
export async function identifyComponent(component: Component, ctx: IdentifyContext): Promise<IdentifiedLicense> {
  const identified = await identifyFromEvidence(component, ctx);
  return identified.expression || identified.source === 'override' ? identified : withVendorFamily(component, identified);
}

/**
 * A package of a well-known commercial family (MUI X Pro, Kendo UI, Syncfusion, Highcharts,
 * DevExtreme…) whose own evidence said nothing identifiable is read as its vendor's terms, at
 * low confidence and saying so: `unknown` is for when nothing indicates the terms.
 */
function withVendorFamily(component: Component, identified: IdentifiedLicense): IdentifiedLicense {
  if (component.ecosystem !== 'npm') return identified;
  const vendor = vendorByPackage(component.name);
  if (!vendor) return identified;
  return {
    ...identified,
    expression: vendor.expression,
    confidence: VENDOR_FAMILY_CONFIDENCE,
    notes: [...identified.notes, `${component.name} belongs to ${vendor.vendor}'s commercial package family (data/licenses/commercial.json): read as ${vendor.expression}; confirm against the vendor's terms`],
  };
}

const VENDOR_FAMILY_CONFIDENCE = 0.5;

async function identifyFromEvidence(component: Component, ctx: IdentifyContext): Promise<IdentifiedLicense> {
  const notes: string[] = [];
  const override = overrideFor(component, ctx.overrides);

  // License files shipped in the package.
  const files: { file: string; expression: string | null; confidence: number }[] = [];
  let fileParameters: IdentifiedLicense['parameters'];
  for (const e of component.evidence) {
    if (e.kind !== 'file' && e.kind !== 'text') continue;
    // An SBOM's embedded text is identified like a shipped license file, and reported by where it sits.
    const t = e.kind === 'text' ? identifyEmbeddedText(e.text, e.origin, ctx) : e.text !== undefined ? identifyCachedText(e.file, e.text, ctx) : await identifyLicenseFile(e.file, ctx);
    if (!t) continue;
    files.push({ file: e.kind === 'file' ? displayLicenseFile(e.file, ctx) : e.origin, expression: t.expression, confidence: t.confidence });
    if (t.parameters && Object.keys(t.parameters).length > 0) fileParameters ??= t.parameters;
  }
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const fileExpression = combineFileExpressions(files);
  const fileConfidence = files.length ? Math.min(...files.filter((f) => f.expression).map((f) => f.confidence), 1) : 0;

  if (override) {
    return {
      expression: override.expression,
      confidence: 1,
      source: 'override',
      declared: declaredAsWritten(component),
      fileExpression,
      files: files.length ? files : undefined,
      parameters: fileParameters,
      notes: [`set by ${override.origin} in the config`],
    };
  }

  let declared: DeclaredResult | null = null;
  let declaredEvidence: LicenseEvidence | undefined;
  for (const kind of ['declared', 'lockfile'] as const) {
    for (const e of component.evidence) {
      if (e.kind !== kind) continue;
      const parsed = parseDeclared(e.value, e.kind === 'declared' ? e.field : 'license');
      if (parsed.expression || parsed.seeLicenseIn || parsed.unlicensed) {
        declared = parsed;
        declaredEvidence = e;
        break;
      }
      if (!declared && parsed.original) {
        notes.push(...parsed.notes);
      }
    }
    if (declared) break;
  }

  // `SEE LICENSE IN` names a file inside the package. From a registry or a lockfile, with the
  // package not installed here, that file is not in the checkout: never read a namesake elsewhere.
  const packageFolderKnown = (declaredEvidence?.kind === 'declared' && !!declaredEvidence.baseDir && !declaredEvidence.field.startsWith('registry:')) || !!component.installedPath;
  // From a cache, the reader already took the pointed file out of the package with the other texts.
  if (declared?.seeLicenseIn && declaredEvidence?.kind === 'declared' && declaredEvidence.origin) {
    if (fileExpression) return { expression: fileExpression, confidence: fileConfidence, source: 'file', declared: declared.original, fileExpression, files, parameters: fileParameters, notes };
    return { expression: null, confidence: 0, source: 'declared', declared: declared.original, files: files.length ? files : undefined, notes: [...notes, `"${declared.original}": the file is not in the cached package`] };
  }

  if (declared?.seeLicenseIn && declaredEvidence && !packageFolderKnown && files.length === 0) {
    return {
      expression: null,
      confidence: 0,
      source: 'declared',
      declared: declared.original,
      notes: [...notes, `${declaredEvidence.kind === 'lockfile' ? 'the lockfile' : 'the registry'} says "${declared.original}": a custom license in a file of the package, which is not installed here`],
    };
  }

  if (declared?.seeLicenseIn && declaredEvidence) {
    const pointed = await readSeeLicenseIn(component, declaredEvidence, declared.seeLicenseIn, ctx);
    notes.push(...pointed.notes);
    if (pointed.identification) {
      const t = pointed.identification;
      return {
        expression: t.expression,
        confidence: t.confidence,
        source: 'file',
        declared: declared.original,
        fileExpression: t.expression,
        files: [{ file: pointed.file!, expression: t.expression, confidence: t.confidence }, ...files.filter((f) => f.file !== pointed.file)],
        parameters: t.parameters ?? fileParameters,
        notes: [...notes, ...t.notes],
      };
    }
    // The pointed file is missing or unreadable: fall back to whatever license files exist.
    if (fileExpression) {
      return { expression: fileExpression, confidence: fileConfidence, source: 'file', declared: declared.original, fileExpression, files, parameters: fileParameters, notes };
    }
    return { expression: null, confidence: 0, source: 'declared', declared: declared.original, files: files.length ? files : undefined, notes };
  }

  if (declared && (declared.expression || declared.unlicensed)) {
    if (declared.corrected) notes.push(`declared "${declared.original}" read as ${declared.expression}`);
    notes.push(...declared.notes.filter((n) => !notes.includes(n)));
    const grants = declared.expression ? companionGrants(declared.expression, files) : [];
    for (const g of grants) notes.push(`${g.file}: ${g.id} applies beside the declared ${declared.expression} (a manifest names the license, not the patent grant shipped next to it)`);
    return {
      expression: grants.length ? [wrapOr(declared.expression!), ...grants.map((g) => g.id)].join(' AND ') : declared.expression,
      confidence: declared.confidence,
      source: declaredEvidence?.kind === 'lockfile' ? 'lockfile' : 'declared',
      declared: declared.original,
      fileExpression: files.length ? fileExpression : undefined,
      files: files.length ? files : undefined,
      parameters: fileParameters,
      notes,
    };
  }

  if (fileExpression) {
    return { expression: fileExpression, confidence: fileConfidence, source: 'file', declared: declaredAsWritten(component), fileExpression, files, parameters: fileParameters, notes };
  }

  const declaredValue = declaredAsWritten(component);
  if (component.evidence.length === 0) notes.push('no license evidence: no installed package.json, no license field in the lockfile, no license file');
  else if (files.length > 0) notes.push('license file could not be identified');
  return {
    expression: null,
    confidence: 0,
    // Evidence that could not be identified is still evidence: `unknown-license` says so.
    source: declaredValue !== undefined && declaredValue !== '' ? 'declared' : files.length > 0 ? 'file' : 'none',
    declared: declaredAsWritten(component),
    fileExpression: files.length ? null : undefined,
    files: files.length ? files : undefined,
    notes,
  };
}

function declaredAsWritten(component: Component): string | undefined {
  const e = component.evidence.find((x) => x.kind === 'declared' || x.kind === 'lockfile') as
    | { value: unknown }
    | undefined;
  if (!e || e.value === undefined || e.value === null) return undefined;
  return typeof e.value === 'string' ? e.value : JSON.stringify(e.value);
}

/**
 * Several license files: identical answers collapse; otherwise the parts apply together (AND).
 * A dual-licensed crate (LICENSE-MIT + LICENSE-APACHE) is usually declared `MIT OR Apache-2.0`,
 * and the declared answer wins unless the texts are stricter.
 */
export function combineFileExpressions(files: { expression: string | null }[]): string | null {
  const distinct = [...new Set(files.map((f) => f.expression).filter((e): e is string => !!e))].sort();
  if (distinct.length === 0) return null;
  if (distinct.length === 1) return distinct[0];
  return distinct.map((e) => (/\s(OR|AND)\s/.test(e) ? `(${e})` : e)).join(' AND ');
}

async function readSeeLicenseIn(
  component: Component,
  evidence: LicenseEvidence,
  target: string,
  ctx: IdentifyContext,
): Promise<{ identification?: TextIdentification; file?: string; notes: string[] }> {
  const manifestFile = evidenceLocationFile(evidence, component);
  const baseDir =
    (evidence.kind === 'declared' && evidence.baseDir) ||
    component.installedPath ||
    path.posix.dirname(manifestFile);
  if (/^[a-z]+:\/\//i.test(target)) {
    return { notes: [`SEE LICENSE IN points at a URL (${target}); not fetched (offline)`] };
  }
  const joined = path.posix.normalize(path.posix.join(baseDir === '.' ? '' : baseDir, target.replace(/\\/g, '/')));
  const inside = baseDir === '.' || baseDir === '' ? !joined.startsWith('..') && !path.posix.isAbsolute(target) : joined === baseDir || joined.startsWith(baseDir + '/');
  if (!inside || path.posix.isAbsolute(target)) {
    ctx.diagnostics.push({
      code: 'path-escape',
      severity: 'warn',
      file: manifestFile,
      message: `"SEE LICENSE IN ${target}" points outside the package folder (${baseDir}); not read`,
    });
    return { notes: [`SEE LICENSE IN ${target} points outside the package; not read`] };
  }
  // The link target must stay inside the package too, not only the name.
  const real = ctx.fs.realpathInRoot(joined);
  const realBase = ctx.fs.realpathInRoot(baseDir === '' ? '.' : baseDir);
  if (real && realBase && realBase !== '.' && real !== realBase && !real.startsWith(realBase + '/')) {
    ctx.diagnostics.push({
      code: 'path-escape',
      severity: 'warn',
      file: manifestFile,
      message: `"SEE LICENSE IN ${target}" resolves (through a link) outside the package folder; not read`,
    });
    return { notes: [`SEE LICENSE IN ${target} resolves outside the package; not read`] };
  }
  if (!ctx.fs.exists(joined)) {
    ctx.diagnostics.push({
      code: 'see-license-missing',
      severity: 'warn',
      file: manifestFile,
      message: `"SEE LICENSE IN ${target}": ${joined} does not exist`,
    });
    return { notes: [`SEE LICENSE IN ${target}: file not found`] };
  }
  const t = await identifyLicenseFile(joined, ctx);
  if (!t) return { notes: [`SEE LICENSE IN ${target}: file could not be read`] };
  return { identification: t, file: joined, notes: [] };
}

/**
 * Grants a package ships beside its license that change its terms but that no manifest names:
 * Facebook's PATENTS file next to a BSD license ("BSD + Patents", React, Immutable, Jest until 2017).
 */
const COMPANION_GRANTS: ReadonlySet<string> = new Set(['LicenseRef-scancode-facebook-patent-rights-2']);

function companionGrants(declared: string, files: { file: string; expression: string | null }[]): { id: string; file: string }[] {
  const out: { id: string; file: string }[] = [];
  for (const f of files) {
    if (!f.expression || !COMPANION_GRANTS.has(f.expression) || declared.includes(f.expression) || out.some((g) => g.id === f.expression)) continue;
    out.push({ id: f.expression, file: f.file });
  }
  return out;
}

function wrapOr(expression: string): string {
  return /\sOR\s/.test(expression) ? `(${expression})` : expression;
}
