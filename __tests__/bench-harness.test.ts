// Pure helpers of the benchmark harness (bench/lib/*.js). No timings are asserted here:
// measuring belongs to `npm run bench`, not to the test suite.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/* eslint-disable @typescript-eslint/no-require-imports */
const stats = require('../bench/lib/stats');
const { parseOptions } = require('../bench/lib/options');
const { evaluateTargets } = require('../bench/lib/targets');
const synthetic = require('../bench/lib/synthetic');
const { parseTimeOutput } = require('../bench/lib/measure');
const { analyzeProfiles, moduleOf } = require('../bench/lib/cpuprofile');
const tools = require('../bench/lib/tools');
const { renderTable } = require('../bench/lib/format');
const { walkTree } = require('../bench/lib/bare-walk');

describe('stats', () => {
  test('median of odd and even samples, ignoring non-finite values', () => {
    expect(stats.median([5, 1, 3])).toBe(3);
    expect(stats.median([4, 1, 3, 2])).toBe(2.5);
    expect(stats.median([2, NaN, 4])).toBe(3);
    expect(stats.median([])).toBeNaN();
  });

  test('summarize reports extremes and spread relative to the median', () => {
    expect(stats.summarize([100, 110, 90])).toEqual({ n: 3, median: 100, min: 90, max: 110, spreadPct: 20 });
    expect(stats.summarize([]).n).toBe(0);
  });

  test('ratio is NaN when a side is missing or zero', () => {
    expect(stats.ratio(1, 4)).toBe(0.25);
    expect(stats.ratio(1, 0)).toBeNaN();
    expect(stats.ratio(NaN, 2)).toBeNaN();
  });

  test('perUnitGrowth flags super-linear growth', () => {
    const linear = stats.perUnitGrowth([{ size: 20000, total: 4000 }, { size: 5000, total: 1000 }]);
    expect(linear.flat).toBe(true);
    expect(linear.worstFactor).toBeCloseTo(1);
    const quadratic = stats.perUnitGrowth([{ size: 5000, total: 1000 }, { size: 20000, total: 16000 }]);
    expect(quadratic.flat).toBe(false);
    expect(quadratic.worstFactor).toBeCloseTo(4);
  });

  test('bootstrapInterval brackets the median of paired differences, the same for the same seed', () => {
    const differences = [-40, -35, -30, -28, -26, -25, -20, -18, -10, 5, 12, -33];
    const [low, high] = stats.bootstrapInterval(differences, 1);
    expect(low).toBeLessThanOrEqual(stats.median(differences));
    expect(high).toBeGreaterThanOrEqual(stats.median(differences));
    expect(low).toBeGreaterThanOrEqual(-40);
    expect(high).toBeLessThanOrEqual(12);
    expect(stats.bootstrapInterval(differences, 1)).toEqual([low, high]);
    expect(stats.bootstrapInterval([7, 7, 7], 3)).toEqual([7, 7]);
  });
});

describe('options', () => {
  test('defaults: both trees, 5 runs, start-up and scaling on', () => {
    const options = parseOptions([]);
    expect(options).toMatchObject({ runs: 5, trees: ['medium', 'large'], startup: true, scaling: true, scalingSizes: [5000, 10000, 20000] });
  });

  test('--quick narrows to the large tree and 3 runs unless told otherwise', () => {
    expect(parseOptions(['--quick'])).toMatchObject({ trees: ['large'], runs: 3, scaling: false, startupRuns: 3 });
    expect(parseOptions(['--quick', '--runs=7', '--trees', 'medium'])).toMatchObject({ trees: ['medium'], runs: 7 });
    expect(parseOptions(['--quick', '--no-trees']).trees).toEqual([]);
  });

  test('sizes are de-duplicated and sorted; bad values are one-line errors', () => {
    expect(parseOptions(['--scaling-sizes', '20000,5000,5000']).scalingSizes).toEqual([5000, 20000]);
    expect(() => parseOptions(['--runs', '0'])).toThrow('--runs needs a positive integer, got "0"');
    expect(() => parseOptions(['--runs'])).toThrow('got nothing');
    expect(() => parseOptions(['--frobnicate'])).toThrow('unknown option "--frobnicate"');
  });
});

describe('GNU time output', () => {
  test('reads the marker line, even after a non-zero-status notice', () => {
    expect(parseTimeOutput('Command exited with non-zero status 1\nLRBENCH 1.53 1.20 0.31 153600 1\n')).toEqual({
      elapsedMs: 1530,
      userMs: 1200,
      sysMs: 310,
      maxRssKiB: 153600,
      exitStatus: 1,
    });
  });

  test('returns null when the command was killed and no marker line exists', () => {
    expect(parseTimeOutput('Command terminated by signal 9\n')).toBeNull();
    expect(parseTimeOutput('LRBENCH 1.0 x 0 0 0')).toBeNull();
  });
});

