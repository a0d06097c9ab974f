import * as path from 'node:path';
import type { OwnLicense, OwnLicenseScope, Profile, TextIdentification } from '../types';
import { classify } from '../classify';
import { isLicenseFileName } from '../discover';
import { compareStrings } from '../util/compare';
import { combineFileExpressions, identifyLicenseFile, type IdentifyContext } from './index';
import { parseScopeStatements, type ScopeStatement } from './scopes';

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

export interface OwnScopesInput {
  rootLicenseFiles: OwnLicense[];
  /** The root's own expression (outside every scope). */
  rootExpression: string | null;
  allFiles: string[];
  ctx: IdentifyContext;
  profile: Profile;
}

export interface OwnScopesResult {
  scopes: OwnLicenseScope[];
  /** The license files read for the scopes, for the own-license rule. */
  scopeLicenses: OwnLicense[];
}

export async function findOwnLicenseScopes(input: OwnScopesInput): Promise<OwnScopesResult> {
  const { ctx, allFiles } = input;
  const fileSet = new Set(allFiles);
  const byPath = new Map<string, { files: OwnLicense[]; evidence: string[]; expression?: string }>();
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
  for (const root of input.rootLicenseFiles) {
    const read = await ctx.fs.readText(root.file, { allowTruncate: true });
    if (!read.ok) continue;
    for (const statement of parseScopeStatements(read.text).statements) {
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
      return dir !== '.' && !ROOT_LICENSE_FOLDER.test(dir) && isLicenseFileName(path.posix.basename(f)) && !NOT_OWN_CODE.test(dir);
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

  const scopes: OwnLicenseScope[] = [];
  for (const [scopePath, scope] of [...byPath].sort((a, b) => compareStrings(a[0], b[0]))) {
    const fromFiles = combineFileExpressions(scope.files.map((e) => ({ expression: e.identification.expression })));
    const expression = fromFiles ?? scope.expression ?? null;
    const confidence = fromFiles ? Math.min(...scope.files.filter((e) => e.identification.expression).map((e) => e.identification.confidence)) : scope.expression ? 0.8 : 0;
    const classified = classify({ expression, confidence, source: expression ? (fromFiles ? 'file' : 'declared') : 'none', notes: [] }, input.profile);
    scopes.push({ path: scopePath, expression, category: classified.category, files: scope.files.map((e) => e.file).sort(compareStrings), evidence: scope.evidence });
  }
  const usedFiles = new Set(scopes.flatMap((s) => s.files));
  return { scopes, scopeLicenses: [...scopeLicenses.values()].filter((e) => usedFiles.has(e.file)).sort((a, b) => compareStrings(a.file, b.file)) };
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
