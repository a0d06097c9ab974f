import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './helpers/cli';
import type { Report } from '../src/types';

/**
 * A checkout full of hostile input: every problem gets one diagnostic naming the file, the
 * scan goes on with everything else, nothing is written into the checkout, no stack trace.
 */
describe('a checkout with broken and hostile files', () => {
  let dir: string;
  let before: string[];

  const write = (rel: string, content: string | Buffer) => {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  };

  const listTree = (root: string): string[] => {
    const out: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const abs = path.join(d, e.name);
        const st = fs.lstatSync(abs);
        out.push(`${path.relative(root, abs)} ${st.size} ${st.mtimeMs}`);
        if (e.isDirectory() && !e.isSymbolicLink()) walk(abs);
      }
    };
    walk(root);
    return out.sort();
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-hostile-'));
    write('package.json', JSON.stringify({ name: 'hostile', version: '1.0.0', private: true, dependencies: { good: '^1.0.0', broken: '^1.0.0', sneaky: '^1.0.0', huge: '^1.0.0', binary: '^1.0.0' } }, null, 2));
    write('package-lock.json', '{ "lockfileVersion": 3, "packages": { ');
    write('node_modules/good/package.json', JSON.stringify({ name: 'good', version: '1.0.0', license: 'MIT' }));
    write('node_modules/broken/package.json', '{ "name": "broken", "version": "1.0.0", ');
    write('node_modules/sneaky/package.json', JSON.stringify({ name: 'sneaky', version: '1.0.0', license: 'SEE LICENSE IN ../../../etc/passwd' }));
    write('node_modules/huge/package.json', JSON.stringify({ name: 'huge', version: '1.0.0' }));
    write('node_modules/huge/LICENSE', 'MIT License\n' + 'x'.repeat(2 * 1024 * 1024));
    write('node_modules/binary/package.json', JSON.stringify({ name: 'binary', version: '1.0.0' }));
    write('node_modules/binary/LICENSE', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3]));
    fs.symlinkSync('loop-b', path.join(dir, 'node_modules', 'loop-a'));
    fs.symlinkSync('loop-a', path.join(dir, 'node_modules', 'loop-b'));
    fs.symlinkSync('..', path.join(dir, 'node_modules', 'good', 'parent'));
    before = listTree(dir);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  let report: Report;
  let stderr: string;
  let code: number;
  beforeAll(async () => {
    const result = await runCli(['check', dir, '--format', 'json']);
    stderr = result.stderr;
    code = result.code;
    report = JSON.parse(result.stdout);
  });

  it('still reports the readable components', () => {
    expect(report.components.find((c) => c.name === 'good')?.license.expression).toBe('MIT');
  });

  it('names the unparseable lockfile', () => {
    expect(report.diagnostics.some((d) => d.file === 'package-lock.json')).toBe(true);
    expect(stderr).toMatch(/package-lock\.json(:\d+:\d+)?: /);
  });

  it('names the broken installed package.json', () => {
    expect(report.diagnostics.some((d) => d.file === 'node_modules/broken/package.json')).toBe(true);
  });

  it('refuses SEE LICENSE IN outside the package', () => {
    const d = report.diagnostics.find((x) => x.code === 'path-escape');
    expect(d?.file).toBe('node_modules/sneaky/package.json');
    const sneaky = report.components.find((c) => c.name === 'sneaky');
    expect(sneaky?.license.expression).toBeNull();
  });

  it('reads only the first 1 MB of a huge license file and says so', () => {
    expect(report.diagnostics.some((d) => d.file === 'node_modules/huge/LICENSE' && d.code === 'file-truncated')).toBe(true);
  });

  it('does not read a binary license file as text', () => {
    expect(report.diagnostics.some((d) => d.file === 'node_modules/binary/LICENSE' && d.code === 'binary-file')).toBe(true);
  });

  it('prints no stack trace and exits with a finding code, not a crash', () => {
    expect(stderr).not.toMatch(/\n\s+at /);
    expect([0, 1]).toContain(code);
  });

  it('writes nothing into the checkout', () => {
    expect(listTree(dir)).toEqual(before);
  });
});
