#!/usr/bin/env node
'use strict';
// Writes synthetic installed trees for the scaling benchmark:
//   node bench/synthetic.js [--from large] 5000 10000 20000
// into bench/trees/synthetic-<n>/ (cached; rerunning is a no-op unless the source changed).

const path = require('node:path');
const { ensureTree, TREES_DIR } = require('./lib/setup');
const { generateSyntheticTree } = require('./lib/synthetic');

function main(argv) {
  let from = 'large';
  const sizes = [];
  for (let index = 0; index < argv.length; index += 1) {
    if (argv[index] === '--from') from = argv[++index];
    else if (/^\d+$/.test(argv[index])) sizes.push(Number(argv[index]));
    else {
      process.stderr.write(`usage: node bench/synthetic.js [--from <tree>] <size>...\n`);
      return 2;
    }
  }
  if (sizes.length === 0) sizes.push(5000, 10000, 20000);
  const log = (line) => process.stderr.write(`${line}\n`);
  const sourceDir = ensureTree(from, log);
  for (const size of sizes) {
    const result = generateSyntheticTree({ sourceDir, targetDir: path.join(TREES_DIR, `synthetic-${size}`), size, log });
    process.stdout.write(`${result.targetDir}: ${result.components} packages${result.reused ? ' (cached)' : ''}\n`);
  }
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench/synthetic.js: ${error.message}\n`);
    process.exitCode = 2;
  }
}
