import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { canKeepYoungGenerationSmall, compilerFlagsFor, estimateInstalledPackages, heapFlagsFor, tuneV8ForScan, LARGE_TREE_PACKAGES, TUNED_FROM_PACKAGES } from '../src/util/heap';

describe('young-generation tuning', () => {
  test.each([
    ['--max-semi-space-size on the command line', ['--max-semi-space-size=32'], {}],
    ['a semi-space flag in NODE_OPTIONS', [], { NODE_OPTIONS: '--semi-space-growth-factor=4' }],
    ['a young-generation flag in NODE_OPTIONS', [], { NODE_OPTIONS: '--max-old-space-size=100 --min_semi_space_size=2' }],
  ])('leaves the heap alone with %s', (_label, execArgv, env) => {
    expect(canKeepYoungGenerationSmall(env as NodeJS.ProcessEnv, execArgv)).toBe(false);
  });

  test('applies on the V8 this runs on when the user set nothing', () => {
    const major = Number(process.versions.v8.split('.')[0]);
    expect(canKeepYoungGenerationSmall({}, [])).toBe(major >= 11 && major <= 13);
  });

  test('never tunes a process that is not the binary (here: jest)', () => {
    expect(tuneV8ForScan(1000, {})).toEqual([]);
  });

  test('the flags it sets are ones this V8 knows (an unknown one prints an error)', () => {
    const run = spawnSync(process.execPath, ['-e', "require('v8').setFlagsFromString('--semi-space-growth-factor=1 --heap-growing-percent=50')"], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  test('from the binary: tiny checkouts are left alone, trees get compiler and heap flags, very large ones the compiler flags only', () => {
    // Exercised through the built module in a child process, as the binary would.
    const built = path.join(__dirname, '..', 'dist', 'src', 'util', 'heap.js');
    const run = (n: number): string[] => {
      const child = spawnSync(process.execPath, ['-e', `const h = require(${JSON.stringify(built)}); h.allowV8Tuning(); process.stdout.write(JSON.stringify(h.tuneV8ForScan(${n}, {})));`], { encoding: 'utf8', env: { PATH: process.env.PATH } });
      expect(child.stderr).toBe('');
      return JSON.parse(child.stdout);
    };
    expect(run(TUNED_FROM_PACKAGES - 1)).toEqual([]);
    expect(run(TUNED_FROM_PACKAGES)).toEqual([...compilerFlagsFor({}, []), ...heapFlagsFor(TUNED_FROM_PACKAGES, {}, [])]);
    expect(run(LARGE_TREE_PACKAGES)).toEqual(compilerFlagsFor({}, []));
  });

  test('tuned again for a larger tree (a --cache run whose state was stale), the small tree\'s heap flags go back to V8\'s defaults', () => {
    const built = path.join(__dirname, '..', 'dist', 'src', 'util', 'heap.js');
    const child = spawnSync(
      process.execPath,
      ['-e', `const h = require(${JSON.stringify(built)}); h.allowV8Tuning(); h.tuneV8ForScan(1000, {}); process.stdout.write(JSON.stringify([h.tuneV8ForScan(${LARGE_TREE_PACKAGES}, {}), h.tunedV8Flags()]));`],
      { encoding: 'utf8', env: { PATH: process.env.PATH } },
    );
    expect(child.stderr).toBe('');
    const [second, kept] = JSON.parse(child.stdout) as [string[], string[]];
    const small = heapFlagsFor(1000, {}, []);
    const resets = small.map((flag) => flag.replace(/=.*/, '')).map((name) => `${name}=${name === '--semi-space-growth-factor' ? 2 : 0}`);
    expect(second).toEqual([...compilerFlagsFor({}, []), ...resets]);
    expect(kept).toEqual(second);
  });

  test('after the installed walk the old generation grows as V8 would; nothing else changes, and untuned runs stay untuned', () => {
    const built = path.join(__dirname, '..', 'dist', 'src', 'util', 'heap.js');
    const script = (size: number | null): string =>
      `const h = require(${JSON.stringify(built)}); h.allowV8Tuning(); ${size === null ? '' : `h.tuneV8ForScan(${size}, {});`} const before = h.tunedV8Flags(); h.relaxHeapGrowthAfterWalk(); h.relaxHeapGrowthAfterWalk(); process.stdout.write(JSON.stringify([before, h.tunedV8Flags(), require('v8').getHeapStatistics().total_heap_size > 0]));`;
    const run = (size: number | null): [string[], string[], boolean] => {
      const child = spawnSync(process.execPath, ['-e', script(size)], { encoding: 'utf8', env: { PATH: process.env.PATH } });
      expect(child.stderr).toBe('');
      return JSON.parse(child.stdout);
    };
    const [before, after] = run(1000);
    if (before.includes('--heap-growing-percent=50')) expect(after).toEqual(before.filter((flag) => flag !== '--heap-growing-percent=50'));
    expect(after.some((flag) => flag.startsWith('--heap-growing-percent'))).toBe(false);
    expect(after.filter((flag) => !flag.startsWith('--heap-growing-percent'))).toEqual(before.filter((flag) => !flag.startsWith('--heap-growing-percent')));
    // A tree too small to tune, a very large one (V8's heap growth already), and no tuning at all: nothing to relax.
    for (const size of [TUNED_FROM_PACKAGES - 1, LARGE_TREE_PACKAGES, null]) {
      const [untunedBefore, untunedAfter] = run(size);
      expect(untunedAfter).toEqual(untunedBefore);
    }
  });

  test('small trees also collect the old generation sooner; the user\'s own old-space flags win', () => {
    const tuned = canKeepYoungGenerationSmall({}, []);
    expect(heapFlagsFor(100, {}, [])).toEqual(tuned ? ['--semi-space-growth-factor=1', '--heap-growing-percent=50'] : []);
    expect(heapFlagsFor(100, {}, ['--max-old-space-size=4096'])).toEqual(tuned ? ['--semi-space-growth-factor=1'] : []);
    expect(heapFlagsFor(100, { NODE_OPTIONS: '--max-semi-space-size=8' }, [])).toEqual(tuned ? ['--heap-growing-percent=50'] : []);
    expect(heapFlagsFor(LARGE_TREE_PACKAGES, {}, [])).toEqual([]);
  });

  test('estimates a tree by its node_modules top level', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-heap-'));
    try {
      for (const name of ['a', 'b', '@scope', '.bin']) fs.mkdirSync(path.join(dir, 'node_modules', name), { recursive: true });
      fs.mkdirSync(path.join(dir, 'pkg', 'node_modules', 'c'), { recursive: true });
      expect(estimateInstalledPackages(dir, ['node_modules', 'pkg/node_modules', 'vendor', 'missing/node_modules'])).toBe(5);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('optimising-compiler tuning', () => {
  const v8Major = Number(process.versions.v8.split('.')[0]);

  test('on the V8 it was measured on (11), delays optimisation and turns inlining off', () => {
    expect(compilerFlagsFor({}, [])).toEqual(v8Major === 11 ? ['--no-turbo-inlining', '--interrupt-budget=135168'] : []);
  });

  test.each([
    ['inlining set on the command line', ['--turbo-inlining'], {}, ['--interrupt-budget=135168']],
    ['a budget set on the command line', ['--interrupt_budget=1000'], {}, ['--no-turbo-inlining']],
    ['both in NODE_OPTIONS', [], { NODE_OPTIONS: '--no-turbo-inlining --interrupt-budget=5' }, []],
  ])('never overrides the user: %s', (_label, execArgv, env, expected) => {
    expect(compilerFlagsFor(env as NodeJS.ProcessEnv, execArgv)).toEqual(v8Major === 11 ? expected : []);
  });
});
