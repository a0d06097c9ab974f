#!/usr/bin/env node
'use strict';
// Two builds of license-risk against each other, in alternating pairs, on one tree:
//   node bench/compare.js <build-a> <build-b> [--tree large] [--pairs 30] [--seed 1]
// A build is a folder holding bin/license-risk.js (a checkout, or a copy of bin/, dist/,
// data/ and package.json with node_modules linked in). Each pair runs both, in alternating
// order, cold (a fresh HOME each run), as `npm run bench` runs the cold scan, and the report
// prints each build's medians and the median of the pairwise differences B − A with a 95 %
// bootstrap interval. On a noisy VM a difference of a few percent is invisible in two medians
// but shows in the pairs: each pair shares the machine's state of that moment.
// Both builds must print the same report; a difference is an error (exit 1).

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { measureProcess, runEnvironment } = require('./lib/measure');
const { bootstrapInterval, median } = require('./lib/stats');
const setup = require('./lib/setup');

function parseArgs(argv) {
  const options = { builds: [], tree: 'large', pairs: 30, seed: 1 };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    const value = argv[index + 1];
    if (arg === '--tree' && value) options.tree = value;
    else if (arg === '--pairs' && /^\d+$/.test(value ?? '')) options.pairs = Number(value);
    else if (arg === '--seed' && /^\d+$/.test(value ?? '')) options.seed = Number(value);
    else if (!arg.startsWith('--')) {
      options.builds.push(path.resolve(arg));
      continue;
    } else throw new Error(`unknown option ${arg}`);
    index += 1;
  }
  if (options.builds.length !== 2) throw new Error('usage: node bench/compare.js <build-a> <build-b> [--tree large] [--pairs 30] [--seed 1]');
  for (const build of options.builds) {
    if (!fs.existsSync(path.join(build, 'bin', 'license-risk.js'))) throw new Error(`${build}: no bin/license-risk.js`);
  }
  return options;
}

async function runCold(build, treeDir, outputFile) {
  const cold = fs.mkdtempSync(path.join(os.tmpdir(), 'lrbench-compare-home-'));
  try {
    return await measureProcess({
      command: process.execPath,
      args: [path.join(build, 'bin', 'license-risk.js'), 'check', treeDir, '--format', 'json'],
      cwd: treeDir,
      env: runEnvironment(cold),
      stdoutPath: outputFile,
    });
  } finally {
    fs.rmSync(cold, { recursive: true, force: true });
  }
}

async function main(argv) {
  const options = parseArgs(argv);
  const treeDir = fs.existsSync(path.join(setup.TREES_DIR, options.tree)) ? path.join(setup.TREES_DIR, options.tree) : path.resolve(options.tree);
  if (!fs.existsSync(path.join(treeDir, 'node_modules'))) throw new Error(`${treeDir}: no node_modules (run \`node bench/run.js --quick\` once to install the bench trees)`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lrbench-compare-'));
  const runs = options.builds.map((build) => ({ build, wall: [], cpu: [], rss: [], reports: new Set() }));
  try {
    for (let pair = 0; pair < options.pairs; pair += 1) {
      const order = pair % 2 === 0 ? runs : [...runs].reverse();
      for (const run of order) {
        const outputFile = path.join(scratch, 'report.json');
        const measured = await runCold(run.build, treeDir, outputFile);
        if (measured.exitCode !== 0 && measured.exitCode !== 1) throw new Error(`${run.build}: exit ${measured.exitCode}: ${measured.stderrTail}`);
        run.wall.push(measured.wallMs);
        run.cpu.push(measured.cpuMs);
        run.rss.push(measured.peakRssKiB / 1024);
        run.reports.add(crypto.createHash('sha256').update(fs.readFileSync(outputFile)).digest('hex'));
      }
      process.stderr.write(`  pair ${pair + 1}/${options.pairs}\r`);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  process.stderr.write('\n');
  const [a, b] = runs;
  for (const [label, run] of [['A', a], ['B', b]]) {
    process.stdout.write(`${label} ${run.build}: wall ${median(run.wall).toFixed(0)} ms, CPU ${median(run.cpu).toFixed(0)} ms, peak RSS ${median(run.rss).toFixed(0)} MiB\n`);
  }
  for (const measure of ['wall', 'cpu']) {
    const differences = b[measure].map((value, index) => value - a[measure][index]);
    const [low, high] = bootstrapInterval(differences, options.seed);
    process.stdout.write(`B − A ${measure}: median of ${differences.length} paired differences ${median(differences).toFixed(0)} ms (95 % interval ${low.toFixed(0)} to ${high.toFixed(0)})\n`);
  }
  const same = a.reports.size === 1 && b.reports.size === 1 && [...a.reports][0] === [...b.reports][0];
  process.stdout.write(`same report from both builds, every run: ${same ? 'yes' : 'NO'}\n`);
  return same ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`bench/compare.js: ${error.message}\n`);
      process.exitCode = 2;
    },
  );
}
