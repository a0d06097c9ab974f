import * as path from 'node:path';
import { pathGlobMatcher } from '../util/path-glob';
import type { OwnLicense, OwnLicenseScope, Profile, ProjectManifest, SafeFs, TextIdentification } from '../types';
import { classify } from '../classify';
import { isLicenseFileName } from '../discover';
import { compareStrings } from '../util/compare';
import { combineFileExpressions, identifyLicenseFile, type IdentifyContext } from './index';
import { parseDeclared } from './declared';
import { isGlobScope, parseScopeStatements, type FileScopeStatement, type HeaderScopeStatement, type ScopeStatement } from './scopes';

/**
 * The subtrees of the checkout under other terms than its root: folders a root LICENSE scopes
 * out ("everything under ee/ is licensed under ee/LICENSE"), and folders with a license file of
 * their own whose terms differ from the root's. Folders of dependencies (vendor/, third_party/,
 * installed trees) and of examples, tests and docs are not the project's own code.
 */
const NOT_OWN_CODE = /(^|\/)(node_modules|bower_components|vendor|third[_-]party|external|extern|deps|test|tests|__tests__|testdata|fixtures?|examples?|samples?|docs?)(\/|$)/i;
/** A root folder that holds the root's own license texts (REUSE `LICENSES/`), not a scope. */
const ROOT_LICENSE_FOLDER = /^licen[cs]es$/i;
/** Enough subfolder license files for any real monorepo without identifying a whole vendored tree. */
const MAX_SUBFOLDER_LICENSE_FILES = 64;
/** Folders of other people's code: never part of a file-level scope. */
const DEPENDENCY_DIR = /(^|\/)(node_modules|bower_components|vendor|third[_-]party|\.yarn|\.pnpm-store|target|dist|build)(\/|$)/i;
/**
 * Names that start like a license file but are code or data (`license.service.ts`,
 * `LicenseController.java`, `license.go`): discover's license-file test is a prefix match.
 */
const SOURCE_FILE = /\.(m?[jt]sx?|c[jt]s|go|py|rs|java|kt|kts|scala|groovy|rb|php|cs|fs|vb|c|cc|cpp|h|hpp|swift|m|vue|svelte|json|ya?ml|toml|xml|sh|sql|css|scss|less|map|snap|lock|proto|graphql|gql|dart|ex|exs|erl|lua|pl|r|jl|zig|nim)$/i;
/** Source files read for a header statement's marker, and how much of each. */
const MAX_HEADER_FILES = 20000;
const HEADER_BYTES = 2048;
const HEADER_SOURCE = /\.(m?[jt]sx?|c[jt]s|go|py|rs|java|kt|kts|scala|groovy|rb|php|cs|fs|vb|c|cc|cpp|h|hpp|swift|vue|svelte|dart|ex|exs|lua|sql|graphql|proto|css|scss)$/i;
/** Files listed by name in a file-level scope's evidence. */
const EVIDENCE_FILES = 3;

/** Whether a file name is a license text (not code that happens to start with "license"). */
export function isLicenseTextFile(file: string): boolean {
  const base = path.posix.basename(file);
  return isLicenseFileName(base) && !SOURCE_FILE.test(base);
}

export interface OwnScopesInput {
  rootLicenseFiles: OwnLicense[];
  /** The root's own expression (outside every scope). */
  rootExpression: string | null;
  allFiles: string[];
  ctx: IdentifyContext;
  profile: Profile;
  /** The checkout's own manifests: a member that declares other terms than the root's and has no license file is a scope. */
  projects?: ProjectManifest[];
}

export interface OwnScopesResult {
  scopes: OwnLicenseScope[];
  /** The license files read for the scopes, for the own-license rule. */
  scopeLicenses: OwnLicense[];
}

