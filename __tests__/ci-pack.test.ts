/**
 * PACK-AND-INSTALL TEST (slow, needs the npm registry for dependencies).
 *
 * Proves the package installs the way pre-commit and `npx` install it: `npm pack` (which runs the
 * `prepare` build), `npm install` of the tarball into a temporary prefix, then the installed
 * `license-risk` binary run on a fixture checkout. It depends on the whole CLI building and
 * running, so it only passes once every stage is in place. Set LICENSE_RISK_SKIP_PACK_TEST=1 to
 * skip it when offline.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..');
const fixture = path.join(root, 'fixtures', 'ci-diff', 'head');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const skip = process.env.LICENSE_RISK_SKIP_PACK_TEST === '1';

(skip ? describe.skip : describe)('npm pack → install into a prefix → run the installed binary', () => {
  let tmp: string;
  let bin: string;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-pack-'));
    const npmEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
    const packed = JSON.parse(
      execFileSync(npm, ['pack', '--json', '--pack-destination', tmp], { cwd: root, env: npmEnv, stdio: ['ignore', 'pipe', 'pipe'] }).toString(),
    ) as { filename: string; files: { path: string }[] }[];
    const tarball = path.join(tmp, packed[0].filename);
    const files = packed[0].files.map((f) => f.path);
    // What must ship: the built entry points, not the sources or tests.
    expect(files).toEqual(expect.arrayContaining(['bin/license-risk.js', 'dist/src/cli/main.js', 'dist/src/action/main.js', 'package.json']));
    expect(files.some((f) => f.startsWith('__tests__/') || f.startsWith('fixtures/'))).toBe(false);

    const prefix = path.join(tmp, 'prefix');
    fs.mkdirSync(prefix);
    execFileSync(npm, ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--omit=dev', '--loglevel=error', tarball], {
      cwd: tmp,
      env: npmEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    bin = path.join(prefix, 'node_modules', '.bin', process.platform === 'win32' ? 'license-risk.cmd' : 'license-risk');
  }, 240_000); // the build dominates: ~15 s on an idle machine, much more on a loaded CI runner

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('the installed binary scans a checkout and prints a JSON report', () => {
    const result = spawnSync(bin, [fixture, '--format', 'json', '--profile', 'saas'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(result.stderr).not.toMatch(/at .+\.js:\d+:\d+/); // never a stack trace
    expect([0, 1]).toContain(result.status);
    const report = JSON.parse(result.stdout);
    expect(report.tool.name).toBe('license-risk');
    expect(report.profile.distribution).toBe('saas');
    expect(report.components.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['@elastic/eui', 'lodash']));
  });

  test('the installed binary writes SARIF', () => {
    const result = spawnSync(bin, [fixture, '--format', 'sarif', '--profile', 'saas'], { encoding: 'utf8' });
    expect([0, 1]).toContain(result.status);
    expect(JSON.parse(result.stdout).version).toBe('2.1.0');
  });

  test('the package is a typed API: require and import give scan/identify/explain, and scan() is the CLI JSON', () => {
    const prefix = path.dirname(path.dirname(path.dirname(bin)));
    const env = { ...process.env, LICENSE_RISK_TODAY: '2026-11-26', NO_COLOR: '1' };
    const cli = spawnSync(bin, [fixture, '--format', 'json', '--profile', 'saas'], { encoding: 'utf8', env });
    const cjs = spawnSync(
      process.execPath,
      ['-e', `const api = require('license-risk'); api.scan({ cwd: ${JSON.stringify(fixture)}, profile: 'saas' }).then((r) => process.stdout.write(JSON.stringify({ keys: Object.keys(api).sort(), report: r })))`],
      { cwd: prefix, encoding: 'utf8', env },
    );
    expect(cjs.stderr).toBe('');
    const fromRequire = JSON.parse(cjs.stdout);
    expect(fromRequire.keys).toEqual(expect.arrayContaining(['explain', 'identify', 'scan']));
    expect(fromRequire.report).toEqual(JSON.parse(cli.stdout));

    const esm = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { scan, identify, explain } from 'license-risk';
         const report = await scan({ cwd: ${JSON.stringify(fixture)}, profile: 'saas' });
         const text = await identify({ file: ${JSON.stringify(path.join(root, 'fixtures', 'cli-saas-app', 'node_modules', 'express', 'LICENSE'))} });
         const rule = await explain('license-policy');
         process.stdout.write(JSON.stringify({ components: report.components.length, rule: rule.kind, id: text.expression }));`,
      ],
      { cwd: prefix, encoding: 'utf8', env },
    );
    expect(esm.stderr).toBe('');
    expect(JSON.parse(esm.stdout)).toEqual({ components: JSON.parse(cli.stdout).components.length, rule: 'rule', id: 'MIT' });

    // The types resolve for a TypeScript user of either module system.
    fs.writeFileSync(path.join(prefix, 'use.mts'), "import { scan, type Report } from 'license-risk';\nconst r: Promise<Report> = scan({ cwd: '.', production: true });\nvoid r;\n");
    fs.writeFileSync(path.join(prefix, 'use.cts'), "import api = require('license-risk');\nconst r: Promise<api.Report> = api.scan({ sbom: ['bom.json'] });\nvoid r;\n");
    const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '--strict', '--module', 'node16', '--moduleResolution', 'node16', '--types', 'node', '--typeRoots', path.join(root, 'node_modules', '@types'), 'use.mts', 'use.cts'], { cwd: prefix, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
  }, 120_000);

  test('a usage error exits 2 without a stack trace', () => {
    const result = spawnSync(bin, [fixture, '--format', 'no-such-format'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).not.toMatch(/at .+\.js:\d+:\d+/);
  });
});
