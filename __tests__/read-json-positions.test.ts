import * as fs from 'node:fs';
import * as path from 'node:path';
import fg from 'fast-glob';
import { visit } from 'jsonc-parser';
import { scanKeyPositions, scanTopLevelKeyPositions } from '../src/read/ecosystems/npm/json-positions';

/** An independent answer: jsonc-parser's visitor, every property key with its path. */
function oracle(text: string, wanted: (p: readonly string[]) => boolean): Map<string, { line: number; column: number }> {
  const out = new Map<string, { line: number; column: number }>();
  visit(text, {
    onObjectProperty(property, _offset, _length, startLine, startCharacter, pathSupplier) {
      const p = [...pathSupplier().map(String), property];
      if (wanted(p) && !out.has(p.join('\0'))) out.set(p.join('\0'), { line: startLine + 1, column: startCharacter + 1 });
    },
  });
  return out;
}

const topLevel = (keys: string[]) => (p: readonly string[]) => p.length === 1 && keys.includes(p[0]);

describe('scanTopLevelKeyPositions', () => {
  test.each([
    ['keys on their own lines', '{\n  "name": "a",\n  "license": "MIT"\n}', { name: [2, 3], license: [3, 3] }],
    ['a nested key of the same name is not top level', '{"dependencies": {"license": "1.0.0"},\n "license": "MIT"}', { license: [2, 2] }],
    ['escaped quotes and backslashes inside strings', '{"description": "say \\"name\\": \\\\", "name": "x"}', { name: [1, 37] }],
    ['a value that looks like a key', '{"a": "\\"license\\":", \n"license": "ISC"}', { license: [2, 1] }],
    ['an escaped key', '{"\\u006eame": "x"}', { name: [1, 2] }],
    ['arrays at depth one are not objects', '{"files": ["name", "license"], "name": "y"}', { name: [1, 32] }],
    ['CRLF line ends', '{\r\n"name": "a",\r\n  "license": "MIT"\r\n}', { name: [2, 1], license: [3, 3] }],
    ['non-ASCII text before the key', '{"description": "日本語 ✓", "name": "z"}', { name: [1, 26] }],
  ])('%s', (_label, text, expected) => {
    const positions = scanTopLevelKeyPositions(text, topLevel(['name', 'license']));
    for (const [key, [line, column]] of Object.entries(expected)) expect(positions.get([key])).toEqual({ line, column });
    // The general scanner and jsonc-parser agree.
    const general = scanKeyPositions(text, topLevel(['name', 'license']));
    const reference = oracle(text, topLevel(['name', 'license']));
    for (const key of Object.keys(expected)) {
      expect(positions.get([key])).toEqual(general.get([key]));
      expect(positions.get([key])).toEqual(reference.get(key));
    }
  });

  test('a root array has no keys', () => {
    expect(scanTopLevelKeyPositions('["name", {"name": 1}]', topLevel(['name'])).get(['name'])).toBeUndefined();
  });

  test('stops once every wanted key is placed', () => {
    const positions = scanTopLevelKeyPositions('{"name": "a", "license": "MIT", "x": {"name": 2}}', topLevel(['name']), 1);
    expect(positions.get(['name'])).toEqual({ line: 1, column: 2 });
  });

  test('agrees with jsonc-parser on every package.json in the fixtures', () => {
    const root = path.join(__dirname, '..', 'fixtures');
    const files = fg.sync('**/package.json', { cwd: root, dot: true, followSymbolicLinks: false }).sort();
    let compared = 0;
    for (const file of files) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        continue; // broken fixtures are located by the other parser
      }
      if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
      const keys = ['name', 'license', 'licenses', 'version'];
      const fast = scanTopLevelKeyPositions(text, topLevel(keys));
      const reference = oracle(text, topLevel(keys));
      for (const key of keys) expect([file, key, fast.get([key])]).toEqual([file, key, reference.get(key)]);
      compared++;
    }
    expect(compared).toBeGreaterThan(50);
  });
});

describe('scanKeyPositions (any depth)', () => {
  const lockKey = (p: readonly string[]): boolean => {
    if (p.length === 1) return p[0] === 'lockfileVersion';
    if (p[0] === 'packages') return p.length === 2 || (p.length === 3 && p[2] === 'license') || (p.length === 4 && p[1] === '');
    if (p[0] === 'dependencies') return p.length % 2 === 0 && p.every((seg, i) => i % 2 === 1 || seg === 'dependencies');
    return false;
  };
  const everything = () => true;

  test.each([
    ['nested objects and arrays', '{"a": {"b": [1, {"c": true}], "d": null}, "e": -1.5e3}'],
    ['escaped keys and quotes in values', '{"x\\"y": "v\\"", "z": {"\\u0041": "\\\\"}}'],
    ['CRLF and tabs', '{\r\n\t"a": {\r\n\t\t"b": false\r\n\t}\r\n}'],
    ['a root array', '[{"a": 1}, [{"b": 2}]]'],
  ])('places every key as jsonc-parser does: %s', (_label, text) => {
    const positions = scanKeyPositions(text, everything);
    const reference = oracle(text, everything);
    expect(reference.size).toBeGreaterThan(0);
    for (const [key, position] of reference) expect([key, positions.get(key.split('\0'))]).toEqual([key, position]);
  });

  test('agrees with jsonc-parser on every lockfile and manifest in the fixtures', () => {
    const root = path.join(__dirname, '..', 'fixtures');
    const files = fg.sync(['**/package-lock.json', '**/npm-shrinkwrap.json', '**/package.json', '**/composer.json', '**/composer.lock'], { cwd: root, dot: true, followSymbolicLinks: false }).sort();
    let compared = 0;
    for (const file of files) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      try {
        JSON.parse(text);
      } catch {
        continue;
      }
      for (const wanted of [lockKey, everything]) {
        const positions = scanKeyPositions(text, wanted);
        for (const [key, position] of oracle(text, wanted)) expect([file, key, positions.get(key.split('\0'))]).toEqual([file, key, position]);
      }
      compared++;
    }
    expect(compared).toBeGreaterThan(50);
  });
});
