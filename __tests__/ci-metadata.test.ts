import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parseInputs } from '../src/action/main';

const root = path.join(__dirname, '..');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe('action.yml', () => {
  const action: Json = parse(fs.readFileSync(path.join(root, 'action.yml'), 'utf8'));

  test('declares the documented inputs and outputs', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(['baseline', 'config', 'diff-base', 'fail-on', 'path', 'profile', 'sarif-file']);
    expect(Object.keys(action.outputs).sort()).toEqual(['errors', 'sarif-file', 'warnings']);
    for (const input of Object.values<Json>(action.inputs)) expect(input.description).toEqual(expect.any(String));
    expect(action.inputs['fail-on'].default).toBe('error');
  });

  test('is a composite action whose run step passes every input as INPUT_* to the built entry', () => {
    expect(action.runs.using).toBe('composite');
    const step = action.runs.steps.find((s: Json) => s.id === 'license-risk');
    expect(step.run).toContain('dist/src/action/main.js');
    for (const name of Object.keys(action.inputs)) {
      const variable = `INPUT_${name.toUpperCase().replace(/-/g, '_')}`;
      expect(step.env[variable]).toBe(`\${{ inputs.${name} }}`);
    }
    for (const [name, output] of Object.entries<Json>(action.outputs)) {
      expect(output.value).toBe(`\${{ steps.license-risk.outputs.${name} }}`);
    }
  });

  test('the entry understands the variable names the composite step sets', () => {
    const env = Object.fromEntries(
      Object.keys(action.inputs).map((name) => [`INPUT_${name.toUpperCase().replace(/-/g, '_')}`, name === 'fail-on' ? 'warn' : `v-${name}`]),
    );
    expect(parseInputs(env)).toEqual({
      path: 'v-path',
      profile: 'v-profile',
      config: 'v-config',
      failOn: 'warn',
      baseline: 'v-baseline',
      sarifFile: 'v-sarif-file',
      diffBase: 'v-diff-base',
    });
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks: Json[] = parse(fs.readFileSync(path.join(root, '.pre-commit-hooks.yaml'), 'utf8'));
  const hook = hooks.find((h) => h.id === 'license-risk');

  test('node hook running the license-risk binary once per commit', () => {
    expect(hook).toMatchObject({ id: 'license-risk', language: 'node', entry: 'license-risk', pass_filenames: false });
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.bin)).toContain(hook.entry);
  });

  // pre-commit matches `files` with Python's re.search; these patterns use no syntax JS lacks
  // except the inline (?ix) flags, which we translate.
  const files = new RegExp(hook.files.replace(/^\(\?ix\)/, '').replace(/\s+/g, ''), 'i');
  test.each([
    'package.json',
    'apps/web/package-lock.json',
    'yarn.lock',
    'pnpm-lock.yaml',
    'poetry.lock',
    'requirements-dev.txt',
    'Cargo.lock',
    'go.sum',
    'pom.xml',
    'build.gradle.kts',
    'composer.lock',
    'Gemfile.lock',
    'src/App/App.csproj',
    'LICENSE',
    'LICENSE.md',
    'licence.txt',
    'COPYING.LESSER',
    '.license-risk-baseline.json',
  ])('runs when %s is staged', (file) => {
    expect(files.test(file)).toBe(true);
  });
  test.each(['src/index.ts', 'README.md', 'mypackage.json', 'docs/licensing.md', 'package.json.bak'])('skips %s', (file) => {
    expect(files.test(file)).toBe(false);
  });
});
