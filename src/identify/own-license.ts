/**
 * What a repository's own license files say together, and the README's "License" section when
 * nothing else does (issue 12). Scopes (an `ee/` folder under other terms) are not decided here.
 */
import * as path from 'node:path';
import type { ClassifiedLicense, IdentifiedLicense, OwnLicense, OwnLicenseScope, Profile, ProjectManifest, TextIdentification } from '../types';
import { classify } from '../classify';
import { classifyPreferringStricterText } from '../classify/stricter-text';
import { isLicenseFileName } from '../discover';
import { compareStrings } from '../util/compare';
import type { RootReadme } from '../read/readme';
import { parseDeclared } from './declared';
import { combineFileExpressions, identifyLicenseFile, type IdentifyContext } from './index';
import { findOwnLicenseScopes, rootFilesNamedByScopes, withRestOfProjectTerms } from './own-scopes';

/**
 * The LGPLv3 is a set of additional permissions on top of the GPLv3, so a project licensed
 * under it ships both texts (`COPYING` + `COPYING.LESSER`): the pair is the LGPL, not
 * "GPL-3.0 AND LGPL-3.0". Other files combine as before (identical answers collapse, else AND).
 */
export function combineOwnLicenseFiles(files: { file: string; expression: string | null }[]): { expression: string | null; notes: string[] } {
  const expressions = [...new Set(files.map((f) => f.expression).filter((e): e is string => !!e))];
  const lgpl3 = expressions.find((e) => /^LGPL-3\.0(?:-only|-or-later|\+)?$/.test(e));
  const gpl3 = expressions.filter((e) => /^GPL-3\.0(?:-only|-or-later|\+)?$/.test(e));
  if (lgpl3 && gpl3.length > 0) {
    const rest = files.filter((f) => !f.expression || !gpl3.includes(f.expression));
    const gplFiles = files.filter((f) => f.expression && gpl3.includes(f.expression)).map((f) => f.file);
    return {
      expression: combineFileExpressions(rest),
      notes: [`${gplFiles.join(', ')}: the GPLv3 text that the LGPLv3 (${lgpl3}) builds on, shipped beside it as the LGPLv3 asks; the project's license is ${lgpl3}`],
    };
  }
  return { expression: combineFileExpressions(files), notes: [] };
}

/** The root README's "License" section, identified at lower confidence; null without one. */
function readmeLicense(readme: RootReadme | undefined): { file: string; identification: TextIdentification } | null {
  if (!readme) return null;
  // The text matcher loads only for a README (or a license file) to read.
  const identification = (require('./text/readme-section') as typeof import('./text/readme-section')).identifyReadmeLicenseSection(readme.text);
  return identification?.expression ? { file: readme.file, identification } : null;
}

export interface OwnLicenseInput {
  /** discover's own license files (root and `LICENSES/`). */
  rootLicenseFiles: string[];
  projects: ProjectManifest[];
  allFiles: string[];
  /** The root README, read once by the read stage. */
  readme: RootReadme | undefined;
  ctx: IdentifyContext;
  profile: Profile;
}

export interface OwnLicenseResult {
  ownLicenses: OwnLicense[];
  ownLicense?: ClassifiedLicense;
  scopes: OwnLicenseScope[];
}

/**
 * The checkout's own license: its license files (root, workspace members) identified and
 * classified, the root's declared license against its files (the stricter text wins), the
 * README's "License" section when nothing else says it, and the folders under other terms.
 */
