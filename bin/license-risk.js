#!/usr/bin/env node
'use strict';
// This process is ours: the scan may size V8's young generation (src/util/heap.ts).
require('../dist/src/util/heap.js').allowHeapTuning();
require('../dist/src/cli/main.js').main(process.argv.slice(2));
