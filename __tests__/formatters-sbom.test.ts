import { fixture, runCli } from './helpers/cli';
import { cyclonedxValidator, spdxValidator } from './helpers/sbom-schemas';

const validateCdx = cyclonedxValidator('1.6');
const validateSpdx = spdxValidator();

const CHECKOUTS = ['cli-saas-app', 'npm-workspaces', 'eco-polyglot', 'npm-lock-v3', 'identify-vendor-terms'];

async function render(dir: string, format: string, extra: string[] = []): Promise<string> {
  const result = await runCli(['check', fixture(dir), '--format', format, '--today', '2026-11-26', ...extra]);
  expect(result.code).toBeLessThan(2);
  return result.stdout;
}

describe.each(CHECKOUTS)('SBOM formats on fixtures/%s', (dir) => {
  it('CycloneDX 1.6 output is valid against the official schema and lists every component', async () => {
    const report = JSON.parse(await render(dir, 'json'));
    const bom = JSON.parse(await render(dir, 'cyclonedx'));
    expect(validateCdx(bom)).toEqual([]);
    expect(bom.specVersion).toBe('1.6');
    expect(bom.components.map((c: { 'bom-ref': string }) => c['bom-ref']).sort()).toEqual(report.components.map((c: { id: string }) => c.id).sort());
    // Every component hangs off the project through the dependency graph.
    const refs = new Set(bom.components.map((c: { 'bom-ref': string }) => c['bom-ref']));
    const reached = new Set<string>();
    const edges = new Map<string, string[]>(bom.dependencies.map((d: { ref: string; dependsOn?: string[] }) => [d.ref, d.dependsOn ?? []]));
    const queue = [bom.metadata.component['bom-ref']];
    while (queue.length) for (const next of edges.get(queue.pop())! ?? []) if (!reached.has(next)) reached.add(next) && queue.push(next);
    for (const ref of refs) expect(reached.has(ref as string)).toBe(true);
  });

  it('SPDX 2.3 output is valid against the official schema and lists every component', async () => {
    const report = JSON.parse(await render(dir, 'json'));
    const doc = JSON.parse(await render(dir, 'spdx'));
    expect(validateSpdx(doc)).toEqual([]);
    expect(doc.spdxVersion).toBe('SPDX-2.3');
    // The project plus one package per component, each purl once.
    expect(doc.packages).toHaveLength(report.components.length + 1);
    const purls = doc.packages.flatMap((p: { externalRefs?: { referenceLocator: string }[] }) => (p.externalRefs ?? []).map((r) => r.referenceLocator)).sort();
    expect(purls).toEqual(report.components.map((c: { purl: string }) => c.purl).filter(Boolean).sort());
    // Every LicenseRef- used in an expression is defined in the document.
    const defined = new Set((doc.hasExtractedLicensingInfos ?? []).map((l: { licenseId: string }) => l.licenseId));
    for (const p of doc.packages) for (const ref of `${p.licenseConcluded} ${p.licenseDeclared}`.match(/LicenseRef-[A-Za-z0-9.-]+/g) ?? []) expect(defined.has(ref)).toBe(true);
  });

  it('is byte-identical across runs', async () => {
    expect(await render(dir, 'cyclonedx')).toBe(await render(dir, 'cyclonedx'));
    expect(await render(dir, 'spdx')).toBe(await render(dir, 'spdx'));
  });
});

