#!/usr/bin/env node
'use strict';
/**
 * Identification accuracy of license TEXTS (issue 12), from the repository root after
 * `npm run build`:
 *
 *   node bench/identify/accuracy.js [--sample N] [--json FILE] [--show N]
 *
 * Three sets, each answer compared with the expected SPDX expression (an id whose normalised
 * text is identical to the expected one — GPL-2.0-only / GPL-2.0-or-later, a GFDL twin — counts):
 *
 * 1. every SPDX text of spdx-license-list with each realistic edit of `perturb.js` (copyright
 *    line filled in, rewrapped, Markdown, HTML, list markers renumbered, title removed, smart
 *    quotes, "the Software" → project name, notices around it, all at once);
 * 2. real LICENSE / COPYING / PATENTS files of popular projects in every ecosystem we read
 *    (`fixtures/identify-real/SOURCES.tsv`: dir, file, expected, repo, path) and the older
 *    real-world corpus (`fixtures/identify-corpus/EXPECTED.tsv`);
 * 3. license notices and headers (`fixtures/identify-notices/SOURCES.tsv`): "Licensed under
 *    the Apache License, Version 2.0 …", GNU "This program is free software …" headers.
 *
 * Prints the rate per edit and per set, the misses, and the CPU time spent identifying (user +
 * sys of this process around the identification calls; the index load is outside it).
 * `--sample N` takes every N-th SPDX id (the jest floor test uses the same code).
 */
const fs = require('node:fs');
const path = require('node:path');
const { EDITS } = require('./perturb.js');

const ROOT = path.resolve(__dirname, '..', '..');

const { canonical } = require('./expressions');

function readTsv(file) {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .slice(1)
    .map((l) => l.split('\t'));
}

/**
 * Runs the measurement. `api`: `{ identifyText, identifyFile, loadTemplateIndex }` (from
 * `dist/` here, from `src/` under jest). Returns the tallies and the misses.
 */
function measure(api, opts = {}) {
  const sample = opts.sample ?? 1;
  const edits = opts.edits ?? Object.keys(EDITS);
  const resolve = (m) => require(require.resolve(m, { paths: [ROOT] }));
  const parse = resolve('spdx-expression-parse');
  const full = resolve('spdx-license-list/full');
  const deprecated = new Set(resolve('spdx-license-ids/deprecated.json'));
  const index = api.loadTemplateIndex();
  const twins = new Map();
  for (const entry of index.entries) {
    const group = [entry.id, ...(entry.alternatives || [])];
    for (const id of group) twins.set(id, new Set([...(twins.get(id) || []), ...group]));
  }
  const same = (expected, got) => {
    if (!got) return false;
    if (got === expected) return true;
    if (twins.get(expected) && twins.get(expected).has(got)) return true;
    return canonical(parse, got) === canonical(parse, expected);
  };

  let cpu = 0;
  const timed = (fn) => {
    const start = process.cpuUsage();
    const out = fn();
    const used = process.cpuUsage(start);
    cpu += used.user + used.system;
    return out;
  };

  const ids = Object.keys(full)
    .filter((id) => !deprecated.has(id) && !id.endsWith('+'))
    .sort()
    .filter((_, i) => i % sample === 0);
  const sets = {};
  const misses = [];
  const tally = (set, ok, miss) => {
    sets[set] ??= { ok: 0, n: 0 };
    sets[set].n++;
    if (ok) sets[set].ok++;
    else misses.push(`${set}: ${miss}`);
  };

  for (const edit of edits) {
    for (const id of ids) {
      const input = EDITS[edit](full[id].licenseText, full[id].name);
      const r = timed(() => api.identifyText(input));
      tally(`spdx/${edit}`, same(id, r.expression), `${id} -> ${r.expression}`);
    }
  }

  const corpora = [
    ['real', path.join(ROOT, 'fixtures/identify-real'), 'SOURCES.tsv'],
    ['corpus', path.join(ROOT, 'fixtures/identify-corpus'), 'EXPECTED.tsv'],
    ['notices', path.join(ROOT, 'fixtures/identify-notices'), 'SOURCES.tsv'],
  ];
  for (const [set, dir, tsv] of corpora) {
    for (const [sub, file, expected] of readTsv(path.join(dir, tsv))) {
      const abs = path.join(dir, sub, file);
      const r = timed(() => api.identifyFile(abs));
      tally(set, same(expected, r.expression), `${sub}/${file}: got ${r.expression}, expected ${expected}`);
    }
  }
  const total = Object.values(sets).reduce((a, s) => ({ ok: a.ok + s.ok, n: a.n + s.n }), { ok: 0, n: 0 });
  return { sets, total, misses, cpuMs: cpu / 1000, spdxIds: ids.length };
}

function main() {
  const args = process.argv.slice(2);
  const value = (flag, dflt) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const api = require(path.join(ROOT, 'dist/src/identify/text'));
  api.loadTemplateIndex();
  const result = measure(api, { sample: Number(value('--sample', 1)) });
  const pct = (s) => `${((100 * s.ok) / s.n).toFixed(1)}%`.padStart(6);
  const lines = [`license-risk identification accuracy (${result.spdxIds} SPDX texts × ${Object.keys(EDITS).length} edits, real files, notices)`, ''];
  for (const [set, s] of Object.entries(result.sets)) lines.push(`  ${set.padEnd(26)} ${pct(s)}  ${String(s.ok).padStart(4)}/${s.n}`);
  lines.push(`  ${'all'.padEnd(26)} ${pct(result.total)}  ${String(result.total.ok).padStart(4)}/${result.total.n}   (target >= 97%)`);
  lines.push('', `CPU time identifying: ${(result.cpuMs / 1000).toFixed(2)} s (user + sys, ${(result.cpuMs / result.total.n).toFixed(2)} ms per text)`);
  const show = Number(value('--show', 60));
  if (result.misses.length) {
    lines.push('', `misses (${result.misses.length}):`);
    for (const m of result.misses.slice(0, show)) lines.push(`  ${m}`);
    if (result.misses.length > show) lines.push(`  … ${result.misses.length - show} more (--show N)`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  const json = value('--json');
  if (json) fs.writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
}

if (require.main === module) main();

module.exports = { measure, canonical };
