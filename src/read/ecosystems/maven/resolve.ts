import * as path from 'node:path';
import type { Diagnostic, ReadContext } from '../../../types';
import { homeDir, type CacheFs } from '../shared/cache-fs';
import { diag } from '../shared/diagnostics';
import { dirOf, isRecord, joinRel, parseXmlDocument, readCacheText, readCheckoutText, xmlText } from '../shared/parse';
import { locateTag, parsePom, type PomDependency, type PomLicense, type RawPom } from './pom';

/** A POM with its parents applied and `${…}` resolved. */
export interface EffectivePom {
  raw: RawPom;
  /** `checkout` POMs have a relative path; `repo` ones an absolute one. */
  origin: 'checkout' | 'repo';
  groupId: string;
  artifactId: string;
  version: string;
  properties: Record<string, string>;
  dependencies: (PomDependency & { rawGroupId: string; rawArtifactId: string })[];
  /** `group:artifact` → managed version/scope. */
  managed: Map<string, { version: string; scope: string }>;
  /** The nearest licenses in the parent chain, and the POM they come from. */
  licenses: PomLicense[];
  licensesFrom?: RawPom;
  licensesOrigin?: 'checkout' | 'repo';
}

const MAX_PARENT_DEPTH = 32;

/** The local Maven repository: MAVEN_OPTS -Dmaven.repo.local, settings.xml localRepository, ~/.m2/repository. */
export async function mavenLocalRepositories(env: NodeJS.ProcessEnv, cache: CacheFs, diagnostics: Diagnostic[]): Promise<string[]> {
  const out: string[] = [];
  const fromOpts = /-Dmaven\.repo\.local=("[^"]+"|\S+)/.exec(env.MAVEN_OPTS ?? '')?.[1]?.replace(/^"|"$/g, '');
  if (fromOpts) out.push(path.resolve(fromOpts));
  const home = homeDir(env);
  // User settings first, then the installation's global settings (M2_HOME / MAVEN_HOME).
  const settingsFiles = [
    ...(env.MAVEN_SETTINGS ? [path.resolve(env.MAVEN_SETTINGS)] : []),
    ...(home ? [path.join(home, '.m2', 'settings.xml')] : []),
    ...[env.M2_HOME, env.MAVEN_HOME].filter((d): d is string => !!d).map((d) => path.join(path.resolve(d), 'conf', 'settings.xml')),
  ];
  for (const settings of settingsFiles) {
    if (!cache.isFile(settings)) continue;
    const text = await readCacheText(cache, settings, diagnostics);
    if (text === undefined) continue;
    const doc = parseXmlDocument(cache.display(settings), text, diagnostics);
    const local = doc && isRecord(doc.settings) ? xmlText(doc.settings.localRepository) : '';
    if (local) {
      out.push(path.resolve(home && local.includes('${user.home}') ? local.replace('${user.home}', home) : local));
      break;
    }
  }
  if (home) out.push(path.join(home, '.m2', 'repository'));
  return [...new Set(out)];
}

export function gradleCacheDirs(env: NodeJS.ProcessEnv): string[] {
  const home = homeDir(env);
  const gradleHome = env.GRADLE_USER_HOME ? path.resolve(env.GRADLE_USER_HOME) : home ? path.join(home, '.gradle') : undefined;
  return gradleHome ? [path.join(gradleHome, 'caches', 'modules-2', 'files-2.1')] : [];
}

/** A POM found outside the checkout, and the repository (local Maven repository or Gradle's cache) that held it. */
export interface RepoPom {
  pom: RawPom;
  abs: string;
  repository: { kind: 'maven-repository' | 'gradle-cache'; dir: string };
}

export class PomResolver {
  private readonly checkoutCache = new Map<string, Promise<RawPom | undefined>>();
  private readonly repoCache = new Map<string, Promise<RepoPom | undefined>>();
  private readonly reportedProps = new Set<string>();
  private readonly activeImports = new Set<string>();

  constructor(
    private readonly ctx: ReadContext,
    private readonly cache: CacheFs,
    private readonly mavenRepos: string[],
    private readonly gradleCaches: string[],
    private readonly diagnostics: Diagnostic[],
  ) {}