export async function identifyOwnLicense(input: OwnLicenseInput): Promise<OwnLicenseResult> {
  const { projects, allFiles, ctx, profile } = input;
  // Workspace members carry their own LICENSE next to their manifest.
  const projectDirs = new Set(projects.map((p) => path.posix.dirname(p.file)).filter((d) => d !== '.'));
  const memberLicenseFiles = allFiles.filter((f) => {
    const dir = path.posix.dirname(f);
    return projectDirs.has(dir) && isLicenseFileName(path.posix.basename(f));
  });
  const licenseFiles = [...new Set([...input.rootLicenseFiles, ...memberLicenseFiles])].sort();
  const ownLicenses: OwnLicense[] = [];
  for (const file of licenseFiles) {
    const identification = await identifyLicenseFile(file, ctx);
    if (!identification) continue;
    const classified = classify(
      {
        expression: identification.expression,
        confidence: identification.confidence,
        source: 'file',
        parameters: identification.parameters,
        notes: identification.notes,
      },
      profile,
    );
    ownLicenses.push({ file, identification, classified });
  }

  // A root text that also holds a scope's terms (Twenty appends its commercial license) counts for what it says the rest is under.
  ownLicenses.splice(0, ownLicenses.length, ...(await withRestOfProjectTerms(ownLicenses, ctx.fs, profile)));
  // A root file a scoping statement points at (n8n's LICENSE_EE.md) holds a scope's terms, not the root's.
  const scopeTerms = await rootFilesNamedByScopes(ownLicenses.filter((l) => !l.file.includes('/')).map((l) => l.file), ctx.fs);
  const rootFiles = ownLicenses.filter((l) => (!l.file.includes('/') || /^licen[cs]es\//i.test(l.file)) && !scopeTerms.has(l.file));
  const rootProject = projects.find((p) => !p.file.includes('/'));
  const declaredEvidence = rootProject?.evidence.find((e) => e.kind === 'declared') as { value: unknown; field: string } | undefined;
  const declared = declaredEvidence ? parseDeclared(declaredEvidence.value, declaredEvidence.field) : null;
  const combined = combineOwnLicenseFiles(rootFiles.map((l) => ({ file: l.file, expression: l.identification.expression })));
  let fileExpression = combined.expression;
  // Nothing declared and no license file says it: the README's "License" section is evidence (at lower confidence).
  const readme = !declared?.expression && !fileExpression ? readmeLicense(input.readme) : null;
  if (readme) {
    const { file, identification } = readme;
    const classified = classify({ expression: identification.expression, confidence: identification.confidence, source: 'file', notes: identification.notes }, profile);
    ownLicenses.push({ file, identification, classified });
    rootFiles.push({ file, identification, classified });
    fileExpression = identification.expression;
    combined.notes.push(`${file}: no license file or declared license; the README's "License" section says ${identification.expression} (lower confidence)`);
  }
  if (!declared?.expression && !fileExpression && rootFiles.length === 0 && !rootProject) return { ownLicenses, scopes: [] };

  const filesSummary = rootFiles.map((l) => ({ file: l.file, expression: l.identification.expression, confidence: l.identification.confidence }));
  const parameters = rootFiles.find((l) => l.identification.parameters && Object.keys(l.identification.parameters).length)?.identification.parameters;
  const identified: IdentifiedLicense = declared?.expression
    ? {
        expression: declared.expression,
        confidence: declared.confidence,
        source: 'declared',
        declared: declared.original,
        fileExpression,
        files: filesSummary,
        parameters,
        notes: declared.notes,
      }
    : {
        expression: fileExpression,
        confidence: fileExpression ? Math.min(...rootFiles.filter((l) => l.identification.expression).map((l) => l.identification.confidence)) : 0,
        source: fileExpression ? 'file' : 'none',
        declared: declared?.original,
        fileExpression,
        files: filesSummary,
        parameters,
        notes: combined.notes,
      };
  const ownLicense = classifyPreferringStricterText(identified, profile);
  // Folders under other terms (an open-core ee/), from the root LICENSE's statements and subfolder license files.
  const { scopes, scopeLicenses } = await findOwnLicenseScopes({ rootLicenseFiles: rootFiles, rootExpression: ownLicense.expression, allFiles, ctx, profile, projects });
  const known = new Set(ownLicenses.map((l) => l.file));
  const withScopes = [...ownLicenses, ...scopeLicenses.filter((l) => !known.has(l.file))].sort((a, b) => compareStrings(a.file, b.file));
  return { ownLicenses: withScopes, ownLicense, scopes };
}
