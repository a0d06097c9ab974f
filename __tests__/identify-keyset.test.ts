import { KeySet } from '../src/identify/text/match';

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