  checkoutPom(rel: string): Promise<RawPom | undefined> {
    let p = this.checkoutCache.get(rel);
    if (!p) {
      p = (async () => {
        const text = await readCheckoutText(this.ctx, rel, this.diagnostics);
        return text === undefined ? undefined : parsePom(rel, text, this.diagnostics);
      })();
      this.checkoutCache.set(rel, p);
    }
    return p;
  }

  /** A POM from the local Maven repository or the Gradle cache. */
  repoPom(groupId: string, artifactId: string, version: string): Promise<RepoPom | undefined> {
    const key = `${groupId}:${artifactId}:${version}`;
    let p = this.repoCache.get(key);
    if (!p) {
      p = this.findRepoPom(groupId, artifactId, version);
      this.repoCache.set(key, p);
    }
    return p;
  }

  private async findRepoPom(groupId: string, artifactId: string, version: string): Promise<RepoPom | undefined> {
    if (!groupId || !artifactId || !version || [groupId, artifactId, version].some((s) => s.includes('..') || s.includes('/') || s.includes('\\'))) return undefined;
    const candidates: { abs: string; repository: RepoPom['repository'] }[] = [];
    for (const repo of this.mavenRepos) {
      candidates.push({ abs: path.join(repo, ...groupId.split('.'), artifactId, version, `${artifactId}-${version}.pom`), repository: { kind: 'maven-repository', dir: repo } });
    }
    for (const gradle of this.gradleCaches) {
      const versionDir = path.join(gradle, groupId, artifactId, version);
      for (const hash of this.cache.list(versionDir)) candidates.push({ abs: path.join(versionDir, hash, `${artifactId}-${version}.pom`), repository: { kind: 'gradle-cache', dir: gradle } });
    }
    for (const { abs, repository } of candidates) {
      if (!this.cache.isFile(abs)) continue;
      const text = await readCacheText(this.cache, abs, this.diagnostics);
      if (text === undefined) continue;
      const pom = parsePom(this.cache.display(abs), text, this.diagnostics);
      if (pom) return { pom, abs, repository };
    }
    return undefined;
  }

