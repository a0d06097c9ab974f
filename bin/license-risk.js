#!/usr/bin/env node
'use strict';
// This process is ours: V8's compiler and young generation may be tuned for a scan (src/util/heap.ts).
require('../dist/src/util/heap.js').allowV8Tuning();
require('../dist/src/cli/main.js').main(process.argv.slice(2));
