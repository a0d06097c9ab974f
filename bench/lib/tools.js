'use strict';
// The commands the benchmark compares, and how to read what each one says about a package.
// Every tool runs as `node <script> ...` with the same node binary, from the tree's folder.

const fs = require('node:fs');
const path = require('node:path');
const { PEERS_DIR } = require('./setup');

const REPO_DIR = path.resolve(__dirname, '..', '..');
const OURS_BIN = path.join(REPO_DIR, 'bin', 'license-risk.js');
// What the binary runs: the bundle `npm run build` makes last (scripts/build-bundle.ts).
const OURS_MAIN = path.join(REPO_DIR, 'dist', 'license-risk.js');
// The compiled modules the bundle is made from (profiles attribute time to their files).
const MODULES_ENTRY = path.join(REPO_DIR, 'dist', 'src', 'cli', 'bin.js');

/** `node` arguments that run the CLI from the compiled modules with `argv`. */
function modulesArgs(argv) {
  return ['-e', `require(${JSON.stringify(MODULES_ENTRY)}).run(${JSON.stringify(argv)})`];
}

/**
 * Packages whose licenses are easy to get wrong; printed beside the timings. `root` stands
 * for the scanned project itself (its package.json `name`).
 */
const PROBES = [
  { label: 'root project', name: 'root', expect: 'MIT' },
  { label: 'mapbox-gl', name: 'mapbox-gl', expect: 'proprietary (Mapbox ToS)' },
  { label: 'hadron-type-checker', name: 'hadron-type-checker', expect: 'SSPL-1.0' },
  { label: '@uniswap/v3-core', name: '@uniswap/v3-core', expect: 'BUSL-1.1' },
  { label: 'ag-grid-enterprise', name: 'ag-grid-enterprise', expect: 'commercial' },
  { label: 'n8n-workflow', name: 'n8n-workflow', expect: 'Sustainable Use License' },
  { label: 'gsap', name: 'gsap', expect: 'GSAP Standard (no-charge)' },
];

/** `@scope/name@1.2.3` → `@scope/name` (license-checker keys). */
function nameFromNameAtVersion(key) {
  const at = key.lastIndexOf('@');
  return at > 0 ? key.slice(0, at) : key;
}