  /** Applies the parent chain and interpolates. `origin` says where `raw` was read from. */
  async effective(raw: RawPom, origin: 'checkout' | 'repo', checkoutRel?: string): Promise<EffectivePom> {
    const chain: { pom: RawPom; origin: 'checkout' | 'repo' }[] = [{ pom: raw, origin }];
    const seen = new Set<string>([chainKey(raw, checkoutRel)]);
    let current = raw;
    let currentRel = checkoutRel;
    for (let depth = 0; current.parent && depth < MAX_PARENT_DEPTH; depth++) {
      const parentRef = current.parent;
      let next: { pom: RawPom; origin: 'checkout' | 'repo'; rel?: string } | undefined;
      if (currentRel !== undefined && parentRef.relativePath !== '') {
        let relPath = parentRef.relativePath ?? '../pom.xml';
        if (!relPath.endsWith('.xml')) relPath = relPath.replace(/\/?$/, '/pom.xml');
        const candidate = path.posix.normalize(joinRel(dirOf(currentRel), relPath));
        if (!candidate.startsWith('../') && this.ctx.fs.exists(candidate)) {
          const pom = await this.checkoutPom(candidate);
          // relativePath is only a hint: it must be the declared parent.
          if (pom && pom.artifactId === parentRef.artifactId && (pom.groupId || pom.parent?.groupId) === parentRef.groupId) {
            next = { pom, origin: 'checkout', rel: candidate };
          }
        }
      }
      if (!next) {
        const found = await this.repoPom(parentRef.groupId, parentRef.artifactId, parentRef.version);
        if (found) next = { pom: found.pom, origin: 'repo' };
      }
      if (!next) {
        this.diagnostics.push(
          diag(
            'parent-pom-not-found',
            current.display,
            `parent POM ${parentRef.groupId}:${parentRef.artifactId}:${parentRef.version} not found in the checkout or the local repository; inherited versions and licenses are unknown`,
            locateTag(current.text, /<parent\b/),
            'info',
          ),
        );
        break;
      }
      const key = chainKey(next.pom, next.rel);
      if (seen.has(key)) {
        this.diagnostics.push(
          diag('parent-cycle', raw.display, `parent POM chain loops back to ${next.pom.display}; stopped following parents`, locateTag(raw.text, /<parent\b/)),
        );
        break;
      }
      seen.add(key);
      chain.push({ pom: next.pom, origin: next.origin });
      current = next.pom;
      currentRel = next.rel;
    }

    // Properties: the farthest parent first, so children override.
    const properties: Record<string, string> = {};
    for (const link of [...chain].reverse()) Object.assign(properties, link.pom.properties);
    const groupId = raw.groupId || raw.parent?.groupId || '';
    const version = raw.version || raw.parent?.version || '';
    const builtins: Record<string, string> = {
      'project.groupId': groupId,
      'pom.groupId': groupId,
      groupId,
      'project.artifactId': raw.artifactId,
      'pom.artifactId': raw.artifactId,
      artifactId: raw.artifactId,
      'project.version': version,
      'pom.version': version,
      version,
      'project.parent.version': raw.parent?.version ?? '',
      'parent.version': raw.parent?.version ?? '',
      'project.parent.groupId': raw.parent?.groupId ?? '',
    };
    const interp = (value: string, owner: RawPom): string => this.interpolate(value, { ...builtins, ...properties }, owner);

    const managed = new Map<string, { version: string; scope: string }>();
    const imports: { groupId: string; artifactId: string; version: string }[] = [];
    for (const link of [...chain].reverse()) {
      for (const d of link.pom.managed) {
        const g = interp(d.groupId, link.pom);
        const a = interp(d.artifactId, link.pom);
        const v = interp(d.version, link.pom);
        if (d.scope === 'import' && d.type === 'pom') imports.push({ groupId: g, artifactId: a, version: v });
        else managed.set(`${g}:${a}`, { version: v, scope: d.scope });
      }
    }
    // BOM imports (`<scope>import</scope>`) add versions the POM does not set itself.
    for (const bom of imports) {
      const found = await this.repoPom(bom.groupId, bom.artifactId, bom.version);
      if (!found) continue;
      const bomKey = `${bom.groupId}:${bom.artifactId}:${bom.version}`;
      // A BOM importing itself (directly or not) would never end.
      if (this.activeImports.has(bomKey)) continue;
      this.activeImports.add(bomKey);
      try {
        const eff = await this.effective(found.pom, 'repo');
        for (const [k, v] of eff.managed) if (!managed.has(k)) managed.set(k, v);
      } finally {
        this.activeImports.delete(bomKey);
      }
    }

    const dependencies = raw.dependencies.map((d) => ({
      ...d,
      rawGroupId: d.groupId,
      rawArtifactId: d.artifactId,
      groupId: interp(d.groupId, raw),
      artifactId: interp(d.artifactId, raw),
      version: interp(d.version, raw),
      scope: interp(d.scope, raw),
    }));

    const withLicenses = chain.find((link) => link.pom.licenses.length > 0);
    const eff: EffectivePom = {
      raw,
      origin,
      groupId: interp(groupId, raw),
      artifactId: interp(raw.artifactId, raw),
      version: interp(version, raw),
      properties,
      dependencies,
      managed,
      licenses: withLicenses ? withLicenses.pom.licenses.map((l) => ({ name: interp(l.name, withLicenses.pom), url: interp(l.url, withLicenses.pom) })) : [],
    };
    if (withLicenses) {
      eff.licensesFrom = withLicenses.pom;
      eff.licensesOrigin = withLicenses.origin;
    }
    return eff;
  }

  private interpolate(value: string, props: Record<string, string>, owner: RawPom): string {
    let out = value;
    for (let pass = 0; pass < 10 && out.includes('${'); pass++) {
      const next = out.replace(/\$\{([^}]+)\}/g, (whole, name: string) => (props[name] !== undefined ? props[name] : whole));
      if (next === out) break;
      out = next;
    }
    const unresolved = out.match(/\$\{([^}]+)\}/g);
    if (unresolved) {
      for (const u of unresolved) {
        const key = `${owner.display}\0${u}`;
        if (this.reportedProps.has(key)) continue;
        this.reportedProps.add(key);
        const where = locateTag(owner.text, new RegExp(u.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
        this.diagnostics.push(diag('unresolved-property', owner.display, `property ${u} is not defined in this POM or its parents`, where, 'info'));
      }
    }
    return out;
  }
}

function chainKey(pom: RawPom, rel?: string): string {
  if (rel !== undefined) return `file:${rel}`;
  return `repo:${pom.groupId || pom.parent?.groupId}:${pom.artifactId}:${pom.version || pom.parent?.version}`;
}
