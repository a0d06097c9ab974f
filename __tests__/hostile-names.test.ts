import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { identifyText } from '../src/identify/text';
import { tokenize } from '../src/identify/text/normalize';
import { parseJsonLocated } from '../src/read/locate';
import { runCli } from './helpers/cli';

/** Words and keys that name Object.prototype members must stay plain data everywhere. */
const PROTOTYPE_NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

describe('Object.prototype names in input', () => {
  it.each(PROTOTYPE_NAMES)('tokenises a text containing "%s"', (word) => {
    expect(tokenize(`The ${word} of this software`).tokens).toContain(word.toLowerCase().replace(/_/g, ""));
    expect(identifyText(`Permission is granted to the ${word}.`).expression).toBeNull();
  });

  it('keeps a "__proto__" JSON key as an own property, not the prototype', () => {
    const { value } = parseJsonLocated('{"dependencies":{"__proto__":"1.0.0","a":"2"}}');
    const deps = (value as { dependencies: Record<string, string> }).dependencies;
    expect(Object.keys(deps)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(deps)).toBe(Object.prototype);
  });

  it('scans dependencies named like prototype members', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-proto-'));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'p', version: '1.0.0', private: true, dependencies: Object.fromEntries(PROTOTYPE_NAMES.map((n) => [n, '1.0.0'])) }));
      fs.mkdirSync(path.join(dir, 'node_modules', 'constructor'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'node_modules', 'constructor', 'package.json'), '{"name":"constructor","version":"1.0.0","license":"MIT"}');
      const { code, stdout, stderr } = await runCli(['check', dir, '-f', 'json']);
      expect(stderr).not.toMatch(/internal error/);
      expect([0, 1]).toContain(code);
      const report = JSON.parse(stdout);
      expect(report.components.find((c: { name: string }) => c.name === 'constructor').license.expression).toBe('MIT');
      expect(report.components.map((c: { name: string }) => c.name).sort()).toEqual([...PROTOTYPE_NAMES].sort());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
