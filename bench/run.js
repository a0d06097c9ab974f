#!/usr/bin/env node
'use strict';
// license-risk speed and memory benchmark (issue 7). One command: `npm run bench`.
// Sets up (cached) the real npm trees, the pinned peer tools and synthetic scaling trees,
// then measures whole processes alternately (A B C … A B C …, after a warm-up round) and
// prints medians, ratios ours/theirs, what each tool says about known-hard packages, and the
// issue's targets. Results also go to bench/results/<timestamp>.json. See bench/README.md.

const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { parseOptions, USAGE } = require('./lib/options');
const { measureProcess, assertGnuTimeAvailable, killActiveProcesses, runEnvironment } = require('./lib/measure');
const setup = require('./lib/setup');
const tools = require('./lib/tools');
const { summarize, ratio } = require('./lib/stats');
const { generateSyntheticTree } = require('./lib/synthetic');
const { evaluateTargets } = require('./lib/targets');
const fmt = require('./lib/format');

const RESULTS_DIR = path.join(setup.BENCH_DIR, 'results');
const log = (line) => process.stderr.write(`${line}\n`);
// Temp dirs to remove if the run is interrupted (normal paths remove their own).
const liveTempDirs = new Set();

/** Fresh HOME + XDG_CACHE_HOME (a new CI runner); `dir` reused across runs means a warm cache. */
function makeTempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lrbench-${prefix}-`));
  liveTempDirs.add(dir);
  return dir;
}

function removeTempDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  liveTempDirs.delete(dir);
}

function stopOnSignal(signal) {
  killActiveProcesses();
  for (const dir of liveTempDirs) fs.rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`bench: interrupted (${signal})\n`);
  process.exit(130);
}

function sha256(bytes) {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

function sha256File(file) {
  return sha256(fs.readFileSync(file));
}

/**
 * Runs `tool` once. Cold runs get a new cache dir, removed afterwards; warm runs share
 * `warmDir`. Returns the measurement plus the output's hash.
 */
async function runOnce(tool, { cwd, treeDir, warmDir, stdoutPath, timeoutMs }) {
  const coldDir = tool.cache === 'warm' ? null : makeTempDir('cold');
  try {
    const env = runEnvironment(coldDir ?? warmDir);
    const buildBefore = tool.ours ? tools.oursBuildFingerprint() : null;
    const measurement = await measureProcess({ command: process.execPath, args: tool.args(treeDir), cwd, env, stdoutPath, timeoutMs });
    const ok = !measurement.timedOut && measurement.signal === null && tool.okExitCodes.includes(measurement.exitCode);
    // A rebuild during the run makes the build ambiguous; mark it so it is compared with nothing.
    const build = tool.ours ? (tools.oursBuildFingerprint() === buildBefore ? buildBefore : 'changed during run') : undefined;
    return { ...measurement, ok, build, outputSha256: sha256File(stdoutPath), outputBytes: fs.statSync(stdoutPath).size };
  } finally {
    if (coldDir) removeTempDir(coldDir);
  }
}

/**
 * One unmeasured cold run of the compiled modules (what a `tsc`-only build or the API runs)
 * on `treeDir`, on one thread (`LICENSE_RISK_THREADS=0`): the bundle the binary runs, which
 * identifies license texts on a second thread, must print the same bytes. Returns the
 * report's hash, or null when the run failed.
 */
function modulesOutputSha256(treeDir) {
  const home = makeTempDir('modules');
  try {
    const argv = ['check', treeDir, '--format', 'json'];
    const result = spawnSync(process.execPath, tools.modulesArgs(argv), {
      cwd: treeDir,
      env: { ...runEnvironment(home), LICENSE_RISK_THREADS: '0' },
      maxBuffer: 1024 * 1024 * 1024,
    });
    if (result.status !== 0 && result.status !== 1) return null;
    return sha256(result.stdout);
  } finally {
    removeTempDir(home);
  }
}

function describeFailure(label, run) {
  const why = run.timedOut ? 'timed out' : run.signal ? `killed by ${run.signal}` : `exit ${run.exitCode}`;
  const tail = run.stderrTail.trim().split('\n').slice(-3).join(' / ');
  return `  ! ${label}: ${why}${tail ? ` — ${tail}` : ''}`;
}

function summarizeRuns(runs) {
  const good = runs.filter((run) => run.ok);
  return {
    runs: runs.length,
    failed: runs.length - good.length,
    wallMs: summarize(good.map((run) => run.wallMs)),
    cpuMs: summarize(good.map((run) => run.cpuMs)),
    peakRssKiB: summarize(good.map((run) => run.peakRssKiB)),
  };
}

/**
 * Alternates every tool over `rounds` measured rounds after one unrecorded warm-up round.
 * The starting tool rotates each round so no tool always runs first after a pause.
 */
async function alternate(entries, rounds, runOne, warmUpEntries = entries) {
  const runsById = Object.fromEntries(entries.map((entry) => [entry.id, []]));
  let warmUpMs = 0;
  for (const entry of warmUpEntries) {
    log(`  warm-up: ${entry.label}`);
    const run = await runOne(entry);
    warmUpMs += run.wallMs;
    if (!run.ok) log(describeFailure(`${entry.label} (warm-up)`, run));
  }
  if (warmUpEntries.length === entries.length) log(`  (about ${Math.ceil((warmUpMs * rounds) / 60000)} min to go for this part)`);
  for (let round = 0; round < rounds; round += 1) {
    const order = entries.map((_, index) => entries[(index + round) % entries.length]);
    for (const entry of order) {
      const run = await runOne(entry);
      runsById[entry.id].push(run);
      log(`  run ${round + 1}/${rounds} ${entry.label}: ${fmt.formatSeconds(run.wallMs)}, ${fmt.formatMiB(run.peakRssKiB)}${run.ok ? '' : ' FAILED'}`);
      if (!run.ok) log(describeFailure(entry.label, run));
    }
  }
  return runsById;
}

/**
 * True when every run of the same build printed the same bytes (cold and warm alike); runs
 * whose build changed while they ran are left out. Null when there is nothing to compare.
 */
function outputsIdenticalPerBuild(runs) {
  const hashesByBuild = new Map();
  for (const run of runs) {
    if (run.build === 'changed during run') continue;
    if (!hashesByBuild.has(run.build)) hashesByBuild.set(run.build, new Set());
    hashesByBuild.get(run.build).add(run.outputSha256);
  }
  const comparable = [...hashesByBuild.values()];
  if (comparable.length === 0) return null;
  return comparable.every((hashes) => hashes.size === 1);
}

function countLockPackages(treeDir) {
  try {
    const lock = JSON.parse(fs.readFileSync(path.join(treeDir, 'package-lock.json'), 'utf8'));
    return Object.keys(lock.packages ?? {}).filter((key) => key !== '').length;
  } catch {
    return NaN;
  }
}

async function benchmarkTree(name, toolList, options, outputDir) {
  const treeDir = setup.ensureTree(name, log);
  const rootName = JSON.parse(fs.readFileSync(path.join(treeDir, 'package.json'), 'utf8')).name;
  log(`\ntree ${name}: ${countLockPackages(treeDir)} packages in the lock, ${options.runs} runs per tool`);
  const warmDir = makeTempDir(`warm-${name}`);
  const treeOutputDir = path.join(outputDir, name);
  fs.mkdirSync(treeOutputDir, { recursive: true });
  try {
    const loadBefore = os.loadavg()[0];
    const runsById = await alternate(toolList, options.runs, (tool) =>
      runOnce(tool, { cwd: treeDir, treeDir, warmDir, stdoutPath: path.join(treeOutputDir, `${tool.id}.out`), timeoutMs: options.timeoutS * 1000 }),
    );
    const summary = {};
    for (const tool of toolList) summary[tool.id] = summarizeRuns(runsById[tool.id]);
    const oursRuns = toolList.filter((tool) => tool.ours && !options.standIn).flatMap((tool) => runsById[tool.id].filter((run) => run.ok));
    const builds = [...new Set(oursRuns.map((run) => run.build))].sort();
    // Probe only packages this tree holds (the medium tree has no mapbox-gl, for one).
    const namesInTree = tools.packageNamesInLock(treeDir);
    const probes = tools.PROBES.filter((probe) => probe.name === 'root' || namesInTree.has(probe.name));
    const verdicts = {};
    const componentCounts = {};
    for (const tool of toolList) {
      if (!tool.verdicts) continue;
      try {
        const parsed = tool.verdicts(path.join(treeOutputDir, `${tool.id}.out`), rootName);
        verdicts[tool.id] = Object.fromEntries(probes.map((probe) => [probe.name, tools.lookupProbe(parsed.verdicts, probe, rootName)]));
        componentCounts[tool.id] = parsed.components;
      } catch (error) {
        verdicts[tool.id] = { error: `unreadable output: ${error.message}` };
      }
    }
    return {
      name,
      loadAverage: { before: loadBefore, after: os.loadavg()[0] },
      packagesInLock: countLockPackages(treeDir),
      rootName,
      summary,
      runs: runsById,
      builds,
      oursOutputsIdentical: outputsIdenticalPerBuild(oursRuns),
      // The bundle (every measured run) against the compiled modules, once per tree.
      oursModulesIdentical: options.standIn || oursRuns.length === 0 ? null : modulesOutputSha256(treeDir) === oursRuns[0].outputSha256,
      probes: probes.map((probe) => probe.name),
      componentCounts,
      verdicts,
    };
  } finally {
    removeTempDir(warmDir);
  }
}

async function benchmarkStartup(toolList, options) {
  const tiny = makeTempDir('tiny');
  fs.writeFileSync(path.join(tiny, 'package.json'), `${JSON.stringify({ name: 'tiny', version: '1.0.0', license: 'MIT' }, null, 2)}\n`);
  const ours = toolList.find((tool) => tool.id === 'ours-cold');
  const entries = [
    { id: 'node', label: 'node -e 0', tool: { args: () => ['-e', '0'], okExitCodes: [0], cache: 'cold' } },
    { id: 'ours', label: `${ours.label} on one package.json`, tool: ours },
  ];
  log(`\nstart-up: tiny checkout, ${options.startupRuns} runs each`);
  const scratch = makeTempDir('startup-out');
  try {
    const runsById = await alternate(entries, options.startupRuns, (entry) =>
      runOnce(entry.tool, { cwd: tiny, treeDir: tiny, warmDir: scratch, stdoutPath: path.join(scratch, `${entry.id}.out`), timeoutMs: options.timeoutS * 1000 }),
    );
    const summary = Object.fromEntries(entries.map((entry) => [entry.id, summarizeRuns(runsById[entry.id])]));
    return { summary, runs: runsById };
  } finally {
    removeTempDir(tiny);
    removeTempDir(scratch);
  }
}

async function benchmarkScaling(toolList, options) {
  const sourceDir = setup.ensureTree('large', log);
  const ours = toolList.find((tool) => tool.id === 'ours-cold');
  const entries = options.scalingSizes.map((size) => {
    const generated = generateSyntheticTree({ sourceDir, targetDir: path.join(setup.TREES_DIR, `synthetic-${size}`), size, log });
    return { id: String(size), size, label: `${ours.label}, ${size} components`, treeDir: generated.targetDir };
  });
  log(`\nscaling: synthetic trees ${options.scalingSizes.join(', ')}, ${options.scalingRuns} runs each`);
  const scratch = makeTempDir('scaling-out');
  try {
    // One warm-up, of the smallest tree: its files are hard links shared by every size, so
    // it warms the page cache for all of them without paying for the 20k tree twice.
    const runsById = await alternate(
      entries,
      options.scalingRuns,
      (entry) =>
        runOnce(ours, { cwd: entry.treeDir, treeDir: entry.treeDir, warmDir: scratch, stdoutPath: path.join(scratch, `${entry.id}.out`), timeoutMs: options.timeoutS * 1000 }),
      entries.slice(0, 1),
    );
    const points = entries.map((entry) => {
      const summary = summarizeRuns(runsById[entry.id]);
      let reportedComponents = null;
      if (ours.verdicts) {
        try {
          reportedComponents = ours.verdicts(path.join(scratch, `${entry.id}.out`)).components;
        } catch {
          reportedComponents = null;
        }
      }
      return { size: entry.size, reportedComponents, ...summary, wallMsPerComponent: summary.wallMs.median / entry.size };
    });
    return { points, runs: runsById };
  } finally {
    removeTempDir(scratch);
  }
}

function ensureOursBuilt(options) {
  if (options.standIn) return;
  const stale = tools.oursBuildIsStale();
  if (options.build === 'always' || (options.build === 'auto' && (!tools.oursIsBuilt() || stale))) {
    log(`build: ${tools.oursIsBuilt() ? 'dist/ is older than src/' : 'dist/ missing'}; running npm run build`);
    // The whole build: tsc alone would leave the binary's bundle (and its code cache) behind.
    const result = spawnSync('npm', ['run', 'build'], { cwd: tools.REPO_DIR, stdio: ['ignore', 'inherit', 'inherit'] });
    if (result.status !== 0) log('build: npm run build failed; measuring whatever it emitted');
  } else if (stale) {
    log('warning: dist/ is older than src/ (--no-build given); measuring the old build');
  }
  if (!tools.oursIsBuilt()) throw new Error(`license-risk is not built (${path.relative(tools.REPO_DIR, tools.OURS_MAIN)} missing); run npm run build, or pass --stand-in`);
}

function machineInfo() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    totalMemMiB: Math.round(os.totalmem() / 1024 / 1024),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
  };
}

function oursVersion() {
  try {
    return JSON.parse(fs.readFileSync(path.join(tools.REPO_DIR, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

function printTree(tree, toolList) {
  const ours = tree.summary['ours-cold'];
  const rows = toolList.map((tool) => {
    const summary = tree.summary[tool.id];
    const isPeer = !tool.ours;
    return [
      tool.label,
      fmt.formatSeconds(summary.wallMs.median),
      fmt.formatSeconds(summary.cpuMs.median),
      fmt.formatMiB(summary.peakRssKiB.median),
      Number.isFinite(summary.wallMs.spreadPct) ? `${Math.round(summary.wallMs.spreadPct)}%` : '-',
      isPeer ? fmt.formatRatio(ratio(ours.wallMs.median, summary.wallMs.median)) : '',
      isPeer ? fmt.formatRatio(ratio(ours.cpuMs.median, summary.cpuMs.median)) : '',
      isPeer ? fmt.formatRatio(ratio(ours.peakRssKiB.median, summary.peakRssKiB.median)) : '',
      summary.failed > 0 ? `${summary.failed}/${summary.runs} failed` : '',
    ];
  });
  const heading = `\n== ${tree.name} tree (${tree.packagesInLock} packages in lock) — medians; ratios are license-risk cold / that row ==`;
  process.stdout.write(`${heading}\n`);
  process.stdout.write(
    `${fmt.renderTable(['tool', 'wall', 'cpu', 'peak RSS', 'spread', 'wall ratio', 'cpu ratio', 'RSS ratio', ''], rows, {
      align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
      maxCellWidth: 42,
    })}\n`,
  );
  const cores = os.cpus().length;
  const load = Math.max(tree.loadAverage.before, tree.loadAverage.after);
  if (load > cores * 0.75) {
    process.stdout.write(`warning: machine busy (1-min load average up to ${load.toFixed(1)} on ${cores} cores): wall times are inflated; CPU ratios are the steadier figure\n`);
  }
  if (tree.builds.length > 1) {
    process.stdout.write(`warning: dist/ was rebuilt during this tree's runs (${tree.builds.join('; ')}): medians mix builds; outputs compared per build only\n`);
  }
  if (tree.oursOutputsIdentical !== null) {
    process.stdout.write(`license-risk output identical across all cold and warm runs: ${tree.oursOutputsIdentical ? 'yes' : 'NO'}\n`);
  }
  if (tree.oursModulesIdentical !== null && tree.oursModulesIdentical !== undefined) {
    process.stdout.write(`license-risk bundle (text thread) and compiled modules (one thread) print the same report: ${tree.oursModulesIdentical ? 'yes' : 'NO'}\n`);
  }
  // Warm output is checked byte-identical to cold above; one license-risk column is enough.
  const reporting = toolList.filter((tool) => tree.verdicts[tool.id] && tool.id !== 'ours-warm');
  if (reporting.length > 0) {
    process.stdout.write(`\nwhat each tool says (${tree.name}; nothing asserted):\n`);
    const probeRows = tools.PROBES.filter((probe) => tree.probes.includes(probe.name)).map((probe) => [
      probe.name === 'root' ? `${probe.label} (${tree.rootName})` : probe.label,
      probe.expect,
      ...reporting.map((tool) => {
        const verdicts = tree.verdicts[tool.id];
        if (verdicts.error) return verdicts.error;
        return verdicts[probe.name] ?? '(not listed)';
      }),
    ]);
    const countRow = ['components listed', '', ...reporting.map((tool) => String(tree.componentCounts[tool.id] ?? '-'))];
    process.stdout.write(`${fmt.renderTable(['package', 'actually', ...reporting.map((tool) => tool.id)], [...probeRows, countRow], { maxCellWidth: 34 })}\n`);
  }
}

