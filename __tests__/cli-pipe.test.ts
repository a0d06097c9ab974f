import { EventEmitter } from 'node:events';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { guardedWriter } from '../src/cli/main';

const BIN = path.join(__dirname, '..', 'bin', 'license-risk.js');

class FakeStream extends EventEmitter {
  written: string[] = [];
  write(s: string): boolean {
    this.written.push(s);
    return true;
  }
}

describe('output to a reader that goes away', () => {
  test('after EPIPE the rest is dropped quietly', () => {
    const stream = new FakeStream();
    const write = guardedWriter(stream as unknown as NodeJS.WritableStream);
    write('a');
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    write('b');
    expect(stream.written).toEqual(['a']);
  });

  test('`license-risk … | head -c 1` ends without a stack trace', () => {
    // A report well over a pipe buffer (64 KB), so the writer is still writing when head exits.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-pipe-'));
    try {
      const packages: Record<string, unknown> = { '': { name: 'big', version: '1.0.0', license: 'MIT', dependencies: {} } };
      for (let i = 0; i < 600; i++) {
        (packages[''] as { dependencies: Record<string, string> }).dependencies[`dep-${i}`] = '1.0.0';
        packages[`node_modules/dep-${i}`] = { version: '1.0.0', license: i % 2 ? 'MIT' : 'GPL-3.0-only', resolved: `https://registry.npmjs.org/dep-${i}/-/dep-${i}-1.0.0.tgz` };
      }
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'big', version: '1.0.0', license: 'MIT', dependencies: (packages[''] as { dependencies: object }).dependencies }));
      fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify({ name: 'big', lockfileVersion: 3, packages }));
      const run = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" check "${dir}" --format json | head -c 1 > /dev/null`], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir } });
      expect(run.stderr).not.toMatch(/EPIPE|\n\s+at /);
      expect(run.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
