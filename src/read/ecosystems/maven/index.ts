import type {
  Diagnostic,
  DiscoveredFiles,
  EcosystemReader,
  LicenseEvidence,
  ProjectManifest,
  ReadContext,
  ReadResult,
  Scope,
  SourceLocation,
} from '../../../types';
import { createCacheFs } from '../shared/cache-fs';
import { ComponentCollector, addPaths, sortProjects } from '../shared/components';
import { diag, guardRead, sortDiagnostics } from '../shared/diagnostics';
import { TextLines } from '../shared/lines';
import { baseName, dirOf, parseTomlDocument, readCheckoutText } from '../shared/parse';
import { readVersionCatalog, type CatalogLibrary } from './catalog';
import { gradleIncludes, gradleProject, gradleRootProjectName } from './gradle-project';
import { serverFrameworks } from '../../../ecosystems';
import { mavenPurl } from '../shared/purl';
import { locateDependency, locateTag, type PomLicense } from './pom';
import { PomResolver, gradleCacheDirs, mavenLocalRepositories, type EffectivePom } from './resolve';

/** Maven scopes: test is dev; provided is supplied by the runtime (like an npm peer). */
function mavenScope(scope: string, optional: boolean): Scope {
  const s = scope.trim().toLowerCase();
  if (s === 'test') return 'dev';
  if (s === 'provided') return 'peer';
  return optional ? 'optional' : 'prod';
}

/** `licenses` evidence as written: one name (or URL when unnamed) per `<license>`. */
function licensesValue(licenses: PomLicense[]): string | string[] {
  const names = licenses.map((l) => l.name || l.url);
  return names.length === 1 ? names[0] : names;
}

export const mavenReader: EcosystemReader = {
  ecosystem: 'maven',
  applies(files: DiscoveredFiles): boolean {
    return (
      files.manifests.some((f) => /(^|\/)(pom\.xml|build\.gradle(\.kts)?)$/.test(f)) ||
      files.lockfiles.some((f) => baseName(f) === 'gradle.lockfile')
    );
  },
  read(files: DiscoveredFiles, ctx: ReadContext): Promise<ReadResult> {
    return guardRead('maven', files, () => readMavenFiles(files, ctx));
  },
};

