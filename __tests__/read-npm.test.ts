import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { npmReader } from '../src/read/ecosystems/npm';
import { discoverDirectory as discoverNpmFiles } from '../src/read/ecosystems/shared/discover-dir';
import { createSafeFs } from '../src/read/fs';
import { dependencyEdges, dirOf, joinRel } from '../src/read/ecosystems/npm/util';
import { resolveInstallPath } from '../src/read/ecosystems/npm/package-lock';
import type { Component, ReadResult } from '../src/types';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

async function readDir(root: string, includeDev = true): Promise<ReadResult> {
  const files = await discoverNpmFiles(root);
  return npmReader.read(files, { root: files.root, fs: createSafeFs(files.root), env: {}, includeDev });
}

const readFixture = (name: string, includeDev = true) => readDir(path.join(FIXTURES, name), includeDev);

/** One line per component: id, scope, direct flag, location. */
function table(components: Component[]): string[] {
  return components.map((c) => `${c.id} ${c.scope} ${c.direct ? 'direct' : 'transitive'} ${c.location.file}:${c.location.line}:${c.location.column}`);
}

function byId(result: ReadResult, id: string): Component {
  const found = result.components.find((c) => c.id === id);
  if (!found) throw new Error(`no component ${id} in ${result.components.map((c) => c.id).join(', ')}`);
  return found;
}