describe('targets', () => {
  const summary = (wallMs: number, peakRssKiB: number, cpuMs = wallMs) => ({
    wallMs: { median: wallMs },
    cpuMs: { median: cpuMs },
    peakRssKiB: { median: peakRssKiB },
  });

  test('evaluates each target from medians and says n/a for what was not measured', () => {
    const rows = evaluateTargets({
      trees: {
        large: {
          // On CPU time ours is under a quarter of license-checker's.
          summary: { 'ours-cold': summary(900, 110 * 1024, 600), 'ours-warm': summary(300, 100 * 1024), 'license-checker': summary(2630, 235 * 1024), licensee: summary(1530, 150 * 1024) },
          oursOutputsIdentical: true,
          oursModulesIdentical: true,
        },
      },
      startup: null,
      scaling: null,
    });
    const byId = Object.fromEntries(rows.map((row: { id: string; result: string }) => [row.id, row.result]));
    expect(byId).toEqual({
      'large-wall-vs-license-checker': 'FAIL', // 900 ms > 0.25 x 2630
      'large-wall-vs-licensee': 'FAIL', // 900 ms > 0.5 x 1530
      'large-rss-vs-licensee': 'PASS', // 110 MiB <= 0.8 x 150
      'large-rerun-vs-license-checker': 'PASS', // 300 ms <= 0.12 x 2630
      'startup-overhead': 'n/a',
      'scaling-20k-rss': 'n/a',
      'scaling-flat-per-component': 'n/a',
      'cold-warm-identical': 'PASS',
      'bundle-modules-identical': 'PASS',
    });
    expect(rows.find((row: { id: string }) => row.id === 'large-wall-vs-license-checker').cpuResult).toBe('PASS');
  });

  test('scaling and start-up targets', () => {
    const rows = evaluateTargets({
      trees: { medium: { summary: {}, oursOutputsIdentical: false, oursModulesIdentical: false } },
      startup: { summary: { node: { wallMs: { median: 40 } }, ours: { wallMs: { median: 250 } } } },
      scaling: { points: [{ size: 5000, ...summary(1000, 200 * 1024) }, { size: 20000, ...summary(4400, 600 * 1024) }] },
    });
    const byId = Object.fromEntries(rows.map((row: { id: string; result: string }) => [row.id, row.result]));
    expect(byId['startup-overhead']).toBe('FAIL');
    expect(byId['scaling-20k-rss']).toBe('FAIL');
    expect(byId['scaling-flat-per-component']).toBe('PASS'); // 1.10x per component
    expect(byId['cold-warm-identical']).toBe('FAIL');
    expect(byId['bundle-modules-identical']).toBe('FAIL');
    expect(byId['large-wall-vs-licensee']).toBe('n/a');
  });
});

