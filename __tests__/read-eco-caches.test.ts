import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCacheFs } from '../src/read/ecosystems/shared/cache-fs';
import { moduleFromCache } from '../src/read/ecosystems/golang/mod-cache';
import type { Diagnostic } from '../src/types';
import { fixture, runCli } from './helpers/cli';

/**
 * fixtures/eco-caches: lockfile-only checkouts of Go, Cargo, Maven, NuGet and RubyGems, and a
 * HOME holding their caches (see its README). What a component read from a cache looks like in
 * the report, what one in no cache looks like, and broken cache entries.
 */
const CHECKOUTS = fixture('eco-caches');
const HOME = path.join(CHECKOUTS, 'home');
const EMPTY_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-eco-caches-empty-'));

interface JsonComponent {
  id: string;
  license: { expression: string | null; category: string };
  evidence: { source: string; cache?: string; command?: string };
}
interface JsonReport {
  components: JsonComponent[];
  summary: { evidence: Record<string, number> };
  missingEvidence?: { file: string; components: number; command: string }[];
}

async function scan(dir: string, home: string): Promise<{ report: JsonReport; stderr: string; code: number }> {
  const { stdout, stderr, code } = await runCli(['check', dir, '-f', 'json'], { env: { HOME: home } });
  return { report: JSON.parse(stdout) as JsonReport, stderr, code };
}

const row = (c: JsonComponent) => [c.id, c.license.expression, c.evidence.source, c.evidence.cache ?? c.evidence.command];

function copyToTmp(src: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-eco-caches-'));
  fs.cpSync(src, dir, { recursive: true });
  return dir;
}

describe('lockfile-only checkouts read from the ecosystems\' caches: evidence source cache, not installed', () => {
  const cases: [string, (string | null)[][], string, string][] = [
    [
      'go',
      [
        ['golang:github.com/BurntSushi/toml@v1.4.0', 'MIT', 'cache', 'go-module-cache ~/go/pkg/mod'],
        // Only the downloaded zip in cache/download: its LICENSE is read from inside it.
        ['golang:github.com/google/uuid@v1.6.0', 'BSD-3-Clause', 'cache', 'go-module-cache ~/go/pkg/mod'],
        ['golang:github.com/spf13/pflag@v1.0.5', null, 'none', 'go mod download'],
      ],
      'go.mod',
      'go mod download',
    ],
    [
      'rust',
      [
        ['cargo:itoa@1.0.11', null, 'none', 'cargo fetch'],
        ['cargo:serde@1.0.203', 'MIT OR Apache-2.0', 'cache', 'cargo-registry ~/.cargo/registry/src/index.crates.io-6f17d22bba15001f'],
      ],
      'Cargo.toml',
      'cargo fetch',
    ],
    [
      'java',
      [
        // Brought in by elasticsearch's POM, which is in the cache; its own POM is not.
        ['maven:org.apache.lucene:lucene-core@9.10.0', null, 'none', 'mvn dependency:go-offline'],
        ['maven:org.elasticsearch:elasticsearch-x-content@8.13.0', 'Elastic-2.0 OR SSPL-1.0', 'cache', 'maven-repository ~/.m2/repository'],
        ['maven:org.elasticsearch:elasticsearch@8.13.0', 'Elastic-2.0 OR SSPL-1.0', 'cache', 'maven-repository ~/.m2/repository'],
        ['maven:org.yaml:snakeyaml@2.2', null, 'none', 'mvn dependency:go-offline'],
      ],
      'pom.xml',
      'mvn dependency:go-offline',
    ],
    [
      'dotnet',
      [
        ['nuget:Newtonsoft.Json@13.0.3', 'MIT', 'cache', 'nuget-packages ~/.nuget/packages'],
        ['nuget:Polly@8.4.0', null, 'none', 'dotnet restore'],
        ['nuget:Serilog@3.1.1', 'Apache-2.0', 'cache', 'nuget-packages ~/.nuget/packages'],
      ],
      // The direct dependencies' declarations are where the findings point.
      'Ci.csproj',
      'dotnet restore',
    ],
    [
      'ruby',
      [
        ['gem:rails@7.1.3.4', 'MIT', 'cache', 'gem-home ~/.gem/ruby/3.3.0'],
        ['gem:sidekiq@7.2.4', null, 'none', 'bundle install'],
      ],
      'Gemfile',
      'bundle install',
    ],
  ];

  test.each(cases)('%s', async (name, expected, file, command) => {
    const { report } = await scan(path.join(CHECKOUTS, name), HOME);
    expect(report.components.map(row)).toEqual(expected);
    const cached = expected.filter((e) => e[2] === 'cache').length;
    expect(report.summary.evidence).toMatchObject({ installed: 0, cache: cached, none: expected.length - cached });
    expect(report.missingEvidence).toEqual([expect.objectContaining({ file, components: expected.length - cached, command })]);

    // A fresh CI runner: nothing cached, every component "could not judge", said once.
    const empty = await scan(path.join(CHECKOUTS, name), EMPTY_HOME);
    // (Maven: with no POMs at hand, the transitive dependencies are not known either.)
    const total = empty.report.components.length;
    expect(empty.report.summary.evidence).toMatchObject({ installed: 0, cache: 0, none: total });
    expect(empty.report.missingEvidence).toEqual([expect.objectContaining({ file, components: total, command })]);
  });
});

