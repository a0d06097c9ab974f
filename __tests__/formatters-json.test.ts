import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Report } from '../src/types';
import { format, jsonChunks } from '../src/report/formatters/json';

const stringified = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const asReport = (value: unknown) => value as Report;

describe('json formatter: JSON.stringify(report, null, 2) to the byte, written in chunks', () => {
  test('a real report (fixtures/ci-report) is byte-identical', () => {
    const report = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'ci-report', 'report.json'), 'utf8'));
    expect(format(report, { color: false, cwd: '.', rules: {} })).toBe(stringified(report));
  });

  test.each([
    ['an empty object', {}],
    ['empty arrays and objects at the top and inside', { a: [], b: {}, c: [[], {}, [1, [2, []]]], d: { e: [] } }],
    ['strings that need escaping, non-ASCII and line breaks', { name: 'a"b\\c\n\td', who: ['Zoë', '日本', 'emoji 🙂', '\u2028'] }],
    ['numbers, booleans and null', { n: [0, -1.5, 1e21, NaN, Infinity], t: true, f: false, z: null }],
    ['members with no JSON form are left out, array elements become null', { u: undefined, fn: () => 1, list: [undefined, () => 1, Symbol('s'), 3] }],
    ['nested objects keep their own indentation', { components: [{ id: 'x', license: { expression: 'MIT', files: [{ file: 'LICENSE' }] } }] }],
  ])('%s', (_label, value) => {
    expect([...jsonChunks(asReport(value))].join('')).toBe(stringified(value));
  });

  test('a large report comes in several chunks that join to the whole', () => {
    const components = Array.from({ length: 3000 }, (_, i) => ({ id: `npm:pkg-${i}@1.0.0`, paths: [['root', `pkg-${i}`]], license: { expression: 'MIT' } }));
    const value = { version: 1, components, findings: [] };
    const chunks = [...jsonChunks(asReport(value))];
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.join('')).toBe(stringified(value));
  });
});
