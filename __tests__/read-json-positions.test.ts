import * as fs from 'node:fs';
import * as path from 'node:path';
import fg from 'fast-glob';
import { scanKeyPositions, scanTopLevelKeyPositions } from '../src/read/ecosystems/npm/json-positions';

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
    // The general tokenising scanner agrees.
    const general = scanKeyPositions(text, topLevel(['name', 'license']));
    for (const key of Object.keys(expected)) expect(positions.get([key])).toEqual(general.get([key]));
  });

  test('a root array has no keys', () => {
    expect(scanTopLevelKeyPositions('["name", {"name": 1}]', topLevel(['name'])).get(['name'])).toBeUndefined();
  });

  test('stops once every wanted key is placed', () => {
    const positions = scanTopLevelKeyPositions('{"name": "a", "license": "MIT", "x": {"name": 2}}', topLevel(['name']), 1);
    expect(positions.get(['name'])).toEqual({ line: 1, column: 2 });
  });

  test('agrees with the tokenising scanner on every package.json in the fixtures', () => {
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
      const general = scanKeyPositions(text, topLevel(keys));
      for (const key of keys) expect([file, key, fast.get([key])]).toEqual([file, key, general.get([key])]);
      compared++;
    }
    expect(compared).toBeGreaterThan(50);
  });
});
