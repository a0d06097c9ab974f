import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mavenReader } from '../src/read/ecosystems/maven';
import { readDirectory } from '../src/read/ecosystems/shared/discover-dir';
import type { Component } from '../src/types';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'eco-maven');
const HOME = path.join(__dirname, '..', 'fixtures', 'eco-home');

function byId(components: Component[], id: string): Component {
  const c = components.find((x) => x.id === id);
  if (!c) throw new Error(`no component ${id}; have ${components.map((x) => x.id).join(', ')}`);
  return c;
}

describe('maven reader', () => {
  let result: Awaited<ReturnType<typeof readDirectory>>;
  beforeAll(async () => {
    result = await readDirectory(mavenReader, FIXTURE, { env: { HOME } });
  });

  test('version from the parent dependencyManagement, interpolated property, license from ~/.m2', () => {
    expect(byId(result.components, 'maven:org.elasticsearch:elasticsearch@8.13.0')).toMatchObject({
      purl: 'pkg:maven/org.elasticsearch/elasticsearch@8.13.0',
      scope: 'prod',
      direct: true,
      requested: '8.13.0',
      // Declared by two projects: the first file in path order is where findings point.
      location: { file: 'catalog-app/build.gradle.kts', line: 6, column: 20 },
      paths: [
        ['catalog-app/build.gradle.kts', 'org.elasticsearch:elasticsearch@8.13.0'],
        ['com.acme:acme-service@2.1.0', 'org.elasticsearch:elasticsearch@8.13.0'],
      ],
      evidence: [{ kind: 'declared', field: 'licenses', value: ['Elastic License 2.0', 'Server Side Public License, v 1'] }],
    });
  });

  test('transitive dependencies from repository POMs: nearest wins, test/optional skipped, exclusions apply', () => {
    expect(byId(result.components, 'maven:org.elasticsearch:elasticsearch-x-content@8.13.0')).toMatchObject({
      direct: false,
      scope: 'prod',
      location: { file: 'service/pom.xml', line: 18, column: 5 },
      paths: [['com.acme:acme-service@2.1.0', 'org.elasticsearch:elasticsearch@8.13.0', 'org.elasticsearch:elasticsearch-x-content@8.13.0']],
      evidence: [{ kind: 'declared', field: 'licenses', value: ['Elastic License 2.0', 'Server Side Public License, v 1'] }],
    });
    expect(byId(result.components, 'maven:org.yaml:snakeyaml@2.0').paths[0]).toHaveLength(4);
    const names = result.components.map((c) => c.name);
    // Excluded in service/pom.xml, so only the Gradle project brings it in.
    expect(byId(result.components, 'maven:org.apache.lucene:lucene-core@9.10.0').paths).toEqual([
      ['catalog-app/build.gradle.kts', 'org.elasticsearch:elasticsearch@8.13.0', 'org.apache.lucene:lucene-core@9.10.0'],
    ]);
    expect(names).not.toContain('org.locationtech.jts:jts-core'); // optional in the dependency's POM
    expect(byId(result.components, 'maven:junit:junit@4.13.2').direct).toBe(true); // test scope of a dependency is not inherited
  });

  test('child properties override the parent ones', () => {
    expect(byId(result.components, 'maven:com.fasterxml.jackson.core:jackson-databind@2.17.2').location).toEqual({ file: 'service/pom.xml', line: 28, column: 5 });
  });

  test('scopes: test → dev, provided → peer, optional → optional, managed scope applies', () => {
    expect(byId(result.components, 'maven:javax.servlet:javax.servlet-api@4.0.1').scope).toBe('peer');
    expect(byId(result.components, 'maven:junit:junit@4.13.2').scope).toBe('dev');
    expect(byId(result.components, 'maven:org.mongodb:mongodb-driver-sync@').scope).toBe('optional');
  });

  test('unresolved properties and parent cycles are diagnostics naming the file', () => {
    expect(result.diagnostics).toContainEqual(expect.objectContaining({ code: 'unresolved-property', file: 'service/pom.xml', line: 46 }));
    expect(result.diagnostics).toContainEqual(expect.objectContaining({ code: 'parent-cycle', file: 'cycle/a/pom.xml', line: 3 }));
    expect(result.diagnostics).toContainEqual(expect.objectContaining({ code: 'invalid-xml', file: 'broken/pom.xml', line: 5 }));
  });

  test('projects: inherited licenses point at the parent POM; the reactor parent is not a dependency', () => {
    const service = result.projects.find((p) => p.name === 'com.acme:acme-service')!;
    expect(service).toMatchObject({
      version: '2.1.0',
      description: 'Search service',
      location: { file: 'service/pom.xml', line: 9, column: 3 },
      evidence: [{ kind: 'declared', field: 'licenses', value: 'Apache License, Version 2.0', baseDir: 'service', location: { file: 'pom.xml', line: 12, column: 3 } }],
      facts: expect.objectContaining({ packaging: 'war', isApplication: true }),
    });
    expect(result.components.some((c) => c.name === 'com.acme:acme-parent')).toBe(false);
  });

  test('gradle.lockfile: configurations give scope; build.gradle.kts declarations make it direct', () => {
    expect(byId(result.components, 'maven:com.google.guava:guava@33.2.0-jre')).toMatchObject({
      scope: 'prod',
      direct: true,
      location: { file: 'gradle-app/build.gradle.kts', line: 6, column: 21 },
      // Gradle cache POM, licenses inherited from its parent in ~/.m2.
      evidence: [{ kind: 'declared', field: 'licenses', value: 'Apache License, Version 2.0' }],
    });
    expect(byId(result.components, 'maven:com.google.guava:failureaccess@1.0.2')).toMatchObject({ direct: false, scope: 'prod', location: { file: 'gradle-app/gradle.lockfile', line: 4, column: 1 } });
    expect(byId(result.components, 'maven:org.junit.jupiter:junit-jupiter@5.10.2').scope).toBe('dev');
    expect(byId(result.components, 'maven:org.projectlombok:lombok@1.18.32').scope).toBe('peer');
    expect(byId(result.components, 'maven:io.confluent:kafka-schema-registry-client@7.6.0').direct).toBe(true);
  });

  test('Gradle version catalog aliases (module, group/name, "g:a:v", version.ref)', () => {
    expect(byId(result.components, 'maven:org.jetbrains.kotlin:kotlin-stdlib@1.9.24')).toMatchObject({ scope: 'prod', direct: true, location: { file: 'catalog-app/build.gradle.kts', line: 7, column: 20 } });
    expect(byId(result.components, 'maven:org.apache.commons:commons-text@1.12.0')).toMatchObject({ scope: 'dev', direct: true });
    // The plugins block is not a dependency.
    expect(result.components.some((c) => c.name.includes('kotlin.jvm'))).toBe(false);
  });

  test('settings.xml localRepository and parent POMs from the local repository', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eco-maven-'));
    try {
      const home = path.join(dir, 'home');
      const repo = path.join(dir, 'custom-repo');
      fs.mkdirSync(path.join(home, '.m2'), { recursive: true });
      fs.writeFileSync(path.join(home, '.m2', 'settings.xml'), `<settings><localRepository>${repo}</localRepository></settings>`);
      const parentDir = path.join(repo, 'org', 'example', 'corp-parent', '3');
      fs.mkdirSync(parentDir, { recursive: true });
      fs.writeFileSync(
        path.join(parentDir, 'corp-parent-3.pom'),
        '<project><groupId>org.example</groupId><artifactId>corp-parent</artifactId><version>3</version><properties><lib.version>1.5</lib.version></properties><licenses><license><name>Business Source License 1.1</name></license></licenses></project>',
      );
      const checkout = path.join(dir, 'checkout');
      fs.mkdirSync(checkout);
      fs.writeFileSync(
        path.join(checkout, 'pom.xml'),
        '<project>\n<parent><groupId>org.example</groupId><artifactId>corp-parent</artifactId><version>3</version></parent>\n<artifactId>app</artifactId>\n<dependencies>\n<dependency><groupId>org.example</groupId><artifactId>lib</artifactId><version>${lib.version}</version></dependency>\n</dependencies>\n</project>\n',
      );
      const res = await readDirectory(mavenReader, checkout, { env: { HOME: home } });
      expect(res.components.map((c) => [c.id, c.location.line])).toEqual([['maven:org.example:lib@1.5', 5]]);
      expect(res.projects[0]).toMatchObject({ name: 'org.example:app', version: '3', evidence: [{ kind: 'declared', field: 'licenses', value: 'Business Source License 1.1' }] });
      expect(res.diagnostics).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('Groovy build.gradle string and map notations without a lockfile', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eco-gradle-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'build.gradle'),
        "dependencies {\n    implementation 'org.apache.kafka:kafka-clients:3.7.0'\n    runtimeOnly group: 'org.postgresql', name: 'postgresql', version: '42.7.3'\n    testImplementation \"org.mockito:mockito-core:5.+\"\n}\n",
      );
      const res = await readDirectory(mavenReader, dir, { env: { HOME: path.join(dir, 'nohome') } });
      expect(res.components.map((c) => [c.id, c.scope, c.requested, c.location.line, c.location.column])).toEqual([
        ['maven:org.apache.kafka:kafka-clients@3.7.0', 'prod', '3.7.0', 2, 21],
        ['maven:org.mockito:mockito-core@', 'dev', '5.+', 4, 25],
        ['maven:org.postgresql:postgresql@42.7.3', 'prod', '42.7.3', 3, 25],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('entity expansion and external entities in a POM do not blow up', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eco-xxe-'));
    try {
      const levels = ['<!ENTITY l0 "lol">'];
      for (let i = 1; i < 10; i++) levels.push(`<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`);
      fs.writeFileSync(path.join(dir, 'pom.xml'), `<?xml version="1.0"?>\n<!DOCTYPE p [${levels.join('\n')}]>\n<project><groupId>&l9;</groupId><artifactId>a</artifactId><version>1</version></project>\n`);
      fs.mkdirSync(path.join(dir, 'ext'));
      fs.writeFileSync(path.join(dir, 'ext', 'pom.xml'), '<?xml version="1.0"?>\n<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<project><artifactId>&x;</artifactId></project>\n');
      const res = await readDirectory(mavenReader, dir, { env: { HOME: path.join(dir, 'nohome') } });
      expect(res.projects.every((p) => p.name.length < 100)).toBe(true);
      expect(res.diagnostics).toContainEqual(expect.objectContaining({ code: 'invalid-xml', file: 'ext/pom.xml' }));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a parent missing everywhere is an info diagnostic, not a failure', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eco-maven-'));
    try {
      fs.writeFileSync(path.join(dir, 'pom.xml'), '<project><parent><groupId>x</groupId><artifactId>y</artifactId><version>1</version><relativePath/></parent><artifactId>z</artifactId></project>');
      const res = await readDirectory(mavenReader, dir, { env: { HOME: path.join(dir, 'nohome') } });
      expect(res.diagnostics).toEqual([expect.objectContaining({ code: 'parent-pom-not-found', severity: 'info', file: 'pom.xml' })]);
      expect(res.projects[0]).toMatchObject({ name: 'x:z', version: '1' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
