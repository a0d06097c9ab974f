import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadTemplateIndex } from '../src/identify/text';
import { KeySet, findTemplateHits } from '../src/identify/text/match';
import { tokenizeWithCopyright } from '../src/identify/text/normalize';

describe('KeySet (the 3-gram sets scoring looks texts up in)', () => {
  test('holds non-negative keys, including 0, and answers membership', () => {
    const set = KeySet.of([0, 5, 5, 0x3fffffff, -1, 17]);
    expect(set.size).toBe(4);
    for (const key of [0, 5, 17, 0x3fffffff]) expect(set.has(key)).toBe(true);
    for (const key of [1, 4, 6, -1, 0x3ffffffe]) expect(set.has(key)).toBe(false);
    expect([...set.keys()].sort((a, b) => a - b)).toEqual([0, 5, 17, 0x3fffffff]);
  });

  test('stays correct when many keys collide in a small table', () => {
    const keys = Array.from({ length: 500 }, (_, i) => i * 1024);
    const set = KeySet.of(keys);
    expect(set.size).toBe(500);
    expect(keys.every((k) => set.has(k))).toBe(true);
    expect(set.has(1023)).toBe(false);
  });

  test('countDistinct counts each member once, only at flagged positions inside the range', () => {
    const set = KeySet.of([10, 20, 30]);
    const keys = Int32Array.of(10, 10, 20, 99, 30, -1, 20);
    const flagged = Uint8Array.of(1, 1, 1, 1, 0, 1, 1);
    expect(set.countDistinct(keys, flagged, 0, 6)).toBe(2); // 10, 20 (30 not flagged, 99 not a member)
    expect(set.countDistinct(keys, flagged, 2, 6)).toBe(1); // 20
    // Repeated calls start afresh (stamps, not a cleared table).
    for (let i = 0; i < 1000; i++) expect(set.countDistinct(keys, flagged, 0, 1)).toBe(1);
    expect(set.countDistinct(keys, Uint8Array.of(1, 1, 1, 1, 1, 1, 1), 0, 6)).toBe(3);
  });
});

describe('KeySet.markMembers (scoring\'s membership pass over a text)', () => {
  /** A small deterministic generator, so a failure reproduces. */
  function keysFrom(seed: number, count: number, range: number): Int32Array {
    const out = new Int32Array(count);
    let state = seed;
    for (let i = 0; i < count; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      out[i] = (state % (range + 1)) - 1; // -1 (no 3-gram) now and then
    }
    return out;
  }

  test('marks exactly the positions has() answers yes for, skipping covered ones', () => {
    const set = KeySet.of(keysFrom(7, 300, 2000));
    const text = keysFrom(11, 5000, 2000);
    const covered = new Uint8Array(text.length);
    for (let p = 0; p < text.length; p += 3) covered[p] = 1;
    const isHit = new Uint8Array(text.length);
    const count = set.markMembers(text, covered, isHit);
    let expected = 0;
    for (let p = 0; p < text.length; p++) {
      const member = !covered[p] && set.has(text[p]);
      expect(isHit[p]).toBe(member ? 1 : 0);
      if (member) expected++;
    }
    expect(count).toBe(expected);
    expect(count).toBeGreaterThan(0);
  });

  test('leaves positions it does not mark as they were (the caller clears its scratch)', () => {
    const set = KeySet.of([1, 2]);
    const isHit = Uint8Array.of(0, 1, 0);
    expect(set.markMembers(Int32Array.of(1, 9, -1), new Uint8Array(3), isHit)).toBe(1);
    expect([...isHit]).toEqual([1, 1, 0]);
  });
});

describe('findTemplateHits keeps no state from one text to the next', () => {
  // Candidate selection reuses its per-word and per-template scratch between texts (stamps and
  // counters left zeroed): the hits of a text must not depend on what was matched before it.
  const corpus = path.join(__dirname, '..', 'fixtures', 'identify-corpus');
  const texts = fs
    .readFileSync(path.join(corpus, 'EXPECTED.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#') && !line.startsWith('dir\t'))
    .map((line) => line.split('\t'))
    .slice(0, 40)
    .map(([dir, file]) => fs.readFileSync(path.join(corpus, dir, file), 'utf8'));

  function hitsOf(text: string): string {
    const { stream } = tokenizeWithCopyright(text);
    return JSON.stringify(findTemplateHits(loadTemplateIndex(), stream).map((h) => [h.entry.id, h.startToken, h.endToken, h.coverage, h.dice, h.insertions]));
  }

  test('the same hits forwards, backwards and twice in a row', () => {
    expect(texts.length).toBeGreaterThan(20);
    const forwards = texts.map(hitsOf);
    const backwards = [...texts].reverse().map(hitsOf).reverse();
    expect(backwards).toEqual(forwards);
    expect(texts.map(hitsOf)).toEqual(forwards);
    expect(forwards.filter((hits) => hits !== '[]').length).toBeGreaterThan(10);
  });
});
