#!/usr/bin/env node
'use strict';
/**
 * Fresh clones from the package managers' caches (issue 14), measured on a real tree:
 *
 *   node bench/caches.js [--pm yarn-classic,pnpm] [--tree medium] [--work DIR] [--runs N]
 *
 * For each package manager: installs the tree's package.json with it (yarn 1.22.22 / pnpm
 * 9.15.9, through npx, pinned) into <work>/<pm>/app with a scratch HOME, so its cache is the
 * default one under that HOME; then copies the lockfile and package.json alone into
 * <work>/<pm>/lockonly (a fresh clone) and scans
 *   1. the installed tree (empty HOME)                    → the reference answer,
 *   2. the lockfile-only checkout with the HOME's caches  → % resolved offline, % same answer,
 *   3. the lockfile-only checkout with an empty HOME      → lines of terminal output,
 * and measures the CPU time (user + sys, process.cpuUsage) the npm reader spends with and without
 * the caches on the same lockfile, in fresh processes, alternating: the difference is what the
 * cache lookup adds. Setup is kept (a stamp holds the inputs); reruns only scan and measure.
 * Prints a table and writes <work>/results.json. Nothing here is a test: no timing is asserted.
 */
const { execFileSync, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..');
const BIN = path.join(REPO, 'bin', 'license-risk.js');
const MANAGERS = {
  'yarn-classic': {
    tool: ['yarn@1.22.22'],
    lockfile: 'yarn.lock',
    install: ['install', '--ignore-scripts', '--ignore-engines', '--non-interactive', '--network-timeout', '300000'],
    command: 'yarn install --frozen-lockfile',
    // yarn 1 keeps a root user's cache in /usr/local/share/.cache/yarn; under fakeroot it uses
    // HOME like for anyone else (its user-home-dir rule). The scan gets the same variable.
    env: (process.getuid && process.getuid() === 0) ? { FAKEROOTKEY: '1' } : {},
  },
  pnpm: {
    tool: ['pnpm@9.15.9'],
    lockfile: 'pnpm-lock.yaml',
    // `pnpm import` turns the committed package-lock.json into pnpm-lock.yaml (same versions).
    preinstall: ['import'],
    install: ['install', '--frozen-lockfile', '--ignore-scripts'],
    command: 'pnpm install --frozen-lockfile',
    env: {},
  },
};

function parseArgs(argv) {
  const opts = { pm: Object.keys(MANAGERS), tree: 'medium', work: path.join(REPO, 'bench', 'trees', 'caches'), runs: 5 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--pm') opts.pm = argv[++i].split(',');
    else if (a === '--tree') opts.tree = argv[++i];
    else if (a === '--work') opts.work = path.resolve(argv[++i]);
    else if (a === '--runs') opts.runs = Number(argv[++i]);
    else if (a === '--help' || a === '-h') {
      console.log('node bench/caches.js [--pm yarn-classic,pnpm] [--tree medium|large] [--work DIR] [--runs N]');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  for (const pm of opts.pm) if (!MANAGERS[pm]) throw new Error(`unknown package manager ${pm}`);
  return opts;
}

/** A minimal environment: PATH, the given HOME, nothing from npm or the caller's caches. */
function cleanEnv(home, extra = {}) {
  return { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8', ...extra };
}

function setup(pm, opts) {
  const m = MANAGERS[pm];
  const src = path.join(REPO, 'bench', 'trees-src', opts.tree);
  const dir = path.join(opts.work, pm);
  const app = path.join(dir, 'app');
  const home = path.join(dir, 'home');
  const stamp = path.join(dir, 'stamp');
  const inputs = crypto.createHash('sha256').update(JSON.stringify(m)).update(fs.readFileSync(path.join(src, 'package.json'))).update(fs.readFileSync(path.join(src, 'package-lock.json'))).digest('hex');
  if (!(fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === inputs && fs.existsSync(path.join(app, m.lockfile)))) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(app, { recursive: true });
    fs.mkdirSync(home, { recursive: true });
    for (const f of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(src, f), path.join(app, f));
    const run = (args) => {
      process.stderr.write(`[caches] ${pm}: ${args.join(' ')} (with HOME=${path.relative(REPO, home)})\n`);
      execFileSync('npx', ['-y', ...m.tool, ...args], { cwd: app, env: cleanEnv(home, m.env), stdio: ['ignore', 'ignore', 'inherit'] });
    };
    if (m.preinstall) run(m.preinstall);
    if (pm !== 'npm') fs.rmSync(path.join(app, 'package-lock.json'));
    run(m.install);
    fs.writeFileSync(stamp, inputs);
  }
  const lockonly = path.join(dir, 'lockonly');
  fs.rmSync(lockonly, { recursive: true, force: true });
  fs.mkdirSync(lockonly);
  for (const f of ['package.json', m.lockfile]) fs.copyFileSync(path.join(app, f), path.join(lockonly, f));
  return { app, home, lockonly };
}

function scan(dir, env, args) {
  const r = spawnSync(process.execPath, [BIN, 'check', dir, '--today', '2026-12-02', ...args], { env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`scan of ${dir} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  return r;
}

/** CPU seconds (user + sys) of the npm reader alone, in a fresh process. */
function readerCpu(dir, env) {
  const script = `
    const { discoverNpmFiles } = require(${JSON.stringify(path.join(REPO, 'dist', 'src', 'read', 'ecosystems', 'npm', 'discover-files.js'))});
    const { npmReader } = require(${JSON.stringify(path.join(REPO, 'dist', 'src', 'read', 'ecosystems', 'npm', 'index.js'))});
    const { createSafeFs } = require(${JSON.stringify(path.join(REPO, 'dist', 'src', 'read', 'fs.js'))});
    (async () => {
      const files = await discoverNpmFiles(${JSON.stringify(dir)});
      const before = process.cpuUsage();
      const result = await npmReader.read(files, { root: files.root, fs: createSafeFs(files.root), env: process.env, includeDev: true });
      const used = process.cpuUsage(before);
      process.stdout.write(JSON.stringify({ cpu: (used.user + used.system) / 1e6, cached: result.components.filter((c) => c.cache).length, components: result.components.length }));
    })();`;
  const r = spawnSync(process.execPath, ['-e', script], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`reader run failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function measure(pm, opts) {
  const m = MANAGERS[pm];
  const { app, home, lockonly } = setup(pm, opts);
  const emptyHome = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-bench-empty-home-'));
  const reportOf = (dir, env) => JSON.parse(scan(dir, env, ['-f', 'json']).stdout);

  const installed = reportOf(app, cleanEnv(emptyHome));
  const offline = reportOf(lockonly, cleanEnv(home, m.env));
  const reference = new Map(installed.components.map((c) => [c.id, c.license]));
  const installedSource = new Map(installed.components.map((c) => [c.id, c.evidence.source]));
  let resolved = 0;
  let same = 0;
  let judgedByInstalled = 0;
  let sameWhereInstalled = 0;
  const differ = [];
  const notInstalledHere = [];
  for (const c of offline.components) {
    if (c.evidence.source !== 'none') resolved++;
    const ref = reference.get(c.id);
    const equal = !!ref && ref.expression === c.license.expression && ref.category === c.license.category;
    if (equal) same++;
    // Another platform's optional binaries are not installed here: the installed scan cannot
    // judge them, the caches' registry metadata can. Counted apart, not as disagreements.
    if (installedSource.get(c.id) === 'none') {
      if (!equal) notInstalledHere.push(`${c.id}: ${c.license.expression ?? 'null'} (${c.evidence.source})`);
      continue;
    }
    judgedByInstalled++;
    if (equal) sameWhereInstalled++;
    else differ.push(`${c.id}: ${c.license.expression ?? 'null'} (${c.license.category}) vs installed ${ref ? `${ref.expression ?? 'null'} (${ref.category})` : 'absent'}`);
  }

  const cold = scan(lockonly, cleanEnv(emptyHome), ['--no-color']);
  const lines = (cold.stdout + cold.stderr).split('\n').filter((l, i, all) => l !== '' || i < all.length - 1);

  const withCaches = [];
  const without = [];
  const installedWalk = [];
  let counts;
  for (let i = 0; i < opts.runs; i++) {
    // Alternate, so a busy neighbour weighs on all the same.
    const a = readerCpu(lockonly, cleanEnv(home, m.env));
    const b = readerCpu(lockonly, cleanEnv(emptyHome));
    const c = readerCpu(app, cleanEnv(emptyHome));
    withCaches.push(a.cpu);
    without.push(b.cpu);
    installedWalk.push(c.cpu);
    counts = a;
  }
  fs.rmSync(emptyHome, { recursive: true, force: true });
  return {
    pm,
    components: offline.components.length,
    installedComponents: installed.components.length,
    evidence: offline.summary.evidence,
    resolvedPct: (100 * resolved) / offline.components.length,
    samePct: (100 * same) / offline.components.length,
    sameWhereInstalledPct: (100 * sameWhereInstalled) / judgedByInstalled,
    judgedByInstalled,
    notInstalledHere,
    differ,
    emptyHomeLines: lines.length,
    emptyHomeNamesCommand: lines.some((l) => l.includes(m.command)),
    emptyHomeNamesOnline: lines.some((l) => l.includes('--online')),
    emptyHomeOutput: lines,
    readerCpuWithCaches: median(withCaches),
    readerCpuWithout: median(without),
    lookupCpu: median(withCaches) - median(without),
    readerCached: counts.cached,
    readerCpuInstalled: median(installedWalk),
    loadAverage: os.loadavg()[0],
    runs: { withCaches, without, installedWalk },
  };
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(REPO, 'dist', 'src', 'read', 'ecosystems', 'npm', 'index.js'))) throw new Error('build first: npm run build');
  fs.mkdirSync(opts.work, { recursive: true });
  const results = opts.pm.map((pm) => measure(pm, opts));
  const pct = (x) => `${x.toFixed(1)} %`;
  console.log(`| package manager | components | resolved offline | same expression + category as installed: all (where the installed scan judged) | empty HOME: lines (names install cmd, --online) | cache lookup CPU: reader with − without caches (installed walk's reader), median of ${opts.runs} |`);
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    console.log(
      `| ${r.pm} | ${r.components} (installed scan: ${r.installedComponents}) | ${pct(r.resolvedPct)} | ${pct(r.samePct)} (${pct(r.sameWhereInstalledPct)} of ${r.judgedByInstalled}) | ${r.emptyHomeLines} (${r.emptyHomeNamesCommand ? 'yes' : 'NO'}, ${r.emptyHomeNamesOnline ? 'yes' : 'NO'}) | ${r.lookupCpu.toFixed(3)} s = ${r.readerCpuWithCaches.toFixed(3)} − ${r.readerCpuWithout.toFixed(3)} (${r.readerCpuInstalled.toFixed(3)}) |`,
    );
  }
  console.log(`load average at the end: ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores (CPU times grow with it)`);
  for (const r of results) {
    if (r.notInstalledHere.length) console.log(`\n${r.pm}: ${r.notInstalledHere.length} components not installed on this platform, judged offline from the caches:\n  ${r.notInstalledHere.slice(0, 8).join('\n  ')}${r.notInstalledHere.length > 8 ? '\n  …' : ''}`);
    if (r.differ.length) console.log(`\n${r.pm}: ${r.differ.length} components differ from the installed scan:\n  ${r.differ.slice(0, 30).join('\n  ')}`);
    console.log(`\n${r.pm}, empty HOME, terminal output:\n  ${r.emptyHomeOutput.join('\n  ')}`);
  }
  const targets = results.map((r) => ({
    pm: r.pm,
    resolved98: r.resolvedPct >= 98,
    same98: r.sameWhereInstalledPct >= 98,
    lines25: r.emptyHomeLines <= 25 && r.emptyHomeNamesCommand && r.emptyHomeNamesOnline,
    lookupUnderHalfSecond: r.lookupCpu <= 0.5,
  }));
  console.log(`\ntargets: ${JSON.stringify(targets)}`);
  fs.writeFileSync(path.join(opts.work, 'results.json'), JSON.stringify({ node: process.version, cpus: os.cpus().length, results, targets }, null, 2));
}

main();
