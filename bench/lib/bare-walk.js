#!/usr/bin/env node
'use strict';
// The floor the benchmark compares against: walk an installed npm tree and read every
// package manifest and license-like file (first 1 MB), doing nothing with them. Any real
// scanner must do at least this much I/O. Usage: node bench/lib/bare-walk.js <tree-dir>

const fs = require('node:fs');
const path = require('node:path');

const LICENSE_FILE = /^(licen[cs]e|copying|notice|unlicense|patents)([.-].*)?$/i;
const READ_CAP = 1024 * 1024;

function readCapped(file, buffer) {
  let fd;
  try {
    fd = fs.openSync(file, 'r');
    return fs.readSync(fd, buffer, 0, READ_CAP, 0);
  } catch {
    return 0;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function walkTree(treeDir) {
  const buffer = Buffer.allocUnsafe(READ_CAP);
  const totals = { packages: 0, manifests: 0, licenseFiles: 0, bytes: 0 };
  const pending = [path.join(treeDir, 'node_modules')];
  const visitPackage = (packageDir) => {
    let entries;
    try {
      entries = fs.readdirSync(packageDir, { withFileTypes: true });
    } catch {
      return;
    }
    totals.packages += 1;
    for (const entry of entries) {
      if (entry.name === 'package.json') {
        totals.manifests += 1;
        totals.bytes += readCapped(path.join(packageDir, entry.name), buffer);
      } else if (LICENSE_FILE.test(entry.name) && entry.isFile()) {
        totals.licenseFiles += 1;
        totals.bytes += readCapped(path.join(packageDir, entry.name), buffer);
      } else if (entry.name === 'node_modules' && entry.isDirectory()) {
        pending.push(path.join(packageDir, entry.name));
      }
    }
  };
  while (pending.length > 0) {
    const nodeModulesDir = pending.pop();
    let entries;
    try {
      entries = fs.readdirSync(nodeModulesDir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const full = path.join(nodeModulesDir, entry.name);
      if (entry.name.startsWith('@')) {
        for (const scoped of fs.readdirSync(full, { withFileTypes: true })) {
          if (scoped.isDirectory()) visitPackage(path.join(full, scoped.name));
        }
      } else {
        visitPackage(full);
      }
    }
  }
  return totals;
}

if (require.main === module) {
  const treeDir = process.argv[2] ?? process.cwd();
  process.stdout.write(`${JSON.stringify(walkTree(path.resolve(treeDir)))}\n`);
}

module.exports = { walkTree };
