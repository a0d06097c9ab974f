import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixture, runCli, scanJson } from './helpers/cli';
import { parseSbomText } from '../src/read/sbom';
import { parsePurl, purlKey } from '../src/read/sbom/purl';
import type { Report } from '../src/types';

const inputs = (name: string) => path.join(fixture('sbom-inputs'), name);

async function scanSbom(files: string[], extra: string[] = []): Promise<{ report: Report; stderr: string; code: number }> {
  const result = await runCli(['check', ...files.flatMap((f) => ['--sbom', inputs(f)]), '--format', 'json', '--today', '2026-11-26', ...extra]);
  return { report: result.stdout ? (JSON.parse(result.stdout) as Report) : (undefined as never), stderr: result.stderr, code: result.code };
}

/** How the report names an SBOM: relative to the scanned root (here the current folder). */
const shown = (name: string) => path.relative(process.cwd(), inputs(name)).split(path.sep).join('/');

const categories = (r: Report) => Object.fromEntries(r.components.map((c) => [`${c.name}@${c.version}`, c.license.category]));

describe('check --sbom', () => {
  it.each(['saas-app.cdx.json', 'saas-app.spdx.json'])('%s scanned alone gives the categories and findings of the checkout', async (file) => {
    const { report: fromCheckout } = await scanJson(fixture('cli-saas-app'), ['--profile', 'saas']);
    const { report: fromSbom } = await scanSbom([file], ['--profile', 'saas']);
    expect(categories(fromSbom)).toEqual(categories(fromCheckout));
    expect(fromSbom.components.map((c) => c.scope)).toEqual(fromCheckout.components.map((c) => c.scope));
    const key = (r: Report) => r.findings.map((f) => `${f.ruleId}:${f.component}:${f.messageId}`).sort();
    expect(key(fromSbom)).toEqual(expect.arrayContaining(key(fromCheckout).filter((k) => !k.startsWith('license-mismatch') && !k.startsWith('own-license'))));
    // Findings point into the SBOM.
    const finding = fromSbom.findings.find((f) => f.ruleId === 'cloud-resale')!;
    expect(finding.location.file).toBe(shown(file));
    // …at the line where the component's reference is.
    const line = fs.readFileSync(inputs(file), 'utf8').split('\n')[finding.location.line - 1];
    expect(line).toMatch(/"(bom-ref|SPDXID)": "[^"]*eui/);
  });

  it('reads an SPDX image SBOM: purls give ecosystems, extracted texts are identified, DEV_DEPENDENCY_OF is dev', async () => {
    const { report, code } = await scanSbom(['syft-image.spdx.json']);
    expect(code).toBe(1);
    const byName = Object.fromEntries(report.components.map((c) => [c.name, c]));
    expect(Object.keys(byName).sort()).toEqual(['@elastic/eui', 'bash', 'jest', 'php']);
    expect(byName.php).toMatchObject({ ecosystem: 'npm', purl: 'pkg:npm/php@1.0.0', license: { expression: 'MIT', category: 'permissive' } });
    expect(byName.bash).toMatchObject({ ecosystem: 'generic', id: 'rpm:bash@5.1.8-9.el9', license: { category: 'strong-copyleft' } });
    expect(byName.jest.scope).toBe('dev');
    // The LicenseRef's extracted text is the Elastic License 2.0.
    expect(byName['@elastic/eui'].license).toMatchObject({ expression: 'Elastic-2.0', category: 'source-available' });
    expect(byName['@elastic/eui'].license.files?.[0].file).toMatch(/#\/hasExtractedLicensingInfos\/0\/extractedText$/);
    expect(report.findings.some((f) => f.ruleId === 'cloud-resale' && f.component === byName['@elastic/eui'].id)).toBe(true);
  });

  it('merges an SBOM with the checkout by purl', async () => {
    const { report: alone } = await scanJson(fixture('cli-saas-app'));
    const result = await runCli(['check', fixture('cli-saas-app'), '--sbom', inputs('syft-image.spdx.json'), '--format', 'json', '--today', '2026-11-26']);
    const merged = JSON.parse(result.stdout) as Report;
    // The checkout's six plus the four of the image, none twice.
    expect(merged.components).toHaveLength(alone.components.length + 4);
    const roundTrip = await runCli(['check', fixture('cli-saas-app'), '--sbom', inputs('saas-app.cdx.json'), '--format', 'json', '--today', '2026-11-26']);
    expect((JSON.parse(roundTrip.stdout) as Report).components.map((c) => c.id)).toEqual(alone.components.map((c) => c.id));
  });

  it('keeps hostile names out and reads the rest, nested components included', async () => {
    const { report, stderr } = await scanSbom(['cdx-hostile.json']);
    expect(report.components.map((c) => c.id)).toEqual(['deb:libssl3@3.0.11', 'deb:openssl@3.0.11-1~deb12u2']);
    expect(report.components.find((c) => c.name === 'openssl')).toMatchObject({ direct: true, license: { expression: 'Apache-2.0' } });
    expect(report.components.find((c) => c.name === 'libssl3')?.paths).toEqual([['image@1.0', 'openssl@3.0.11-1~deb12u2', 'libssl3@3.0.11']]);
    expect(stderr).toContain('5 components without a usable name');
    expect(stderr).not.toContain('\u001b[31m');
  });

  it.each([
    ['not-json.json', 'sbom-invalid-json', 'not an SBOM: invalid JSON'],
    ['unknown-format.json', 'sbom-unknown-format', 'unknown SBOM format'],
    ['spdx-3.json', 'sbom-unsupported-version', 'SPDX JSON 2.2 and 2.3'],
    ['cdx-components-not-array.json', 'sbom-missing-field', '"components" is not an array'],
  ])('%s gets one diagnostic and the scan goes on', async (file, code, message) => {
    const result = await runCli(['check', '--sbom', inputs(file), '--sbom', inputs('saas-app.cdx.json'), '--format', 'json', '--today', '2026-11-26']);
    const report = JSON.parse(result.stdout) as Report;
    const about = report.diagnostics.filter((d) => d.file === shown(file));
    expect(about).toHaveLength(1);
    expect(about[0]).toMatchObject({ code, severity: 'error' });
    expect(about[0].message).toContain(message);
    expect(report.components).toHaveLength(6);
    expect(result.stderr.split('\n').filter((l) => l.includes(file))).toHaveLength(1);
  });

  it('exits 2 with one line when no SBOM given alone could be read', async () => {
    const result = await runCli(['check', '--sbom', inputs('not-json.json'), '--sbom', inputs('missing.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('--sbom: no SBOM could be read');
  });

  it('refuses an SBOM over the size cap without reading it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-sbom-'));
    const big = path.join(dir, 'huge.cdx.json');
    const fd = fs.openSync(big, 'w');
    fs.ftruncateSync(fd, 100 * 1024 * 1024); // sparse: 100 MB on paper, nothing on disk
    fs.closeSync(fd);
    try {
      const result = await runCli(['check', '--sbom', big, '--sbom', inputs('saas-app.cdx.json'), '--format', 'json']);
      const report = JSON.parse(result.stdout) as Report;
      expect(report.diagnostics.find((d) => d.file === big)).toMatchObject({ code: 'file-too-large', severity: 'error' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses an SBOM text with a BOM mark and base64 license texts', () => {
    const mit = fs.readFileSync(path.join(fixture('cli-saas-app'), 'node_modules/express/LICENSE'), 'utf8');
    const doc = { bomFormat: 'CycloneDX', specVersion: '1.6', components: [{ type: 'library', name: 'x', version: '1.0.0', purl: 'pkg:npm/x@1.0.0', evidence: { licenses: [{ license: { name: 'declared license file: LICENSE', text: { content: Buffer.from(mit).toString('base64'), encoding: 'base64', contentType: 'text/plain' } } }] } }] };
    const result = parseSbomText(`\ufeff${JSON.stringify(doc)}`, 'bom.json');
    expect(result.diagnostics).toEqual([]);
    expect(result.components[0].evidence).toEqual([{ kind: 'text', text: mit, origin: 'bom.json#/components/0/evidence/licenses/0/license/text' }]);
  });
});

describe('SEE LICENSE IN from an SBOM', () => {
  it('never reads a file of that name near the SBOM; an embedded text stands for it', () => {
    const withText = parseSbomText(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', components: [{ type: 'library', name: 'x', version: '1', purl: 'pkg:npm/x@1', licenses: [{ license: { name: 'SEE LICENSE IN LICENSE' } }], evidence: { licenses: [{ license: { name: 'file: LICENSE', text: { content: 'terms' } } }] } }] }), 'bom.json');
    expect(withText.components[0].evidence.map((e) => e.kind)).toEqual(['text']);
  });

  it('without a text, says the file is not here', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-sbom-see-'));
    try {
      fs.writeFileSync(path.join(dir, 'LICENSE'), 'Permission is hereby granted, free of charge, to any person obtaining a copy');
      fs.writeFileSync(path.join(dir, 'bom.json'), JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', components: [{ type: 'library', name: 'x', version: '1.0.0', purl: 'pkg:npm/x@1.0.0', licenses: [{ license: { name: 'SEE LICENSE IN LICENSE' } }] }] }));
      const result = await runCli(['check', '--sbom', 'bom.json', '--format', 'json'], { cwd: dir });
      const report = JSON.parse(result.stdout) as Report;
      expect(report.components[0].license).toMatchObject({ expression: null, declared: 'SEE LICENSE IN LICENSE' });
      expect(report.components[0].license.files).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('purls', () => {
  it.each([
    ['pkg:npm/%40elastic/eui@122.1.0', { type: 'npm', namespace: '@elastic', name: 'eui', version: '122.1.0' }],
    ['pkg:maven/org.apache.commons/commons-lang3@3.12.0?type=jar', { type: 'maven', namespace: 'org.apache.commons', name: 'commons-lang3', version: '3.12.0' }],
    ['pkg:golang/github.com/spf13/cobra@v1.8.0', { type: 'golang', namespace: 'github.com/spf13', name: 'cobra', version: 'v1.8.0' }],
    ['pkg:huggingface/meta-llama/Llama-3.1-8B@0e9e39f', { type: 'huggingface', namespace: 'meta-llama', name: 'Llama-3.1-8B', version: '0e9e39f' }],
    ['not a purl', null],
    ['pkg:npm/%E0%A4%A@1', null],
  ])('parses %s', (purl, expected) => {
    expect(parsePurl(purl)).toEqual(expected);
  });

  it('keys the same package written two ways alike', () => {
    expect(purlKey('pkg:npm/@elastic/eui@1.0.0')).toBe(purlKey('pkg:npm/%40elastic/eui@1.0.0?foo=bar'));
    expect(purlKey('pkg:pypi/Django_Rest@1.0')).toBe(purlKey('pkg:pypi/django-rest@1.0'));
  });
});

describe('--production and --omit', () => {
  it('--production drops every dev component from the scan and every output', async () => {
    const { report: all } = await scanJson(fixture('cli-saas-app'));
    expect(all.components.some((c) => c.scope === 'dev')).toBe(true);
    for (const flag of [['--production'], ['--omit', 'dev'], ['--omit=dev']]) {
      const { report } = await scanJson(fixture('cli-saas-app'), flag);
      expect(report.components.filter((c) => c.scope === 'dev')).toEqual([]);
      expect(report.components).toHaveLength(all.components.filter((c) => c.scope !== 'dev').length);
      expect(report.findings.every((f) => !f.component || report.components.some((c) => c.id === f.component))).toBe(true);
    }
    const csv = await runCli(['check', fixture('cli-saas-app'), '--production', '--format', 'csv']);
    expect(csv.stdout).not.toContain(',dev,');
  });

  it('applies to SBOM components too, and --omit takes npm scope names', async () => {
    const { report } = await scanSbom(['syft-image.spdx.json'], ['--production']);
    expect(report.components.map((c) => c.name)).not.toContain('jest');
    const bad = await runCli(['check', fixture('cli-saas-app'), '--omit', 'devDependencies']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('license-risk: --omit: unknown scope "devDependencies" (choose from dev, optional, peer)\n');
  });
});
