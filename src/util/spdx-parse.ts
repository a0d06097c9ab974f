import parseSpdx from 'spdx-expression-parse';

/**
 * spdx-expression-parse with a memo: a tree of thousands of packages holds a few dozen distinct
 * expressions, each parsed by the identifier, the classifier and several rules. Results are
 * frozen, so a caller that tried to change a shared tree would fail loudly, not silently.
 * Throws exactly what the parser throws.
 */
const MEMO_LIMIT = 10_000;
const memo = new Map<string, parseSpdx.Info | { error: unknown }>();

export function parseSpdxMemo(source: string): parseSpdx.Info {
  let hit = memo.get(source);
  if (hit === undefined) {
    try {
      hit = deepFreeze(parseSpdx(source));
    } catch (error) {
      hit = { error };
    }
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(source, hit);
  }
  if ('error' in hit) throw hit.error;
  return hit;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}

export type SpdxInfo = parseSpdx.Info;
export type SpdxLicenseInfo = parseSpdx.LicenseInfo;
