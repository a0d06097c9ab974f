#!/usr/bin/env node
'use strict';
// The text matcher of two builds against each other, cold, in alternating pairs:
//   node bench/identify/compare-speed.js <build-a> <build-b> [--tree large] [--pairs 10] [--default-flags]
// A build is a folder holding dist/ (a checkout after `npm run build`, or a copy of its dist/,
// data/ and package.json with node_modules linked in). Each run is a fresh process that reads
// every distinct license text of the tree's node_modules (the files the build's own npm walker
// takes for license texts, first 1 MB), loads the build's template index, and identifies each
// text once with `identifyText`, in byte order; it prints the CPU time of the identification alone.
// This is the text thread's work in a cold scan without the walk around it, so a change to the
// matcher shows here when `bench/compare.js` cannot see it through the whole scan's noise.
// The process gets the V8 flags the binary sets for a tree of that size (read from the build's
// own src/util/heap.js); `--default-flags` runs with V8's defaults, as the API and small trees do.
// Both builds must give the same answers; a difference is an error (exit 1).

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { bootstrapInterval, median } = require('../lib/stats');
const setup = require('../lib/setup');

const MAX_BYTES = 1 << 20;

function parseArgs(argv) {
  const options = { builds: [], tree: 'large', pairs: 10, defaultFlags: false };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    const value = argv[index + 1];
    if (arg === '--tree' && value) options.tree = value;
    else if (arg === '--pairs' && /^\d+$/.test(value ?? '')) options.pairs = Number(value);
    else if (arg === '--default-flags') {
      options.defaultFlags = true;
      continue;
    } else if (!arg.startsWith('--')) {
      options.builds.push(path.resolve(arg));
      continue;
    } else throw new Error(`unknown option ${arg}`);
    index += 1;
  }
  if (options.builds.length !== 2) throw new Error('usage: node bench/identify/compare-speed.js <build-a> <build-b> [--tree large] [--pairs 10] [--default-flags]');
  for (const build of options.builds) {
    if (!fs.existsSync(path.join(build, 'dist', 'src', 'identify', 'text', 'index.js'))) throw new Error(`${build}: no dist/src/identify/text/index.js (run \`npm run build\` there)`);
  }
  return options;
}

/**
 * Every distinct license text under `dir`, in byte order (links are not followed):
 * `isLicenseFile` is the build's own test of a file name.
 */
function licenseTexts(dir, isLicenseFile) {
  const texts = new Set();
  const pending = [dir];
  while (pending.length > 0) {
    const folder = pending.pop();
    let entries;
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile() && isLicenseFile(entry.name)) texts.add(fs.readFileSync(full).subarray(0, MAX_BYTES).toString('utf8'));
    }
  }
  return [...texts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** In the child: identify every text once, print `{cpuMs, count, answers}` as JSON. */
function child(build, treeDir) {
  const { isPackageLicenseFile } = require(path.join(build, 'dist', 'src', 'read', 'ecosystems', 'npm', 'installed.js'));
  const texts = licenseTexts(path.join(treeDir, 'node_modules'), isPackageLicenseFile);
  const { identifyText, loadTemplateIndex } = require(path.join(build, 'dist', 'src', 'identify', 'text'));
  loadTemplateIndex();
  const answers = crypto.createHash('sha256');
  const start = process.cpuUsage();
  const results = texts.map((text) => identifyText(text));
  const used = process.cpuUsage(start);
  for (const result of results) answers.update(`${result.expression}\t${result.confidence}\n`);
  process.stdout.write(JSON.stringify({ cpuMs: (used.user + used.system) / 1000, count: texts.length, answers: answers.digest('hex') }));
}

/** The flags the binary would set for this tree (the build's own choice, not a copy of it). */
function scanFlags(build, treeDir) {
  const heap = require(path.join(build, 'dist', 'src', 'util', 'heap.js'));
  const installed = heap.estimateInstalledPackages(treeDir, ['node_modules']);
  return [...heap.compilerFlagsFor({}, []), ...heap.heapFlagsFor(installed, {}, [])];
}

function main(argv) {
  const options = parseArgs(argv);
  const treeDir = fs.existsSync(path.join(setup.TREES_DIR, options.tree)) ? path.join(setup.TREES_DIR, options.tree) : path.resolve(options.tree);
  if (!fs.existsSync(path.join(treeDir, 'node_modules'))) throw new Error(`${treeDir}: no node_modules (run \`node bench/run.js --quick\` once to install the bench trees)`);
  const runs = options.builds.map((build) => ({ build, flags: options.defaultFlags ? [] : scanFlags(build, treeDir), cpu: [], answers: new Set(), count: 0 }));
  for (let pair = 0; pair < options.pairs; pair += 1) {
    const order = pair % 2 === 0 ? runs : [...runs].reverse();
    for (const run of order) {
      const out = execFileSync(process.execPath, [...run.flags, __filename, '--child', run.build, treeDir], { encoding: 'utf8', maxBuffer: 1 << 20 });
      const measured = JSON.parse(out);
      run.cpu.push(measured.cpuMs);
      run.answers.add(measured.answers);
      run.count = measured.count;
    }
    process.stderr.write(`  pair ${pair + 1}/${options.pairs}\r`);
  }
  process.stderr.write('\n');
  const [a, b] = runs;
  for (const [label, run] of [['A', a], ['B', b]]) {
    process.stdout.write(`${label} ${run.build}: ${run.count} texts, identification CPU ${median(run.cpu).toFixed(0)} ms (flags: ${run.flags.join(' ') || 'V8 defaults'})\n`);
  }
  const differences = b.cpu.map((value, index) => value - a.cpu[index]);
  const [low, high] = bootstrapInterval(differences, 1);
  process.stdout.write(`B − A: median of ${differences.length} paired differences ${median(differences).toFixed(0)} ms (95 % interval ${low.toFixed(0)} to ${high.toFixed(0)})\n`);
  const same = a.answers.size === 1 && b.answers.size === 1 && [...a.answers][0] === [...b.answers][0];
  process.stdout.write(`same answers from both builds, every run: ${same ? 'yes' : 'NO'}\n`);
  return same ? 0 : 1;
}

if (process.argv[2] === '--child') child(process.argv[3], process.argv[4]);
else {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench/identify/compare-speed.js: ${error.message}\n`);
    process.exitCode = 2;
  }
}
