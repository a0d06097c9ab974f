import { isRecord } from '../shared/parse';

/**
 * Gradle version catalogs (`gradle/libs.versions.toml`,
 * https://docs.gradle.org/current/userguide/version_catalogs.html): a library alias maps to
 * `group:artifact` and a version, written as `"g:a:v"`, `{ module = "g:a", version = … }` or
 * `{ group, name, version.ref }`. Build files use the alias as `libs.<alias with . for -_>`.
 */
export interface CatalogLibrary {
  alias: string;
  /** How build files refer to it: `libs.spring.boot.starter`. */
  accessor: string;
  groupId: string;
  artifactId: string;
  version: string;
}

export function readVersionCatalog(doc: Record<string, unknown>, catalogName = 'libs'): CatalogLibrary[] {
  const versions = isRecord(doc.versions) ? doc.versions : {};
  const versionOf = (v: unknown): string => {
    if (typeof v === 'string') return v;
    if (isRecord(v)) {
      if (typeof v.ref === 'string') return versionOf(versions[v.ref]);
      if (typeof v.strictly === 'string') return v.strictly;
      if (typeof v.require === 'string') return v.require;
      if (typeof v.prefer === 'string') return v.prefer;
    }
    return '';
  };
  const out: CatalogLibrary[] = [];
  const libraries = isRecord(doc.libraries) ? doc.libraries : {};
  for (const [alias, spec] of Object.entries(libraries)) {
    let groupId = '';
    let artifactId = '';
    let version = '';
    if (typeof spec === 'string') {
      [groupId = '', artifactId = '', version = ''] = spec.split(':');
    } else if (isRecord(spec)) {
      if (typeof spec.module === 'string') [groupId = '', artifactId = ''] = spec.module.split(':');
      else {
        groupId = typeof spec.group === 'string' ? spec.group : '';
        artifactId = typeof spec.name === 'string' ? spec.name : '';
      }
      // `version.ref = "x"` parses as `version = { ref = "x" }`.
      version = versionOf(spec.version);
    }
    if (!groupId || !artifactId) continue;
    out.push({ alias, accessor: `${catalogName}.${alias.replace(/[-_]/g, '.')}`, groupId, artifactId, version });
  }
  return out;
}
