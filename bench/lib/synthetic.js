'use strict';
// Synthetic installed npm trees of a chosen size, made from a real installed tree by copying
// its packages under new names (replica k renames `foo` to `foo-syn<k>`), for the scaling
// benchmark. The output is a plausible npm install: root package.json, package-lock.json v3,
// node_modules/ with nested node_modules/ where the source had them, and the hidden lockfile.
// Each copied package keeps the files at its root (manifest, license, notice, readme, entry
// files — everything a license scanner reads), hard-linked to save disk; code subfolders are
// left out so a 20k tree stays a few hundred MB of metadata rather than gigabytes.

const fs = require('node:fs');
const path = require('node:path');

const GENERATOR_VERSION = 1;
const STAMP_FILE = '.bench-synthetic-stamp';
const DEPENDENCY_MAP_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies', 'peerDependenciesMeta', 'devDependencies'];
const NODE_MODULES_SEGMENT = 'node_modules/';

/** `foo` → `foo-syn2`, `@scope/foo` → `@scope/foo-syn2`; replica 0 keeps the real name. */
function renamePackage(name, replica) {
  return replica === 0 ? name : `${name}-syn${replica}`;
}

/**
 * Splits a lockfile v3 path into package names:
 * `node_modules/@a/b/node_modules/c` → ['@a/b', 'c']. Returns null for paths that are not
 * under node_modules (workspace folders, the root "").
 * @param {string} lockPath
 */
function packageNamesInPath(lockPath) {
  if (!lockPath.startsWith(NODE_MODULES_SEGMENT)) return null;
  const names = lockPath.slice(NODE_MODULES_SEGMENT.length).split(`/${NODE_MODULES_SEGMENT}`);
  return names.every((name) => /^(@[^/]+\/)?[^/@][^/]*$/.test(name)) ? names : null;
}

/** Renames every package in a lockfile path for replica `replica`. */
function renameLockPath(lockPath, replica) {
  const names = packageNamesInPath(lockPath);
  if (!names) throw new Error(`not a node_modules package path: ${lockPath}`);
  return NODE_MODULES_SEGMENT + names.map((name) => renamePackage(name, replica)).join(`/${NODE_MODULES_SEGMENT}`);
}

/** Renames the keys of a dependency map ({name: range}); other values pass through. */
function renameDependencyMap(map, replica) {
  if (!map || typeof map !== 'object' || Array.isArray(map)) return map;
  const renamed = {};
  for (const key of Object.keys(map).sort()) renamed[renamePackage(key, replica)] = map[key];
  return renamed;
}

/**
 * Chooses which (source path, replica) pairs make up a tree of exactly `size` packages:
 * whole replicas of the source, then a prefix of the next one. Sorted lock paths list a
 * parent before its nested packages, so any prefix keeps every nested package's parent.
 * @param {string[]} sourcePaths lock paths of installed packages
 * @param {number} size
 */
function planSyntheticTree(sourcePaths, size) {
  const sorted = [...new Set(sourcePaths)].sort();
  if (sorted.length === 0) throw new Error('source tree has no packages to copy');
  if (!Number.isInteger(size) || size <= 0) throw new Error(`size must be a positive integer, got ${size}`);
  const plan = [];
  for (let replica = 0; plan.length < size; replica += 1) {
    for (const sourcePath of sorted) {
      if (plan.length === size) break;
      plan.push({ sourcePath, targetPath: renameLockPath(sourcePath, replica), replica });
    }
  }
  return plan;
}

/** The root manifest's dependency sections, repeated once per replica present in the plan. */
function rootDependencies(rootManifest, plan) {
  const topLevel = new Set(plan.filter((item) => packageNamesInPath(item.targetPath).length === 1).map((item) => item.targetPath));
  const replicas = [...new Set(plan.map((item) => item.replica))].sort((a, b) => a - b);
  const sections = {};
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const section = {};
    for (const replica of replicas) {
      for (const [name, range] of Object.entries(rootManifest[field] ?? {})) {
        const renamed = renamePackage(name, replica);
        if (topLevel.has(NODE_MODULES_SEGMENT + renamed)) section[renamed] = range;
      }
    }
    if (Object.keys(section).length > 0) sections[field] = sortKeys(section);
  }
  return sections;
}

function sortKeys(object) {
  return Object.fromEntries(Object.keys(object).sort().map((key) => [key, object[key]]));
}

function renamedManifest(manifest, targetName, replica) {
  const copy = { ...manifest, name: targetName };
  for (const field of DEPENDENCY_MAP_FIELDS) if (copy[field]) copy[field] = renameDependencyMap(copy[field], replica);
  for (const field of ['bundleDependencies', 'bundledDependencies']) {
    if (Array.isArray(copy[field])) copy[field] = copy[field].map((name) => renamePackage(name, replica));
  }
  return copy;
}