describe('npm lockfiles', () => {
  test('npm-lock-v1: nested dependencies, requires, dev/optional flags, aliases', async () => {
    const result = await readFixture('npm-lock-v1');
    expect(result.diagnostics).toEqual([]);
    expect(table(result.components)).toEqual([
      'npm:debug@2.6.9 prod direct package.json:7:5',
      'npm:fsevents@2.3.3 optional direct package.json:15:5',
      'npm:is-number@7.0.0 dev direct package.json:12:5',
      'npm:ms@2.0.0 prod transitive package-lock.json:15:9',
      'npm:ms@2.1.3 prod direct package.json:8:5',
      'npm:string-width@4.2.3 prod direct package.json:9:5',
      'npm:strip-ansi@6.0.1 prod transitive package-lock.json:47:5',
    ]);
    const nestedMs = byId(result, 'npm:ms@2.0.0');
    expect(nestedMs.paths).toEqual([['v1-app@1.0.0', 'debug@2.6.9', 'ms@2.0.0']]);
    expect(nestedMs.evidence).toEqual([]);
    expect(byId(result, 'npm:string-width@4.2.3').requested).toBe('npm:string-width@^4.2.0');
  });

  test('npm-lock-v2: reads `packages`, ignores the legacy `dependencies` copy, keeps lockfile licenses', async () => {
    const result = await readFixture('npm-lock-v2');
    expect(result.diagnostics).toEqual([]);
    expect(table(result.components)).toEqual([
      'npm:ansi-styles@4.3.0 prod transitive package-lock.json:18:5',
      'npm:chalk@4.1.2 prod direct package.json:8:5',
      'npm:color-convert@2.0.1 prod transitive package-lock.json:37:5',
      'npm:color-name@1.1.4 prod transitive package-lock.json:46:5',
      'npm:has-flag@4.0.0 prod transitive package-lock.json:52:5',
      'npm:supports-color@7.2.0 prod transitive package-lock.json:58:5',
      'npm:typescript@5.3.3 dev direct package.json:11:5',
    ]);
    expect(byId(result, 'npm:typescript@5.3.3')).toEqual({
      id: 'npm:typescript@5.3.3',
      ecosystem: 'npm',
      name: 'typescript',
      version: '5.3.3',
      purl: 'pkg:npm/typescript@5.3.3',
      scope: 'dev',
      direct: true,
      paths: [['v2-app@2.1.0', 'typescript@5.3.3']],
      requested: '^5.3.3',
      evidence: [{ kind: 'lockfile', value: 'Apache-2.0', location: { file: 'package-lock.json', line: 72, column: 7 } }],
      location: { file: 'package.json', line: 11, column: 5 },
    });
  });

  test('npm-lock-v3: nested install paths, peer / devOptional flags, shortest paths first', async () => {
    const result = await readFixture('npm-lock-v3');
    expect(result.diagnostics).toEqual([]);
    expect(table(result.components)).toEqual([
      'npm:@types/prop-types@15.7.11 dev transitive package-lock.json:26:5',
      'npm:@types/react@18.2.48 dev direct package.json:17:5',
      'npm:ajv-keywords@3.5.2 prod direct package.json:10:5',
      'npm:ajv@6.12.6 peer transitive package-lock.json:44:5',
      'npm:bufferutil@4.0.8 optional direct package.json:21:5',
      'npm:csstype@3.1.3 dev transitive package-lock.json:77:5',
      'npm:debug@2.6.9 prod transitive package-lock.json:109:5',
      'npm:debug@4.3.4 prod direct package.json:11:5',
      'npm:fast-deep-equal@3.1.3 peer transitive package-lock.json:93:5',
      'npm:finalhandler@1.2.0 prod direct package.json:12:5',
      'npm:js-tokens@4.0.0 prod transitive package-lock.json:124:5',
      'npm:loose-envify@1.4.0 prod transitive package-lock.json:130:5',
      'npm:ms@2.0.0 prod transitive package-lock.json:118:5',
      'npm:ms@2.1.2 prod transitive package-lock.json:139:5',
      // devOptional: reached from a dev dependency and as an optional one of a prod dependency.
      'npm:node-gyp-build@4.8.0 optional transitive package-lock.json:145:5',
      'npm:react-dom@18.2.0 prod direct package.json:14:5',
      'npm:react@18.2.0 prod direct package.json:13:5',
      'npm:scheduler@0.23.0 prod transitive package-lock.json:174:5',
      'npm:utf-8-validate@6.0.3 dev direct package.json:18:5',
    ]);
    expect(byId(result, 'npm:ms@2.0.0').paths).toEqual([['v3-app@1.0.0', 'finalhandler@1.2.0', 'debug@2.6.9', 'ms@2.0.0']]);
    expect(byId(result, 'npm:loose-envify@1.4.0').paths).toEqual([
      ['v3-app@1.0.0', 'react-dom@18.2.0', 'loose-envify@1.4.0'],
      ['v3-app@1.0.0', 'react@18.2.0', 'loose-envify@1.4.0'],
      ['v3-app@1.0.0', 'react-dom@18.2.0', 'scheduler@0.23.0', 'loose-envify@1.4.0'],
    ]);
    expect(byId(result, 'npm:@types/react@18.2.48').purl).toBe('pkg:npm/%40types/react@18.2.48');
    expect(byId(result, 'npm:debug@2.6.9').evidence).toEqual([
      { kind: 'lockfile', value: 'MIT', location: { file: 'package-lock.json', line: 116, column: 7 } },
    ]);
  });

  test('includeDev: false drops what only dev dependencies bring in', async () => {
    const result = await readFixture('npm-lock-v3', false);
    expect(result.components.map((c) => c.id)).not.toContain('npm:@types/react@18.2.48');
    expect(result.components.map((c) => c.id)).not.toContain('npm:csstype@3.1.3');
    expect(result.components.every((c) => c.scope !== 'dev')).toBe(true);
    expect(result.components).toHaveLength(15);
  });

  test('npm-shrinkwrap: npm-shrinkwrap.json wins over a package-lock.json next to it', async () => {
    const result = await readFixture('npm-shrinkwrap');
    expect(table(result.components)).toEqual(['npm:ms@2.1.3 prod direct package.json:10:5']);
    expect(byId(result, 'npm:ms@2.1.3').evidence).toEqual([
      { kind: 'lockfile', value: 'MIT', location: { file: 'npm-shrinkwrap.json', line: 19, column: 7 } },
    ]);
    expect(result.projects[0].facts).toMatchObject({ hasBin: true, private: true });
  });

  test('npm-yarn-v1: classic format, multi-descriptor headers, aliases, scoped keys', async () => {
    const result = await readFixture('npm-yarn-v1');
    expect(result.diagnostics).toEqual([]);
    expect(table(result.components)).toEqual([
      'npm:@types/ms@0.7.34 dev direct package.json:11:5',
      'npm:ansi-regex@5.0.1 prod transitive yarn.lock:10:1',
      'npm:ansi-styles@4.3.0 prod transitive yarn.lock:15:1',
      'npm:chalk@4.1.2 prod direct package.json:7:5',
      'npm:color-convert@2.0.1 prod transitive yarn.lock:30:1',
      'npm:color-name@1.1.4 prod transitive yarn.lock:37:1',
      'npm:emoji-regex@8.0.0 prod transitive yarn.lock:42:1',
      'npm:fsevents@2.3.3 optional direct package.json:15:5',
      'npm:has-flag@4.0.0 prod transitive yarn.lock:52:1',
      'npm:is-fullwidth-code-point@3.0.0 prod transitive yarn.lock:57:1',
      'npm:string-width@4.2.3 prod direct package.json:8:5',
      'npm:strip-ansi@6.0.1 prod transitive yarn.lock:71:1',
      'npm:supports-color@7.2.0 prod transitive yarn.lock:78:1',
      'npm:typescript@5.3.3 dev direct package.json:12:5',
    ]);
    expect(byId(result, 'npm:ansi-regex@5.0.1').paths).toEqual([
      ['yarn-classic-app@1.0.0', 'string-width@4.2.3', 'strip-ansi@6.0.1', 'ansi-regex@5.0.1'],
    ]);
    expect(result.components.every((c) => c.evidence.length === 0)).toBe(true);
  });

  test('npm-yarn-berry: YAML lock, npm: protocol descriptors, workspace entry is the project, patch entries merge', async () => {
    const result = await readFixture('npm-yarn-berry');
    expect(result.diagnostics).toEqual([]);
    expect(table(result.components)).toEqual([
      'npm:@types/prop-types@15.7.11 dev transitive yarn.lock:8:1',
      'npm:@types/react@18.2.48 dev direct package.json:11:5',
      'npm:csstype@3.1.3 dev transitive yarn.lock:35:1',
      'npm:js-tokens@4.0.0 prod transitive yarn.lock:42:1',
      'npm:loose-envify@1.4.0 prod transitive yarn.lock:49:1',
      'npm:path-parse@1.0.7 prod transitive yarn.lock:60:1',
      'npm:react@18.2.0 prod direct package.json:7:5',
      'npm:resolve@1.22.8 prod direct package.json:8:5',
    ]);
    expect(result.components.map((c) => c.name)).not.toContain('berry-app');
  });

  test('npm-pnpm-v6: /name@version keys, peer suffixes, dev/optional flags', async () => {
    const result = await readFixture('npm-pnpm-v6');
    expect(result.diagnostics).toEqual([]);
    expect(table(result.components)).toEqual([
      'npm:fsevents@2.3.3 optional direct package.json:13:5',
      'npm:js-tokens@4.0.0 prod transitive pnpm-lock.yaml:35:3',
      'npm:loose-envify@1.4.0 prod transitive pnpm-lock.yaml:39:3',
      'npm:react-dom@18.2.0 prod direct package.json:7:5',
      'npm:react@18.2.0 prod direct package.json:6:5',
      'npm:scheduler@0.23.0 prod transitive pnpm-lock.yaml:63:3',
      'npm:typescript@5.3.3 dev direct package.json:10:5',
    ]);
    expect(byId(result, 'npm:react-dom@18.2.0').requested).toBe('^18.2.0');
  });

  test('npm-pnpm-v9: packages + snapshots, scope derived from the graph', async () => {
    const result = await readFixture('npm-pnpm-v9');
    expect(result.diagnostics).toEqual([]);
    expect(table(result.components)).toEqual([
      'npm:@types/prop-types@15.7.11 dev transitive pnpm-lock.yaml:31:3',
      'npm:@types/react@18.2.48 dev direct package.json:10:5',
      'npm:csstype@3.1.3 dev transitive pnpm-lock.yaml:37:3',
      'npm:fsevents@2.3.3 optional direct package.json:14:5',
      // Also reached from a dev dependency: prod wins.
      'npm:js-tokens@4.0.0 prod transitive pnpm-lock.yaml:45:3',
      'npm:loose-envify@1.4.0 prod transitive pnpm-lock.yaml:48:3',
      'npm:react-dom@18.2.0 prod direct package.json:7:5',
      'npm:react@18.2.0 prod direct package.json:6:5',
      'npm:scheduler@0.23.0 prod transitive pnpm-lock.yaml:61:3',
      'npm:string-width@4.2.3 dev direct package.json:11:5',
    ]);
    expect(byId(result, 'npm:js-tokens@4.0.0').paths[0]).toEqual(['pnpm9-app@1.0.0', 'string-width@4.2.3', 'js-tokens@4.0.0']);
  });

  test('npm-pnpm-v5: /name/version keys and root-level specifiers', async () => {
    const result = await readFixture('npm-pnpm-v5');
    expect(result.diagnostics).toEqual([]);
    expect(table(result.components)).toEqual([
      'npm:@types/prop-types@15.7.11 dev transitive pnpm-lock.yaml:15:3',
      'npm:@types/react@18.2.48 dev direct package.json:9:5',
      'npm:csstype@3.1.3 dev transitive pnpm-lock.yaml:26:3',
      'npm:js-tokens@4.0.0 prod transitive pnpm-lock.yaml:30:3',
      'npm:loose-envify@1.4.0 prod transitive pnpm-lock.yaml:34:3',
      'npm:react@18.2.0 prod direct package.json:6:5',
    ]);
  });

  test('npm-file-link: a `file:` dependency on a local folder is a component with the folder entry\'s facts', async () => {
    const result = await readFixture('npm-file-link');
    expect(result.diagnostics).toEqual([]);
    expect(table(result.components)).toEqual(['npm:local-lib@0.5.0 prod direct package.json:6:5', 'npm:ms@2.1.3 prod direct package.json:7:5']);
    expect(byId(result, 'npm:local-lib@0.5.0')).toMatchObject({
      requested: 'file:vendor/local-lib',
      evidence: [{ kind: 'lockfile', value: 'BUSL-1.1', location: { file: 'package-lock.json', line: 27, column: 7 } }],
    });
    expect(byId(result, 'npm:ms@2.1.3').paths).toEqual([
      ['file-link-app@1.0.0', 'ms@2.1.3'],
      ['file-link-app@1.0.0', 'local-lib@0.5.0', 'ms@2.1.3'],
    ]);
  });

  test('npm-lockfile-only: a lock with no package.json still lists its packages, rooted at the lock entry', async () => {
    const result = await readFixture('npm-lockfile-only');
    expect(result.projects).toEqual([]);
    expect(table(result.components)).toEqual([
      'npm:is-number@7.0.0 dev direct package-lock.json:14:9',
      'npm:ms@2.1.3 prod direct package-lock.json:11:9',
    ]);
    expect(byId(result, 'npm:ms@2.1.3').paths).toEqual([['orphan@1.0.0', 'ms@2.1.3']]);
  });
});

