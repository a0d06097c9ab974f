/** Lockfiles: Pipfile.lock (JSON), poetry.lock and uv.lock (TOML). */
import type { Diagnostic, ReadContext, Scope } from '../../../types';
import { diag } from '../shared/diagnostics';
import { TomlLocator } from '../shared/lines';
import { baseName, dirOf, isRecord, parseJsonDocument, parseTomlDocument, readCheckoutText, str } from '../shared/parse';
import { normalizePypiName } from '../shared/purl';
import { type Locked, type LockResult, DEV_GROUP } from './model';

export async function readLockfile(ctx: ReadContext, rel: string, diagnostics: Diagnostic[]): Promise<LockResult | undefined> {
  const text = await readCheckoutText(ctx, rel, diagnostics);
  if (text === undefined) return undefined;
  const base = baseName(rel);
  const result: LockResult = { dir: dirOf(rel), file: rel, packages: [], ownNames: new Set(), rootScopes: new Map() };
  if (base.toLowerCase() === 'pipfile.lock') {
    const json = parseJsonDocument(rel, text, diagnostics);
    if (!json || !isRecord(json.value)) return json ? (diagnostics.push(diag('invalid-lockfile', rel, 'Pipfile.lock is not a JSON object')), undefined) : undefined;
    for (const [section, scope] of [
      ['default', 'prod'],
      ['develop', 'dev'],
    ] as const) {
      const deps = json.value[section];
      if (!isRecord(deps)) continue;
      for (const [depName, entry] of Object.entries(deps)) {
        const version = isRecord(entry) ? (str(entry.version) ?? '').replace(/^===?/, '') : '';
        const pos = json.locate([section, depName]) ?? { line: 1, column: 1 };
        result.packages.push({ name: normalizePypiName(depName), version, scope, location: { file: rel, ...pos }, deps: [], evidence: [] });
      }
    }
    return mergeLockedScopes(result);
  }

  const doc = parseTomlDocument(rel, text, diagnostics);
  if (!doc) return undefined;
  const loc = new TomlLocator(rel, text);
  const headers = loc.arrayTables('package');
  const packages = Array.isArray(doc.package) ? doc.package : [];
  packages.forEach((pkg, index) => {
    if (!isRecord(pkg) || typeof pkg.name !== 'string') {
      diagnostics.push(diag('invalid-lockfile', rel, `[[package]] entry ${index + 1} has no name`, loc.tableHeader('package', index)));
      return;
    }
    const name = normalizePypiName(pkg.name);
    const version = str(pkg.version) ?? '';
    const header = headers[index];
    const location = header ? { file: rel, line: header.line, column: 1 } : loc.start();
    const deps = new Set<string>();
    let scope: Scope | undefined;
    if (base.toLowerCase() === 'poetry.lock') {
      if (isRecord(pkg.dependencies)) for (const d of Object.keys(pkg.dependencies)) deps.add(normalizePypiName(d));
      // Poetry < 1.5: `category = "main" | "dev"`; Poetry 2: `groups = ["main", …]`; `optional` = an extra.
      const groups = Array.isArray(pkg.groups) ? pkg.groups.filter((g): g is string => typeof g === 'string') : [];
      if (pkg.category === 'dev') scope = 'dev';
      else if (pkg.category === 'main') scope = 'prod';
      if (groups.length) scope = groups.includes('main') ? 'prod' : 'dev';
      if (pkg.optional === true && scope !== 'dev') scope = 'optional';
    } else {
      // uv.lock: dependencies are `{ name = … }` tables; the project itself is `source = { editable|virtual = "." }`.
      for (const d of Array.isArray(pkg.dependencies) ? pkg.dependencies : []) if (isRecord(d) && typeof d.name === 'string') deps.add(normalizePypiName(d.name));
      if (isRecord(pkg['optional-dependencies'])) {
        for (const list of Object.values(pkg['optional-dependencies'])) for (const d of Array.isArray(list) ? list : []) if (isRecord(d) && typeof d.name === 'string') deps.add(normalizePypiName(d.name));
      }
      const source = isRecord(pkg.source) ? pkg.source : {};
      const isOwn = typeof source.editable === 'string' || typeof source.virtual === 'string';
      if (isOwn) {
        result.ownNames.add(name);
        for (const d of Array.isArray(pkg.dependencies) ? pkg.dependencies : []) if (isRecord(d) && typeof d.name === 'string') result.rootScopes.set(normalizePypiName(d.name), 'prod');
        const optional = isRecord(pkg['optional-dependencies']) ? pkg['optional-dependencies'] : {};
        for (const [extra, list] of Object.entries(optional)) {
          for (const d of Array.isArray(list) ? list : []) if (isRecord(d) && typeof d.name === 'string' && !result.rootScopes.has(normalizePypiName(d.name))) result.rootScopes.set(normalizePypiName(d.name), DEV_GROUP.test(extra) ? 'dev' : 'optional');
        }
        const devGroups = isRecord(pkg['dev-dependencies']) ? pkg['dev-dependencies'] : {};
        for (const list of Object.values(devGroups)) for (const d of Array.isArray(list) ? list : []) if (isRecord(d) && typeof d.name === 'string' && !result.rootScopes.has(normalizePypiName(d.name))) result.rootScopes.set(normalizePypiName(d.name), 'dev');
      }
    }
    result.packages.push({ name, version, scope, location, deps: [...deps].sort(), evidence: [] });
  });
  return mergeLockedScopes(result);
}

/** A lockfile may list a name twice (default + develop): keep one entry, the shipped scope. */
function mergeLockedScopes(lock: LockResult): LockResult {
  const byKey = new Map<string, Locked>();
  for (const p of lock.packages) {
    const k = `${p.name}@${p.version}`;
    const prev = byKey.get(k);
    if (!prev) byKey.set(k, p);
    else if (p.scope === 'prod') prev.scope = 'prod';
  }
  lock.packages = [...byKey.values()];
  return lock;
}
