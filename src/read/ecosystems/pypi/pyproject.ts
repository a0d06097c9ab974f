/** pyproject.toml: PEP 621 `[project]`, Poetry, uv and PEP 735 dependency groups. */
import * as path from 'node:path';
import type { Diagnostic, DiscoveredFiles, LicenseEvidence, ProjectFacts, ProjectManifest, ReadContext, Scope, SourceLocation } from '../../../types';
import { diag } from '../shared/diagnostics';
import { TomlLocator, escapeRegExp } from '../shared/lines';
import { dirOf, isRecord, joinRel, parseTomlDocument, readCheckoutText, str } from '../shared/parse';
import { normalizePypiName } from '../shared/purl';
import { serverFrameworks } from '../../../ecosystems';
import { parseRequirement } from './requirements';
import { type Declaration, DEV_GROUP, declarationFrom, stringArray, pushClassifierEvidence } from './model';

export async function readPyproject(
  ctx: ReadContext,
  rel: string,
  files: DiscoveredFiles,
  projects: ProjectManifest[],
  declarations: Declaration[],
  diagnostics: Diagnostic[],
  labels: Map<string, string>,
): Promise<void> {
  const text = await readCheckoutText(ctx, rel, diagnostics);
  if (text === undefined) return;
  const doc = parseTomlDocument(rel, text, diagnostics);
  if (!doc) return;
  const loc = new TomlLocator(rel, text);
  const dir = dirOf(rel);
  const project = isRecord(doc.project) ? doc.project : undefined;
  const tool = isRecord(doc.tool) ? doc.tool : {};
  const poetry = isRecord(tool.poetry) ? tool.poetry : undefined;
  const uv = isRecord(tool.uv) ? tool.uv : undefined;

  const name = str(project?.name) ?? str(poetry?.name);
  const version = str(project?.version) ?? str(poetry?.version) ?? '';
  const rootLabel = name ? `${normalizePypiName(name)}@${version}` : rel;
  if (name) labels.set(dir, rootLabel);

  const add = (raw: string, scope: Scope, where: SourceLocation | undefined) => {
    const req = parseRequirement(raw);
    if (!req) {
      diagnostics.push(diag('invalid-requirement', rel, `cannot parse requirement "${raw}"`, where, 'info'));
      return;
    }
    declarations.push(declarationFrom(req, scope, where ?? loc.start(), dir, rootLabel));
  };
  /** Position of a PEP 508 string inside an array of table `table`, key `key`. */
  const locateString = (table: string, key: string, raw: string): SourceLocation | undefined => {
    const keyLoc = loc.findKey(table, key);
    if (!keyLoc) return undefined;
    const found = loc.find(new RegExp(`["'](${escapeRegExp(raw.slice(0, 60))})`), keyLoc.line);
    return found ?? keyLoc;
  };

  if (project) {
    for (const raw of stringArray(project.dependencies)) add(raw, 'prod', locateString('project', 'dependencies', raw));
    const extras = isRecord(project['optional-dependencies']) ? project['optional-dependencies'] : {};
    for (const [extra, list] of Object.entries(extras)) {
      const scope: Scope = DEV_GROUP.test(extra) ? 'dev' : 'optional';
      for (const raw of stringArray(list)) add(raw, scope, locateString('project.optional-dependencies', extra, raw));
    }
  }
  // PEP 735 dependency groups: never installed for users.
  if (isRecord(doc['dependency-groups'])) {
    for (const [group, list] of Object.entries(doc['dependency-groups'])) {
      for (const raw of stringArray(list)) add(raw, 'dev', locateString('dependency-groups', group, raw));
    }
  }
  if (uv) for (const raw of stringArray(uv['dev-dependencies'])) add(raw, 'dev', locateString('tool.uv', 'dev-dependencies', raw));

  if (poetry) {
    const poetryTable = (table: string, deps: unknown, scope: Scope) => {
      if (!isRecord(deps)) return;
      for (const [depName, spec] of Object.entries(deps)) {
        if (depName.toLowerCase() === 'python') continue;
        const where = loc.findKey(table, depName) ?? loc.tableHeader(table) ?? loc.start();
        const optional = isRecord(spec) && spec.optional === true;
        const requested = typeof spec === 'string' ? spec : isRecord(spec) ? str(spec.version) ?? '' : '';
        const pinned = /^(==)?\s*\d[\w.!+-]*$/.test(requested.trim()) ? requested.replace(/^==\s*/, '').trim() : undefined;
        const normalized = normalizePypiName(depName);
        declarations.push({
          name: normalized,
          requested,
          pinned,
          scope: optional && scope === 'prod' ? 'optional' : scope,
          location: where,
          dir,
          rootLabel,
        });
      }
    };
    poetryTable('tool.poetry.dependencies', poetry.dependencies, 'prod');
    poetryTable('tool.poetry.dev-dependencies', poetry['dev-dependencies'], 'dev');
    if (isRecord(poetry.group)) {
      for (const [group, body] of Object.entries(poetry.group)) {
        if (!isRecord(body)) continue;
        poetryTable(`tool.poetry.group.${group}.dependencies`, body.dependencies, group === 'main' ? 'prod' : 'dev');
      }
    }
  }

  if (!name) return;
  const evidence: LicenseEvidence[] = [];
  const license = project?.license ?? poetry?.license;
  const licenseTable = project && project.license !== undefined ? 'project' : 'tool.poetry';
  const licenseLoc = loc.findKey(licenseTable, 'license') ?? loc.start();
  if (typeof license === 'string') {
    evidence.push({ kind: 'declared', field: 'license', value: license, location: licenseLoc, baseDir: dir });
  } else if (isRecord(license)) {
    // PEP 621 table: `{ text = "…" }` is a declaration, `{ file = "…" }` points at a text.
    if (typeof license.text === 'string') evidence.push({ kind: 'declared', field: 'license', value: license.text, location: licenseLoc, baseDir: dir });
    if (typeof license.file === 'string') {
      const target = path.posix.normalize(joinRel(dir, license.file));
      if (target.startsWith('../')) diagnostics.push(diag('path-escape', rel, `license file "${license.file}" points outside the checkout`, licenseLoc));
      else evidence.push({ kind: 'file', file: target });
    }
  }
  const licenseFiles = stringArray(project?.['license-files'] ?? (isRecord(project?.['license-files']) ? project['license-files'].paths : undefined));
  for (const pattern of licenseFiles) for (const f of matchGlob(files.all, dir, pattern)) evidence.push({ kind: 'file', file: f });
  const classifiers = stringArray(project?.classifiers ?? poetry?.classifiers);
  pushClassifierEvidence(evidence, classifiers, loc.findKey(project?.classifiers ? 'project' : 'tool.poetry', 'classifiers'));

  const deps = declarations.filter((d) => d.dir === dir && d.scope === 'prod').map((d) => d.name);
  const scripts = { ...(isRecord(project?.scripts) ? project.scripts : {}), ...(isRecord(project?.['gui-scripts']) ? project['gui-scripts'] : {}), ...(isRecord(poetry?.scripts) ? poetry.scripts : {}) };
  const packageMode = poetry?.['package-mode'] !== false && uv?.package !== false;
  const facts: ProjectFacts = {
    hasScripts: Object.keys(scripts).length > 0,
    consoleScripts: Object.keys(scripts).sort(),
    hasBuildSystem: isRecord(doc['build-system']),
    isApplication: !packageMode || (!isRecord(doc['build-system']) && !poetry),
    isLibrary: packageMode && isRecord(doc['build-system']),
    serverFrameworks: serverFrameworks('pypi', deps),
  };
  // A uv workspace root (`[tool.uv.workspace] members = ["packages/*"]`): its members are units of their own.
  const uvMembers = stringArray(isRecord(uv?.workspace) ? uv.workspace.members : undefined);
  if (uvMembers.length) {
    facts.isWorkspaceRoot = true;
    facts.workspaces = uvMembers;
  }
  const description = str(project?.description) ?? str(poetry?.description);
  const keywords = stringArray(project?.keywords ?? poetry?.keywords);
  const manifest: ProjectManifest = {
    ecosystem: 'pypi',
    file: rel,
    name,
    version,
    private: classifiers.some((c) => /^Private\s*::/i.test(c)),
    evidence,
    facts,
    location: loc.findKey(project ? 'project' : 'tool.poetry', 'name') ?? loc.start(),
  };
  if (description !== undefined) manifest.description = description;
  if (keywords.length) manifest.keywords = keywords;
  projects.push(manifest);
}

/** Files of the checkout matching a PEP 639 `license-files` glob relative to `dir`. */
function matchGlob(all: string[], dir: string, pattern: string): string[] {
  if (pattern.startsWith('/') || pattern.split('/').includes('..')) return [];
  const prefix = dir === '.' ? '' : dir + '/';
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
      if (pattern[i + 1] === '/') i++;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += escapeRegExp(ch);
  }
  const full = new RegExp(`^${escapeRegExp(prefix)}${re}$`);
  return all.filter((f) => full.test(f)).sort();
}
