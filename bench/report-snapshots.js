#!/usr/bin/env node
'use strict';
/**
 * Writes the JSON report, stderr and exit code of `license-risk check` for every folder of
 * `fixtures/` (plus a few runs with a fake HOME holding caches) and the installed bench trees,
 * into OUT_DIR, so a refactor can be checked byte for byte:
 *
 *   node bench/report-snapshots.js /tmp/before            # on the old build
 *   node bench/report-snapshots.js /tmp/after             # on the new build
 *   diff -r /tmp/before /tmp/after && echo identical
 *
 * Options: `--trees DIR` (default bench/trees: the installed medium/large trees, see
 * bench/README.md; skipped when missing), `--bin FILE` (default bin/license-risk.js).
 * The run is pinned: `--today 2026-12-02`, an empty HOME and XDG_CACHE_HOME, no identify cache,
 * no colour, the fixtures' folder as cwd.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const repo = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
};
const trees = path.resolve(option('--trees', path.join(repo, 'bench', 'trees')));
const bin = path.resolve(option('--bin', path.join(repo, 'bin', 'license-risk.js')));
const out = args[0];
if (!out) {
  console.error('usage: node bench/report-snapshots.js OUT_DIR [--trees DIR] [--bin FILE]');
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });

const fixtures = path.join(repo, 'fixtures');
const emptyHome = fs.mkdtempSync(path.join(os.tmpdir(), 'report-snapshots-home-'));
/** [name, folder to scan, HOME] */
const runs = [];
for (const name of fs.readdirSync(fixtures).sort()) {
  const dir = path.join(fixtures, name);
  if (fs.statSync(dir).isDirectory()) runs.push([name, dir, emptyHome]);
}
// The ecosystems' caches under HOME (see __tests__/cli-polyglot.test.ts, read-npm-caches.test.ts).
runs.push(['eco-polyglot@eco-home', path.join(fixtures, 'eco-polyglot'), path.join(fixtures, 'eco-home')]);
const cacheApps = path.join(fixtures, 'npm-caches', 'apps');
const cacheHomes = path.join(fixtures, 'npm-caches', 'homes');
for (const app of fs.existsSync(cacheApps) ? fs.readdirSync(cacheApps).sort() : []) {
  for (const home of fs.readdirSync(cacheHomes).sort()) runs.push([`npm-caches-${app}@${home}`, path.join(cacheApps, app), path.join(cacheHomes, home)]);
}
for (const name of ['medium', 'large']) {
  const dir = path.join(trees, name);
  if (fs.existsSync(dir)) runs.push([`bench-${name}`, dir, emptyHome]);
  else console.error(`${dir}: not installed, skipped (npm run bench -- --quick installs it)`);
}

for (const [name, dir, home] of runs) {
  const env = { PATH: process.env.PATH, HOME: home, XDG_CACHE_HOME: path.join(emptyHome, '.cache'), LICENSE_RISK_CACHE: '0', NO_COLOR: '1', LANG: 'C' };
  const res = spawnSync(process.execPath, [bin, 'check', dir, '--format', 'json', '--today', '2026-12-02'], { cwd: fixtures, env, maxBuffer: 1 << 30 });
  fs.writeFileSync(path.join(out, `${name}.json`), res.stdout);
  fs.writeFileSync(path.join(out, `${name}.stderr`), res.stderr);
  fs.writeFileSync(path.join(out, `${name}.rc`), `${res.status}\n`);
}
fs.rmSync(emptyHome, { recursive: true, force: true });
console.log(`${runs.length} reports in ${out}`);