function printStartup(startup) {
  const node = startup.summary.node;
  const ours = startup.summary.ours;
  process.stdout.write('\n== start-up: tiny checkout (one package.json), cold cache ==\n');
  process.stdout.write(
    `${fmt.renderTable(
      ['command', 'wall', 'cpu', 'peak RSS'],
      [
        ['node -e 0', fmt.formatMilliseconds(node.wallMs.median), fmt.formatMilliseconds(node.cpuMs.median), fmt.formatMiB(node.peakRssKiB.median)],
        ['license-risk check', fmt.formatMilliseconds(ours.wallMs.median), fmt.formatMilliseconds(ours.cpuMs.median), fmt.formatMiB(ours.peakRssKiB.median)],
        ['difference', fmt.formatMilliseconds(ours.wallMs.median - node.wallMs.median), fmt.formatMilliseconds(ours.cpuMs.median - node.cpuMs.median), fmt.formatMiB(ours.peakRssKiB.median - node.peakRssKiB.median)],
      ],
      { align: ['left', 'right', 'right', 'right'] },
    )}\n`,
  );
}

function printScaling(scaling) {
  process.stdout.write('\n== scaling: synthetic trees copied from the large tree, cold cache ==\n');
  const rows = scaling.points.map((point) => [
    String(point.size),
    point.reportedComponents === null ? '-' : String(point.reportedComponents),
    fmt.formatSeconds(point.wallMs.median),
    fmt.formatSeconds(point.cpuMs.median),
    fmt.formatMiB(point.peakRssKiB.median),
    Number.isFinite(point.wallMsPerComponent) ? `${(point.wallMsPerComponent * 1000).toFixed(0)} µs` : '-',
    point.failed > 0 ? `${point.failed}/${point.runs} failed` : '',
  ]);
  process.stdout.write(
    `${fmt.renderTable(['components', 'reported', 'wall', 'cpu', 'peak RSS', 'wall/component', ''], rows, {
      align: ['right', 'right', 'right', 'right', 'right', 'right', 'left'],
    })}\n`,
  );
}

