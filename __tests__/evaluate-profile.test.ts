import { inferProfile, parseProfileSpec } from '../src/evaluate';
import type { DiscoveredFiles, ProjectFacts, ProjectManifest } from '../src/types';

function files(all: string[] = []): DiscoveredFiles {
  return { root: '/x', licenseFiles: [], manifests: ['package.json'], lockfiles: [], installedTrees: [], all };
}

function pkg(partial: Partial<ProjectFacts>, over: Partial<ProjectManifest> = {}): ProjectManifest {
  const facts: ProjectFacts = { serverFrameworks: [], ...partial };
  return {
    ecosystem: 'npm',
    file: 'package.json',
    name: 'p',
    version: '1.0.0',
    private: facts.private === true,
    evidence: [],
    facts,
    location: { file: 'package.json', line: 1, column: 1 },
    ...over,
  };
}

describe('parseProfileSpec', () => {
  test.each([
    ['saas', { distribution: 'saas' }],
    ['Library:noncommercial', { distribution: 'library', commercial: false }],
    ['auto:commercial', { distribution: 'auto', commercial: true }],
    [{ distribution: 'internal', commercial: false }, { distribution: 'internal', commercial: false }],
    [{ commercial: false }, { commercial: false }],
  ])('%j', (input, spec) => {
    expect(parseProfileSpec(input)).toEqual({ ok: true, spec });
  });
  test.each([
    ['cloud', 'unknown profile "cloud"'],
    ['saas:free', 'unknown profile modifier ":free"'],
    ['saas:a:b', 'more than one'],
    [{ distribution: 'cloud' }, 'profile.distribution must be'],
    [{ commercial: 'yes' }, 'profile.commercial must be true or false'],
    [{ dist: 'saas' }, 'unknown key(s) "dist"'],
    [42, 'must be a string or an object'],
  ])('%j is rejected', (input, error) => {
    const result = parseProfileSpec(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(error);
  });
});

describe('inferProfile', () => {
  test('flag beats config beats inference', () => {
    const projects = [pkg({ private: false, hasMain: true })];
    expect(inferProfile({ projects, files: files(), configProfile: 'saas', flagProfile: 'internal:noncommercial' })).toMatchObject({ distribution: 'internal', commercial: false, origin: 'flag' });
    expect(inferProfile({ projects, files: files(), configProfile: { distribution: 'saas', commercial: false } })).toMatchObject({ distribution: 'saas', commercial: false, origin: 'config' });
    expect(inferProfile({ projects, files: files(), configProfile: 'auto' })).toMatchObject({ distribution: 'library', origin: 'auto' });
  });

  test('auto with a commercial modifier still infers the distribution', () => {
    expect(inferProfile({ projects: [pkg({ private: false, hasMain: true })], files: files(), flagProfile: 'auto:noncommercial' })).toMatchObject({ distribution: 'library', commercial: false, origin: 'auto' });
  });

  test('published package with an entry point → library, with the evidence', () => {
    const p = inferProfile({ projects: [pkg({ private: false, hasMain: true, hasBin: true })], files: files(['src/index.ts', 'test/Dockerfile']) });
    expect(p).toMatchObject({ distribution: 'library', commercial: true, origin: 'auto' });
    expect(p.reasons).toEqual(expect.arrayContaining(['package.json is published (not private)', 'package.json has an entry point ("hasMain")', 'package.json has "bin"']));
  });

  test('private app with a server start script → saas', () => {
    const p = inferProfile({ projects: [pkg({ private: true, scripts: { start: 'node dist/server.js', build: 'tsc' }, serverFrameworks: ['express'] })], files: files() });
    expect(p.distribution).toBe('saas');
    expect(p.reasons.join('\n')).toContain('script "start" runs a server');
    expect(p.reasons.join('\n')).toContain('depends on express');
  });

  test.each([['Dockerfile'], ['Procfile'], ['fly.toml'], ['app.yaml'], ['serverless.yml'], ['k8s/deployment.yaml'], ['deploy/helm/Chart.yaml']])('private app with %s → saas', (file) => {
    const p = inferProfile({ projects: [pkg({ private: true })], files: files([file]) });
    expect(p.distribution).toBe('saas');
    expect(p.reasons.join('\n')).toContain(file);
  });

  test('Electron app that is private → distributed', () => {
    const p = inferProfile({ projects: [pkg({ private: true, appPackagers: ['electron', 'electron-builder'], scripts: { start: 'electron .' } })], files: files(['electron-builder.yml']) });
    expect(p.distribution).toBe('distributed');
    expect(p.reasons.join('\n')).toContain('electron');
  });

  test('Tauri app → distributed', () => {
    expect(inferProfile({ projects: [pkg({ private: true })], files: files(['src-tauri/tauri.conf.json']) }).distribution).toBe('distributed');
  });

  test('published package with a server start script is self-hosted → distributed', () => {
    const p = inferProfile({ projects: [pkg({ private: false, hasBin: true, scripts: { start: 'node bin/server.js' } })], files: files() });
    expect(p.distribution).toBe('distributed');
  });

  test('monorepo: private root with published workspaces → library', () => {
    const projects = [pkg({ private: true, workspaces: ['packages/*'] }), pkg({ private: false, hasExports: true }, { file: 'packages/core/package.json', name: '@x/core' })];
    expect(inferProfile({ projects, files: files() }).distribution).toBe('library');
  });

  test('direct server-framework dependencies count as server evidence', () => {
    const components = [{ ecosystem: 'npm', name: 'express', direct: true, scope: 'prod' }, { ecosystem: 'npm', name: 'jest', direct: true, scope: 'dev' }] as never;
    const p = inferProfile({ projects: [pkg({ private: true })], files: files(), components });
    expect(p.distribution).toBe('saas');
    expect(p.reasons.join('\n')).toContain('depends on express');
  });

  test('Electron app embedding express is still distributed', () => {
    const components = [{ ecosystem: 'npm', name: 'express', direct: true, scope: 'prod' }, { ecosystem: 'npm', name: 'electron', direct: true, scope: 'dev' }] as never;
    expect(inferProfile({ projects: [pkg({ private: true })], files: files(), components }).distribution).toBe('distributed');
  });

  test('other ecosystems: Go application with a Dockerfile → saas, Go library → library', () => {
    const goApp = pkg({ hasMain: true, isApplication: true }, { ecosystem: 'golang', file: 'go.mod', private: false });
    expect(inferProfile({ projects: [goApp], files: files(['Dockerfile']) }).distribution).toBe('saas');
    expect(inferProfile({ projects: [goApp], files: files() })).toMatchObject({ distribution: 'distributed', origin: 'auto' });
    const goLib = pkg({ hasMain: false, isApplication: false }, { ecosystem: 'golang', file: 'go.mod', private: false });
    expect(inferProfile({ projects: [goLib], files: files() }).distribution).toBe('library');
  });

  test('Python web app → saas; Python package → library', () => {
    const web = pkg({ isApplication: true, serverFrameworks: ['fastapi'] }, { ecosystem: 'pypi', file: 'pyproject.toml', private: false });
    expect(inferProfile({ projects: [web], files: files() }).distribution).toBe('saas');
    const lib = pkg({ isApplication: false, hasBuildSystem: true, serverFrameworks: [] }, { ecosystem: 'pypi', file: 'pyproject.toml', private: false });
    expect(inferProfile({ projects: [lib], files: files() }).distribution).toBe('library');
  });

  test('nothing conclusive → distributed by default, saying why', () => {
    const p = inferProfile({ projects: [pkg({ private: true })], files: files() });
    expect(p).toMatchObject({ distribution: 'distributed', origin: 'default' });
    expect(p.reasons[0]).toContain('no deployment, packaging or publishing evidence');
  });

  test('missing or odd facts do not throw', () => {
    const weird = pkg({ scripts: 'node x', serverFrameworks: 5, hasMain: null } as unknown as ProjectFacts);
    expect(() => inferProfile({ projects: [weird, null as unknown as ProjectManifest], files: { ...files(), all: undefined as unknown as string[] } })).not.toThrow();
  });

  test('an invalid flag is ignored and named', () => {
    const p = inferProfile({ projects: [pkg({ private: false, hasMain: true })], files: files(), flagProfile: 'cloud' });
    expect(p.distribution).toBe('library');
    expect(p.reasons[0]).toContain('ignored --profile');
  });
});
