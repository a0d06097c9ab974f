import type { DiagnosticCode } from '../../diagnostics/codes';
import type { Diagnostic, Scope } from '../../types';
import { decodeEmbeddedText, type SbomDocument, type SbomEntry } from './shared';
import { isRecord } from '../../util/record';

/** The versions the issue promises; other 1.x are read the same way, with a warning. */
const SUPPORTED = ['1.4', '1.5', '1.6'];
/** Nested components deeper than this are not followed (a hostile document could nest forever). */
const MAX_DEPTH = 32;

/** A CycloneDX JSON document (`bomFormat: "CycloneDX"`) as SBOM entries and a dependency graph. */
export function readCycloneDx(json: Record<string, unknown>, display: string): SbomDocument | { error: string; code: DiagnosticCode } {
  const diagnostics: Diagnostic[] = [];
  const version = typeof json.specVersion === 'string' ? json.specVersion : '';
  if (!/^1\.\d+$/.test(version)) return { code: 'sbom-unsupported-version', error: `CycloneDX specVersion ${JSON.stringify(json.specVersion ?? null).slice(0, 40)} is not read (CycloneDX JSON 1.4–1.6)` };
  if (!SUPPORTED.includes(version)) {
    diagnostics.push({ code: 'sbom-unsupported-version', severity: 'warn', file: display, message: `CycloneDX ${version} is outside the versions read (1.4–1.6); read as 1.6, fields it does not know are ignored` });
  }
  if (json.components !== undefined && !Array.isArray(json.components)) return { code: 'sbom-missing-field', error: 'CycloneDX "components" is not an array' };

  const metadata = isRecord(json.metadata) ? json.metadata : {};
  const root = isRecord(metadata.component) ? metadata.component : undefined;
  const rootRef = root && typeof root['bom-ref'] === 'string' ? root['bom-ref'] : undefined;
  const rootName = root && typeof root.name === 'string' ? `${typeof root.group === 'string' && root.group ? `${root.group}/` : ''}${root.name}${typeof root.version === 'string' && root.version ? `@${root.version}` : ''}` : display;

  const entries: SbomEntry[] = [];
  const walk = (list: unknown[], pointer: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    list.forEach((item, i) => {
      const at = `${pointer}/${i}`;
      if (!isRecord(item)) {
        entries.push({ name: undefined, version: undefined, purl: undefined, scope: 'prod', declared: [], texts: [] });
        return;
      }
      entries.push(toEntry(item, at));
      if (Array.isArray(item.components)) walk(item.components, `${at}/components`, depth + 1);
    });
  };
  walk(Array.isArray(json.components) ? json.components : [], '/components', 0);

  const dependsOn = new Map<string, string[]>();
  if (Array.isArray(json.dependencies)) {
    for (const d of json.dependencies) {
      if (!isRecord(d) || typeof d.ref !== 'string' || !Array.isArray(d.dependsOn)) continue;
      dependsOn.set(d.ref, d.dependsOn.filter((x): x is string => typeof x === 'string'));
    }
  }
  return { format: `CycloneDX ${version}`, rootName, rootRefs: rootRef ? [rootRef] : [], entries, dependsOn, diagnostics };
}

function toEntry(c: Record<string, unknown>, pointer: string): SbomEntry {
  const declared: string[] = [];
  const texts: SbomEntry['texts'] = [];
  const readLicenses = (list: unknown, at: string, asDeclared: boolean) => {
    if (!Array.isArray(list)) return;
    list.forEach((choice, i) => {
      if (!isRecord(choice)) return;
      if (typeof choice.expression === 'string' && asDeclared) declared.push(choice.expression);
      const license = isRecord(choice.license) ? choice.license : undefined;
      if (!license) return;
      const id = typeof license.id === 'string' ? license.id : typeof license.name === 'string' ? license.name : undefined;
      if (id && asDeclared) declared.push(id);
      const text = isRecord(license.text) ? decodeEmbeddedText(license.text.content, license.text.encoding) : null;
      if (text) texts.push({ text, pointer: `${at}/${i}/license/text` });
    });
  };
  readLicenses(c.licenses, `${pointer}/licenses`, true);
  // CycloneDX 1.5+ evidence: license files found in the package (cyclonedx-npm --gather-license-texts).
  if (isRecord(c.evidence)) readLicenses(c.evidence.licenses, `${pointer}/evidence/licenses`, false);

  const group = typeof c.group === 'string' && c.group ? c.group : undefined;
  return {
    ref: typeof c['bom-ref'] === 'string' ? c['bom-ref'] : undefined,
    name: typeof c.name === 'string' && group ? `${group}/${c.name}` : c.name,
    version: c.version,
    purl: c.purl,
    scope: scopeOf(c),
    declared,
    texts,
  };
}

/** `excluded` and the npm tools' development flag mean dev; license-risk's own property round-trips. */
function scopeOf(c: Record<string, unknown>): Scope {
  const props = new Map<string, string>();
  if (Array.isArray(c.properties)) for (const p of c.properties) if (isRecord(p) && typeof p.name === 'string' && typeof p.value === 'string') props.set(p.name, p.value);
  const own = props.get('license-risk:scope');
  if (own === 'prod' || own === 'dev' || own === 'optional' || own === 'peer') return own;
  if (props.get('cdx:npm:package:development') === 'true') return 'dev';
  if (c.scope === 'excluded') return 'dev';
  if (c.scope === 'optional') return 'optional';
  return 'prod';
}