describe('broken cache entries: one diagnostic naming the entry, the scan goes on', () => {
  const broken = async (name: string, breakIt: (home: string) => void) => {
    const home = copyToTmp(HOME);
    breakIt(home);
    const { report, stderr, code } = await scan(path.join(CHECKOUTS, name), home);
    return { report, diagnostics: stderr.trimEnd().split('\n').filter((l) => l.includes('~/')), code };
  };

  test('Go: a truncated module zip', async () => {
    const { report, diagnostics, code } = await broken('go', (h) => {
      const zip = path.join(h, 'go/pkg/mod/cache/download/github.com/google/uuid/@v/v1.6.0.zip');
      fs.writeFileSync(zip, fs.readFileSync(zip).subarray(0, 40));
    });
    expect(diagnostics).toEqual([expect.stringMatching(/~\/go\/pkg\/mod\/cache\/download\/github\.com\/google\/uuid\/@v\/v1\.6\.0\.zip.*not a readable zip archive/)]);
    expect(report.components.map(row)).toEqual([
      ['golang:github.com/BurntSushi/toml@v1.4.0', 'MIT', 'cache', 'go-module-cache ~/go/pkg/mod'],
      ['golang:github.com/google/uuid@v1.6.0', null, 'none', 'go mod download'],
      ['golang:github.com/spf13/pflag@v1.0.5', null, 'none', 'go mod download'],
    ]);
    expect(code).not.toBe(2);
  });

  test('Cargo: a Cargo.toml that is not TOML', async () => {
    const { report, diagnostics } = await broken('rust', (h) => {
      fs.writeFileSync(path.join(h, '.cargo/registry/src/index.crates.io-6f17d22bba15001f/serde-1.0.203/Cargo.toml'), '[package\nname = "serde"\n');
    });
    expect(diagnostics).toEqual([expect.stringContaining('~/.cargo/registry/src/index.crates.io-6f17d22bba15001f/serde-1.0.203/Cargo.toml')]);
    expect(report.components.map((c) => c.evidence.source)).toEqual(['none', 'none']);
  });

  test('NuGet: a nuspec that is not XML; the other package is still read', async () => {
    const { report, diagnostics } = await broken('dotnet', (h) => {
      fs.writeFileSync(path.join(h, '.nuget/packages/serilog/3.1.1/serilog.nuspec'), '<package><metadata><id>Serilog</id>');
    });
    // Shown as it is on this machine, not under the scanned folder's path.
    expect(diagnostics).toEqual([expect.stringMatching(/^license-risk: warning: ~\/\.nuget\/packages\/serilog\/3\.1\.1\/serilog\.nuspec:1:1: invalid XML/)]);
    expect(report.components.map(row)).toEqual([
      ['nuget:Newtonsoft.Json@13.0.3', 'MIT', 'cache', 'nuget-packages ~/.nuget/packages'],
      ['nuget:Polly@8.4.0', null, 'none', 'dotnet restore'],
      ['nuget:Serilog@3.1.1', null, 'none', 'dotnet restore'],
    ]);
  });

  test('Maven: a POM that is not XML', async () => {
    const { report, diagnostics } = await broken('java', (h) => {
      fs.writeFileSync(path.join(h, '.m2/repository/org/elasticsearch/elasticsearch/8.13.0/elasticsearch-8.13.0.pom'), '<project><licenses>');
    });
    expect(diagnostics).toEqual([expect.stringContaining('~/.m2/repository/org/elasticsearch/elasticsearch/8.13.0/elasticsearch-8.13.0.pom')]);
    expect(report.components.find((c) => c.id === 'maven:org.elasticsearch:elasticsearch@8.13.0')?.evidence.source).toBe('none');
  });

  test('Go module cache, directly: folder first, then the zip; a zip without the module\'s files; nothing at all', async () => {
    const home = copyToTmp(HOME);
    const modCache = path.join(home, 'go/pkg/mod');
    const cache = createCacheFs({ HOME: home });
    const diagnostics: Diagnostic[] = [];
    expect(await moduleFromCache(cache, modCache, 'github.com/BurntSushi/toml', 'v1.4.0', diagnostics)).toEqual([
      { kind: 'file', file: `${modCache.split(path.sep).join('/')}/github.com/!burnt!sushi/toml@v1.4.0/COPYING` },
    ]);
    const fromZip = await moduleFromCache(cache, modCache, 'github.com/google/uuid', 'v1.6.0', diagnostics);
    expect(fromZip).toEqual([{ kind: 'file', file: expect.stringMatching(/\/v1\.6\.0\.zip!\/LICENSE$/), text: expect.stringMatching(/^Copyright \(c\) 2009,2014 Google Inc\./) }]);
    expect(await moduleFromCache(cache, modCache, 'github.com/spf13/pflag', 'v1.0.5', diagnostics)).toBeUndefined();
    expect(diagnostics).toEqual([]);
    // The zip of another module under this name: refused, named.
    const other = path.join(modCache, 'cache/download/github.com/google/uuid/@v/v1.5.0.zip');
    fs.copyFileSync(path.join(modCache, 'cache/download/github.com/google/uuid/@v/v1.6.0.zip'), other);
    expect(await moduleFromCache(cache, modCache, 'github.com/google/uuid', 'v1.5.0', diagnostics)).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.file])).toEqual([['invalid-cache-entry', '~/go/pkg/mod/cache/download/github.com/google/uuid/@v/v1.5.0.zip']]);
  });
});
