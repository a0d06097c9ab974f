'use strict';
// Small, dependency-free statistics for benchmark samples. Medians rather than means:
// one slow run (page cache miss, noisy neighbour) must not move the headline number.

/** @param {number[]} values */
function median(values) {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return NaN;
  const sorted = [...finite].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Median, extremes and spread of a sample; NaN fields when the sample is empty.
 * @param {number[]} values
 */
function summarize(values) {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return { n: 0, median: NaN, min: NaN, max: NaN, spreadPct: NaN };
  const mid = median(finite);
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  // (max - min) / median: a quick "how much can I trust this median" figure.
  const spreadPct = mid === 0 ? NaN : ((max - min) / mid) * 100;
  return { n: finite.length, median: mid, min, max, spreadPct };
}

/** ours / theirs, or NaN when either side is missing or theirs is zero. */
function ratio(ours, theirs) {
  if (!Number.isFinite(ours) || !Number.isFinite(theirs) || theirs === 0) return NaN;
  return ours / theirs;
}

/**
 * Whether per-unit cost stays flat as the input grows: the largest per-unit cost may exceed
 * the smallest-input one by at most `tolerance` (1.25 = 25 %). Points: [{size, total}].
 * @param {{size: number, total: number}[]} points
 */
function perUnitGrowth(points, tolerance = 1.25) {
  const usable = points
    .filter((point) => point.size > 0 && Number.isFinite(point.total))
    .sort((a, b) => a.size - b.size);
  if (usable.length < 2) return { flat: null, worstFactor: NaN, perUnit: usable.map(toPerUnit) };
  const perUnit = usable.map(toPerUnit);
  const baseline = perUnit[0].perUnit;
  const worstFactor = Math.max(...perUnit.slice(1).map((point) => point.perUnit / baseline));
  return { flat: worstFactor <= tolerance, worstFactor, perUnit };
}

function toPerUnit(point) {
  return { size: point.size, total: point.total, perUnit: point.total / point.size };
}

/** A small seeded generator, so the bootstrap interval is the same for the same runs. */
function random(seed) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

/**
 * 95 % bootstrap interval of the median of paired differences (2,000 resamples, seeded, so the
 * same runs give the same interval).
 * @param {number[]} differences
 */
function bootstrapInterval(differences, seed) {
  const next = random(seed);
  const medians = [];
  for (let round = 0; round < 2000; round += 1) {
    medians.push(median(differences.map(() => differences[Math.floor(next() * differences.length)])));
  }
  medians.sort((a, b) => a - b);
  return [medians[50], medians[1949]];
}

module.exports = { median, summarize, ratio, perUnitGrowth, bootstrapInterval };
