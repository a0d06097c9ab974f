import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const BIN = path.join(__dirname, '..', 'bin', 'license-risk.js');
const hasMkfifo = process.platform !== 'win32' && spawnSync('sh', ['-c', 'command -v mkfifo']).status === 0;

/** A FIFO opened for reading waits for a writer forever: every read must refuse it instead. */
(hasMkfifo ? describe : describe.skip)('FIFOs named like the files license-risk reads never hang it', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-fifo-'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'f', version: '1.0.0', license: 'MIT', dependencies: { dep: '1.0.0' } }));
    fs.mkdirSync(path.join(dir, 'node_modules', 'dep'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules', 'dep', 'package.json'), JSON.stringify({ name: 'dep', version: '1.0.0', license: 'ISC' }));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (args: string[], cwd = os.tmpdir(), extraEnv: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH, HOME: dir, ...extraEnv } });

  // With license texts read for the second thread too (`LICENSE_RISK_THREADS=1`): the same read, the same refusal.
  test.each([
    ['the project LICENSE', 'LICENSE', 'LICENSE: not a regular file', '0'],
    ["a dependency's LICENSE", 'node_modules/dep/LICENSE', 'node_modules/dep/LICENSE: not a regular file', '0'],
    ["a dependency's LICENSE, text thread on", 'node_modules/dep/LICENSE', 'node_modules/dep/LICENSE: not a regular file', '1'],
    ["a dependency's package.json", 'node_modules/dep/package.json', 'node_modules/dep/package.json: not a regular file', '0'],
  ])('%s: a warning naming it, and the scan goes on', (_label, file, message, threads) => {
    fs.rmSync(path.join(dir, file), { force: true });
    execFileSync('mkfifo', [path.join(dir, file)]);
    const result = run(['check', dir], os.tmpdir(), { LICENSE_RISK_THREADS: threads });
    expect(result.signal).toBeNull();
    expect(result.stderr).toContain(message);
    expect([0, 1]).toContain(result.status);
  });

  test('a config file: exit 2 with a message naming it', () => {
    execFileSync('mkfifo', [path.join(dir, '.license-riskrc')]);
    const result = run(['check', dir]);
    expect(result.signal).toBeNull();
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('.license-riskrc: cannot read config: not a regular file');
  });

  test('a package.json in the working directory is never read (no cosmiconfig meta config any more)', () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-fifo-cwd-'));
    try {
      execFileSync('mkfifo', [path.join(cwd, 'package.json')]);
      fs.writeFileSync(path.join(dir, '.license-riskrc.json'), '{}');
      const result = run(['check', dir], cwd);
      expect(result.signal).toBeNull();
      expect([0, 1]).toContain(result.status);
      expect(result.stderr).not.toContain('cannot read config');
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });

  test('`identify` on a FIFO', () => {
    execFileSync('mkfifo', [path.join(dir, 'LICENSE')]);
    const result = run(['identify', path.join(dir, 'LICENSE')]);
    expect(result.signal).toBeNull();
    expect(result.stdout + result.stderr).toContain('not a regular file');
  });
});
