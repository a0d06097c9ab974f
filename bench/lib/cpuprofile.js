'use strict';
// Reads V8 .cpuprofile files (what `node --cpu-prof` writes) and ranks where time went:
// self time per function and per file/package, plus inclusive time per function.

const path = require('node:path');

// V8's bookkeeping frames: meaningful as self time, meaningless as "inclusive" rows.
const PSEUDO_FRAMES = new Set(['(root)', '(program)', '(idle)', '(garbage collector)']);

/** Seconds each sample stands for: the gap until the next sample (the last one gets the mean gap). */
function sampleDurationsUs(profile) {
  const deltas = profile.timeDeltas ?? [];
  const samples = profile.samples ?? [];
  const durations = new Array(samples.length).fill(0);
  let sum = 0;
  for (let index = 0; index < samples.length; index += 1) {
    const next = deltas[index + 1];
    durations[index] = Number.isFinite(next) && next >= 0 ? next : NaN;
    if (Number.isFinite(durations[index])) sum += durations[index];
  }
  const mean = samples.length > 1 ? sum / (samples.length - 1) : 0;
  return durations.map((value) => (Number.isFinite(value) ? value : mean));
}

/**
 * Where a function lives, short: `node_modules/<pkg>` for dependencies (nested ones by their
 * innermost package), repo-relative paths for our code, `node:<module>` for Node internals,
 * and V8's pseudo-frames ("(garbage collector)", "(program)", "(idle)") as they are.
 */
function moduleOf(callFrame, repoDir) {
  const url = callFrame.url;
  if (!url) return callFrame.functionName.startsWith('(') ? callFrame.functionName : '(native: fs, zlib, crypto, …)';
  if (url.startsWith('node:')) {
    // node:internal/fs/utils → node:fs; node:path → node:path
    const parts = url.slice('node:'.length).split('/');
    return `node:${parts[0] === 'internal' && parts.length > 1 ? parts[1].replace(/\.js$/, '') : parts[0]}`;
  }
  const file = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  const marker = '/node_modules/';
  const at = file.lastIndexOf(marker);
  if (at >= 0) {
    const rest = file.slice(at + marker.length).split('/');
    return `node_modules/${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  return repoDir && file.startsWith(repoDir + path.sep) ? path.relative(repoDir, file) : file;
}

function functionKey(callFrame, repoDir) {
  const name = callFrame.functionName || '(anonymous)';
  if (!callFrame.url) return name;
  return `${name}  ${moduleOf(callFrame, repoDir)}:${callFrame.lineNumber + 1}`;
}

/**
 * Aggregates one or more profiles (several threads / runs).
 * @param {object[]} profiles parsed .cpuprofile JSON
 * @param {string} [repoDir] to print our files relative to the repo
 */
function analyzeProfiles(profiles, repoDir) {
  const selfByFunction = new Map();
  const inclusiveByFunction = new Map();
  const selfByModule = new Map();
  let totalUs = 0;
  const add = (map, key, value) => map.set(key, (map.get(key) ?? 0) + value);

  for (const profile of profiles) {
    const nodesById = new Map((profile.nodes ?? []).map((node) => [node.id, node]));
    const selfUsById = new Map();
    const durations = sampleDurationsUs(profile);
    (profile.samples ?? []).forEach((id, index) => add(selfUsById, id, durations[index]));
    for (const [id, selfUs] of selfUsById) {
      const node = nodesById.get(id);
      if (!node) continue;
      totalUs += selfUs;
      add(selfByFunction, functionKey(node.callFrame, repoDir), selfUs);
      add(selfByModule, moduleOf(node.callFrame, repoDir), selfUs);
    }
    // Inclusive: each node's self time counts once for every distinct function on its stack
    // (so recursion is not double-counted). Iterative DFS: deep trees must not overflow.
    const root = profile.nodes?.[0];
    if (!root) continue;
    const activeCounts = new Map();
    const stack = [{ node: root, entered: false }];
    while (stack.length > 0) {
      const frame = stack.pop();
      const key = functionKey(frame.node.callFrame, repoDir);
      if (frame.entered) {
        const remaining = activeCounts.get(key) - 1;
        if (remaining === 0) activeCounts.delete(key);
        else activeCounts.set(key, remaining);
        continue;
      }
      activeCounts.set(key, (activeCounts.get(key) ?? 0) + 1);
      const selfUs = selfUsById.get(frame.node.id) ?? 0;
      if (selfUs > 0) {
        for (const activeKey of activeCounts.keys()) if (!PSEUDO_FRAMES.has(activeKey)) add(inclusiveByFunction, activeKey, selfUs);
      }
      stack.push({ node: frame.node, entered: true });
      for (const childId of frame.node.children ?? []) {
        const child = nodesById.get(childId);
        if (child) stack.push({ node: child, entered: false });
      }
    }
  }
  const ranked = (map) =>
    [...map.entries()]
      .map(([key, us]) => ({ key, ms: us / 1000, pct: totalUs > 0 ? (us / totalUs) * 100 : 0 }))
      .sort((a, b) => b.ms - a.ms || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)); // code point order, not the locale's
  return {
    totalMs: totalUs / 1000,
    selfByFunction: ranked(selfByFunction),
    inclusiveByFunction: ranked(inclusiveByFunction),
    selfByModule: ranked(selfByModule),
  };
}

module.exports = { analyzeProfiles, moduleOf, functionKey, sampleDurationsUs };
