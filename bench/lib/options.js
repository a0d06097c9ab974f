'use strict';
// Command-line options of bench/run.js (hand-parsed: the harness must run without building).

const DEFAULTS = Object.freeze({
  runs: 5,
  trees: ['medium', 'large'],
  startup: true,
  startupRuns: 10,
  scaling: true,
  scalingSizes: [5000, 10000, 20000],
  scalingRuns: 3,
  standIn: false,
  build: 'auto',
  timeoutS: 600,
  quick: false,
  help: false,
});

const USAGE = `usage: node bench/run.js [options]      (npm run bench -- [options])

  --runs N              measured runs per tool and tree (default 5), after one warm-up
  --trees a,b           real trees to run (default medium,large; folders of bench/trees-src/)
  --no-trees            skip the real trees (e.g. to run only start-up or scaling)
  --quick               large tree only, 3 runs, start-up with 3 runs, no scaling
  --no-startup          skip the start-up comparison (tiny checkout vs node -e 0)
  --startup-runs N      runs for the start-up comparison (default 10)
  --no-scaling          skip the synthetic 5k/10k/20k scaling runs
  --scaling-sizes a,b   synthetic tree sizes (default 5000,10000,20000)
  --scaling-runs N      runs per synthetic size (default 3)
  --stand-in            measure "node -e 0" in place of license-risk (harness self-test)
  --build | --no-build  rebuild dist/ first (default: only when missing or older than src/)
  --timeout-s N         kill any single run after N seconds (default 600)
  -h, --help            this text
`;

function parsePositiveInteger(flag, value) {
  if (value === undefined || !/^\d+$/.test(value) || Number(value) <= 0) {
    throw new Error(`${flag} needs a positive integer, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
  }
  return Number(value);
}

function parseList(flag, value) {
  if (value === undefined || value.trim() === '') throw new Error(`${flag} needs a comma-separated list`);
  return value.split(',').map((item) => item.trim()).filter(Boolean);
}

/**
 * Parses argv (without node and script). Throws an Error with a one-line message on bad input.
 * `--flag=value` and `--flag value` are both accepted.
 * @param {string[]} argv
 */
function parseOptions(argv) {
  const options = { ...DEFAULTS, trees: [...DEFAULTS.trees], scalingSizes: [...DEFAULTS.scalingSizes] };
  const explicit = new Set();
  const queue = [];
  for (const arg of argv) {
    const match = /^(--[a-z-]+)=(.*)$/s.exec(arg);
    if (match) queue.push(match[1], match[2]);
    else queue.push(arg);
  }
  for (let index = 0; index < queue.length; index += 1) {
    const flag = queue[index];
    const next = () => queue[++index];
    explicit.add(flag);
    switch (flag) {
      case '--runs': options.runs = parsePositiveInteger(flag, next()); break;
      case '--trees': options.trees = parseList(flag, next()); break;
      case '--no-trees': options.trees = []; break;
      case '--quick': options.quick = true; break;
      case '--startup': options.startup = true; break;
      case '--no-startup': options.startup = false; break;
      case '--startup-runs': options.startupRuns = parsePositiveInteger(flag, next()); break;
      case '--scaling': options.scaling = true; break;
      case '--no-scaling': options.scaling = false; break;
      case '--scaling-sizes': options.scalingSizes = parseList(flag, next()).map((size) => parsePositiveInteger(flag, size)); break;
      case '--scaling-runs': options.scalingRuns = parsePositiveInteger(flag, next()); break;
      case '--stand-in': options.standIn = true; break;
      case '--build': options.build = 'always'; break;
      case '--no-build': options.build = 'never'; break;
      case '--timeout-s': options.timeoutS = parsePositiveInteger(flag, next()); break;
      case '-h':
      case '--help': options.help = true; break;
      default: throw new Error(`unknown option ${JSON.stringify(flag)} (see --help)`);
    }
  }
  if (options.quick) {
    // Quick mode narrows the defaults only; anything given explicitly still wins.
    if (!explicit.has('--trees') && !explicit.has('--no-trees')) options.trees = ['large'];
    if (!explicit.has('--runs')) options.runs = 3;
    if (!explicit.has('--startup-runs')) options.startupRuns = 3;
    if (!explicit.has('--scaling')) options.scaling = false;
  }
  options.scalingSizes = [...new Set(options.scalingSizes)].sort((a, b) => a - b);
  return options;
}

module.exports = { parseOptions, DEFAULTS, USAGE };
