#!/usr/bin/env node
'use strict';
// The CLI ships as one bundled file, dist/license-risk.js (scripts/build-bundle.ts), compiled
// here with the V8 code cache the build made for it: a pre-commit run then pays neither for
// ~120 module lookups nor for compiling what the cache holds. V8 checks the cache against the
// source and its own version and flags; a cache it rejects (another Node) only costs its read.
// Without a bundle (a `tsc`-only build) the modules load one by one.
const fs = require('node:fs');
const path = require('node:path');

const BUNDLE = path.join(__dirname, '..', 'dist', 'license-risk.js');
const CODE_CACHE = `${BUNDLE}.cache`;

/**
 * The bundle's exports and its compiled script (the build makes the cache from it); null
 * without a bundle. `codeCache`: the cache file to use, null for none.
 */
function loadBundle(options = {}) {
  let source;
  try {
    const bytes = fs.readFileSync(BUNDLE);
    // The build escapes every non-ASCII character (scripts/build-bundle.ts): read as Latin-1, the
    // text needs no UTF-8 decoding. Anything else is decoded as UTF-8.
    source = require('node:buffer').isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  } catch {
    return null;
  }
  const vm = require('node:vm');
  const Module = require('node:module');
  let cachedData;
  const codeCache = options.codeCache === undefined ? CODE_CACHE : options.codeCache;
  if (codeCache !== null) {
    try {
      cachedData = fs.readFileSync(codeCache);
    } catch {
      // no cache: compiled from source
    }
  }
  const script = new vm.Script(Module.wrap(source), { filename: BUNDLE, cachedData });
  const bundleModule = { exports: {} };
  script.runInThisContext()(bundleModule.exports, Module.createRequire(BUNDLE), bundleModule, BUNDLE, path.dirname(BUNDLE));
  return { exports: bundleModule.exports, script };
}

/**
 * Ends the process once a command is over and its output is out. Returning to Node instead
 * tears V8 down piece by piece (every heap page unmapped on its own, the ended text thread's
 * isolate disposed), which took ~15 ms after a large tree's report was written; the kernel
 * frees the memory at once. Output still queued for a slow pipe keeps the natural exit, which
 * waits for it; `'exit'` listeners (temporary files) run either way.
 */
function exitWhenFlushed(code) {
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
}

if (require.main === module) {
  const cli = loadBundle()?.exports ?? require('../dist/src/cli/bin.js');
  cli.run(process.argv.slice(2)).then(exitWhenFlushed);
}

module.exports = { loadBundle, BUNDLE, CODE_CACHE, exitWhenFlushed };
