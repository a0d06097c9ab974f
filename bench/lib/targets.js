'use strict';
// The targets, checked against measured medians. Each row says what was measured,
// the limit, and PASS / FAIL, or n/a when the data for it was not collected in this run.

const MIB_KIB = 1024;
const FLAT_TOLERANCE = 1.25; // "time per component flat": 20k may cost at most 25 % more per component than 5k.

function verdict(measured, limit, passes) {
  if (!Number.isFinite(measured) || !Number.isFinite(limit)) return 'n/a';
  return passes(measured, limit) ? 'PASS' : 'FAIL';
}

/**
 * @param {{
 *   trees: Record<string, {summary: Record<string, {wallMs: {median:number}, peakRssKiB: {median:number}}>,
 *                          oursOutputsIdentical: boolean|null, oursModulesIdentical?: boolean|null}>,
 *   startup?: {summary: Record<string, {wallMs: {median:number}}>} | null,
 *   scaling?: {points: Array<{size:number, wallMs:{median:number}, peakRssKiB:{median:number}}>} | null,
 *   standIn?: boolean,
 * }} results
 */
function evaluateTargets(results) {
  const rows = [];
  const large = results.trees.large?.summary;
  const median = (tool, metric) => large?.[tool]?.[metric]?.median ?? NaN;

  // The targets are about wall time; the same comparison on CPU time is given beside it
  // because on a busy machine wall time mostly measures the neighbours.
  const oursWall = median('ours-cold', 'wallMs');
  const oursCpu = median('ours-cold', 'cpuMs');
  const checkerWall = median('license-checker', 'wallMs');
  const checkerCpu = median('license-checker', 'cpuMs');
  const atMost = (value, limit) => value <= limit;
  // Issue 18's table.
  rows.push({
    id: 'large-wall-vs-license-checker',
    target: 'large tree, cold: wall <= 0.25 x license-checker',
    measured: oursWall,
    limit: checkerWall * 0.25,
    unit: 'ms',
    result: verdict(oursWall, checkerWall * 0.25, atMost),
    cpuResult: verdict(oursCpu, checkerCpu * 0.25, atMost),
  });
  const licenseeWall = median('licensee', 'wallMs');
  rows.push({
    id: 'large-wall-vs-licensee',
    target: 'large tree, cold: wall <= 0.5 x licensee.js',
    measured: oursWall,
    limit: licenseeWall * 0.5,
    unit: 'ms',
    result: verdict(oursWall, licenseeWall * 0.5, atMost),
    cpuResult: verdict(oursCpu, median('licensee', 'cpuMs') * 0.5, atMost),
  });
  const oursRss = median('ours-cold', 'peakRssKiB');
  const licenseeRss = median('licensee', 'peakRssKiB');
  rows.push({
    id: 'large-rss-vs-licensee',
    target: 'large tree, cold: peak RSS <= 0.8 x licensee.js',
    measured: oursRss,
    limit: licenseeRss * 0.8,
    unit: 'KiB',
    result: verdict(oursRss, licenseeRss * 0.8, (value, limit) => value <= limit),
  });
  const rerunWall = median('ours-warm', 'wallMs');
  rows.push({
    id: 'large-rerun-vs-license-checker',
    target: 'large tree, rerun (same HOME, --cache): wall <= 0.12 x license-checker',
    measured: rerunWall,
    limit: checkerWall * 0.12,
    unit: 'ms',
    result: verdict(rerunWall, checkerWall * 0.12, atMost),
    cpuResult: verdict(median('ours-warm', 'cpuMs'), checkerCpu * 0.12, atMost),
  });

  const startup = results.startup?.summary;
  const startupOverhead = (startup?.ours?.wallMs?.median ?? NaN) - (startup?.node?.wallMs?.median ?? NaN);
  rows.push({
    id: 'startup-overhead',
    target: 'tiny checkout: at most 100 ms more than bare node',
    measured: startupOverhead,
    limit: 100,
    unit: 'ms',
    result: verdict(startupOverhead, 100, (value, limit) => value <= limit),
  });

  const points = results.scaling?.points ?? [];
  const biggest = points.find((point) => point.size === 20000);
  const biggestRss = biggest?.peakRssKiB?.median ?? NaN;
  rows.push({
    id: 'scaling-20k-rss',
    target: '20k components: peak RSS < 512 MiB',
    measured: biggestRss,
    limit: 512 * MIB_KIB,
    unit: 'KiB',
    result: verdict(biggestRss, 512 * MIB_KIB, (value, limit) => value < limit),
  });
  const smallest = points.find((point) => point.size === 5000);
  const perComponent = (point) => (point ? point.wallMs.median / point.size : NaN);
  const growth = perComponent(biggest) / perComponent(smallest);
  rows.push({
    id: 'scaling-flat-per-component',
    target: `time per component flat 5k -> 20k (20k/5k <= ${FLAT_TOLERANCE})`,
    measured: growth,
    limit: FLAT_TOLERANCE,
    unit: 'x',
    result: verdict(growth, FLAT_TOLERANCE, (value, limit) => value <= limit),
  });

  // Yes/no rows: every tree that says must say yes.
  const allTreesSay = (id, target, field) => {
    const answers = Object.values(results.trees)
      .map((tree) => tree[field])
      .filter((value) => value !== null && value !== undefined);
    rows.push({
      id,
      target,
      measured: answers.length === 0 ? NaN : answers.every(Boolean) ? 1 : 0,
      limit: 1,
      unit: 'bool',
      result: answers.length === 0 ? 'n/a' : answers.every(Boolean) ? 'PASS' : 'FAIL',
    });
  };
  allTreesSay('cold-warm-identical', 'output identical cold and warm (every run, every tree)', 'oursOutputsIdentical');
  allTreesSay('bundle-modules-identical', 'bundle = compiled modules on one thread (every tree)', 'oursModulesIdentical');

  if (results.standIn) {
    for (const row of rows) {
      if (row.result !== 'n/a') row.result = `${row.result} (stand-in)`;
    }
  }
  return rows;
}

module.exports = { evaluateTargets, FLAT_TOLERANCE };
