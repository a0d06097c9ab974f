import { spawnSync } from 'node:child_process';
import { keepYoungGenerationSmall } from '../src/cli/heap';

describe('keepYoungGenerationSmall', () => {
  test.each([
    ['--max-semi-space-size on the command line', ['--max-semi-space-size=32'], {}],
    ['a semi-space flag in NODE_OPTIONS', [], { NODE_OPTIONS: '--semi-space-growth-factor=4' }],
    ['a young-generation flag in NODE_OPTIONS', [], { NODE_OPTIONS: '--max-old-space-size=100 --min_semi_space_size=2' }],
  ])('leaves the heap alone with %s', (_label, execArgv, env) => {
    expect(keepYoungGenerationSmall(env as NodeJS.ProcessEnv, execArgv)).toBe(false);
  });

  test('applies on the V8 this runs on when the user set nothing', () => {
    const major = Number(process.versions.v8.split('.')[0]);
    expect(keepYoungGenerationSmall({}, [])).toBe(major >= 11 && major <= 13);
  });

  test('the flag it sets is one this V8 knows (an unknown one prints an error)', () => {
    const run = spawnSync(process.execPath, ['-e', "require('v8').setFlagsFromString('--semi-space-growth-factor=1')"], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
