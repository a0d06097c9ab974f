#!/usr/bin/env node
'use strict';
/**
 * Issue 20's size contract: a package-lock.json of N packages (default 160,000; every one
 * GPL-3.0-only, a binary dependency tree) must scan in under a minute and under 1 GiB, and
 * must never come back as an empty green report. Generates the checkout in a temp folder,
 * runs the built binary on it with `--format json -o`, and prints wall time, CPU time, peak
 * RSS (the child's, from getrusage via /usr/bin/time when present), the exit code and the
 * component count.
 *
 *   node bench/large-lockfile.js [packages]
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const count = Number(process.argv[2] || 160000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-large-lock-'));
try {
  const lines = ['{"name":"app","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{', '"":{"name":"app","version":"1.0.0","dependencies":{"pkg-0":"1.0.0"}}'];
  for (let i = 0; i < count; i++) {
    const deps = 2 * i + 2 < count ? `,"dependencies":{"pkg-${2 * i + 1}":"1.0.0","pkg-${2 * i + 2}":"1.0.0"}` : '';
    lines.push(`,"node_modules/pkg-${i}":{"version":"1.0.0","resolved":"https://registry.npmjs.org/pkg-${i}/-/pkg-${i}-1.0.0.tgz","integrity":"sha512-x","license":"GPL-3.0-only"${deps}}`);
  }
  lines.push('}}');
  fs.writeFileSync(path.join(dir, 'package-lock.json'), lines.join('\n'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, dependencies: { 'pkg-0': '1.0.0' } }));
  const out = path.join(dir, 'report.json');
  const bin = path.join(__dirname, '..', 'bin', 'license-risk.js');
  const haveTime = fs.existsSync('/usr/bin/time');
  const args = haveTime ? ['-f', '%e %U %S %M', process.execPath, bin, dir, '--format', 'json', '--quiet', '-o', out] : [bin, dir, '--format', 'json', '--quiet', '-o', out];
  const started = Date.now();
  const run = spawnSync(haveTime ? '/usr/bin/time' : process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wall = (Date.now() - started) / 1000;
  const timeLine = haveTime ? run.stderr.trim().split('\n').pop() : '';
  const [, user, sys, maxKb] = timeLine.split(' ').map(Number);
  let components = -1;
  try {
    // Counted in chunks: the report of 160k components is over V8's 512 MB string limit.
    components = 0;
    const fd = fs.openSync(out, 'r');
    const chunk = Buffer.alloc(16 * 1024 * 1024);
    const needle = Buffer.from('"purl": ');
    let carry = Buffer.alloc(0);
    for (let n; (n = fs.readSync(fd, chunk, 0, chunk.length, null)) > 0; ) {
      const buf = Buffer.concat([carry, chunk.subarray(0, n)]);
      for (let at = buf.indexOf(needle); at >= 0; at = buf.indexOf(needle, at + needle.length)) components++;
      carry = Buffer.from(buf.subarray(Math.max(0, buf.length - needle.length + 1)));
    }
    fs.closeSync(fd);
  } catch {
    // no report: the exit code says why
  }
  console.log(
    JSON.stringify({ packages: count, exit: run.status, wallSeconds: wall, cpuSeconds: haveTime ? +(user + sys).toFixed(1) : null, peakRssMiB: haveTime ? Math.round(maxKb / 1024) : null, components, lockfileMiB: +(fs.statSync(path.join(dir, 'package-lock.json')).size / 1048576).toFixed(1) }),
  );
  if (run.status !== 1 || components !== count) process.exitCode = 1;
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
