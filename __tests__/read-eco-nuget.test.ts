import * as path from 'node:path';
import { nugetReader } from '../src/read/ecosystems/nuget';
import { spdxFromLicenseUrl } from '../src/read/ecosystems/nuget/license-urls';
import { readDirectory } from '../src/read/ecosystems/shared/discover-dir';
import type { Component } from '../src/types';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'eco-nuget');
const HOME = path.join(__dirname, '..', 'fixtures', 'eco-home');

function byId(components: Component[], id: string): Component {
  const c = components.find((x) => x.id === id);
  if (!c) throw new Error(`no component ${id}; have ${components.map((x) => x.id).join(', ')}`);
  return c;
}

describe('nuget reader', () => {
  let result: Awaited<ReturnType<typeof readDirectory>>;
  beforeAll(async () => {
    result = await readDirectory(nugetReader, FIXTURE, { env: { HOME } });
  });

  test('PackageReference with Version attribute or child element; PrivateAssets=all is dev', () => {
    expect(byId(result.components, 'nuget:Newtonsoft.Json@13.0.3')).toMatchObject({
      purl: 'pkg:nuget/Newtonsoft.Json@13.0.3',
      scope: 'prod',
      direct: true,
      requested: '13.0.3',
      location: { file: 'src/Api/Api.csproj', line: 11, column: 5 },
    });
    expect(byId(result.components, 'nuget:Serilog.AspNetCore@8.0.1')).toMatchObject({ direct: true, location: { line: 12 } });
    expect(byId(result.components, 'nuget:StyleCop.Analyzers@1.1.118').scope).toBe('dev');
  });

  test('packages.lock.json transitive entries with paths', () => {
    expect(byId(result.components, 'nuget:Serilog@3.1.1')).toMatchObject({
      direct: false,
      scope: 'prod',
      location: { file: 'src/Api/packages.lock.json', line: 26, column: 7 },
      paths: [['Api@', 'Serilog.AspNetCore@8.0.1', 'Serilog@3.1.1']],
    });
  });

  test('nuspec license: expression, file, mapped licenseUrl, unmapped licenseUrl as written', () => {
    expect(byId(result.components, 'nuget:Newtonsoft.Json@13.0.3').evidence).toEqual([{ kind: 'declared', field: 'license', value: 'MIT' }]);
    const serilogDir = path.join(HOME, '.nuget/packages/serilog/3.1.1').split(path.sep).join('/');
    expect(byId(result.components, 'nuget:Serilog@3.1.1').evidence).toEqual([{ kind: 'file', file: `${serilogDir}/LICENSE.txt` }]);
    expect(byId(result.components, 'nuget:Elasticsearch.Net@7.17.5').evidence).toEqual([{ kind: 'declared', field: 'licenseUrl', value: 'Apache-2.0' }]);
    // Version 2.0 is stored under its normalized folder 2.0.0.
    expect(byId(result.components, 'nuget:Legacy.Lib@2.0').evidence).toEqual([
      { kind: 'declared', field: 'licenseUrl', value: 'https://github.com/legacy/lib/blob/master/LICENSE' },
    ]);
  });

  test('without a lockfile, nuspec <dependencies> give transitive packages at the lowest allowed version', () => {
    expect(byId(result.components, 'nuget:System.Diagnostics.DiagnosticSource@5.0.0')).toMatchObject({
      direct: false,
      scope: 'prod',
      location: { file: 'src/Tool/Tool.csproj', line: 11, column: 5 },
      paths: [['Acme.Tool@1.2.0', 'Elasticsearch.Net@7.17.5', 'System.Diagnostics.DiagnosticSource@5.0.0']],
      evidence: [{ kind: 'declared', field: 'license', value: 'MIT' }],
    });
    expect(byId(result.components, 'nuget:Microsoft.CSharp@4.6.0').direct).toBe(false);
  });

  test('projects: PackageId, license expression, application facts, malformed XML', () => {
    expect(result.projects.map((p) => [p.name, p.version, p.private, p.facts.isApplication])).toEqual([
      ['Api', '', true, true],
      ['Acme.Tool', '1.2.0', false, true],
    ]);
    expect(result.projects[1].evidence).toEqual([
      { kind: 'declared', field: 'PackageLicenseExpression', value: 'MIT', location: { file: 'src/Tool/Tool.csproj', line: 7, column: 5 }, baseDir: 'src/Tool' },
    ]);
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: 'invalid-xml', file: 'broken/Broken.csproj' })]);
  });

  test('NUGET_PACKAGES overrides ~/.nuget/packages', async () => {
    const res = await readDirectory(nugetReader, FIXTURE, { env: { NUGET_PACKAGES: path.join(HOME, '.nuget', 'packages') } });
    expect(byId(res.components, 'nuget:Newtonsoft.Json@13.0.3').evidence).toHaveLength(1);
  });
});

describe('licenseUrl mapping', () => {
  test.each([
    ['https://licenses.nuget.org/MIT', 'MIT'],
    ['https://licenses.nuget.org/(MIT%20OR%20Apache-2.0)', 'MIT OR Apache-2.0'],
    ['http://opensource.org/licenses/MIT', 'MIT'],
    ['https://www.apache.org/licenses/LICENSE-2.0.html', 'Apache-2.0'],
    ['https://github.com/x/y/blob/main/LICENSE', undefined],
  ])('%s', (url, expected) => {
    expect(spdxFromLicenseUrl(url)).toBe(expected);
  });
});
