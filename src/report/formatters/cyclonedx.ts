import { Enums, Models, Serialize, Spec, SPDX } from '@cyclonedx/cyclonedx-library';
import type { Formatter, Report, ReportComponent } from '../../types';
import { dependencyEdges, isLicenseRef, referenceText, ROOT_REF, sbomRoot } from '../sbom-model';

/**
 * `--format cyclonedx`: a CycloneDX 1.6 JSON BOM built with the OWASP CycloneDX library, which
 * owns the spec's field names, normalisation and sorting. What maps to what:
 *
 * - metadata.component: the scanned project (the root of every dependency path), type
 *   `application`; metadata.tools: license-risk and its version.
 * - components[]: one per report component; `bom-ref` is the report's component id; `purl`,
 *   `version`, `group`/`name` split at the npm scope; scope `required` (prod), `optional`
 *   (optional, peer), `excluded` (dev, never shipped); type `library`, or
 *   `machine-learning-model` for purl type `huggingface`.
 * - licenses: a listed SPDX id as `license.id`, a `LicenseRef-` alone as `license.name` with its
 *   text when license-risk knows it, anything else as one `expression`; acknowledgement
 *   `concluded` (it is license-risk's conclusion, not a copy of the declaration).
 * - properties (`license-risk:` namespace): category, each trait, confidence, the evidence
 *   source, the declared value, the scope as read, direct.
 * - dependencies[]: edges from the report's dependency paths, the project included.
 *
 * No serial number or timestamp: the same checkout gives the same bytes.
 */
export const format: Formatter = (report, ctx) => {
  const bom = buildBom(report, ctx.cwd);
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  return `${serializer.serialize(bom, { sortLists: true, space: 2 })}\n`;
};

const PROPERTY_PREFIX = 'license-risk:';

export function buildBom(report: Report, cwd: string): Models.Bom {
  const root = sbomRoot(report, cwd);
  const rootComponent = new Models.Component(Enums.ComponentType.Application, root.name, {
    bomRef: ROOT_REF,
    ...(root.version ? { version: root.version } : {}),
  });
  if (report.ownLicense?.expression) {
    rootComponent.licenses.add(toLicense(report.ownLicense.expression));
    rootComponent.properties.add(new Models.Property(`${PROPERTY_PREFIX}category`, report.ownLicense.category));
  }
  const tool = new Models.Component(Enums.ComponentType.Application, report.tool.name, { version: report.tool.version });
  const bom = new Models.Bom({
    metadata: new Models.Metadata({
      component: rootComponent,
      tools: new Models.Tools({ components: new Models.ComponentRepository([tool]) }),
      properties: new Models.PropertyRepository([
        new Models.Property(`${PROPERTY_PREFIX}profile`, report.profile.distribution),
        new Models.Property(`${PROPERTY_PREFIX}commercial`, String(report.profile.commercial)),
      ]),
    }),
  });

  const byId = new Map<string, Models.Component>();
  byId.set(ROOT_REF, rootComponent);
  for (const c of report.components) {
    const component = toComponent(c);
    byId.set(c.id, component);
    bom.components.add(component);
  }
  for (const [from, tos] of dependencyEdges(report)) {
    const parent = byId.get(from);
    if (!parent) continue;
    for (const to of tos) {
      const child = byId.get(to);
      if (child) parent.dependencies.add(child.bomRef);
    }
  }
  return bom;
}

function toComponent(c: ReportComponent): Models.Component {
  const scoped = c.ecosystem === 'npm' && c.name.startsWith('@') && c.name.includes('/');
  const group = scoped ? c.name.slice(0, c.name.indexOf('/')) : undefined;
  const name = scoped ? c.name.slice(c.name.indexOf('/') + 1) : c.name;
  const component = new Models.Component(componentType(c), name, {
    bomRef: c.id,
    ...(group ? { group } : {}),
    ...(c.version ? { version: c.version } : {}),
    ...(c.purl ? { purl: c.purl } : {}),
    scope: c.scope === 'prod' ? Enums.ComponentScope.Required : c.scope === 'dev' ? Enums.ComponentScope.Excluded : Enums.ComponentScope.Optional,
  });
  if (c.license.expression) component.licenses.add(toLicense(c.license.expression));
  const props: Array<[string, string]> = [
    ['category', c.license.category],
    ['confidence', String(c.license.confidence)],
    ['license-source', c.license.source],
    ['scope', c.scope],
    ['direct', String(c.direct)],
    ['ecosystem', c.ecosystem],
  ];
  if (c.license.declared !== undefined) props.push(['declared', c.license.declared]);
  for (const trait of c.license.traits) props.push(['trait', trait]);
  for (const [key, value] of props) component.properties.add(new Models.Property(`${PROPERTY_PREFIX}${key}`, value));
  return component;
}

/** purl type `huggingface` is a model, everything else a library. */
export function componentType(c: Pick<ReportComponent, 'purl'>): Enums.ComponentType {
  return /^pkg:huggingface\//.test(c.purl) ? Enums.ComponentType.MachineLearningModel : Enums.ComponentType.Library;
}

function toLicense(expression: string): Models.License {
  let license: Models.License;
  if (SPDX.isSupportedSpdxId(expression)) {
    license = new Models.SpdxLicense(expression);
  } else if (isLicenseRef(expression)) {
    const text = referenceText(expression);
    license = new Models.NamedLicense(expression, text ? { text: new Models.Attachment(text.text) } : {});
  } else {
    license = new Models.LicenseExpression(expression);
  }
  license.acknowledgement = Enums.LicenseAcknowledgement.Concluded;
  return license;
}