describe('synthetic trees', () => {
  test('renames packages and nested lock paths per replica', () => {
    expect(synthetic.renameLockPath('node_modules/@scope/a/node_modules/b', 2)).toBe('node_modules/@scope/a-syn2/node_modules/b-syn2');
    expect(synthetic.renameLockPath('node_modules/a', 0)).toBe('node_modules/a');
    expect(synthetic.packageNamesInPath('packages/app')).toBeNull();
    expect(synthetic.packageNamesInPath('node_modules/@scope/a/node_modules/b')).toEqual(['@scope/a', 'b']);
    expect(synthetic.renameDependencyMap({ z: '^1', '@s/y': '2' }, 1)).toEqual({ '@s/y-syn1': '2', 'z-syn1': '^1' });
  });

  test('a plan of any size keeps every nested package with its parent', () => {
    const source = ['node_modules/b', 'node_modules/a/node_modules/c', 'node_modules/a'];
    const plan = synthetic.planSyntheticTree(source, 5);
    expect(plan.map((item: { targetPath: string }) => item.targetPath)).toEqual([
      'node_modules/a',
      'node_modules/a/node_modules/c',
      'node_modules/b',
      'node_modules/a-syn1',
      'node_modules/a-syn1/node_modules/c-syn1',
    ]);
    expect(() => synthetic.planSyntheticTree([], 3)).toThrow('no packages');
    expect(() => synthetic.planSyntheticTree(source, 0)).toThrow('positive integer');
  });

  test('generates an installed tree with lock v3 and hidden lockfile, and reuses it', () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-harness-'));
    try {
      const sourceDir = path.join(scratch, 'source');
      const write = (relative: string, content: string) => {
        fs.mkdirSync(path.dirname(path.join(sourceDir, relative)), { recursive: true });
        fs.writeFileSync(path.join(sourceDir, relative), content);
      };
      write('package.json', JSON.stringify({ name: 'src', version: '1.0.0', license: 'MIT', dependencies: { a: '^1.0.0' }, devDependencies: { '@s/b': '^2.0.0' } }));
      write('node_modules/a/package.json', JSON.stringify({ name: 'a', version: '1.0.0', license: 'ISC', dependencies: { c: '^3.0.0' } }));
      write('node_modules/a/LICENSE', 'ISC License text');
      write('node_modules/a/lib/code.js', 'module.exports = 1;');
      write('node_modules/a/node_modules/c/package.json', JSON.stringify({ name: 'c', version: '3.0.0', license: 'MIT' }));
      write('node_modules/@s/b/package.json', JSON.stringify({ name: '@s/b', version: '2.0.0', license: 'Apache-2.0' }));
      write(
        'package-lock.json',
        JSON.stringify({
          lockfileVersion: 3,
          packages: {
            '': { name: 'src', dependencies: { a: '^1.0.0' }, devDependencies: { '@s/b': '^2.0.0' } },
            'node_modules/a': { version: '1.0.0', resolved: 'https://registry.npmjs.org/a/-/a-1.0.0.tgz', integrity: 'sha512-x', license: 'ISC', dependencies: { c: '^3.0.0' } },
            'node_modules/a/node_modules/c': { version: '3.0.0', license: 'MIT' },
            'node_modules/@s/b': { version: '2.0.0', dev: true, license: 'Apache-2.0' },
            'node_modules/missing-optional': { version: '1.0.0', optional: true },
          },
        }),
      );
      const targetDir = path.join(scratch, 'synthetic-5');
      const first = synthetic.generateSyntheticTree({ sourceDir, targetDir, size: 5 });
      expect(first).toEqual({ targetDir, components: 5, reused: false });

      const lock = JSON.parse(fs.readFileSync(path.join(targetDir, 'package-lock.json'), 'utf8'));
      expect(lock.lockfileVersion).toBe(3);
      expect(Object.keys(lock.packages)).toEqual([
        '',
        'node_modules/@s/b',
        'node_modules/@s/b-syn1',
        'node_modules/a',
        'node_modules/a-syn1',
        'node_modules/a/node_modules/c',
      ]);
      expect(lock.packages['node_modules/a-syn1']).toEqual({ version: '1.0.0', license: 'ISC', dependencies: { 'c-syn1': '^3.0.0' } });
      expect(lock.packages['node_modules/a'].resolved).toContain('a-1.0.0.tgz');
      expect(lock.packages['']).toMatchObject({ dependencies: { a: '^1.0.0', 'a-syn1': '^1.0.0' }, devDependencies: { '@s/b': '^2.0.0', '@s/b-syn1': '^2.0.0' } });

      const copied = JSON.parse(fs.readFileSync(path.join(targetDir, 'node_modules/a-syn1/package.json'), 'utf8'));
      expect(copied).toMatchObject({ name: 'a-syn1', license: 'ISC', dependencies: { 'c-syn1': '^3.0.0' } });
      expect(fs.readFileSync(path.join(targetDir, 'node_modules/a-syn1/LICENSE'), 'utf8')).toBe('ISC License text');
      expect(fs.existsSync(path.join(targetDir, 'node_modules/a-syn1/lib'))).toBe(false);
      const hidden = JSON.parse(fs.readFileSync(path.join(targetDir, 'node_modules/.package-lock.json'), 'utf8'));
      expect(Object.keys(hidden.packages)).toHaveLength(5);

      expect(synthetic.generateSyntheticTree({ sourceDir, targetDir, size: 5 }).reused).toBe(true);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('cpu profiles', () => {
  test('ranks self and inclusive time per function and per package', () => {
    const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber, columnNumber: 0 });
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2, 4] },
        { id: 2, callFrame: frame('scan', 'file:///repo/dist/src/scan.js', 9), children: [3] },
        { id: 3, callFrame: frame('parse', 'file:///repo/node_modules/@scope/parser/lib/index.js', 4), children: [] },
        { id: 4, callFrame: frame('(garbage collector)'), children: [] },
      ],
      samples: [3, 3, 2, 4, 3],
      timeDeltas: [0, 1000, 1000, 1000, 1000],
    };
    const analysis = analyzeProfiles([profile], '/repo');
    expect(analysis.totalMs).toBeCloseTo(5);
    expect(analysis.selfByFunction[0]).toMatchObject({ key: 'parse  node_modules/@scope/parser:5', ms: 3 });
    expect(analysis.selfByModule.map((row: { key: string }) => row.key)).toEqual(['node_modules/@scope/parser', '(garbage collector)', 'dist/src/scan.js']);
    const inclusive = Object.fromEntries(analysis.inclusiveByFunction.map((row: { key: string; ms: number }) => [row.key, row.ms]));
    expect(inclusive['scan  dist/src/scan.js:10']).toBeCloseTo(4);
    expect(inclusive['(root)']).toBeUndefined();
  });

  test('names Node internals and native frames', () => {
    expect(moduleOf({ functionName: 'readFile', url: 'node:internal/fs/promises' })).toBe('node:fs');
    expect(moduleOf({ functionName: 'lstat', url: '' })).toMatch(/^\(native/);
  });
});