async function readMavenFiles(files: DiscoveredFiles, ctx: ReadContext): Promise<ReadResult> {
  const diagnostics: Diagnostic[] = [];
  const projects: ProjectManifest[] = [];
  const collector = new ComponentCollector('maven');
  const cache = createCacheFs(ctx.env);
  const resolver = new PomResolver(ctx, cache, await mavenLocalRepositories(ctx.env, cache, diagnostics), gradleCacheDirs(ctx.env), diagnostics);

  const poms: { rel: string; eff: EffectivePom }[] = [];
  for (const rel of files.manifests.filter((f) => baseName(f) === 'pom.xml')) {
    const raw = await resolver.checkoutPom(rel);
    if (!raw) continue;
    poms.push({ rel, eff: await resolver.effective(raw, 'checkout', rel) });
  }
  const own = new Set(poms.map((p) => `${p.eff.groupId}:${p.eff.artifactId}`));
  const transitiveQueue: TransitiveItem[] = [];

  for (const { rel, eff } of poms) {
    const label = `${eff.groupId}:${eff.artifactId}@${eff.version}`;
    projects.push(projectFromPom(rel, eff));
    for (const dep of eff.dependencies) {
      if (!dep.groupId || !dep.artifactId) {
        diagnostics.push(diag('invalid-pom', rel, 'a <dependency> lacks groupId or artifactId', locateDependency(eff.raw.text, dep.rawGroupId, dep.rawArtifactId)));
        continue;
      }
      const ga = `${dep.groupId}:${dep.artifactId}`;
      if (own.has(ga)) continue;
      const managed = eff.managed.get(ga);
      let version = dep.version || managed?.version || '';
      if (version.includes('${')) version = '';
      // A version range ([1.0,2.0)) is not a resolved version.
      const resolved = /^[[(]/.test(version) ? '' : version;
      const pos = locateDependency(eff.raw.text, dep.rawGroupId, dep.rawArtifactId) ?? { line: 1, column: 1 };
      const comp = collector.add({
        name: ga,
        version: resolved,
        purl: mavenPurl(dep.groupId, dep.artifactId, resolved),
        scope: mavenScope(dep.scope || managed?.scope || '', dep.optional),
        direct: true,
        requested: dep.version || managed?.version || '',
        location: { file: rel, ...pos },
      });
      addPaths(comp, [[label, `${ga}@${resolved}`]]);
      if (resolved) {
        transitiveQueue.push({
          groupId: dep.groupId,
          artifactId: dep.artifactId,
          version: resolved,
          scope: comp.scope,
          path: [label, `${ga}@${resolved}`],
          location: comp.location,
          exclusions: dep.exclusions,
          rootManaged: eff.managed,
        });
      }
    }
  }
  transitiveQueue.push(...(await readGradle(ctx, files, collector, own, diagnostics, projects)));
  await addTransitiveFromRepository(resolver, collector, transitiveQueue, own);

  // License metadata of each dependency from its POM in the local repository or Gradle cache.
  for (const comp of collector.all()) {
    if (!comp.version) continue;
    const [groupId, artifactId] = comp.name.split(':');
    const found = await resolver.repoPom(groupId, artifactId, comp.version);
    if (!found) continue;
    // A checkout has no installed Maven tree: the POM came from the local repository or Gradle's cache.
    comp.cache = { kind: found.repository.kind, path: cache.display(found.repository.dir) };
    const eff = await resolver.effective(found.pom, 'repo');
    if (eff.licenses.length === 0) continue;
    const evidence: LicenseEvidence = { kind: 'declared', field: 'licenses', value: licensesValue(eff.licenses) };
    collector.addEvidence(comp, [evidence]);
  }

  return { components: collector.list(ctx.includeDev), projects: sortProjects(projects), diagnostics: sortDiagnostics(diagnostics) };
}

interface TransitiveItem {
  groupId: string;
  artifactId: string;
  version: string;
  scope: Scope;
  /** Labels from the checkout's project down to this artifact. */
  path: string[];
  /** The direct dependency's declaration: without a lockfile, that is where to point. */
  location: SourceLocation;
  exclusions: string[];
  /** The checkout POM's dependencyManagement, which also pins transitive versions. */
  rootManaged: Map<string, { version: string; scope: string }>;
}

/** Bound on artifacts visited, so a pathological repository cannot stall the scan. */
const MAX_TRANSITIVE = 5000;

function excluded(ga: string, patterns: string[]): boolean {
  const [g, a] = ga.split(':');
  return patterns.some((p) => {
    const [pg, pa] = p.split(':');
    return (pg === '*' || pg === g) && (pa === '*' || pa === a);
  });
}

/**
 * Transitive dependencies read from dependency POMs in the local repository or the Gradle
 * cache, the way Maven mediates them: breadth first so the nearest declaration wins; test,
 * provided and optional dependencies of a dependency are not inherited; exclusions apply.
 */
async function addTransitiveFromRepository(resolver: PomResolver, collector: ComponentCollector, queue: TransitiveItem[], own: Set<string>): Promise<void> {
  const seen = new Set<string>([...own, ...queue.map((q) => `${q.groupId}:${q.artifactId}`)]);
  for (let i = 0; i < queue.length && i < MAX_TRANSITIVE; i++) {
    const item = queue[i];
    const found = await resolver.repoPom(item.groupId, item.artifactId, item.version);
    if (!found) continue;
    const eff = await resolver.effective(found.pom, 'repo');
    for (const dep of eff.dependencies) {
      const ga = `${dep.groupId}:${dep.artifactId}`;
      const managed = eff.managed.get(ga);
      const scope = (dep.scope || managed?.scope || 'compile').toLowerCase();
      if (dep.optional || scope === 'test' || scope === 'provided' || scope === 'system' || scope === 'import') continue;
      if (!dep.groupId || !dep.artifactId || seen.has(ga) || excluded(ga, item.exclusions)) continue;
      seen.add(ga);
      const raw = item.rootManaged.get(ga)?.version || dep.version || managed?.version || '';
      const version = raw.includes('${') || /^[[(]/.test(raw) ? '' : raw;
      const comp = collector.add({
        name: ga,
        version,
        purl: mavenPurl(dep.groupId, dep.artifactId, version),
        scope: item.scope,
        direct: false,
        location: item.location,
      });
      const path = [...item.path, `${ga}@${version}`];
      addPaths(comp, [path]);
      if (version) {
        queue.push({ ...item, groupId: dep.groupId, artifactId: dep.artifactId, version, path, exclusions: [...item.exclusions, ...dep.exclusions] });
      }
    }
  }
}

function projectFromPom(rel: string, eff: EffectivePom): ProjectManifest {
  const evidence: LicenseEvidence[] = [];
  if (eff.licenses.length) {
    const e: LicenseEvidence = { kind: 'declared', field: 'licenses', value: licensesValue(eff.licenses), baseDir: dirOf(rel) };
    // Inherited from a parent in the checkout: point there; from the local repository: no position.
    if (eff.licensesFrom && eff.licensesOrigin === 'checkout') {
      const pos = locateTag(eff.licensesFrom.text, /<licenses\b/);
      if (pos) e.location = { file: eff.licensesFrom.display, ...pos };
    }
    evidence.push(e);
  }
  const text = eff.raw.text;
  const packaging = eff.raw.packaging;
  const isApplication =
    packaging === 'war' || packaging === 'ear' || /<artifactId>\s*(spring-boot-maven-plugin|maven-shade-plugin|maven-assembly-plugin|jib-maven-plugin)\s*<\/artifactId>/.test(text);
  const project: ProjectManifest = {
    ecosystem: 'maven',
    file: rel,
    name: `${eff.groupId}:${eff.artifactId}`,
    version: eff.version,
    private: false,
    evidence,
    facts: {
      packaging,
      isApplication,
      hasModules: eff.raw.modules.length > 0,
      isLibrary: packaging === 'jar' && !isApplication,
      distributionManagement: /<distributionManagement\b/.test(text),
      serverFrameworks: serverFrameworks(
        'maven',
        eff.dependencies.filter((d) => d.scope !== 'test').map((d) => `${d.groupId}:${d.artifactId}`),
      ),
    },
    location: { file: rel, ...(locateTag(blankParent(text), /<artifactId\b/) ?? { line: 1, column: 1 }) },
  };
  if (eff.raw.description) project.description = eff.raw.description;
  else if (eff.raw.name) project.description = eff.raw.name;
  return project;
}

/** The text with its `<parent>` block blanked (same length), so the project's own tags are found. */
function blankParent(text: string): string {
  return text.replace(/<parent\b[\s\S]*?<\/parent\s*>/, (block) => block.replace(/[^\n]/g, ' '));
}

// ---------------------------------------------------------------------------------------------
// Gradle

/** Configurations for build tooling: what they resolve runs on the builder, never ships. */
const TOOLING_CONFIGURATION = /^(annotationProcessor|kapt|ksp|detekt|ktlint|lint|jacoco|spotbugs|checkstyle|pmd|errorprone|classpath)/i;

/**
 * Scope from Gradle configurations: anything on a non-test runtime classpath ships (prod);
 * compile-only is supplied by the runtime (peer, like Maven's provided); test and tooling are dev.
 */
function gradleScope(configurations: string[]): Scope {
  if (configurations.length === 0) return 'prod';
  const shipped = configurations.filter((c) => !/test/i.test(c) && !TOOLING_CONFIGURATION.test(c));
  if (shipped.length === 0) return 'dev';
  if (shipped.every((c) => /compileOnly|^compileClasspath$|CompileClasspath$/i.test(c))) return 'peer';
  return 'prod';
}

/** Dependency notations `'group:artifact:version'` in build.gradle(.kts), with their configuration. */
const GRADLE_DEP = /^\s*([A-Za-z][A-Za-z0-9]*)\s*\(?\s*(?:platform\s*\(\s*)?["']([^"':\s]+):([^"':\s]+)(?::([^"'@:\s]+))?(?::[^"'@\s]*)?(?:@\w+)?["']/;

/** Groovy map notation: `implementation group: 'g', name: 'a', version: 'v'`. */
const GRADLE_MAP_DEP = /^\s*([A-Za-z][A-Za-z0-9]*)\s*\(?\s*group\s*:\s*["']([^"']+)["']\s*,\s*name\s*:\s*["']([^"']+)["'](?:\s*,\s*version\s*:\s*["']([^"']+)["'])?/;

const GRADLE_CONFIGURATION = /(implementation|api|compile|runtime|compileOnly|runtimeOnly|testImplementation|testRuntimeOnly|testCompileOnly|annotationProcessor|kapt|ksp|classpath)$/i;

/** The nearest `gradle/libs.versions.toml` at or above the build file's folder. */
async function catalogFor(
  ctx: ReadContext,
  buildFile: string,
  diagnostics: Diagnostic[],
  catalogCache: Map<string, Promise<CatalogLibrary[]>>,
): Promise<CatalogLibrary[]> {
  for (let dir = dirOf(buildFile); ; dir = dirOf(dir)) {
    const candidate = dir === '.' ? 'gradle/libs.versions.toml' : `${dir}/gradle/libs.versions.toml`;
    if (ctx.fs.exists(candidate)) {
      let cached = catalogCache.get(candidate);
      if (!cached) {
        cached = (async () => {
          const text = await readCheckoutText(ctx, candidate, diagnostics);
          const doc = text === undefined ? undefined : parseTomlDocument(candidate, text, diagnostics);
          return doc ? readVersionCatalog(doc) : [];
        })();
        catalogCache.set(candidate, cached);
      }
      return cached;
    }
    if (dir === '.' || dir === '') return [];
  }
}

/** Reads Gradle build files and lockfiles; returns unlocked declarations to follow through repository POMs. */
async function readGradle(
  ctx: ReadContext,
  files: DiscoveredFiles,
  collector: ComponentCollector,
  own: Set<string>,
  diagnostics: Diagnostic[],
  projects: ProjectManifest[],
): Promise<TransitiveItem[]> {
  const catalogs = new Map<string, Promise<CatalogLibrary[]>>();
  const unlocked: TransitiveItem[] = [];
  const buildFiles = files.manifests.filter((f) => /(^|\/)build\.gradle(\.kts)?$/.test(f));
  const declared = new Map<string, { location: SourceLocation; configuration: string; version: string; file: string }[]>();
  for (const rel of buildFiles) {
    const text = await readCheckoutText(ctx, rel, diagnostics);
    if (text === undefined) continue;
    const lines = new TextLines(rel, text);
    const catalog = await catalogFor(ctx, rel, diagnostics, catalogs);
    lines.lines.forEach((line, i) => {
      // `implementation(libs.spring.boot.starter)`: a version catalog alias.
      const viaCatalog = /^\s*([A-Za-z][A-Za-z0-9]*)\s*\(?\s*(?:platform\s*\(\s*)?(libs(?:\.[A-Za-z0-9]+)+)/.exec(line);
      const entry = viaCatalog ? catalog.find((c) => c.accessor === viaCatalog[2]) : undefined;
      if (viaCatalog && entry && GRADLE_CONFIGURATION.test(viaCatalog[1])) {
        const ga = `${entry.groupId}:${entry.artifactId}`;
        const list = declared.get(ga) ?? [];
        list.push({ location: lines.at(i + 1, line.indexOf(viaCatalog[2]) + 1), configuration: viaCatalog[1], version: entry.version, file: rel });
        declared.set(ga, list);
        return;
      }
      const m = GRADLE_DEP.exec(line) ?? GRADLE_MAP_DEP.exec(line);
      if (!m) return;
      const configuration = m[1];
      if (!GRADLE_CONFIGURATION.test(configuration)) return;
      const ga = `${m[2]}:${m[3]}`;
      const list = declared.get(ga) ?? [];
      list.push({ location: lines.at(i + 1, line.indexOf(m[2]) + 1), configuration, version: m[4] ?? '', file: rel });
      declared.set(ga, list);
    });
    const shipped = [...declared].filter(([, list]) => list.some((d) => d.file === rel && gradleScope([d.configuration]) !== 'dev')).map(([ga]) => ga);
    const settings = dirOf(rel) === '.' ? files.all.find((f) => /^settings\.gradle(\.kts)?$/.test(f)) : undefined;
    const settingsText = settings ? await readCheckoutText(ctx, settings, diagnostics) : undefined;
    projects.push(gradleProject({ rel, text, shippedDependencies: shipped, rootProjectName: settingsText ? gradleRootProjectName(settingsText) : undefined, includes: settingsText ? gradleIncludes(settingsText) : undefined }));
  }
  const lockfiles = files.lockfiles.filter((f) => baseName(f) === 'gradle.lockfile');
  const lockedDirs = new Set(lockfiles.map(dirOf));

  for (const rel of lockfiles) {
    const text = await readCheckoutText(ctx, rel, diagnostics);
    if (text === undefined) continue;
    text.split(/\r?\n/).forEach((line, i) => {
      const trimmed = line.trim();
      if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith('empty=')) return;
      const m = /^([^:=\s]+):([^:=\s]+):([^:=\s]+)=(.*)$/.exec(trimmed);
      if (!m) {
        diagnostics.push(diag('invalid-lockfile', rel, 'line is not "group:artifact:version=configurations"', { line: i + 1, column: 1 }, 'info'));
        return;
      }
      const ga = `${m[1]}:${m[2]}`;
      if (own.has(ga)) return;
      const configurations = m[4].split(',').map((c) => c.trim()).filter(Boolean);
      const decl = (declared.get(ga) ?? []).filter((d) => dirOf(d.file) === dirOf(rel) || dirOf(rel) === '.')[0];
      const comp = collector.add({
        name: ga,
        version: m[3],
        purl: mavenPurl(m[1], m[2], m[3]),
        scope: gradleScope(configurations),
        direct: decl !== undefined,
        requested: decl?.version,
        location: decl?.location ?? { file: rel, line: i + 1, column: 1 },
      });
      if (decl) addPaths(comp, [[decl.file, `${ga}@${m[3]}`]]);
    });
  }

  // Build files with no lockfile: the declared notation is what is known.
  for (const [ga, decls] of declared) {
    if (own.has(ga)) continue;
    for (const d of decls) {
      // Locked builds are read from the lockfile, unless the lock misses this declaration.
      if ((lockedDirs.has(dirOf(d.file)) || lockedDirs.has('.')) && collector.byName(ga).length > 0) continue;
      const version = /^[\d]/.test(d.version) && !/[+[(]/.test(d.version) ? d.version : '';
      const [g, a] = ga.split(':');
      const comp = collector.add({
        name: ga,
        version,
        purl: mavenPurl(g, a, version),
        scope: gradleScope([d.configuration]),
        direct: true,
        requested: d.version,
        location: d.location,
      });
      addPaths(comp, [[d.file, `${ga}@${version}`]]);
      if (version) {
        unlocked.push({ groupId: g, artifactId: a, version, scope: comp.scope, path: [d.file, `${ga}@${version}`], location: d.location, exclusions: [], rootManaged: new Map() });
      }
    }
  }
  return unlocked;
}
