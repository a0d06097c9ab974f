#!/usr/bin/env node
'use strict';
// Before anything allocates: a scan's peak memory is mostly young-generation headroom.
require('../dist/src/cli/heap.js').keepYoungGenerationSmall();
require('../dist/src/cli/main.js').main(process.argv.slice(2));