export async function findOwnLicenseScopes(input: OwnScopesInput): Promise<OwnScopesResult> {
  const { ctx, allFiles } = input;
  const fileSet = new Set(allFiles);
  const byPath = new Map<string, ScopeDraft>();
  const scopeLicenses = new Map<string, OwnLicense>();
  const identify = async (file: string): Promise<OwnLicense | undefined> => {
    const known = scopeLicenses.get(file);
    if (known) return known;
    const identification = await identifyLicenseFile(file, ctx);
    if (!identification) return undefined;
    const entry: OwnLicense = { file, identification, classified: classifyText(identification, input.profile) };
    scopeLicenses.set(file, entry);
    return entry;
  };

  // 1. What the root LICENSE says about folders.
  const fileStatements: { root: string; statement: FileScopeStatement }[] = [];
  const headerStatements: { root: string; statement: HeaderScopeStatement }[] = [];
  for (const root of input.rootLicenseFiles) {
    const read = await ctx.fs.readText(root.file, { allowTruncate: true });
    if (!read.ok) continue;
    const scoping = parseScopeStatements(read.text);
    for (const statement of scoping.fileStatements) fileStatements.push({ root: root.file, statement });
    for (const statement of scoping.headerStatements) headerStatements.push({ root: root.file, statement });
    for (const statement of scoping.statements) {
      if (!allFiles.some((f) => f.startsWith(statement.path))) continue; // "if that directory exists"
      const scope = byPath.get(statement.path) ?? { files: [], evidence: [] };
      scope.evidence.push(`${root.file}: "${clip(statement.sentence)}"`);
      const licenseFile = statedLicenseFile(statement, fileSet, allFiles);
      if (licenseFile) {
        const entry = await identify(licenseFile);
        if (entry && !scope.files.some((f) => f.file === entry.file)) scope.files.push(entry);
        if (statement.file && licenseFile !== statement.file) scope.evidence.push(`the statement names "${statement.file}"; the folder's license file is ${licenseFile}`);
      } else if (statement.expression) scope.expression = statement.expression;
      byPath.set(statement.path, scope);
    }
  }

  // 2. License files of subfolders that are the project's own code.
  const candidates = allFiles
    .filter((f) => {
      const dir = path.posix.dirname(f);
      return dir !== '.' && !ROOT_LICENSE_FOLDER.test(dir) && isLicenseTextFile(f) && !NOT_OWN_CODE.test(dir);
    })
    .sort((a, b) => a.split('/').length - b.split('/').length || compareStrings(a, b))
    .slice(0, MAX_SUBFOLDER_LICENSE_FILES);
  const byFolder = new Map<string, OwnLicense[]>();
  for (const file of candidates) {
    const folder = `${path.posix.dirname(file)}/`;
    const entry = await identify(file);
    if (!entry) continue;
    const list = byFolder.get(folder) ?? [];
    list.push(entry);
    byFolder.set(folder, list);
  }
  for (const [folder, entries] of byFolder) {
    const stated = byPath.get(folder);
    if (stated) {
      for (const e of entries) if (!stated.files.some((f) => f.file === e.file)) stated.files.push(e);
      continue;
    }
    const expression = combineFileExpressions(entries.map((e) => ({ expression: e.identification.expression })));
    // A member's copy of the root's license is not other terms.
    // Against unknown root terms nothing can be said to differ; a member copy of the root license is not other terms.
    if (input.rootExpression === null || (expression !== null && sameTerms(expression, input.rootExpression))) continue;
    byPath.set(folder, { files: entries, evidence: entries.map((e) => `${e.file} reads ${e.identification.expression ?? 'an unidentified text'}`) });
  }

  // 3. Members that declare other terms in their manifest and ship no license file of their own.
  for (const project of input.projects ?? []) {
    const dir = path.posix.dirname(project.file);
    if (dir === '.' || NOT_OWN_CODE.test(dir)) continue;
    const folder = `${dir}/`;
    if (byPath.has(folder) || byFolder.has(folder)) continue; // its license file decides
    if (allFiles.some((f) => path.posix.dirname(f) === dir && isLicenseTextFile(f))) continue;
    const evidence = project.evidence.find((e) => e.kind === 'declared');
    if (!evidence || evidence.kind !== 'declared') continue;
    const declared = parseDeclared(evidence.value, evidence.field);
    if (!declared.expression) continue;
    // Compared with the terms of the innermost scope around it, else the root's.
    const around = [...byPath.entries()].filter(([p]) => !isGlobScope(p) && folder.startsWith(p)).sort((a, b) => b[0].length - a[0].length)[0];
    const governing = around ? (combineFileExpressions(around[1].files.map((e) => ({ expression: e.identification.expression }))) ?? around[1].expression ?? null) : input.rootExpression;
    if (governing === null || sameTerms(declared.expression, governing)) continue;
    byPath.set(folder, { files: [], evidence: [`declared in ${project.file} ("${evidence.field}": ${JSON.stringify(evidence.value)}); no license file in ${folder}`], expression: declared.expression });
  }

  const scopes: OwnLicenseScope[] = [];
  for (const [scopePath, scope] of [...byPath].sort((a, b) => compareStrings(a[0], b[0]))) scopes.push(toScope(scopePath, scope, input.profile));

  // 4. Files named by a pattern or marked by a header, wherever they are (n8n's `.ee.` files, Twenty's `@license Enterprise` comment).
  const ownFiles = allFiles.filter((f) => !DEPENDENCY_DIR.test(path.posix.dirname(f)));
  for (const { root, statement } of fileStatements) {
    const isMatch = pathGlobMatcher(statement.glob, { dot: true });
    const matched = ownFiles.filter((f) => isMatch(f));
    if (!matched.length) continue; // "if such files exist"
    const scope: ScopeDraft = { files: [], evidence: [`${root}: "${clip(statement.sentence)}"`, `${statement.what}: ${countedList(matched)}`] };
    await attachTerms(scope, statement, root, fileSet, identify);
    scopes.push(toScope(statement.glob, scope, input.profile));
  }
  if (headerStatements.length) {
    const sources = ownFiles.filter((f) => HEADER_SOURCE.test(f) && !NOT_OWN_CODE.test(path.posix.dirname(f))).sort(compareStrings).slice(0, MAX_HEADER_FILES);
    for (const { root, statement } of headerStatements) {
      const matched = await filesWithMarker(ctx.fs, sources, statement.marker);
      if (!matched.length) continue;
      const scope: ScopeDraft = { files: [], evidence: [`${root}: "${clip(statement.sentence)}"`, `files marked "${statement.marker}": ${countedList(matched)}`] };
      await attachTerms(scope, statement, root, fileSet, identify);
      // The terms "defined at the end of this file": the root license text itself holds them.
      scopes.push(toScope(`header:${statement.marker}`, scope, input.profile));
    }
  }
  scopes.sort((a, b) => compareStrings(a.path, b.path));
  const usedFiles = new Set(scopes.flatMap((s) => s.files));
  return { scopes, scopeLicenses: [...scopeLicenses.values()].filter((e) => usedFiles.has(e.file)).sort((a, b) => compareStrings(a.file, b.file)) };
}

