import * as path from 'node:path';
import { gemReader } from '../src/read/ecosystems/gem';
import { parseGemfile, parseGemfileLock, parseGemspec, rubyStrings } from '../src/read/ecosystems/gem/ruby';
import { readDirectory } from '../src/read/ecosystems/shared/discover-dir';
import type { Component } from '../src/types';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'eco-gem');
const HOME = path.join(__dirname, '..', 'fixtures', 'eco-home');

function byId(components: Component[], id: string): Component {
  const c = components.find((x) => x.id === id);
  if (!c) throw new Error(`no component ${id}; have ${components.map((x) => x.id).join(', ')}`);
  return c;
}

describe('gem reader', () => {
  let result: Awaited<ReturnType<typeof readDirectory>>;
  beforeAll(async () => {
    result = await readDirectory(gemReader, FIXTURE, { env: { HOME } });
  });

  test('Gemfile groups give scope; Gemfile.lock gives versions and the graph', () => {
    expect(byId(result.components, 'gem:rails@7.1.3.4')).toMatchObject({
      purl: 'pkg:gem/rails@7.1.3.4',
      scope: 'prod',
      direct: true,
      requested: '~> 7.1.3',
      location: { file: 'Gemfile', line: 5, column: 1 },
    });
    expect(byId(result.components, 'gem:rspec-rails@6.1.2')).toMatchObject({ scope: 'dev', location: { line: 10, column: 3 } });
    expect(byId(result.components, 'gem:rubocop@1.64.1').scope).toBe('dev');
    expect(byId(result.components, 'gem:diff-lcs@1.5.1')).toMatchObject({
      scope: 'dev',
      direct: false,
      location: { file: 'Gemfile.lock', line: 7, column: 5 },
      paths: [['Gemfile', 'rspec-rails@6.1.2', 'rspec-support@3.13.1', 'diff-lcs@1.5.1']],
    });
    // Reached from both prod (rails) and dev (rspec-rails): prod wins.
    expect(byId(result.components, 'gem:actionpack@7.1.3.4').scope).toBe('prod');
  });

  test('platform-specific versions carry a purl qualifier', () => {
    expect(byId(result.components, 'gem:nokogiri@1.16.5').purl).toBe('pkg:gem/nokogiri@1.16.5?platform=x86_64-linux');
  });

  test('installed specifications: vendor/bundle in the checkout and ~/.gem outside', () => {
    expect(byId(result.components, 'gem:sidekiq@7.2.4')).toMatchObject({
      installedPath: 'vendor/bundle/ruby/3.3.0/gems/sidekiq-7.2.4',
      evidence: [
        { kind: 'declared', field: 'licenses', value: ['LGPL-3.0'], location: { file: 'vendor/bundle/ruby/3.3.0/specifications/sidekiq-7.2.4.gemspec', line: 14, column: 3 } },
        { kind: 'file', file: 'vendor/bundle/ruby/3.3.0/gems/sidekiq-7.2.4/COPYING' },
      ],
    });
    const gemDir = path.join(HOME, '.gem/ruby/3.3.0/gems/rails-7.1.3.4').split(path.sep).join('/');
    expect(byId(result.components, 'gem:rails@7.1.3.4').evidence).toEqual([
      { kind: 'declared', field: 'licenses', value: ['MIT'] },
      { kind: 'file', file: `${gemDir}/MIT-LICENSE` },
    ]);
  });

  test('GEM_HOME is honoured', async () => {
    const res = await readDirectory(gemReader, FIXTURE, { env: { GEM_HOME: path.join(HOME, '.gem/ruby/3.3.0') } });
    expect(byId(res.components, 'gem:rails@7.1.3.4').evidence).toContainEqual({ kind: 'declared', field: 'licenses', value: ['MIT'] });
  });

  test('a gemspec without a Gemfile is its own manifest; the project is read without running Ruby', () => {
    expect(byId(result.components, 'gem:stripe@')).toMatchObject({ scope: 'prod', direct: true, requested: '~> 10.0', location: { file: 'engine/acme_engine.gemspec', line: 11, column: 3 } });
    expect(byId(result.components, 'gem:rspec@').scope).toBe('dev');
    expect(result.projects).toEqual([
      // Sorted by file in code point order: `Gemfile` (G, U+0047) before `engine/` (e, U+0065).
      // The Gemfile with no gemspec beside it: the application itself.
      expect.objectContaining({ file: 'Gemfile', name: 'eco-gem', private: true, facts: { isApplication: true, isLibrary: false, serverFrameworks: ['rails'] } }),
      expect.objectContaining({
        ecosystem: 'gem',
        name: 'acme_engine',
        version: '',
        description: 'Rails engine for Acme billing',
        evidence: [{ kind: 'declared', field: 'license', value: 'Nonstandard', location: { file: 'engine/acme_engine.gemspec', line: 8, column: 3 }, baseDir: 'engine' }],
        facts: expect.objectContaining({ hasExecutables: true }),
      }),
    ]);
  });
});

describe('ruby parsing helpers', () => {
  test('string literals, %w and .freeze', () => {
    expect(rubyStrings('["MIT".freeze, \'Apache-2.0\']')).toEqual(['MIT', 'Apache-2.0']);
    expect(rubyStrings('%w[MIT BSD-2-Clause]')).toEqual(['MIT', 'BSD-2-Clause']);
    expect(rubyStrings('(%q<redis-client>.freeze, [">= 0.19.0".freeze])')).toEqual(['redis-client', '>= 0.19.0']);
  });

  test('gemspec: multi-line licenses array and dependency kinds', () => {
    const spec = parseGemspec('Gem::Specification.new do |s|\n  s.licenses = [\n    "MIT",\n    "Ruby"\n  ]\n  s.add_runtime_dependency "a", ">= 1"\n  s.add_development_dependency("b")\nend\n');
    expect(spec.attributes.get('licenses')).toEqual({ values: ['MIT', 'Ruby'], line: 2, column: 3 });
    expect(spec.dependencies.map((d) => [d.name, d.kind, d.requirements])).toEqual([
      ['a', 'runtime', ['>= 1']],
      ['b', 'development', []],
    ]);
  });

  test('Gemfile: nested blocks, inline groups, options are not requirements', () => {
    const { gems } = parseGemfile('source "x"\nplatforms :jruby do\n  gem "j"\nend\ngroup :test do\n  gem "t", "~> 1", require: false\nend\ngem "d", group: [:development, :test]\n');
    expect(gems.map((g) => [g.name, g.groups, g.requirements])).toEqual([
      ['j', [], []],
      ['t', ['test'], ['~> 1']],
      ['d', ['development', 'test'], []],
    ]);
  });

  test('Gemfile.lock: GIT and GEM specs, DEPENDENCIES with ! markers', () => {
    const lock = parseGemfileLock('GIT\n  remote: https://x\n  specs:\n    g (0.1.0)\n\nGEM\n  specs:\n    a (1.0)\n      b (>= 1)\n    b (2.0.0.pre)\n\nDEPENDENCIES\n  a\n  g!\n');
    expect(lock.specs.map((s) => [s.name, s.version, s.section, s.deps])).toEqual([
      ['g', '0.1.0', 'GIT', []],
      ['a', '1.0', 'GEM', ['b']],
      ['b', '2.0.0.pre', 'GEM', []],
    ]);
    expect(lock.dependencies.map((d) => d.name)).toEqual(['a', 'g']);
  });
});