describe('workspaces', () => {
  test('npm-workspaces: members become projects, links to members are not components', async () => {
    const result = await readFixture('npm-workspaces');
    expect(result.diagnostics).toEqual([]);
    expect(result.projects.map((p) => [p.file, p.name, p.version, p.private])).toEqual([
      ['package.json', 'monorepo', '0.0.0', true],
      ['packages/api/package.json', '@acme/api', '1.2.0', false],
      ['packages/core/package.json', '@acme/core', '1.0.0', false],
    ]);
    expect(table(result.components)).toEqual([
      'npm:debug@4.3.4 prod direct packages/core/package.json:6:5',
      'npm:ms@2.1.2 prod transitive package-lock.json:34:5',
      // Nested under the workspace folder: packages/api/node_modules/ms.
      'npm:ms@2.1.3 prod direct packages/api/package.json:7:5',
      'npm:typescript@5.3.3 dev direct package.json:9:5',
    ]);
    const core = result.projects[2];
    expect(core.facts).toMatchObject({ hasMain: true, hasTypes: true, private: false, publishConfig: { access: 'public' }, isWorkspaceRoot: false });
    expect(core.evidence).toEqual([
      { kind: 'declared', value: 'MIT', field: 'license', location: { file: 'packages/core/package.json', line: 4, column: 3 }, baseDir: 'packages/core' },
    ]);
    expect(result.projects[0].facts).toMatchObject({ workspaces: ['packages/*'], isWorkspaceRoot: true });
    expect(result.projects[1].facts).toMatchObject({ scripts: { start: 'node dist/server.js' } });
  });

  test('npm-pnpm-workspaces: pnpm-workspace.yaml globs (with a negation), importers, link: members', async () => {
    const result = await readFixture('npm-pnpm-workspaces');
    expect(result.diagnostics).toEqual([]);
    expect(result.projects.map((p) => p.file)).toEqual(['package.json', 'packages/ui/package.json', 'packages/web/package.json']);
    expect(table(result.components)).toEqual([
      'npm:clsx@2.1.0 prod direct packages/ui/package.json:9:5',
      // Dev for @acme/ui but prod for @acme/web: the prod declaration is the one pointed at.
      'npm:ms@2.1.3 prod direct packages/web/package.json:10:5',
      'npm:typescript@5.3.3 dev direct package.json:6:5',
    ]);
    expect(byId(result, 'npm:ms@2.1.3').paths).toEqual([
      ['@acme/ui@2.0.0', 'ms@2.1.3'],
      ['@acme/web@0.1.0', 'ms@2.1.3'],
    ]);
    expect(result.projects[1].facts).toMatchObject({ hasMain: true, hasExports: true });
  });
  test('npm-yarn-workspaces: yarn `workspaces.packages`, members missing from yarn.lock are projects', async () => {
    const result = await readFixture('npm-yarn-workspaces');
    expect(result.diagnostics).toEqual([]);
    expect(result.projects.map((p) => p.name)).toEqual(['yarn-mono', '@acme/app', '@acme/lib']);
    expect(table(result.components)).toEqual([
      'npm:left-pad@1.3.0 prod direct packages/app/package.json:7:5',
      'npm:ms@2.1.3 prod direct packages/lib/package.json:7:5',
      'npm:prettier@3.2.5 dev direct package.json:14:5',
    ]);
  });
});

