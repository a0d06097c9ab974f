'use strict';
// Runs one command as a whole process and measures it: wall time (hrtime around the spawn),
// CPU time (user + sys of the process and every descendant it waited for, from GNU time's
// wait4 rusage) and peak RSS of the whole process tree. GNU time's %M is the largest single
// process's peak, so a /proc sampler also sums the RSS of all live descendants every few
// milliseconds; the reported peak is the larger of the two.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const GNU_TIME = '/usr/bin/time';
const TIME_MARKER = 'LRBENCH';
const PAGE_SIZE_KIB = 4; // Linux x86-64/arm64 default; statm counts pages.
const SAMPLE_INTERVAL_MS = 5;
// GNU time processes currently running (pid → scratch dir), so an interrupted benchmark can
// stop what it started and clean up after it.
const activeRuns = new Map();

/**
 * The environment every measured license-risk run gets: a `HOME` and `XDG_CACHE_HOME` of its
 * own under `dir` (created here; empty for a cold run) and only what a CI shell would have — no
 * NODE_OPTIONS or npm_* leaking in from `npm run`.
 */
function runEnvironment(dir) {
  const home = path.join(dir, 'home');
  const cache = path.join(dir, 'cache');
  fs.mkdirSync(home, { recursive: true });
  fs.mkdirSync(cache, { recursive: true });
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XDG_CACHE_HOME: cache, LANG: 'C.UTF-8', NO_COLOR: '1', TMPDIR: os.tmpdir() };
}

function assertGnuTimeAvailable() {
  if (!fs.existsSync(GNU_TIME)) {
    throw new Error(`${GNU_TIME} not found: install GNU time (Debian/Ubuntu: apt-get install -y time)`);
  }
}

/**
 * Parses the marker line GNU time writes with `-f "LRBENCH %e %U %S %M %x"`.
 * Returns null when the line is missing or malformed (e.g. the child was killed by a signal
 * and time printed only its "Command terminated by signal" line).
 * @param {string} text
 */
function parseTimeOutput(text) {
  const line = text
    .split('\n')
    .reverse()
    .find((candidate) => candidate.startsWith(`${TIME_MARKER} `));
  if (!line) return null;
  const [elapsedS, userS, sysS, maxRssKiB, exitStatus] = line.slice(TIME_MARKER.length + 1).trim().split(/\s+/).map(Number);
  if (![elapsedS, userS, sysS, maxRssKiB, exitStatus].every(Number.isFinite)) return null;
  return {
    elapsedMs: elapsedS * 1000,
    userMs: userS * 1000,
    sysMs: sysS * 1000,
    maxRssKiB,
    exitStatus,
  };
}

function readChildren(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return text === '' ? [] : text.split(/\s+/).map(Number);
  } catch {
    return [];
  }
}

function readRssKiB(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ');
    return Number(fields[1]) * PAGE_SIZE_KIB;
  } catch {
    return 0;
  }
}

/** Sum of RSS over every descendant of `rootPid` (excluding the root: GNU time itself). */
function sampleTreeRss(rootPid) {
  let total = 0;
  let processes = 0;
  const pending = readChildren(rootPid);
  while (pending.length > 0) {
    const pid = pending.pop();
    total += readRssKiB(pid);
    processes += 1;
    pending.push(...readChildren(pid));
  }
  return { total, processes };
}

/**
 * @param {{command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv,
 *          stdoutPath?: string, timeoutMs?: number}} spec
 * @returns {Promise<{wallMs: number, cpuMs: number, userMs: number, sysMs: number,
 *          peakRssKiB: number, rusageMaxRssKiB: number, sampledTreeRssKiB: number,
 *          maxProcesses: number, exitCode: number|null, signal: string|null, timedOut: boolean,
 *          stderrTail: string}>}
 */
async function measureProcess(spec) {
  assertGnuTimeAvailable();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lrbench-measure-'));
  const timeFile = path.join(scratch, 'time.txt');
  const stderrFile = path.join(scratch, 'stderr.txt');
  const stdoutFile = spec.stdoutPath ?? path.join(scratch, 'stdout.txt');
  const stdoutFd = fs.openSync(stdoutFile, 'w');
  const stderrFd = fs.openSync(stderrFile, 'w');
  try {
    const args = ['-f', `${TIME_MARKER} %e %U %S %M %x`, '-o', timeFile, spec.command, ...spec.args];
    const started = process.hrtime.bigint();
    const child = spawn(GNU_TIME, args, { cwd: spec.cwd, env: spec.env, stdio: ['ignore', stdoutFd, stderrFd] });
    activeRuns.set(child.pid, scratch);
    let sampledPeak = 0;
    let maxProcesses = 0;
    const sampler = setInterval(() => {
      const sample = sampleTreeRss(child.pid);
      if (sample.total > sampledPeak) sampledPeak = sample.total;
      if (sample.processes > maxProcesses) maxProcesses = sample.processes;
    }, SAMPLE_INTERVAL_MS);
    let timedOut = false;
    const timer = spec.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          // Kill the measured command (GNU time's child), then time exits on its own.
          for (const pid of readChildren(child.pid)) killQuietly(pid);
          killQuietly(child.pid);
        }, spec.timeoutMs)
      : null;
    const { code, signal } = await new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal }));
    });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    activeRuns.delete(child.pid);
    clearInterval(sampler);
    if (timer) clearTimeout(timer);
    const timing = parseTimeOutput(readQuietly(timeFile));
    const stderrTail = readQuietly(stderrFile).slice(-2000);
    const rusageMaxRssKiB = timing ? timing.maxRssKiB : NaN;
    return {
      wallMs,
      cpuMs: timing ? timing.userMs + timing.sysMs : NaN,
      userMs: timing ? timing.userMs : NaN,
      sysMs: timing ? timing.sysMs : NaN,
      peakRssKiB: Math.max(Number.isFinite(rusageMaxRssKiB) ? rusageMaxRssKiB : 0, sampledPeak) || NaN,
      rusageMaxRssKiB,
      sampledTreeRssKiB: sampledPeak,
      maxProcesses,
      // GNU time exits with the command's status; prefer its own record of it.
      exitCode: timing ? timing.exitStatus : code,
      signal,
      timedOut,
      stderrTail,
    };
  } finally {
    fs.closeSync(stdoutFd);
    fs.closeSync(stderrFd);
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Kills every measured command still running (and GNU time around it); for signal handlers. */
function killActiveProcesses() {
  for (const [timePid, scratch] of activeRuns) {
    for (const pid of readChildren(timePid)) killQuietly(pid);
    killQuietly(timePid);
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  activeRuns.clear();
}

function killQuietly(pid) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function readQuietly(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

module.exports = { measureProcess, parseTimeOutput, sampleTreeRss, assertGnuTimeAvailable, killActiveProcesses, runEnvironment };
