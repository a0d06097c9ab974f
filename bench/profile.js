#!/usr/bin/env node
'use strict';
// CPU profile of one license-risk scan (cold cache), ranked by self time:
//   node bench/profile.js [--tree large] [--top 25] [--interval-us 200]
// Keeps the raw .cpuprofile files (open them in Chrome DevTools → Performance) under
// bench/results/profile-<timestamp>/ and writes the ranking beside them as profile.txt.
// The scan runs from the compiled modules (dist/src/), not the binary's one-file bundle, so
// time is attributed to the files it is spent in.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const setup = require('./lib/setup');
const tools = require('./lib/tools');
const { analyzeProfiles } = require('./lib/cpuprofile');
const fmt = require('./lib/format');
const { runEnvironment } = require('./lib/measure');

function parseArgs(argv) {
  const options = { tree: 'large', top: 25, intervalUs: 200 };
  for (let index = 0; index < argv.length; index += 1) {
    const value = argv[index + 1];
    if (argv[index] === '--tree' && value) options.tree = value;
    else if (argv[index] === '--top' && /^\d+$/.test(value ?? '')) options.top = Number(value);
    else if (argv[index] === '--interval-us' && /^\d+$/.test(value ?? '')) options.intervalUs = Number(value);
    else throw new Error(`usage: node bench/profile.js [--tree <name|dir>] [--top N] [--interval-us N] (bad: ${argv[index]})`);
    index += 1;
  }
  return options;
}

function rankingTable(rows, top) {
  return fmt.renderTable(
    ['ms', '%', 'function / file'],
    rows.slice(0, top).map((row) => [row.ms.toFixed(1), row.pct.toFixed(1), row.key]),
    { align: ['right', 'right', 'left'], maxCellWidth: 110 },
  );
}

function main(argv) {
  const options = parseArgs(argv);
  if (!tools.oursIsBuilt()) throw new Error('license-risk is not built: run npm run build first');
  const treeDir = fs.existsSync(options.tree) ? path.resolve(options.tree) : setup.ensureTree(options.tree, (line) => process.stderr.write(`${line}\n`));
  const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  const outDir = path.join(setup.BENCH_DIR, 'results', `profile-${stamp}`);
  fs.mkdirSync(outDir, { recursive: true });
  const cold = fs.mkdtempSync(path.join(os.tmpdir(), 'lrbench-profile-'));
  let result;
  try {
    const env = runEnvironment(cold);
    const started = process.hrtime.bigint();
    result = spawnSync(
      process.execPath,
      [
        '--cpu-prof',
        `--cpu-prof-dir=${outDir}`,
        `--cpu-prof-interval=${options.intervalUs}`,
        ...tools.modulesArgs(['check', treeDir, '--format', 'json']),
      ],
      { cwd: treeDir, env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 },
    );
    result.wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  } finally {
    fs.rmSync(cold, { recursive: true, force: true });
  }
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`license-risk exited ${result.status ?? result.signal}: ${String(result.stderr).trim().split('\n').slice(-3).join(' / ')}`);
  }
  const files = fs.readdirSync(outDir).filter((file) => file.endsWith('.cpuprofile')).sort();
  if (files.length === 0) throw new Error(`no .cpuprofile written to ${outDir}`);
  const analysis = analyzeProfiles(files.map((file) => JSON.parse(fs.readFileSync(path.join(outDir, file), 'utf8'))), tools.REPO_DIR);
  const text = [
    `license-risk check ${path.relative(process.cwd(), treeDir) || '.'} --format json (cold cache): ${fmt.formatSeconds(result.wallMs)} wall with profiler on, ${analysis.totalMs.toFixed(0)} ms sampled over ${files.length} thread profile(s)`,
    '',
    `top ${options.top} functions by self time:`,
    rankingTable(analysis.selfByFunction, options.top),
    '',
    'self time by file / package:',
    rankingTable(analysis.selfByModule, Math.min(options.top, 20)),
    '',
    `top ${options.top} functions by inclusive time:`,
    rankingTable(analysis.inclusiveByFunction, options.top),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(outDir, 'profile.txt'), text);
  process.stdout.write(`${text}\nprofiles: ${path.relative(process.cwd(), outDir)}/\n`);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench/profile.js: ${error.message}\n`);
    process.exitCode = 2;
  }
}