describe('installed node_modules trees', () => {
  test('npm-installed-nested: scoped and nested copies, license files, legacy `licenses`, extraneous and missing packages', async () => {
    const result = await readFixture('npm-installed-nested');
    expect(result.diagnostics).toEqual([]);
    expect(table(result.components)).toEqual([
      'npm:@scope/widget@1.4.0 prod direct package.json:6:5',
      'npm:debug@2.6.9 prod transitive node_modules/@scope/widget/node_modules/debug/package.json:2:3',
      'npm:debug@4.3.4 prod direct package.json:7:5',
      'npm:is-number@7.0.0 dev direct package.json:10:5',
      // On disk but depended on by nothing: listed, with no path.
      'npm:left-pad@1.3.0 prod transitive node_modules/left-pad/package.json:2:3',
      'npm:ms@2.0.0 prod transitive node_modules/@scope/widget/node_modules/ms/package.json:2:3',
      'npm:ms@2.1.2 prod transitive node_modules/ms/package.json:2:3',
      // Declared, not installed, no lockfile: version unknown.
      'npm:not-installed@ optional direct package.json:13:5',
    ]);
    expect(byId(result, 'npm:@scope/widget@1.4.0')).toMatchObject({
      purl: 'pkg:npm/%40scope/widget@1.4.0',
      installedPath: 'node_modules/@scope/widget',
      evidence: [
        {
          kind: 'declared',
          value: 'SEE LICENSE IN LICENSE.md',
          field: 'license',
          location: { file: 'node_modules/@scope/widget/package.json', line: 4, column: 3 },
          baseDir: 'node_modules/@scope/widget',
        },
        // NOTICE is not a license file.
        { kind: 'file', file: 'node_modules/@scope/widget/LICENSE.md' },
      ],
    });
    expect(byId(result, 'npm:debug@4.3.4').evidence).toEqual([
      {
        kind: 'declared',
        value: [{ type: 'MIT', url: 'https://opensource.org/licenses/MIT' }],
        field: 'licenses',
        location: { file: 'node_modules/debug/package.json', line: 4, column: 3 },
        baseDir: 'node_modules/debug',
      },
      // license.js is code, not a license text.
      { kind: 'file', file: 'node_modules/debug/LICENSE-MIT' },
    ]);
    expect(byId(result, 'npm:ms@2.1.2').evidence.filter((e) => e.kind === 'file')).toEqual([
      { kind: 'file', file: 'node_modules/ms/licenses/APACHE-2.0.txt' },
      { kind: 'file', file: 'node_modules/ms/licenses/MIT.txt' },
    ]);
    expect(byId(result, 'npm:ms@2.0.0').evidence.filter((e) => e.kind === 'file')).toEqual([
      { kind: 'file', file: 'node_modules/@scope/widget/node_modules/ms/license.md' },
    ]);
    expect(byId(result, 'npm:left-pad@1.3.0').evidence).toContainEqual({ kind: 'file', file: 'node_modules/left-pad/COPYING' });
    expect(byId(result, 'npm:ms@2.0.0').paths).toEqual([['installed-app@0.3.0', '@scope/widget@1.4.0', 'debug@2.6.9', 'ms@2.0.0']]);
    expect(byId(result, 'npm:not-installed@')).toMatchObject({ version: '', purl: 'pkg:npm/not-installed', requested: '^1.0.0', evidence: [] });
  });

  test('npm-optional-peers: a required peer is peer scope; an optional peer does not pull a dev package into it', async () => {
    const result = await readFixture('npm-optional-peers');
    expect(result.diagnostics).toEqual([]);
    expect(table(result.components)).toEqual([
      'npm:react@18.2.0 peer transitive node_modules/react/package.json:2:3',
      'npm:sass@1.77.0 dev direct package.json:9:5',
      'npm:ui-kit@2.0.0 prod direct package.json:6:5',
    ]);
    expect(byId(result, 'npm:react@18.2.0').paths).toEqual([['peers-app@1.0.0', 'ui-kit@2.0.0', 'react@18.2.0']]);
  });

  test('npm-lock-and-installed: one component per name@version with evidence from both', async () => {
    const result = await readFixture('npm-lock-and-installed');
    expect(result.diagnostics).toEqual([]);
    expect(table(result.components)).toEqual([
      'npm:debug@4.3.4 prod direct package.json:6:5',
      'npm:is-number@7.0.0 dev direct package.json:9:5',
      // Transitive: the lockfile entry, not the installed package.json.
      'npm:ms@2.1.2 prod transitive package-lock.json:39:5',
    ]);
    expect(byId(result, 'npm:ms@2.1.2')).toEqual({
      id: 'npm:ms@2.1.2',
      ecosystem: 'npm',
      name: 'ms',
      version: '2.1.2',
      purl: 'pkg:npm/ms@2.1.2',
      scope: 'prod',
      direct: false,
      paths: [['merged-app@1.0.0', 'debug@4.3.4', 'ms@2.1.2']],
      evidence: [
        { kind: 'declared', value: 'MIT', field: 'license', location: { file: 'node_modules/ms/package.json', line: 4, column: 3 }, baseDir: 'node_modules/ms' },
        { kind: 'lockfile', value: 'MIT', location: { file: 'package-lock.json', line: 43, column: 7 } },
        { kind: 'file', file: 'node_modules/ms/license.md' },
      ],
      location: { file: 'package-lock.json', line: 39, column: 5 },
      installedPath: 'node_modules/ms',
    });
  });
});