describe('reading what each tool said', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-harness-out-'));
  });
  afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

  test('license-checker JSON keyed by name@version, several versions kept', () => {
    const file = path.join(scratch, 'lc.json');
    fs.writeFileSync(file, JSON.stringify({ 'app@1.0.0': { licenses: 'UNLICENSED' }, '@s/x@1.0.0': { licenses: ['MIT', 'ISC'] }, '@s/x@2.0.0': { licenses: 'MIT*' } }));
    const { verdicts, components } = tools.licenseCheckerVerdicts(file);
    expect(components).toBe(3);
    expect(verdicts.get('@s/x')).toBe('MIT + ISC | MIT*');
    expect(tools.lookupProbe(verdicts, { name: 'root' }, 'app')).toBe('UNLICENSED');
  });

  test('licensee ndjson with approval', () => {
    const file = path.join(scratch, 'licensee.ndjson');
    fs.writeFileSync(file, '{"name":"a","version":"1.0.0","license":"SSPL","approved":false}\n{"name":"b","version":"1.0.0","license":"MIT","approved":true}\n');
    const { verdicts, components } = tools.licenseeVerdicts(file);
    expect(components).toBe(2);
    expect(verdicts.get('a')).toBe('SSPL (not approved)');
    expect(verdicts.get('b')).toBe('MIT');
  });

  test('license-risk JSON report: components and the project', () => {
    const file = path.join(scratch, 'ours.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        ownLicense: { expression: 'MIT', category: 'permissive', files: ['LICENSE'] },
        components: [{ name: 'hadron-type-checker', license: { expression: 'SSPL-1.0', category: 'source-available' } }],
      }),
    );
    const { verdicts } = tools.oursVerdicts(file);
    expect(verdicts.get('hadron-type-checker')).toBe('SSPL-1.0 [source-available]');
    expect(tools.lookupProbe(verdicts, { name: 'root' }, 'app')).toBe('MIT [permissive]');
  });
});

test('the bare walk reads manifests and license files of every package, nested and scoped', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-harness-walk-'));
  try {
    const write = (relative: string, content: string) => {
      fs.mkdirSync(path.dirname(path.join(scratch, relative)), { recursive: true });
      fs.writeFileSync(path.join(scratch, relative), content);
    };
    write('node_modules/a/package.json', '{}');
    write('node_modules/a/LICENSE.md', 'MIT');
    write('node_modules/a/index.js', 'x');
    write('node_modules/a/node_modules/b/package.json', '{}');
    write('node_modules/a/node_modules/b/COPYING', 'GPL');
    write('node_modules/@s/c/package.json', '{}');
    write('node_modules/.bin/tool', '#!/bin/sh');
    expect(walkTree(scratch)).toEqual({ packages: 3, manifests: 3, licenseFiles: 2, bytes: 12 });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});

test('cold/warm identity is judged per build, ignoring runs during a rebuild', () => {
  const { outputsIdenticalPerBuild } = require('../bench/run.js');
  const run = (build: string, outputSha256: string) => ({ build, outputSha256 });
  expect(outputsIdenticalPerBuild([run('b1', 'x'), run('b1', 'x'), run('b2', 'y')])).toBe(true);
  expect(outputsIdenticalPerBuild([run('b1', 'x'), run('b1', 'z')])).toBe(false);
  expect(outputsIdenticalPerBuild([run('changed during run', 'x')])).toBeNull();
  expect(outputsIdenticalPerBuild([])).toBeNull();
});

test('tables align columns and trim trailing space', () => {
  const text = renderTable(['tool', 'wall', ''], [['a', '1.00 s', ''], ['longer', '10.00 s', 'x']], { align: ['left', 'right', 'left'] });
  expect(text.split('\n')).toEqual(['tool       wall', '------  -------  -', 'a        1.00 s', 'longer  10.00 s  x']);
});
