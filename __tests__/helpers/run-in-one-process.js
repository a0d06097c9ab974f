'use strict';
// Runs the CLI several times in one process, from the bundle the binary runs or from the
// compiled modules, with captured output, and writes [{ code, stdout, stderr }] as JSON:
//   node run-in-one-process.js <bundle|modules> <runs.json> <results.json>
// runs.json: [{ argv, env, cwd }]. One process per build instead of one per run keeps a
// comparison over every fixture within seconds (__tests__/cli-bundle.test.ts).
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const [mode, runsFile, resultsFile] = process.argv.slice(2);
const cli = mode === 'bundle' ? require(path.join(ROOT, 'bin', 'license-risk.js')).loadBundle().exports : require(path.join(ROOT, 'dist', 'src', 'cli', 'bin.js'));

async function main() {
  const results = [];
  for (const { argv, env, cwd } of JSON.parse(fs.readFileSync(runsFile, 'utf8'))) {
    let stdout = '';
    let stderr = '';
    const io = { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false, env, cwd, columns: undefined };
    const code = await cli.run(argv, io);
    results.push({ code, stdout, stderr });
  }
  fs.writeFileSync(resultsFile, JSON.stringify(results));
}

main().catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