describe('symbolic links', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'read-npm-'));
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const copyFixture = (name: string): string => {
    const dest = path.join(tmp, name);
    fs.cpSync(path.join(FIXTURES, name), dest, { recursive: true });
    return dest;
  };

  test("npm-pnpm-layout: follows pnpm's .pnpm store links, reading each package once", async () => {
    const root = copyFixture('npm-pnpm-layout');
    const store = path.join(root, 'node_modules', '.pnpm');
    // The links pnpm makes: the project's direct dependency, and each package's own dependencies.
    fs.symlinkSync('.pnpm/react@18.2.0/node_modules/react', path.join(root, 'node_modules', 'react'));
    fs.symlinkSync('../../loose-envify@1.4.0/node_modules/loose-envify', path.join(store, 'react@18.2.0', 'node_modules', 'loose-envify'));
    fs.symlinkSync('../../js-tokens@4.0.0/node_modules/js-tokens', path.join(store, 'loose-envify@1.4.0', 'node_modules', 'js-tokens'));
    // pnpm also hoists everything into .pnpm/node_modules.
    fs.mkdirSync(path.join(store, 'node_modules'));
    fs.symlinkSync('../js-tokens@4.0.0/node_modules/js-tokens', path.join(store, 'node_modules', 'js-tokens'));

    const result = await readDir(root);
    expect(result.diagnostics).toEqual([]);
    expect(table(result.components)).toEqual([
      'npm:js-tokens@4.0.0 prod transitive node_modules/.pnpm/js-tokens@4.0.0/node_modules/js-tokens/package.json:2:3',
      'npm:loose-envify@1.4.0 prod transitive node_modules/.pnpm/loose-envify@1.4.0/node_modules/loose-envify/package.json:2:3',
      'npm:react@18.2.0 prod direct package.json:6:5',
    ]);
    expect(byId(result, 'npm:js-tokens@4.0.0')).toMatchObject({
      installedPath: 'node_modules/.pnpm/js-tokens@4.0.0/node_modules/js-tokens',
      paths: [['pnpm-layout-app@1.0.0', 'react@18.2.0', 'loose-envify@1.4.0', 'js-tokens@4.0.0']],
      evidence: [
        {
          kind: 'declared',
          value: 'MIT',
          field: 'license',
          location: { file: 'node_modules/.pnpm/js-tokens@4.0.0/node_modules/js-tokens/package.json', line: 4, column: 3 },
          baseDir: 'node_modules/.pnpm/js-tokens@4.0.0/node_modules/js-tokens',
        },
        { kind: 'file', file: 'node_modules/.pnpm/js-tokens@4.0.0/node_modules/js-tokens/LICENSE' },
      ],
    });
  });

  test('npm-symlink-loop: link loops, links out of the root and cycles back into the tree end cleanly', async () => {
    const root = copyFixture('npm-symlink-loop');
    const nm = path.join(root, 'node_modules');
    fs.symlinkSync('loop-b', path.join(nm, 'loop-a'));
    fs.symlinkSync('loop-a', path.join(nm, 'loop-b'));
    fs.symlinkSync(os.tmpdir(), path.join(nm, 'outside'));
    // A package whose nested node_modules links back to an ancestor folder.
    fs.mkdirSync(path.join(nm, 'ms', 'node_modules'));
    fs.symlinkSync('../..', path.join(nm, 'ms', 'node_modules', 'again'));

    const result = await readDir(root);
    expect(table(result.components)).toEqual([
      // Declared but its folder is a loop: version unknown.
      'npm:loop-a@ prod direct package.json:6:5',
      'npm:ms@2.1.3 prod direct package.json:7:5',
    ]);
    expect(result.diagnostics.map((d) => [d.code, d.file])).toEqual([
      ['symlink-loop', 'node_modules/loop-a'],
      ['symlink-loop', 'node_modules/loop-b'],
      ['path-escape', 'node_modules/outside'],
    ]);
  });
});

