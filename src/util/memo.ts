/**
 * Stores `value` under `key`, emptying `memo` first when it already holds `limit` entries.
 * The scan's memos keep answers that recur thousands of times in a tree (a few dozen license
 * expressions, declared values, token streams); emptied when full, they stay bounded on input
 * where nothing recurs (one distinct value per package) without an LRU's bookkeeping.
 */
export function setBounded<K, V>(memo: Map<K, V>, key: K, value: V, limit: number): void {
  if (memo.size >= limit) memo.clear();
  memo.set(key, value);
}