describe('what the SBOMs say about a component', () => {
  it('CycloneDX carries scope, concluded license, category and traits', async () => {
    const bom = JSON.parse(await render('cli-saas-app', 'cyclonedx'));
    const eui = bom.components.find((c: { name: string }) => c.name === 'eui');
    expect(eui).toMatchObject({ group: '@elastic', version: '122.1.0', purl: 'pkg:npm/%40elastic/eui@122.1.0', scope: 'required' });
    expect(eui.licenses).toEqual([{ expression: 'SSPL-1.0 OR Elastic-2.0', acknowledgement: 'concluded' }]);
    const props = eui.properties.map((p: { name: string; value: string }) => `${p.name}=${p.value}`);
    expect(props).toEqual(expect.arrayContaining(['license-risk:category=source-available', 'license-risk:trait=service-source-disclosure']));
    const jszip = bom.components.find((c: { name: string }) => c.name === 'jszip');
    expect(jszip.scope).toBe('excluded');
    expect(bom.metadata.component).toMatchObject({ name: 'acme-dashboard', version: '3.2.0' });
  });

  it('SPDX relates the project to its dependencies, dev ones as DEV_DEPENDENCY_OF, and defines LicenseRef texts', async () => {
    const doc = JSON.parse(await render('cli-saas-app', 'spdx'));
    const root = doc.relationships.find((r: { relationshipType: string }) => r.relationshipType === 'DESCRIBES').relatedSpdxElement;
    const id = (name: string) => doc.packages.find((p: { name: string }) => p.name === name).SPDXID;
    expect(doc.relationships).toEqual(
      expect.arrayContaining([
        { spdxElementId: root, relationshipType: 'DEPENDS_ON', relatedSpdxElement: id('express') },
        { spdxElementId: id('jszip'), relationshipType: 'DEV_DEPENDENCY_OF', relatedSpdxElement: root },
      ]),
    );
    const mapbox = doc.hasExtractedLicensingInfos.find((l: { licenseId: string }) => l.licenseId === 'LicenseRef-Mapbox-Web-SDK');
    expect(mapbox.extractedText).toMatch(/Mapbox/);
    const handsontable = doc.packages.find((p: { name: string }) => p.name === 'handsontable');
    expect(handsontable.annotations[0].comment).toContain('license-risk:category=noncommercial');
  });

  it('maps purl type huggingface to a machine-learning-model component', async () => {
    const { componentType } = await import('../src/report/formatters/cyclonedx');
    expect(componentType({ purl: 'pkg:huggingface/meta-llama/Llama-3.1-8B@0e9e39f' })).toBe('machine-learning-model');
    expect(componentType({ purl: 'pkg:npm/express@4.18.2' })).toBe('library');
  });
});

describe('--format summary and csv', () => {
  it('summary counts components per license with its category', async () => {
    const out = await render('cli-saas-app', 'summary');
    expect(out).toMatch(/^license\s+category\s+components$/m);
    expect(out).toMatch(/^SSPL-1\.0 OR Elastic-2\.0\s+source-available\s+1$/m);
    expect(out).toMatch(/^6 components$/m);
  });

  it('csv has one row per component, quoted per RFC 4180 and safe from formulas', async () => {
    const out = await render('cli-saas-app', 'csv');
    const lines = out.trimEnd().split('\r\n');
    expect(lines[0]).toBe('ecosystem,name,version,purl,scope,direct,license,category,confidence,source,declared,traits,findings');
    expect(lines).toHaveLength(7);
    expect(lines[1].startsWith('npm,@elastic/eui,122.1.0,')).toBe(true);
    const { csvField } = await import('../src/report/formatters/csv');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@scope/pkg')).toBe('@scope/pkg');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});

describe('the schema validators themselves', () => {
  it('reject documents that break the schemas', async () => {
    const bom = JSON.parse(await render('cli-saas-app', 'cyclonedx'));
    expect(validateCdx({ ...bom, components: [{ ...bom.components[0], scope: 'dev' }] })).not.toEqual([]);
    const doc = JSON.parse(await render('cli-saas-app', 'spdx'));
    expect(validateSpdx({ ...doc, packages: [{ ...doc.packages[0], SPDXID: 'npm:x@1' }] })).not.toEqual([]);
    const { creationInfo: _dropped, ...withoutCreation } = doc;
    expect(validateSpdx(withoutCreation)).not.toEqual([]);
  });
});
