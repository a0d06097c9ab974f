#!/usr/bin/env node
'use strict';
/**
 * Benchmark for license TEXT identification (issue 3). Rerun with:
 *
 *   node bench/identify/run.js [--quick] [--no-tools]
 *
 * Runs the TypeScript sources through a small require hook (bench/identify/ts-hook.js), so no
 * build is needed; when `dist/identify-index.json` exists (after `npm run build` and
 * `node dist/scripts/build-index.js`) the index is loaded from it, otherwise built in memory.
 *
 * Measures: index load time; top-1 accuracy over every SPDX text in spdx-license-list and over
 * perturbed variants (rewrap, CRLF, Markdown title, filled copyright line, all at once);
 * non-license samples (READMEs, changelogs, source code from node_modules) that must come out
 * unknown; the real-world corpus (fixtures/identify-corpus/EXPECTED.tsv); time per file on the
 * exact fast path and on the similarity path. When Debian's `licensee` (ruby-licensee) and
 * `licensecheck` are installed they run on the same texts and their accuracy is printed beside
 * ours. `--quick` samples every 5th SPDX text.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..', '..');
require('./ts-hook.js');
const { rewrap } = require('./perturb');
const { canonical: canonicalOf } = require('./expressions');
const parseSpdx = require(require.resolve('spdx-expression-parse', { paths: [ROOT] }));
const full = require(require.resolve('spdx-license-list/full', { paths: [ROOT] }));
const deprecated = new Set(require(require.resolve('spdx-license-ids/deprecated.json', { paths: [ROOT] })));

const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const TOOLS = !args.has('--no-tools');

const t0 = process.hrtime.bigint();
const text = require(path.join(ROOT, 'src/identify/text/index.ts'));
const indexModule = require(path.join(ROOT, 'src/identify/text/template-index.ts'));
const moduleLoadMs = Number(process.hrtime.bigint() - t0) / 1e6;

function ms(start) {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

// ---------------------------------------------------------------------------------------------
// index load

let t = process.hrtime.bigint();
const index = indexModule.loadTemplateIndex({ fresh: true });
const loadMs = ms(t);
const loadedFrom = index.loadedFrom;
t = process.hrtime.bigint();
indexModule.buildTemplateIndex();
const buildMs = ms(t);

// ---------------------------------------------------------------------------------------------
// SPDX self-test and perturbations

const equivalents = new Map();
for (const entry of index.entries) {
  const group = [entry.id, ...(entry.alternatives || [])];
  for (const id of group) equivalents.set(id, new Set([...(equivalents.get(id) || []), ...group]));
}

function verdict(expected, got) {
  if (got === expected) return 'exact';
  if (got && equivalents.get(expected) && equivalents.get(expected).has(got)) return 'equivalent';
  return 'wrong';
}

const PERTURBATIONS = {
  original: (s) => s,
  rewrap: (s) => rewrap(s, 60),
  crlf: (s) => s.replace(/\n/g, '\r\n'),
  'markdown-title': (s, name) => `# ${name}\n\n${s}`,
  'copyright-line': (s) => `Copyright (c) 2024 Example Corp. and contributors\n\n${s}`,
  'all-at-once': (s, name) => `\uFEFF# ${name}\n\nCopyright (c) 2024 Example Corp.\n\n${rewrap(s, 72)}`.replace(/\n/g, '\r\n'),
};

const ids = Object.keys(full)
  .filter((id) => !deprecated.has(id) && !id.endsWith('+'))
  .sort()
  .filter((_, i) => !QUICK || i % 5 === 0);

const results = {};
const failures = {};
const timings = { exact: [], similarity: [] };
const perturbedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-bench-'));
const toolInputs = []; // { file, expected, kind }
for (const [kind, perturb] of Object.entries(PERTURBATIONS)) {
  const tally = { exact: 0, equivalent: 0, wrong: 0, seconds: 0 };
  const kindStart = process.hrtime.bigint();
  failures[kind] = [];
  for (const id of ids) {
    const input = perturb(full[id].licenseText, full[id].name);
    const start = process.hrtime.bigint();
    const r = text.identifyText(input);
    const took = ms(start);
    if (kind === 'original') timings[r.confidence === 1 ? 'exact' : 'similarity'].push(took);
    else timings.similarity.push(took);
    const v = verdict(id, r.expression);
    tally[v]++;
    if (v === 'wrong') failures[kind].push(`${id} -> ${r.expression}`);
    if (kind === 'original' || kind === 'all-at-once') {
      const dir = path.join(perturbedDir, kind, id);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'LICENSE'), input);
      toolInputs.push({ file: path.join(dir, 'LICENSE'), expected: id, kind });
    }
  }
  tally.seconds = ms(kindStart) / 1000;
  results[kind] = tally;
}

// ---------------------------------------------------------------------------------------------
// non-license samples

function sampleFiles(base, predicate, limit) {
  const out = [];
  const stack = [base];
  while (stack.length && out.length < limit) {
    const dir = stack.shift();
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)); // code point order: the same on every locale
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile() && predicate(e.name, p) && out.length < limit) out.push(p);
    }
  }
  return out;
}

const nm = path.join(ROOT, 'node_modules');
const nonLicense = [
  ...sampleFiles(nm, (n) => /^readme\.md$/i.test(n), 80).map((f) => ({ f, kind: 'README' })),
  ...sampleFiles(nm, (n) => /^(changelog|history|changes)\.md$/i.test(n), 40).map((f) => ({ f, kind: 'changelog' })),
  ...sampleFiles(nm, (n) => /\.(js|ts)$/.test(n) && !/\.d\.ts$/.test(n), 80).map((f) => ({ f, kind: 'code' })),
  ...sampleFiles(path.join(ROOT, 'src'), (n) => /\.ts$/.test(n), 40).map((f) => ({ f, kind: 'code' })),
];
const nonLicenseWrong = [];
for (const { f, kind } of nonLicense) {
  const r = text.identifyText(fs.readFileSync(f, 'utf8').slice(0, 1024 * 1024));
  if (r.expression) nonLicenseWrong.push(`${kind} ${path.relative(ROOT, f)} -> ${r.expression}`);
}

// ---------------------------------------------------------------------------------------------
// real-world corpus

function canonical(expression) {
  return canonicalOf(parseSpdx, expression);
}

const corpusDir = fs.existsSync(path.join(ROOT, 'fixtures/identify-corpus/EXPECTED.tsv'))
  ? path.join(ROOT, 'fixtures/identify-corpus')
  : path.resolve(ROOT, '../shared/corpus/real-world');
const rows = fs
  .readFileSync(path.join(corpusDir, 'EXPECTED.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t'));
let corpusOk = 0;
const corpusWrong = [];
const bsl = { files: 0, complete: 0, missing: [] };
for (const [dir, file, expected] of rows) {
  const abs = path.join(corpusDir, dir, file);
  const r = text.identifyFile(abs);
  if (/^(BUSL-1\.1|LicenseRef-scancode-bsl-1\.0)$/.test(expected)) {
    bsl.files++;
    const want = ['licensor', 'licensedWork', 'additionalUseGrant', 'changeDate', 'changeLicense'];
    const lacking = want.filter((k) => !(r.parameters && r.parameters[k]));
    if (lacking.length === 0) bsl.complete++;
    else bsl.missing.push(`${dir}/${file}: no ${lacking.join(', ')}`);
  }
  if (canonical(r.expression) === canonical(expected)) corpusOk++;
  else corpusWrong.push(`${dir}/${file}: got ${r.expression}, expected ${expected}`);
  toolInputs.push({ file: abs, expected, kind: 'corpus' });
}

// ---------------------------------------------------------------------------------------------
// other tools

function runLicensecheck(files) {
  const out = new Map();
  for (let i = 0; i < files.length; i += 200) {
    const chunk = files.slice(i, i + 200);
    let stdout = '';
    try {
      stdout = execFileSync('licensecheck', ['--shortname-scheme=spdx', '--machine', '--lines=0', ...chunk], { encoding: 'utf8', maxBuffer: 64 << 20 });
    } catch (err) {
      stdout = err.stdout || '';
    }
    for (const line of stdout.split('\n')) {
      const [f, lic] = line.split('\t');
      if (f) out.set(f, lic && !/UNKNOWN/.test(lic) ? lic.trim() : null);
    }
  }
  return out;
}

function runLicensee(files) {
  const script = `
require 'licensee'
STDIN.read.split("\\n").each do |f|
  begin
    lf = Licensee::ProjectFiles::LicenseFile.new(File.read(f, encoding: 'UTF-8').scrub, 'LICENSE')
    lic = lf.license
    puts "#{f}\\t#{lic && lic.spdx_id != 'NOASSERTION' ? lic.spdx_id : ''}"
  rescue => e
    puts "#{f}\\t"
  end
end`;
  const stdout = execFileSync('ruby', ['-e', script], { input: files.join('\n'), encoding: 'utf8', maxBuffer: 64 << 20 });
  const out = new Map();
  for (const line of stdout.split('\n')) {
    const [f, lic] = line.split('\t');
    if (f) out.set(f, lic ? lic.trim() : null);
  }
  return out;
}

function has(cmd) {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const toolScores = {};
if (TOOLS) {
  const files = toolInputs.map((x) => x.file);
  const tools = [];
  if (has('licensecheck')) tools.push(['licensecheck', runLicensecheck]);
  if (has('licensee') && has('ruby')) tools.push(['licensee', runLicensee]);
  for (const [name, run] of tools) {
    const start = process.hrtime.bigint();
    let answers;
    try {
      answers = run(files);
    } catch (err) {
      toolScores[name] = { error: String(err.message || err).split('\n')[0] };
      continue;
    }
    const score = {};
    for (const { file, expected, kind } of toolInputs) {
      score[kind] ??= { ok: 0, n: 0 };
      score[kind].n++;
      const got = answers.get(file);
      // Deprecated GNU ids (`GPL-2.0`, `GPL-2.0+`) count for their -only / -or-later twins.
      const fair = got && got.replace(/\+$/, '-or-later').replace(/^((?:A|L)?GPL-\d\.\d)$/, '$1-only');
      const ok = kind === 'corpus' ? canonical(got) === canonical(expected) : fair && verdict(expected, fair) !== 'wrong';
      if (ok) score[kind].ok++;
    }
    score.seconds = ms(start) / 1000;
    toolScores[name] = score;
  }
}
// Ours on the same inputs, for the side-by-side table.
const ours = {};
for (const kind of ['original', 'all-at-once']) ours[kind] = { ok: results[kind].exact + results[kind].equivalent, n: ids.length };
ours.corpus = { ok: corpusOk, n: rows.length };

// ---------------------------------------------------------------------------------------------
// report

const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(1)}%` : 'n/a');
const median = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : 0);
const p95 = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] : 0);
const lines = [];
lines.push(`license-risk identify benchmark (${QUICK ? 'quick: every 5th SPDX text' : 'full'}; ${ids.length} SPDX texts, spdx-license-list ${require(require.resolve('spdx-license-list/package.json', { paths: [ROOT] })).version})`);
lines.push('');
lines.push(`index load: ${loadMs.toFixed(1)} ms from ${loadedFrom === 'file' ? 'dist/identify-index.json' : 'an in-memory build (no prebuilt index)'}; in-memory build ${buildMs.toFixed(0)} ms; module load ${moduleLoadMs.toFixed(0)} ms (target load <= 100 ms)`);
lines.push(`time per file: exact fast path median ${median(timings.exact).toFixed(3)} ms (p95 ${p95(timings.exact).toFixed(3)}); similarity path median ${median(timings.similarity).toFixed(2)} ms (p95 ${p95(timings.similarity).toFixed(2)})`);
lines.push('');
lines.push('SPDX texts                 top-1 exact   + indistinguishable twins   wrong   whole list (s)');
for (const [kind, r] of Object.entries(results)) {
  const n = r.exact + r.equivalent + r.wrong;
  lines.push(`  ${kind.padEnd(24)} ${pct(r.exact, n).padStart(8)}   ${pct(r.exact + r.equivalent, n).padStart(14)}            ${String(r.wrong).padStart(4)}   ${r.seconds.toFixed(1).padStart(8)}`);
}
const perturbedKinds = Object.keys(results).filter((k) => k !== 'original');
const pOk = perturbedKinds.reduce((a, k) => a + results[k].exact + results[k].equivalent, 0);
const pN = perturbedKinds.reduce((a, k) => a + results[k].exact + results[k].equivalent + results[k].wrong, 0);
lines.push(`  ${'all perturbed'.padEnd(24)} ${''.padStart(8)}   ${pct(pOk, pN).padStart(14)}   (target >= 98%; originals target >= 99%)`);
lines.push('  ("indistinguishable twins": texts identical after normalisation, e.g. GPL-2.0-only / GPL-2.0-or-later; the answer notes the twin)');
lines.push('');
lines.push(`non-license samples: ${nonLicense.length - nonLicenseWrong.length}/${nonLicense.length} unknown (target: all)`);
lines.push(`real-world corpus: ${corpusOk}/${rows.length} expressions (${pct(corpusOk, rows.length)}) from ${path.relative(ROOT, corpusDir) || corpusDir}`);
lines.push(`BSL parameters: ${bsl.complete}/${bsl.files} BSL files with all five fields (Licensor, Licensed Work, Additional Use Grant, Change Date, Change License)`);
if (Object.keys(toolScores).length) {
  lines.push('');
  lines.push('side by side                  license-risk     ' + Object.keys(toolScores).map((n) => n.padEnd(16)).join(' '));
  for (const kind of ['original', 'all-at-once', 'corpus']) {
    const cells = Object.values(toolScores).map((s) => (s.error ? 'error' : pct(s[kind]?.ok ?? 0, s[kind]?.n ?? 0)).padEnd(16));
    lines.push(`  ${kind.padEnd(27)} ${pct(ours[kind].ok, ours[kind].n).padEnd(16)} ${cells.join(' ')}`);
  }
  for (const [name, s] of Object.entries(toolScores)) if (s.error) lines.push(`  ${name}: ${s.error}`);
  else lines.push(`  ${name} took ${s.seconds.toFixed(1)} s`);
} else if (TOOLS) {
  lines.push('');
  lines.push('licensee / licensecheck not installed (apt-get install -y ruby-licensee licensecheck) — skipped');
}
const show = (title, list) => {
  if (!list.length) return;
  lines.push('');
  lines.push(`${title} (${list.length}):`);
  for (const x of list.slice(0, 25)) lines.push(`  ${x}`);
  if (list.length > 25) lines.push(`  … ${list.length - 25} more`);
};
for (const kind of Object.keys(failures)) show(`wrong: ${kind}`, failures[kind]);
show('non-license samples identified as a license', nonLicenseWrong);
show('corpus mismatches', corpusWrong);
show('BSL parameters missing', bsl.missing);
process.stdout.write(`${lines.join('\n')}\n`);
fs.rmSync(perturbedDir, { recursive: true, force: true });
