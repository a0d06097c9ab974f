import type { EcosystemDescriptor } from './descriptor';

export const maven: EcosystemDescriptor = {
  id: 'maven',
  files: { manifests: ['pom.xml', 'build.gradle', 'build.gradle.kts'], lockfiles: ['gradle.lockfile'] },
  reader: () => (require('../read/ecosystems/maven') as typeof import('../read/ecosystems/maven')).mavenReader,
  profile: {
    serverFrameworks: [
      'org.springframework.boot:spring-boot-starter-web*',
      'org.springframework.boot:spring-boot-starter-jersey',
      'org.springframework.boot:spring-boot-starter-graphql',
      'io.quarkus:quarkus-rest*',
      'io.quarkus:quarkus-resteasy*',
      'io.quarkus:quarkus-vertx-http',
      'io.micronaut:micronaut-http-server*',
      'io.dropwizard:dropwizard-core',
      'io.vertx:vertx-web',
      'io.ktor:ktor-server-*',
      'io.javalin:javalin',
      'com.sparkjava:spark-core',
    ],
    serverRunners: ['org.springframework.boot:spring-boot-starter-web*', 'io.ktor:ktor-server-netty*', 'io.ktor:ktor-server-cio*', 'io.ktor:ktor-server-jetty*', 'io.ktor:ktor-server-tomcat*'],
  },
  install: {
    byFile: [
      [/^pom\.xml$/, 'maven', 'mvn dependency:go-offline'],
      [/^(build\.gradle(\.kts)?|gradle\.lockfile)$/, 'gradle', 'gradle dependencies'],
    ],
    fallback: ['maven', 'mvn dependency:go-offline'],
  },
  purl: { type: 'maven' },
  // Also the mirrors of ~/.m2/settings.xml (src/online/settings.ts).
  registry: {
    lookup: () => (require('../online/registries/maven') as typeof import('../online/registries/maven')).lookupMaven,
    endpoint: { name: 'maven', env: 'LICENSE_RISK_REGISTRY_MAVEN', url: 'https://repo1.maven.org/maven2/' },
  },
};
