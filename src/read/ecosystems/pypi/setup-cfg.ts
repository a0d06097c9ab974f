/** setup.cfg: setuptools' declarative metadata and install_requires / extras_require. */
import * as path from 'node:path';
import type { Diagnostic, LicenseEvidence, ProjectManifest, ReadContext, Scope } from '../../../types';
import { dirOf, joinRel, readCheckoutText } from '../shared/parse';
import { normalizePypiName } from '../shared/purl';
import { serverFrameworks } from '../../../ecosystems';
import { parseSetupCfg, splitCfgList } from './metadata';
import { parseRequirement } from './requirements';
import { type Declaration, DEV_GROUP, declarationFrom, pushClassifierEvidence } from './model';

export async function readSetupCfg(
  ctx: ReadContext,
  rel: string,
  projects: ProjectManifest[],
  declarations: Declaration[],
  diagnostics: Diagnostic[],
  labels: Map<string, string>,
): Promise<void> {
  const text = await readCheckoutText(ctx, rel, diagnostics);
  if (text === undefined) return;
  const ini = parseSetupCfg(text);
  const dir = dirOf(rel);
  const metadata = ini.get('metadata');
  const options = ini.get('options');
  const name = metadata?.get('name')?.value;
  const version = metadata?.get('version')?.value ?? '';
  // `version = attr: pkg.__version__` is computed at build time: unknown here.
  const cleanVersion = /^(attr|file):/.test(version) ? '' : version;
  const existingLabel = labels.get(dir);
  const rootLabel = existingLabel ?? (name ? `${normalizePypiName(name)}@${cleanVersion}` : rel);
  if (name && !existingLabel) labels.set(dir, rootLabel);

  const addList = (entry: { value: string; line: number } | undefined, scope: Scope) => {
    if (!entry) return;
    for (const { item, line } of splitCfgList(entry, /;(?=\s*$)|\n/)) {
      const req = parseRequirement(item);
      if (!req) continue;
      const col = (text.split(/\r?\n/)[line - 1] ?? '').indexOf(item.slice(0, 20)) + 1;
      declarations.push(declarationFrom(req, scope, { file: rel, line, column: Math.max(col, 1) }, dir, rootLabel));
    }
  };
  addList(options?.get('install_requires'), 'prod');
  addList(options?.get('tests_require'), 'dev');
  addList(options?.get('setup_requires'), 'dev');
  for (const [extra, entry] of ini.get('options.extras_require') ?? []) addList(entry, DEV_GROUP.test(extra) ? 'dev' : 'optional');

  // A setup.cfg next to a pyproject.toml that already names the project only adds dependencies.
  if (!name || (existingLabel && projects.some((p) => dirOf(p.file) === dir))) return;
  const evidence: LicenseEvidence[] = [];
  const license = metadata?.get('license');
  if (license?.value) evidence.push({ kind: 'declared', field: 'license', value: license.value, location: { file: rel, line: license.line, column: 1 }, baseDir: dir });
  for (const key of ['license_files', 'license_file']) {
    const entry = metadata?.get(key);
    if (!entry) continue;
    for (const { item } of splitCfgList(entry, /,|\n/)) {
      const target = path.posix.normalize(joinRel(dir, item));
      if (!target.startsWith('../') && ctx.fs.exists(target)) evidence.push({ kind: 'file', file: target });
    }
  }
  const classifiersEntry = metadata?.get('classifiers');
  const classifiers = classifiersEntry ? splitCfgList(classifiersEntry).map((x) => x.item) : [];
  pushClassifierEvidence(evidence, classifiers, classifiersEntry ? { file: rel, line: classifiersEntry.line, column: 1 } : undefined);
  const entryPoints = ini.get('options.entry_points');
  const consoleScripts = entryPoints?.get('console_scripts')?.value ?? '';
  const manifest: ProjectManifest = {
    ecosystem: 'pypi',
    file: rel,
    name,
    version: cleanVersion,
    private: classifiers.some((c) => /^Private\s*::/i.test(c)),
    evidence,
    facts: {
      hasScripts: consoleScripts.trim().length > 0,
      hasBuildSystem: true,
      isApplication: false,
      isLibrary: true,
      serverFrameworks: serverFrameworks('pypi', declarations.filter((d) => d.dir === dir && d.scope === 'prod').map((d) => d.name)),
    },
    location: { file: rel, line: metadata?.get('name')?.line ?? 1, column: 1 },
  };
  const description = metadata?.get('description')?.value;
  if (description) manifest.description = description;
  const keywords = metadata?.get('keywords');
  if (keywords) manifest.keywords = splitCfgList(keywords, /,|\n/).map((k) => k.item);
  projects.push(manifest);
}