describe('bad input', () => {
  test('npm-broken-root: a broken package.json is a diagnostic; the lockfile is still read', async () => {
    const result = await readFixture('npm-broken-root');
    expect(result.diagnostics).toEqual([
      { code: 'invalid-json', severity: 'warn', file: 'package.json', message: 'invalid JSON: PropertyNameExpected at 6:3', line: 6, column: 3 },
    ]);
    expect(result.projects).toEqual([]);
    expect(table(result.components)).toEqual(['npm:ms@2.1.3 prod direct package-lock.json:11:9']);
  });

  test('npm-broken-installed: a broken installed package.json is a diagnostic; its siblings are read', async () => {
    const result = await readFixture('npm-broken-installed');
    expect(result.diagnostics).toEqual([
      {
        code: 'invalid-json',
        severity: 'warn',
        file: 'node_modules/bad/package.json',
        message: 'invalid JSON: InvalidSymbol at 1:49',
        line: 1,
        column: 49,
      },
    ]);
    expect(table(result.components)).toEqual([
      // Its manifest is unreadable and nothing else says which version it is.
      'npm:bad@ prod direct package.json:7:5',
      'npm:good@1.0.0 prod direct package.json:6:5',
    ]);
  });

  test('npm-broken-lockfile: unparseable and unknown-version lockfiles are diagnostics, manifests still count', async () => {
    const result = await readFixture('npm-broken-lockfile');
    expect(result.diagnostics.map((d) => [d.code, d.file, d.line, d.column])).toEqual([
      ['invalid-lockfile', 'classic/yarn.lock', 5, 3],
      ['unsupported-lockfile', 'future/pnpm-lock.yaml', 1, 1],
      ['invalid-lockfile', 'package-lock.json', 7, 1],
    ]);
    expect(result.projects.map((p) => p.file)).toEqual(['package.json', 'classic/package.json', 'future/package.json']);
    expect(table(result.components)).toEqual(['npm:ms@ prod direct package.json:6:5']);
    expect(byId(result, 'npm:ms@').paths).toEqual([['broken-lock@1.0.0', 'ms'], ['classic-app@1.0.0', 'ms'], ['future-app@1.0.0', 'ms']]);
  });

  test('an installed package.json over the size cap is reported, not read', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'read-npm-'));
    try {
      fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ name: 'big', version: '1.0.0', dependencies: { huge: '1.0.0' } }));
      fs.mkdirSync(path.join(tmp, 'node_modules', 'huge'), { recursive: true });
      const padding = 'x'.repeat(1024 * 1024 + 10);
      fs.writeFileSync(path.join(tmp, 'node_modules', 'huge', 'package.json'), JSON.stringify({ name: 'huge', version: '1.0.0', description: padding }));
      const result = await readDir(tmp);
      expect(result.diagnostics.map((d) => [d.code, d.file])).toEqual([['file-too-large', 'node_modules/huge/package.json']]);
      expect(table(result.components)).toEqual(['npm:huge@ prod direct package.json:1:49']);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('hostile shapes: non-object manifests and lockfiles, junk entries', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'read-npm-'));
    try {
      fs.writeFileSync(path.join(tmp, 'package.json'), '[1, 2, 3]\n');
      fs.writeFileSync(path.join(tmp, 'package-lock.json'), '"just a string"\n');
      fs.mkdirSync(path.join(tmp, 'sub'));
      fs.writeFileSync(path.join(tmp, 'sub', 'package.json'), JSON.stringify({ name: 'sub', dependencies: { a: 42, b: '^1' } }));
      fs.writeFileSync(path.join(tmp, 'sub', 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/b': 'nope', 'node_modules/c': { version: 7 } } }));
      const result = await readDir(tmp);
      expect(result.diagnostics.map((d) => [d.code, d.file])).toEqual([
        ['invalid-lockfile', 'package-lock.json'],
        ['invalid-manifest', 'package.json'],
      ]);
      expect(table(result.components)).toEqual(['npm:b@ prod direct sub/package.json:1:38', 'npm:c@ prod transitive sub/package-lock.json:1:58']);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('hostile YAML', () => {
  test('an alias bomb in pnpm-lock.yaml or pnpm-workspace.yaml is a diagnostic, not a hang or a throw', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'read-npm-'));
    try {
      const bomb = [
        'a: &a ["x","x","x","x","x","x","x","x","x"]',
        'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
        'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
        'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
        'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      ].join('\n');
      fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ name: 'bomb', version: '1.0.0', dependencies: { ms: '^2.1.3' } }));
      fs.writeFileSync(path.join(tmp, 'pnpm-lock.yaml'), `lockfileVersion: '9.0'\n${bomb}\n`);
      fs.writeFileSync(path.join(tmp, 'pnpm-workspace.yaml'), `packages:\n  - 'packages/*'\n${bomb}\n`);
      const result = await readDir(tmp);
      expect(result.diagnostics.map((d) => [d.code, d.file])).toEqual([
        ['invalid-lockfile', 'pnpm-lock.yaml'],
        ['invalid-yaml', 'pnpm-workspace.yaml'],
      ]);
      expect(table(result.components)).toEqual(['npm:ms@ prod direct package.json:1:50']);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('reader contract', () => {
  test('applies() only when there is something npm-shaped', async () => {
    expect(npmReader.applies(await discoverNpmFiles(path.join(FIXTURES, 'npm-lock-v3')))).toBe(true);
    expect(npmReader.applies(await discoverNpmFiles(path.join(FIXTURES, 'npm-lockfile-only')))).toBe(true);
    expect(
      npmReader.applies({ root: '/x', licenseFiles: [], manifests: ['Cargo.toml'], lockfiles: ['Cargo.lock'], installedTrees: [], all: [] }),
    ).toBe(false);
  });

  test('output is deterministic', async () => {
    const a = await readFixture('npm-installed-nested');
    const b = await readFixture('npm-installed-nested');
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  // A large tree has hundreds of node_modules and scope folders; each listing is system calls.
  test.each(['npm-installed-nested', 'npm-pnpm-layout', 'npm-lock-and-installed'])('%s: the walk lists no folder twice', async (name) => {
    const files = await discoverNpmFiles(path.join(FIXTURES, name));
    const listed = new Map<string, number>();
    // The module object itself (an `import * as` namespace cannot be spied on).
    const nodeFs = require('node:fs') as typeof fs;
    const original = nodeFs.readdirSync.bind(nodeFs) as (dir: fs.PathLike, options?: unknown) => unknown;
    const readdir = jest.spyOn(nodeFs, 'readdirSync').mockImplementation(((dir: fs.PathLike, options?: unknown) => {
      listed.set(String(dir), (listed.get(String(dir)) ?? 0) + 1);
      return original(dir, options);
    }) as typeof fs.readdirSync);
    try {
      await npmReader.read(files, { root: files.root, fs: createSafeFs(files.root), env: {}, includeDev: true });
    } finally {
      readdir.mockRestore();
    }
    expect(listed.size).toBeGreaterThan(3);
    // pnpm's store folder (one per tree) is still listed by SafeFs too: its diagnostic for an unlistable store is SafeFs's.
    expect([...listed].filter(([dir, n]) => n > 1 && !dir.endsWith('/.pnpm'))).toEqual([]);
  });
});

describe('dependencyEdges (one builder for installed manifests, npm and yarn lock entries)', () => {
  test('dependencies, optionalDependencies, then required peers; each block sorted; non-strings dropped', () => {
    const manifest = {
      dependencies: { zeta: '^1.0.0', alpha: '2.x', broken: 3 },
      optionalDependencies: { fsevents: '^2.3.0' },
      peerDependencies: { react: '>=17', 'react-dom': '>=17' },
      peerDependenciesMeta: { 'react-dom': { optional: true } },
    };
    expect(dependencyEdges(manifest)).toEqual([
      { name: 'alpha', range: '2.x', kind: 'prod' },
      { name: 'zeta', range: '^1.0.0', kind: 'prod' },
      { name: 'fsevents', range: '^2.3.0', kind: 'optional' },
      { name: 'react', range: '>=17', kind: 'peer' },
    ]);
  });

  test("yarn berry's dependenciesMeta makes a dependency optional; nothing declared, no edges", () => {
    expect(dependencyEdges({ dependencies: { a: '1', b: '2' } }, (name) => name === 'b')).toEqual([
      { name: 'a', range: '1', kind: 'prod' },
      { name: 'b', range: '2', kind: 'optional' },
    ]);
    expect(dependencyEdges({})).toEqual([]);
    expect(dependencyEdges({ dependencies: ['not', 'a', 'map'] })).toEqual([]);
  });
});

describe('resolveInstallPath (Node lookup over lockfile keys)', () => {
  /**
   * The lookup as written before plain keys joined by concatenation (joinRel normalises every
   * candidate), with the end it lacked: an absolute key climbed to "/" and looped there forever.
   */
  function reference(fromKey: string, name: string, exists: (key: string) => boolean): string | undefined {
    let dir = fromKey;
    for (;;) {
      if (path.posix.basename(dir) !== 'node_modules') {
        const candidate = joinRel(dir, 'node_modules', name);
        if (exists(candidate)) return candidate;
      }
      if (dir === '' || dirOf(dir) === dir) return undefined;
      dir = dirOf(dir);
    }
  }

  const keys = new Set([
    'node_modules/a',
    'node_modules/b',
    'node_modules/@s/c',
    'node_modules/a/node_modules/b',
    'node_modules/a/node_modules/@s/c',
    'node_modules/a/node_modules/b/node_modules/d',
    'packages/app/node_modules/b',
    'node_modules/x',
    'b',
  ]);
  const exists = (key: string) => keys.has(key);
  const froms = ['', 'node_modules/a', 'node_modules/a/node_modules/b', 'node_modules/a/node_modules/@s/c', 'packages/app', 'packages/app/node_modules/b', 'node_modules/@s/c', '.', './packages/app', 'node_modules/a/../a', 'node_modules//a', '/node_modules/a', 'node_modules/a/'];
  const names = ['a', 'b', '@s/c', 'd', 'missing', '../x', './b', '..', '.', '', 'a/../b', '@s//c'];

  test('the same answer as the normalising lookup for plain and hostile keys and names', () => {
    for (const from of froms) {
      for (const name of names) expect([from, name, resolveInstallPath(from, name, exists)]).toEqual([from, name, reference(from, name, exists)]);
    }
  });

  test('nearest node_modules upwards wins', () => {
    expect(resolveInstallPath('node_modules/a/node_modules/b', 'd', exists)).toBe('node_modules/a/node_modules/b/node_modules/d');
    expect(resolveInstallPath('node_modules/a/node_modules/b', 'b', exists)).toBe('node_modules/a/node_modules/b');
    expect(resolveInstallPath('node_modules/a/node_modules/@s/c', 'b', exists)).toBe('node_modules/a/node_modules/b');
    expect(resolveInstallPath('packages/app', 'b', exists)).toBe('packages/app/node_modules/b');
    expect(resolveInstallPath('', 'missing', exists)).toBeUndefined();
  });
});
