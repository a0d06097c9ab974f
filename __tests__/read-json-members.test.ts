import * as fs from 'node:fs';
import * as path from 'node:path';
import fg from 'fast-glob';
import { readTopLevelMembers, skipValue } from '../src/read/ecosystems/npm/json-members';
import { readJsonWithPositions } from '../src/read/ecosystems/npm/json-positions';
import { MAX_NESTING_DEPTH } from '../src/read/nesting';
import type { ReadContext } from '../src/types';

const KEEP = new Set(['name', 'version', 'license', 'licenses', 'dependencies', 'optionalDependencies', 'peerDependencies', 'peerDependenciesMeta']);
const LOCATED = (key: string) => key === 'name' || key === 'license' || key === 'licenses';

/** What readTopLevelMembers must agree with: JSON.parse, then the wanted members. */
function parsedMembers(text: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) if (KEEP.has(key)) out[key] = (value as Record<string, unknown>)[key];
  return out;
}

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const jsonFiles = fg
  .sync(['fixtures/**/*.json', '!fixtures/**/node_modules/.package-lock.json'], { cwd: path.join(__dirname, '..'), absolute: true, dot: true })
  .sort()
  .map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));

describe('readTopLevelMembers: the members JSON.parse would give, without building the rest', () => {
  test('every JSON file in the fixtures: same members as JSON.parse, same key positions as the scanner', () => {
    expect(jsonFiles.length).toBeGreaterThan(50);
    let objects = 0;
    for (const { file, text } of jsonFiles) {
      const expected = parsedMembers(text);
      const got = readTopLevelMembers(text, KEEP, LOCATED);
      if (expected === undefined) {
        expect({ file, got }).toEqual({ file, got: undefined });
        continue;
      }
      objects++;
      expect({ file, value: got?.value }).toEqual({ file, value: expected });
    }
    expect(objects).toBeGreaterThan(50);
  });

  test('through readJsonWithPositions: the same members and key positions as parsing whole, on every fixture', async () => {
    const wanted = (p: readonly string[]) => p.length === 1 && LOCATED(p[0]);
    const duplicates = ['{"name": "a", "license": "MIT", "name": "b"}', '{"name": "a",\n "name": "b",\n "license": "X"}', '{"license": "A", "licenses": [], "license": "B"}'];
    for (const { file, text } of [...jsonFiles, ...duplicates.map((text, i) => ({ file: `duplicates-${i}.json`, text }))]) {
      const ctx = { root: '.', env: {}, includeDev: true, fs: { readText: async () => ({ ok: true, text, truncated: false, size: text.length }) } } as unknown as ReadContext;
      const whole = await readJsonWithPositions(ctx, file, wanted, undefined, { topLevelOnly: true });
      const members = await readJsonWithPositions(ctx, file, wanted, undefined, { topLevelOnly: true, members: KEEP });
      expect(members.ok).toBe(whole.ok);
      if (!whole.ok || !members.ok) continue;
      expect(members.value).toEqual(parsedMembers(text) ?? whole.value);
      for (const key of ['name', 'license', 'licenses']) expect({ file, key, at: members.positions.get([key]) }).toEqual({ file, key, at: whole.positions.get([key]) });
    }
  });

  test('the nesting limit: at it the members are read, one deeper is the same too-deep diagnostic as parsing whole', async () => {
    const wanted = (p: readonly string[]) => p.length === 1 && LOCATED(p[0]);
    // The top-level object is one level: a member's value may open MAX_NESTING_DEPTH - 1 more.
    const nested = (levels: number) => `{"name": "a",\n "license": ${'['.repeat(levels)}${']'.repeat(levels)}}`;
    for (const levels of [MAX_NESTING_DEPTH - 1, MAX_NESTING_DEPTH, MAX_NESTING_DEPTH + 5]) {
      const text = nested(levels);
      const ctx = { root: '.', env: {}, includeDev: true, fs: { readText: async () => ({ ok: true, text, truncated: false, size: text.length }) } } as unknown as ReadContext;
      const whole = await readJsonWithPositions(ctx, 'package.json', wanted, undefined, { topLevelOnly: true });
      const members = await readJsonWithPositions(ctx, 'package.json', wanted, undefined, { topLevelOnly: true, members: KEEP });
      expect({ levels, ok: members.ok }).toEqual({ levels, ok: levels < MAX_NESTING_DEPTH });
      if (members.ok || whole.ok) {
        expect(members.ok && members.value.name).toBe('a');
        continue;
      }
      expect(members.diagnostic).toEqual(whole.diagnostic);
      expect(members.diagnostic).toMatchObject({ code: 'too-deep', line: 2, column: 13 + MAX_NESTING_DEPTH - 1 });
    }
  });

  test.each([
    ['a trailing comma in a member', '{"name": "a", "scripts": {"x": "y",}}'],
    ['a trailing comma at the top', '{"name": "a",}'],
    ['a leading zero', '{"name": "a", "n": 01}'],
    ['a bare decimal point', '{"n": 1.}'],
    ['a plus sign', '{"n": +1}'],
    ['an exponent without digits', '{"n": 1e}'],
    ['a raw tab inside a string', '{"description": "a\tb"}'],
    ['a raw line break inside a string', '{"description": "a\nb"}'],
    // Texts without backslashes or other control characters take the native-search path.
    ['a raw line break inside a later string', '{"name": "a",\n  "version": "1",\n  "description": "x\ny"}'],
    ['a line break in a key', '{"na\nme": "a"}'],
    ['an unterminated string at the end', '{"name": "a'],
    ['an unknown escape', '{"description": "a\\qb"}'],
    ['a short \\u escape', '{"description": "\\u12G4"}'],
    ['single quotes', "{'name': 'a'}"],
    ['a comment', '{"name": "a" /* x */}'],
    ['a no-break space as white space', '{"name":\u00a0"a"}'],
    ['a misspelt literal', '{"private": tru}'],
    ['text after the object', '{"name": "a"} x'],
    ['a second object', '{"name": "a"}{}'],
    ['an unclosed array deep inside', '{"a": [[1, 2], [3}'],
    ['a missing colon', '{"name" "a"}'],
    ['an unquoted key', '{name: "a"}'],
    ['an empty text', ''],
  ])('refuses what JSON.parse refuses: %s', (_label, text) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(readTopLevelMembers(text, KEEP, LOCATED)).toBeUndefined();
  });

  test.each([
    ['later duplicates win', '{"name": "a", "name": "b"}', { name: 'b' }],
    ['escaped keys are read', '{"\\u006eame": "x", "lic\\u0065nse": "MIT"}', { name: 'x', license: 'MIT' }],
    ['a __proto__ member is neither kept nor a prototype', '{"__proto__": {"name": "p"}, "version": "1"}', { version: '1' }],
    ['lone surrogates and U+2028 are valid in strings', '{"name": "\\ud800 \u2028 \ud800"}', { name: '\ud800 \u2028 \ud800' }],
    ['numbers of every shape', '{"version": [0, -0, 1.5, -2e10, 3E+2, 4e-2], "x": 1}', { version: [0, -0, 1.5, -2e10, 3e2, 4e-2] }],
    ['white space of all four kinds', ' \t\r\n{ \t\r\n"name" \t\r\n: \t\r\n"a" \t\r\n} \t\r\n', { name: 'a' }],
    ['an empty object', '{}', {}],
    ['line breaks between strings only', '{\n"name":\n"a",\n"license"\n:\n"MIT"\n}', { name: 'a', license: 'MIT' }],
    ['one line, many strings', `{${Array.from({ length: 50 }, (_, i) => `"k${i}": "v${i}"`).join(', ')}, "name": "n"}`, { name: 'n' }],
  ])('accepts valid JSON: %s', (_label, text, expected) => {
    expect(readTopLevelMembers(text, KEEP, LOCATED)?.value).toEqual(expected);
    expect(parsedMembers(text)).toEqual(expected);
  });

  test('leaves to JSON.parse what is not an object at the top, or nested very deeply', () => {
    for (const text of ['[]', '"name"', '1', 'null']) expect(readTopLevelMembers(text, KEEP, LOCATED)).toBeUndefined();
    const deep = `{"a": ${'['.repeat(10000)}${']'.repeat(10000)}}`;
    expect(readTopLevelMembers(deep, KEEP, LOCATED)).toBeUndefined();
    expect(skipValue('['.repeat(100000), 0)).toBe(-1); // no stack overflow
  });

  test('key positions are those of the opening quote, counted over CRLF and non-ASCII text', () => {
    const text = '{\r\n  "description": "日本語",\r\n  "name": "a",\n"license": "MIT"}';
    const got = readTopLevelMembers(text, KEEP, LOCATED)!;
    expect(got.located).toEqual([
      { key: 'name', position: { line: 3, column: 3 } },
      { key: 'license', position: { line: 4, column: 1 } },
    ]);
  });

  test('fuzzed: never accepts a text JSON.parse refuses, and agrees with it on every one it accepts', () => {
    const next = random(7);
    const pieces = [',', '{', '}', '[', ']', '"', ':', '0', '-', '.', 'e', '\\', ' ', '\n', 't', 'u', '\u0001', '1'];
    const seeds = jsonFiles.filter(({ text }) => text.length < 4000 && parsedMembers(text) !== undefined).slice(0, 60);
    let accepted = 0;
    let refused = 0;
    for (const { text } of seeds) {
      for (let round = 0; round < 60; round++) {
        const at = Math.floor(next() * text.length);
        const roll = next();
        const piece = pieces[Math.floor(next() * pieces.length)];
        const mutated = roll < 0.4 ? text.slice(0, at) + text.slice(at + 1) : roll < 0.8 ? text.slice(0, at) + piece + text.slice(at) : text.slice(0, at) + piece + text.slice(at + 1);
        const expected = parsedMembers(mutated);
        const got = readTopLevelMembers(mutated, KEEP, LOCATED);
        if (expected === undefined) {
          expect({ mutated, got }).toEqual({ mutated, got: undefined });
          refused++;
        } else {
          expect({ mutated, value: got?.value }).toEqual({ mutated, value: expected });
          accepted++;
        }
      }
    }
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });
});
