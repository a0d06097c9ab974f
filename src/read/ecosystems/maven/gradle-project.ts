import type { ProjectManifest } from '../../../types';
import { serverFrameworks } from '../../../ecosystems';
import { baseName, dirOf } from '../shared/parse';

/**
 * A Gradle build file as one of the checkout's own projects: Gradle has no published-package
 * manifest like a POM, so what the build applies says what it makes. The `application`,
 * Spring Boot, Ktor, Quarkus and Micronaut-application plugins build a program; `java-library`
 * and `maven-publish` build a library others depend on.
 */

/** Plugin ids (Groovy `id 'x'`, Kotlin `id("x")`, or a bare core plugin name) that build a runnable program. */
const APPLICATION_PLUGINS = ['application', 'org.springframework.boot', 'io.ktor.plugin', 'io.quarkus', 'io.micronaut.application', 'com.android.application', 'com.google.cloud.tools.jib', 'war'];
const LIBRARY_PLUGINS = ['java-library', 'maven-publish', 'com.android.library', 'java-platform', 'io.micronaut.library'];

/** `plugins { application; id("org.springframework.boot") version "3.3.0"; kotlin("jvm"); `java-library` }` and `apply plugin: 'war'`. */
export function gradlePlugins(text: string): string[] {
  const found = new Set<string>();
  const block = /\bplugins\s*\{([\s\S]*?)\n\s*\}/.exec(text)?.[1] ?? '';
  for (const line of block.split('\n')) {
    // `id("org.springframework.boot") version "3.3.0" apply false`: declared for subprojects, not applied here.
    if (/\bapply\s*\(?\s*false\b/.test(line)) continue;
    const id = /\bid\s*\(?\s*["']([^"']+)["']/.exec(line)?.[1] ?? /^\s*`?([a-z][\w-]*)`?\s*$/.exec(line)?.[1];
    if (id) found.add(id);
  }
  for (const m of text.matchAll(/\bapply\s*\(?\s*plugin\s*[:=]\s*["']([^"']+)["']/g)) found.add(m[1]);
  return [...found].sort();
}

/** `rootProject.name = "x"` in settings.gradle(.kts). */
export function gradleRootProjectName(settingsText: string): string | undefined {
  return /\brootProject\.name\s*=\s*["']([^"']+)["']/.exec(settingsText)?.[1];
}

/** `include("app", "lib")`, `include 'app'`, `include(":services:api")` in settings.gradle(.kts): the build has subprojects. */
export function gradleIncludes(settingsText: string): string[] {
  const found: string[] = [];
  for (const m of settingsText.matchAll(/^\s*include(?:Build)?\s*\(?([^\n)]*)/gm)) for (const q of m[1].matchAll(/["']([^"']+)["']/g)) found.push(q[1]);
  return found;
}

export function gradleProject(input: {
  rel: string;
  text: string;
  /** `group:artifact` of the dependencies declared in this build file outside test/tooling configurations. */
  shippedDependencies: string[];
  /** From settings.gradle(.kts) next to a root build file. */
  rootProjectName?: string;
  /** Subprojects settings.gradle(.kts) includes. */
  includes?: string[];
}): ProjectManifest {
  const { rel, text } = input;
  const plugins = gradlePlugins(text);
  const dir = dirOf(rel);
  const isApplication = plugins.some((p) => APPLICATION_PLUGINS.includes(p));
  const isLibrary = !isApplication && plugins.some((p) => LIBRARY_PLUGINS.includes(p));
  const version = /^\s*version\s*=\s*["']([^"']+)["']/m.exec(text)?.[1] ?? '';
  const group = /^\s*group\s*=\s*["']([^"']+)["']/m.exec(text)?.[1];
  const artifact = (dir === '.' ? input.rootProjectName : undefined) ?? (dir === '.' ? baseName(rel) : baseName(dir));
  return {
    ecosystem: 'maven',
    file: rel,
    name: group ? `${group}:${artifact}` : artifact,
    version,
    private: false,
    evidence: [],
    facts: {
      isApplication,
      isLibrary,
      packaging: plugins.includes('war') ? 'war' : 'jar',
      ...(input.includes?.length ? { hasModules: true } : {}),
      serverFrameworks: serverFrameworks('maven', input.shippedDependencies),
    },
    location: { file: rel, line: 1, column: 1 },
  };
}