interface ScopeDraft {
  files: OwnLicense[];
  evidence: string[];
  expression?: string;
}

function toScope(scopePath: string, scope: ScopeDraft, profile: Profile): OwnLicenseScope {
  const fromFiles = combineFileExpressions(scope.files.map((e) => ({ expression: e.identification.expression })));
  const expression = fromFiles ?? scope.expression ?? null;
  const confidence = fromFiles ? Math.min(...scope.files.filter((e) => e.identification.expression).map((e) => e.identification.confidence)) : scope.expression ? 0.8 : 0;
  const classified = classify({ expression, confidence, source: expression ? (fromFiles ? 'file' : 'declared') : 'none', notes: [] }, profile);
  return { path: scopePath, expression, category: classified.category, files: scope.files.map((e) => e.file).sort(compareStrings), evidence: scope.evidence };
}


/** The license file a file-level statement names (from the root license's folder), else the license it names. */
async function attachTerms(
  scope: ScopeDraft,
  statement: { file?: string; expression?: string },
  rootFile: string,
  fileSet: Set<string>,
  identify: (file: string) => Promise<OwnLicense | undefined>,
): Promise<void> {
  if (statement.file) {
    const written = path.posix.normalize(path.posix.join(path.posix.dirname(rootFile), statement.file.replace(/^\.?\//, '')));
    if (!written.startsWith('..') && fileSet.has(written)) {
      const entry = await identify(written);
      if (entry) {
        scope.files.push(entry);
        return;
      }
    }
    scope.evidence.push(`the statement names "${statement.file}", which is not in the checkout`);
  }
  if (statement.expression) scope.expression = statement.expression;
}

async function filesWithMarker(fs: SafeFs, files: string[], marker: string): Promise<string[]> {
  const out: string[] = [];
  for (const f of files) {
    const read = await fs.readText(f, { maxBytes: HEADER_BYTES, allowTruncate: true });
    if (read.ok && read.text.includes(marker)) out.push(f);
  }
  return out;
}

function countedList(files: string[]): string {
  const sorted = [...files].sort(compareStrings);
  const shown = sorted.slice(0, EVIDENCE_FILES).join(', ');
  return sorted.length > EVIDENCE_FILES ? `${sorted.length} files (${shown}, …)` : `${sorted.length} file${sorted.length === 1 ? '' : 's'} (${shown})`;
}

/**
 * Root-level license files that a root LICENSE's scoping statement points at (n8n's
 * `LICENSE_EE.md`): they are the terms of a scope, not of the root.
 */
export async function rootFilesNamedByScopes(rootLicenseFiles: string[], fs: SafeFs): Promise<Set<string>> {
  const named = new Set<string>();
  const rootSet = new Set(rootLicenseFiles);
  for (const file of rootLicenseFiles) {
    const read = await fs.readText(file, { allowTruncate: true });
    if (!read.ok) continue;
    const scoping = parseScopeStatements(read.text);
    for (const s of [...scoping.fileStatements, ...scoping.headerStatements, ...scoping.statements]) {
      if (!s.file) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), s.file.replace(/^\.?\//, '')));
      if (target !== file && rootSet.has(target)) named.add(target);
    }
  }
  return named;
}

/** The file a statement points at: as written from the root, else inside the scoped folder (Cal.com writes "ee/LICENSE" for apps/web/ee/). */
function statedLicenseFile(statement: ScopeStatement, fileSet: Set<string>, allFiles: string[]): string | undefined {
  const options: string[] = [];
  if (statement.file) {
    const written = path.posix.normalize(statement.file.replace(/^\.?\//, ''));
    if (written.startsWith(statement.path)) options.push(written);
    else options.push(statement.path + written, statement.path + path.posix.basename(written), written);
  }
  for (const o of options) if (!o.startsWith('..') && fileSet.has(o)) return o;
  // No file named, or not where it says: the license file directly in the folder.
  return allFiles.filter((f) => f.startsWith(statement.path) && !f.slice(statement.path.length).includes('/') && isLicenseFileName(path.posix.basename(f))).sort(compareStrings)[0];
}

function sameTerms(a: string, b: string | null): boolean {
  if (!b) return false;
  const norm = (e: string) => e.replace(/[()]/g, '').split(/\s+(?:AND|OR)\s+/).map((t) => t.trim().replace(/\+$/, '')).sort().join(' ');
  return norm(a) === norm(b);
}

function classifyText(identification: TextIdentification, profile: Profile) {
  return classify({ expression: identification.expression, confidence: identification.confidence, source: 'file', parameters: identification.parameters, notes: identification.notes }, profile);
}

function clip(sentence: string): string {
  const s = sentence.replace(/^[-*\u2022]\s*/, '');
  return s.length > 240 ? `${s.slice(0, 237)}...` : s;
}

/**
 * A root license text that carries both the root's terms and a scope's (Twenty's LICENSE: "mostly
 * licensed under the GNU Affero General Public License v3.0", its commercial license for marked
 * files appended) is identified as a whole by its strictest part. Its scoping statements say what
 * the rest of the project is under: that is the root's expression from this file, with a note.
 */
export async function withRestOfProjectTerms(entries: OwnLicense[], fs: SafeFs, profile: Profile): Promise<OwnLicense[]> {
  const out: OwnLicense[] = [];
  for (const entry of entries) {
    if (entry.file.includes('/')) {
      out.push(entry);
      continue;
    }
    const read = await fs.readText(entry.file, { allowTruncate: true });
    const rest = read.ok ? parseScopeStatements(read.text).rest : undefined;
    const current = entry.identification.expression;
    if (!rest || current === null || sameTerms(rest.expression, current)) {
      out.push(entry);
      continue;
    }
    const identification: TextIdentification = {
      ...entry.identification,
      expression: rest.expression,
      notes: [...entry.identification.notes, `${entry.file}: "${clip(rest.sentence)}": the rest of the project is under ${rest.expression}; the text's other terms (${current}) are those of the parts it scopes out`],
    };
    out.push({ ...entry, identification, classified: classifyText(identification, profile) });
  }
  return out;
}