function readJsonFile(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** license-checker(-rseidelsohn) --json: { "name@version": { licenses: string|string[] } }. */
function licenseCheckerVerdicts(outputFile) {
  const report = readJsonFile(outputFile);
  const verdicts = new Map();
  for (const [key, entry] of Object.entries(report)) {
    const licenses = Array.isArray(entry.licenses) ? entry.licenses.join(' + ') : String(entry.licenses ?? 'none');
    addVerdict(verdicts, nameFromNameAtVersion(key), licenses);
  }
  return { verdicts, components: Object.keys(report).length };
}

/** licensee --ndjson: one object per line with name, version, license (raw metadata), approved. */
function licenseeVerdicts(outputFile) {
  const verdicts = new Map();
  let components = 0;
  for (const line of fs.readFileSync(outputFile, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const entry = JSON.parse(line);
    components += 1;
    const license = typeof entry.license === 'string' ? entry.license : JSON.stringify(entry.license ?? 'none');
    addVerdict(verdicts, entry.name, `${license}${entry.approved ? '' : ' (not approved)'}`);
  }
  return { verdicts, components };
}

/**
 * license-risk --format json (src/types.ts `Report`): components[] with name and
 * license.{expression,category}; the project's own license is `ownLicense`.
 */
function oursVerdicts(outputFile) {
  const report = readJsonFile(outputFile);
  const verdicts = new Map();
  const components = Array.isArray(report.components) ? report.components : [];
  for (const component of components) {
    const license = component.license ?? {};
    addVerdict(verdicts, component.name, `${license.expression ?? 'none'} [${license.category ?? '?'}]`);
  }
  if (report.ownLicense && typeof report.ownLicense === 'object') {
    addVerdict(verdicts, 'root', `${report.ownLicense.expression ?? 'none'} [${report.ownLicense.category ?? '?'}]`);
  }
  return { verdicts, components: components.length };
}

/** What a tool said about a probe; the root project may be listed under its own name. */
function lookupProbe(verdicts, probe, rootName) {
  if (probe.name !== 'root') return verdicts.get(probe.name) ?? null;
  return verdicts.get('root') ?? (rootName ? verdicts.get(rootName) : undefined) ?? null;
}

/** Package names a tree's lockfile installs (v2/v3 `packages` keys), for choosing probes. */
function packageNamesInLock(treeDir) {
  const names = new Set();
  try {
    const lock = readJsonFile(path.join(treeDir, 'package-lock.json'));
    for (const [lockPath, entry] of Object.entries(lock.packages ?? {})) {
      const at = lockPath.lastIndexOf('node_modules/');
      if (at >= 0) names.add(entry.name ?? lockPath.slice(at + 'node_modules/'.length));
    }
  } catch {
    // No readable lock: no probes beyond the root.
  }
  return names;
}

function addVerdict(verdicts, name, text) {
  const previous = verdicts.get(name);
  // Several versions of one package: keep every distinct answer.
  if (previous === undefined) verdicts.set(name, text);
  else if (!previous.split(' | ').includes(text)) verdicts.set(name, `${previous} | ${text}`);
}

/**
 * The tools under test. `okExitCodes`: codes that still mean "the scan completed" (licensee
 * exits 1 when a package is not approved, ours exits 1 on error-level findings).
 * `standIn`: replace ours with bare `node -e 0` to exercise the harness without the CLI.
 */
function defineTools({ standIn = false } = {}) {
  const peersBin = (relative) => path.join(PEERS_DIR, 'node_modules', relative);
  const ours = standIn
    ? { args: () => ['-e', '0'], verdicts: null }
    : { args: (treeDir) => [OURS_BIN, 'check', treeDir, '--format', 'json'], verdicts: oursVerdicts };
  return [
    { id: 'ours-cold', label: standIn ? 'node -e 0 (stand-in, cold)' : 'license-risk (cold cache)', ours: true, cache: 'cold', okExitCodes: [0, 1], ...ours },
    // The pre-commit rerun: same HOME, `--cache` as the hook passes it (issue 18).
    {
      id: 'ours-warm',
      label: standIn ? 'node -e 0 (stand-in, warm)' : 'license-risk --cache (rerun, warm)',
      ours: true,
      cache: 'warm',
      okExitCodes: [0, 1],
      ...ours,
      ...(standIn ? {} : { args: (treeDir) => [...ours.args(treeDir), '--cache'] }),
    },
    {
      id: 'license-checker',
      label: 'license-checker --json',
      args: (treeDir) => [peersBin('license-checker/bin/license-checker'), '--json', '--start', treeDir],
      okExitCodes: [0],
      verdicts: licenseCheckerVerdicts,
    },
    {
      id: 'license-checker-rseidelsohn',
      label: 'license-checker-rseidelsohn --json',
      args: (treeDir) => [peersBin('license-checker-rseidelsohn/bin/license-checker-rseidelsohn.js'), '--json', '--start', treeDir],
      okExitCodes: [0],
      verdicts: licenseCheckerVerdicts,
    },
    {
      // Not a peer: the I/O floor (every manifest and license file read, nothing else done).
      id: 'bare-walk',
      label: 'bare walk: read manifests + license files',
      reference: true,
      args: (treeDir) => [path.join(__dirname, 'bare-walk.js'), treeDir],
      okExitCodes: [0],
      verdicts: null,
    },
    {
      id: 'licensee',
      label: 'licensee --ndjson',
      args: () => [peersBin('licensee/licensee'), '--ndjson'],
      okExitCodes: [0, 1],
      verdicts: licenseeVerdicts,
    },
  ];
}

/**
 * Identifies the build being measured: newest mtime and file count under dist/. If it changes
 * during a benchmark (someone rebuilt), runs of different builds must not be compared.
 */
function oursBuildFingerprint() {
  let newest = 0;
  let files = 0;
  forEachFile(path.join(REPO_DIR, 'dist'), '.js', (full) => {
    files += 1;
    newest = Math.max(newest, fs.statSync(full).mtimeMs);
  });
  return files === 0 ? 'no-build' : `${new Date(newest).toISOString()} (${files} files)`;
}

/** Calls `visit` for every file under `root` ending in `ext`; stops early when it returns true. */
function forEachFile(root, ext, visit) {
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop();
    let entries = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.name.endsWith(ext) && visit(full) === true) return true;
    }
  }
  return false;
}

function oursIsBuilt() {
  return fs.existsSync(OURS_BIN) && fs.existsSync(OURS_MAIN);
}

/** Newest modification time under src/ vs the built CLI: a stale build measures old code. */
function oursBuildIsStale() {
  if (!fs.existsSync(OURS_MAIN)) return true;
  const builtAt = fs.statSync(OURS_MAIN).mtimeMs;
  return forEachFile(path.join(REPO_DIR, 'src'), '.ts', (full) => fs.statSync(full).mtimeMs > builtAt);
}

module.exports = {
  REPO_DIR,
  OURS_BIN,
  OURS_MAIN,
  modulesArgs,
  PROBES,
  defineTools,
  oursIsBuilt,
  oursBuildIsStale,
  oursBuildFingerprint,
  nameFromNameAtVersion,
  licenseCheckerVerdicts,
  licenseeVerdicts,
  oursVerdicts,
  lookupProbe,
  packageNamesInLock,
};