function formatTargetValue(value, unit) {
  if (!Number.isFinite(value)) return '-';
  if (unit === 'ms') return fmt.formatMilliseconds(value);
  if (unit === 'KiB') return fmt.formatMiB(value);
  if (unit === 'x') return fmt.formatRatio(value);
  if (unit === 'bool') return value ? 'yes' : 'no';
  return String(value);
}

function printTargets(targets) {
  process.stdout.write('\n== targets (issue 7) ==\n');
  const rows = targets.map((row) => [row.target, formatTargetValue(row.measured, row.unit), formatTargetValue(row.limit, row.unit), row.result, row.cpuResult ?? '']);
  process.stdout.write(
    `${fmt.renderTable(['target', 'measured', 'limit', 'result', 'same on CPU time'], rows, { align: ['left', 'right', 'right', 'left', 'left'], maxCellWidth: 60 })}\n`,
  );
}

async function main(argv) {
  const options = parseOptions(argv);
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  assertGnuTimeAvailable();
  ensureOursBuilt(options);
  setup.ensurePeers(log);
  const toolList = tools.defineTools({ standIn: options.standIn });
  const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  const outputDir = path.join(RESULTS_DIR, stamp);
  fs.mkdirSync(outputDir, { recursive: true });

  const started = Date.now();
  const results = {
    schema: 'license-risk-bench/1',
    startedAt: new Date(started).toISOString(),
    machine: machineInfo(),
    versions: { 'license-risk': oursVersion(), ...setup.peerVersions() },
    build: options.standIn ? null : tools.oursBuildFingerprint(),
    options,
    standIn: options.standIn,
    trees: {},
    startup: null,
    scaling: null,
  };
  for (const name of options.trees) results.trees[name] = await benchmarkTree(name, toolList, options, outputDir);
  if (options.startup) results.startup = await benchmarkStartup(toolList, options);
  if (options.scaling) results.scaling = await benchmarkScaling(toolList, options);
  results.targets = evaluateTargets(results);
  results.durationS = Math.round((Date.now() - started) / 1000);

  const machine = results.machine;
  process.stdout.write(
    `license-risk benchmark ${results.startedAt} — ${machine.cpus} × ${machine.cpuModel}, ${machine.totalMemMiB} MiB, node ${machine.node}` +
      `${options.standIn ? '\nSTAND-IN MODE: "license-risk" rows measure `node -e 0`, not the tool' : ''}\n`,
  );
  for (const tree of Object.values(results.trees)) printTree(tree, toolList);
  if (results.startup) printStartup(results.startup);
  if (results.scaling) printScaling(results.scaling);
  printTargets(results.targets);

  const resultFile = path.join(RESULTS_DIR, `${stamp}.json`);
  fs.writeFileSync(resultFile, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nresults: ${path.relative(process.cwd(), resultFile)} (last outputs of each tool: ${path.relative(process.cwd(), outputDir)}/), ${results.durationS} s\n`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`bench: ${error.message}\n`);
      process.exitCode = 2;
    },
  );
}

module.exports = { main, outputsIdenticalPerBuild };