function renamedLockEntry(entry, replica) {
  const copy = { ...entry };
  if (replica > 0) {
    // The registry tarball and its hash belong to the real name; a copy has neither.
    delete copy.resolved;
    delete copy.integrity;
  }
  for (const field of DEPENDENCY_MAP_FIELDS) if (copy[field]) copy[field] = renameDependencyMap(copy[field], replica);
  return copy;
}

function linkOrCopy(source, target) {
  try {
    fs.linkSync(source, target);
  } catch {
    fs.copyFileSync(source, target);
  }
}

/**
 * Writes a synthetic tree of `size` packages into `targetDir` from the installed tree in
 * `sourceDir`. Cached: returns early when the stamp says the same tree was already written.
 * @param {{sourceDir: string, targetDir: string, size: number, log?: (line: string) => void}} options
 * @returns {{targetDir: string, components: number, reused: boolean}}
 */
function generateSyntheticTree({ sourceDir, targetDir, size, log = () => {} }) {
  const sourceLock = JSON.parse(fs.readFileSync(path.join(sourceDir, 'package-lock.json'), 'utf8'));
  const sourceManifest = JSON.parse(fs.readFileSync(path.join(sourceDir, 'package.json'), 'utf8'));
  if (!sourceLock.packages || typeof sourceLock.packages !== 'object') {
    throw new Error(`${path.join(sourceDir, 'package-lock.json')}: no "packages" map (lockfile v2/v3 needed)`);
  }
  const stamp = JSON.stringify({
    generator: GENERATOR_VERSION,
    size,
    source: path.resolve(sourceDir),
    sourceLockBytes: fs.statSync(path.join(sourceDir, 'package-lock.json')).size,
    sourceInstalledAt: safeMtime(path.join(sourceDir, 'node_modules')),
  });
  if (readQuietly(path.join(targetDir, STAMP_FILE)) === stamp) return { targetDir, components: size, reused: true };

  // Only packages actually installed (optional platform packages may be absent) are copied.
  const installedPaths = Object.keys(sourceLock.packages).filter((lockPath) => {
    const entry = sourceLock.packages[lockPath];
    return packageNamesInPath(lockPath) && !entry.link && fs.existsSync(path.join(sourceDir, lockPath, 'package.json'));
  });
  const plan = planSyntheticTree(installedPaths, size);
  log(`setup: generating synthetic tree of ${size} packages in ${targetDir}`);
  fs.rmSync(targetDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(targetDir, 'node_modules'), { recursive: true });

  const lockPackages = {};
  for (const item of plan) {
    const sourcePackageDir = path.join(sourceDir, item.sourcePath);
    const targetPackageDir = path.join(targetDir, item.targetPath);
    fs.mkdirSync(targetPackageDir, { recursive: true });
    for (const dirent of fs.readdirSync(sourcePackageDir, { withFileTypes: true })) {
      if (!dirent.isFile()) continue;
      const source = path.join(sourcePackageDir, dirent.name);
      const target = path.join(targetPackageDir, dirent.name);
      if (dirent.name === 'package.json') {
        const names = packageNamesInPath(item.targetPath);
        let text;
        try {
          text = `${JSON.stringify(renamedManifest(JSON.parse(fs.readFileSync(source, 'utf8')), names[names.length - 1], item.replica), null, 2)}\n`;
        } catch {
          text = fs.readFileSync(source, 'utf8'); // Keep a malformed manifest malformed.
        }
        fs.writeFileSync(target, text);
      } else {
        linkOrCopy(source, target);
      }
    }
    lockPackages[item.targetPath] = renamedLockEntry(sourceLock.packages[item.sourcePath], item.replica);
  }

  const name = `bench-synthetic-${size}`;
  const manifest = {
    name,
    version: '1.0.0',
    private: true,
    description: `license-risk benchmark: synthetic tree of ${size} packages copied from ${path.basename(sourceDir)}`,
    license: sourceManifest.license ?? 'MIT',
    ...rootDependencies(sourceManifest, plan),
  };
  const sortedPackages = sortKeys(lockPackages);
  const lock = {
    name,
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: { '': { name, version: '1.0.0', license: manifest.license, ...rootDependencies(sourceManifest, plan) }, ...sortedPackages },
  };
  fs.writeFileSync(path.join(targetDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.writeFileSync(path.join(targetDir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  // Written last so it is newer than every package folder, as npm leaves it.
  const hidden = { name, version: '1.0.0', lockfileVersion: 3, requires: true, packages: sortedPackages };
  fs.writeFileSync(path.join(targetDir, 'node_modules', '.package-lock.json'), `${JSON.stringify(hidden, null, 2)}\n`);
  fs.writeFileSync(path.join(targetDir, STAMP_FILE), stamp);
  return { targetDir, components: plan.length, reused: false };
}

function safeMtime(file) {
  try {
    return Math.round(fs.statSync(file).mtimeMs);
  } catch {
    return 0;
  }
}

function readQuietly(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

module.exports = {
  renamePackage,
  packageNamesInPath,
  renameLockPath,
  renameDependencyMap,
  planSyntheticTree,
  rootDependencies,
  generateSyntheticTree,
};
