import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cargoReader } from '../src/read/ecosystems/cargo';
import { composerReader } from '../src/read/ecosystems/composer';
import { gemReader } from '../src/read/ecosystems/gem';
import { golangReader } from '../src/read/ecosystems/golang';
import { mavenReader } from '../src/read/ecosystems/maven';
import { nugetReader } from '../src/read/ecosystems/nuget';
import { pypiReader } from '../src/read/ecosystems/pypi';
import { discoverDirectory, readDirectory } from '../src/read/ecosystems/shared/discover-dir';
import type { EcosystemReader } from '../src/types';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'eco-polyglot');
const HOME = path.join(__dirname, '..', 'fixtures', 'eco-home');
const READERS: EcosystemReader[] = [pypiReader, cargoReader, golangReader, mavenReader, composerReader, gemReader, nugetReader];

describe('polyglot monorepo', () => {
  test('every reader applies and reads its own subfolder only', async () => {
    const files = await discoverDirectory(FIXTURE);
    for (const reader of READERS) expect([reader.ecosystem, reader.applies(files)]).toEqual([reader.ecosystem, true]);
    const found: Record<string, [string, string, string, string][]> = {};
    for (const reader of READERS) {
      const res = await readDirectory(reader, FIXTURE, { env: { HOME } });
      expect(res.diagnostics).toEqual([]);
      for (const c of res.components) expect(c.ecosystem).toBe(reader.ecosystem);
      found[reader.ecosystem] = res.components.map((c) => [c.id, c.purl, c.scope, `${c.location.file}:${c.location.line}`]);
    }
    expect(found).toEqual({
      pypi: [['pypi:pymongo@4.7.2', 'pkg:pypi/pymongo@4.7.2', 'prod', 'python/requirements.txt:1']],
      cargo: [['cargo:redis@0.25.4', 'pkg:cargo/redis@0.25.4', 'prod', 'rust/Cargo.toml:7']],
      golang: [['golang:github.com/hashicorp/vault/api@v1.14.0', 'pkg:golang/github.com/hashicorp/vault/api@v1.14.0', 'prod', 'go/go.mod:5']],
      // Transitive ones come from the dependency POMs in the fake ~/.m2.
      maven: [
        ['maven:org.apache.lucene:lucene-core@9.10.0', 'pkg:maven/org.apache.lucene/lucene-core@9.10.0', 'prod', 'java/pom.xml:7'],
        ['maven:org.elasticsearch:elasticsearch-x-content@8.13.0', 'pkg:maven/org.elasticsearch/elasticsearch-x-content@8.13.0', 'prod', 'java/pom.xml:7'],
        ['maven:org.elasticsearch:elasticsearch@8.13.0', 'pkg:maven/org.elasticsearch/elasticsearch@8.13.0', 'prod', 'java/pom.xml:7'],
        ['maven:org.yaml:snakeyaml@2.0', 'pkg:maven/org.yaml/snakeyaml@2.0', 'prod', 'java/pom.xml:7'],
      ],
      composer: [['composer:mongodb/mongodb@1.19.1', 'pkg:composer/mongodb/mongodb@1.19.1', 'prod', 'php/composer.json:4']],
      gem: [['gem:sidekiq@7.2.4', 'pkg:gem/sidekiq@7.2.4', 'prod', 'ruby/Gemfile:2']],
      nuget: [['nuget:Newtonsoft.Json@13.0.3', 'pkg:nuget/Newtonsoft.Json@13.0.3', 'prod', 'dotnet/Poly.csproj:3']],
    });
  });

  test('the fake HOME caches feed evidence across ecosystems', async () => {
    const maven = await readDirectory(mavenReader, FIXTURE, { env: { HOME } });
    expect(maven.components.find((c) => c.name === 'org.elasticsearch:elasticsearch')!.evidence).toEqual([{ kind: 'declared', field: 'licenses', value: ['Elastic License 2.0', 'Server Side Public License, v 1'] }]);
    const nuget = await readDirectory(nugetReader, FIXTURE, { env: { HOME } });
    expect(nuget.components[0].evidence).toEqual([{ kind: 'declared', field: 'license', value: 'MIT' }]);
    const composer = await readDirectory(composerReader, FIXTURE, { env: { HOME } });
    expect(composer.components[0].evidence).toEqual([{ kind: 'lockfile', value: ['Apache-2.0'], location: { file: 'php/composer.lock', line: 3, column: 9 } }]);
  });

  test('readers that do not apply stay silent on an npm-only checkout', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eco-none-'));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"x"}');
      const files = await discoverDirectory(dir);
      expect(READERS.filter((r) => r.applies(files)).map((r) => r.ecosystem)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('hostile input: every reader turns it into diagnostics and keeps going', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eco-bad-'));
    const write = (rel: string, content: string | Buffer) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), content);
    };
    const binary = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02, 0x00, 0xff]);
    write('py/pyproject.toml', binary);
    write('py/poetry.lock', '[[package]]\nname = "x"\nversion = "1"\n' + '# padding\n'.repeat(1_700_000));
    write('py/requirements.txt', 'ok-package==1.0\n!!!not a requirement\n');
    write('rs/Cargo.toml', '[package]\nname = "rs"\nversion = "0.1.0"\n[dependencies]\nserde = { version = "1"\n');
    write('rs/Cargo.lock', binary);
    write('go/go.mod', 'module example.com/x\nrequire (\n  example.com/y v1.0.0\n');
    write('go/go.sum', binary);
    write('java/pom.xml', '<project><artifactId>a</artifactId><dependencies><dependency></project>');
    write('java/gradle.lockfile', 'not-a-coordinate\ncom.x:y:1.0=runtimeClasspath\n');
    write('php/composer.json', '[1, 2]');
    write('php/composer.lock', '{"packages": {"not": "an array"}}');
    write('rb/Gemfile', binary);
    write('rb/Gemfile.lock', 'nothing that looks like a lockfile\n');
    write('net/App.csproj', '<Project><ItemGroup><PackageReference Include="A" Version="1.0"></ItemGroup>');
    write('net/packages.lock.json', '{"version": 1, "dependencies": [}');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test.each([
    ['pypi', pypiReader, [['binary-file', 'py/pyproject.toml'], ['file-too-large', 'py/poetry.lock'], ['invalid-requirement', 'py/requirements.txt']]],
    ['cargo', cargoReader, [['binary-file', 'rs/Cargo.lock'], ['invalid-toml', 'rs/Cargo.toml']]],
    ['golang', golangReader, [['binary-file', 'go/go.sum'], ['invalid-go-mod', 'go/go.mod']]],
    ['maven', mavenReader, [['invalid-lockfile', 'java/gradle.lockfile'], ['invalid-xml', 'java/pom.xml']]],
    ['composer', composerReader, [['invalid-lockfile', 'php/composer.lock'], ['invalid-manifest', 'php/composer.json']]],
    ['gem', gemReader, [['binary-file', 'rb/Gemfile'], ['invalid-lockfile', 'rb/Gemfile.lock']]],
    ['nuget', nugetReader, [['invalid-json', 'net/packages.lock.json'], ['invalid-xml', 'net/App.csproj']]],
  ] as const)('%s', async (_name, reader, expected) => {
    const res = await readDirectory(reader, dir, { env: { HOME: path.join(dir, 'no-home') } });
    const got = res.diagnostics.map((d) => [d.code, d.file]);
    for (const e of expected) expect(got).toContainEqual(e);
    for (const d of res.diagnostics) expect(d.message.length).toBeGreaterThan(0);
  });

  test('what is still readable next to bad files is read', async () => {
    const py = await readDirectory(pypiReader, dir);
    expect(py.components.map((c) => c.id)).toEqual(['pypi:ok-package@1.0']);
    const java = await readDirectory(mavenReader, dir);
    expect(java.components.map((c) => c.id)).toEqual(['maven:com.x:y@1.0']);
  });
});
