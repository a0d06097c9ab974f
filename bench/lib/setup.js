'use strict';
// Idempotent, cached benchmark setup: the real npm trees (installed from the committed
// package.json + lock under bench/trees-src/ into gitignored bench/trees/), the pinned peer
// tools (bench/peers/), and the licensee policy file. A stamp file holding the lock's hash
// makes reruns skip installs until the lock changes.

const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const BENCH_DIR = path.resolve(__dirname, '..');
const TREE_SOURCES_DIR = path.join(BENCH_DIR, 'trees-src');
const TREES_DIR = path.join(BENCH_DIR, 'trees');
const PEERS_DIR = path.join(BENCH_DIR, 'peers');
const STAMP_FILE = '.bench-install-stamp';
// licensee insists on a policy; a permissive Blue Oak floor makes it judge every package.
const LICENSEE_POLICY = '{"licenses":{"blueOak":"bronze"}}\n';

function hashFiles(files) {
  const hash = crypto.createHash('sha256');
  for (const file of files) hash.update(fs.readFileSync(file));
  return hash.digest('hex');
}

function readStamp(dir) {
  try {
    return fs.readFileSync(path.join(dir, STAMP_FILE), 'utf8').trim();
  } catch {
    return '';
  }
}

function runNpm(args, cwd, log) {
  log(`  $ npm ${args.join(' ')}   (in ${path.relative(process.cwd(), cwd) || '.'})`);
  const result = spawnSync('npm', args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: process.env });
  if (result.error) throw new Error(`npm could not be started: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`npm ${args[0]} failed in ${cwd} (exit ${result.status})`);
}

/** Names of the real trees available (folders under bench/trees-src/ with a lockfile). */
function listTreeSources() {
  if (!fs.existsSync(TREE_SOURCES_DIR)) return [];
  return fs
    .readdirSync(TREE_SOURCES_DIR)
    .filter((name) => fs.existsSync(path.join(TREE_SOURCES_DIR, name, 'package-lock.json')))
    .sort();
}

/**
 * Makes bench/trees/<name>/ an installed copy of bench/trees-src/<name>/; returns its path.
 * @param {string} name
 * @param {(line: string) => void} log
 */
function ensureTree(name, log = () => {}) {
  const sourceDir = path.join(TREE_SOURCES_DIR, name);
  const sourceFiles = ['package.json', 'package-lock.json'].map((file) => path.join(sourceDir, file));
  for (const file of sourceFiles) {
    if (!fs.existsSync(file)) throw new Error(`missing benchmark tree source ${path.relative(BENCH_DIR, file)}`);
  }
  const treeDir = path.join(TREES_DIR, name);
  const expectedStamp = hashFiles(sourceFiles);
  const installed = fs.existsSync(path.join(treeDir, 'node_modules'));
  if (!installed || readStamp(treeDir) !== expectedStamp) {
    log(`setup: installing tree "${name}" (one-off, cached afterwards)`);
    fs.mkdirSync(treeDir, { recursive: true });
    for (const file of sourceFiles) fs.copyFileSync(file, path.join(treeDir, path.basename(file)));
    fs.rmSync(path.join(treeDir, STAMP_FILE), { force: true });
    runNpm(['ci', '--ignore-scripts', '--legacy-peer-deps', '--no-audit', '--no-fund', '--loglevel=error'], treeDir, log);
    fs.writeFileSync(path.join(treeDir, STAMP_FILE), `${expectedStamp}\n`);
  }
  writeLicenseePolicy(treeDir);
  return treeDir;
}

/** licensee reads `.licensee.json` from its working directory; our own trees may hold one. */
function writeLicenseePolicy(treeDir) {
  const policyFile = path.join(treeDir, '.licensee.json');
  if (!fs.existsSync(policyFile) || fs.readFileSync(policyFile, 'utf8') !== LICENSEE_POLICY) {
    fs.writeFileSync(policyFile, LICENSEE_POLICY);
  }
}

/** Installs the pinned peer tools into bench/peers/node_modules (cached by lock hash). */
function ensurePeers(log = () => {}) {
  const manifest = path.join(PEERS_DIR, 'package.json');
  const lock = path.join(PEERS_DIR, 'package-lock.json');
  if (!fs.existsSync(manifest)) throw new Error('missing bench/peers/package.json');
  const hasLock = fs.existsSync(lock);
  const expectedStamp = hashFiles(hasLock ? [manifest, lock] : [manifest]);
  const installed = fs.existsSync(path.join(PEERS_DIR, 'node_modules'));
  if (!installed || readStamp(path.join(PEERS_DIR, 'node_modules')) !== expectedStamp) {
    log('setup: installing peer tools (one-off, cached afterwards)');
    const args = hasLock ? ['ci'] : ['install'];
    runNpm([...args, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], PEERS_DIR, log);
    // `npm install` may have just written the lock; stamp what is on disk now.
    const stamp = hashFiles(fs.existsSync(lock) ? [manifest, lock] : [manifest]);
    fs.writeFileSync(path.join(PEERS_DIR, 'node_modules', STAMP_FILE), `${stamp}\n`);
  }
  return PEERS_DIR;
}

/** Versions of the installed peers, read from their own package.json. */
function peerVersions() {
  const versions = {};
  for (const name of ['license-checker', 'license-checker-rseidelsohn', 'licensee']) {
    try {
      versions[name] = JSON.parse(fs.readFileSync(path.join(PEERS_DIR, 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      versions[name] = null;
    }
  }
  return versions;
}

module.exports = {
  BENCH_DIR,
  TREES_DIR,
  TREE_SOURCES_DIR,
  PEERS_DIR,
  LICENSEE_POLICY,
  listTreeSources,
  ensureTree,
  ensurePeers,
  peerVersions,
  writeLicenseePolicy,
  hashFiles,
};
