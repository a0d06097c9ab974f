/**
 * Build step: normalises every SPDX license text and license-risk's own templates into
 * `dist/identify-index.json`, so `license-risk` only loads it at run time; also writes the
 * identification build id and the lookup table of the license knowledge base.
 * Run after `tsc`: `node dist/scripts/build-index.js`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { packageRoot, toolVersion } from '../src/paths';
import { buildTemplateIndex, INDEX_RELATIVE_PATH, splitIndex, TEXTS_RELATIVE_PATH } from '../src/identify/text/template-index';
import { BUILD_ID_RELATIVE_PATH } from '../src/identify/disk-cache';
import { buildKbTable, KB_ENTRIES_RELATIVE_PATH, KB_FILE_RELATIVE_PATH, KB_TABLE_RELATIVE_PATH } from '../src/classify/knowledge';

/** Hash of everything an identification depends on: the compiled matcher and what it reads. */
function matcherBuildId(sourceKey: string): string {
  const hash = createHash('sha256');
  hash.update(`license-risk ${toolVersion()}\n${sourceKey}\n`);
  for (const pkg of ['spdx-license-ids', 'spdx-exceptions', 'spdx-expression-parse', 'spdx-correct']) {
    hash.update(`${pkg} ${(JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version}\n`);
  }
  const dist = path.join(packageRoot(), 'dist', 'src');
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.js')) files.push(full);
    }
  };
  walk(path.join(dist, 'identify'));
  walk(path.join(dist, 'util'));
  for (const file of files.sort()) {
    hash.update(path.relative(dist, file));
    hash.update(fs.readFileSync(file));
  }
  for (const data of ['aliases.json', 'exceptions.json']) hash.update(fs.readFileSync(path.join(packageRoot(), 'data', 'licenses', data)));
  return hash.digest('hex').slice(0, 32);
}

function main(): void {
  const started = Date.now();
  const index = buildTemplateIndex();
  const { core, texts } = splitIndex(index);
  const out = path.join(packageRoot(), INDEX_RELATIVE_PATH);
  const textsOut = path.join(packageRoot(), TEXTS_RELATIVE_PATH);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(textsOut, texts);
  // The core file last: a reader that sees it finds the texts file in place.
  fs.writeFileSync(out, JSON.stringify(core));
  // The identification cache's key: this build of the matcher (its compiled code, templates, version).
  fs.writeFileSync(path.join(packageRoot(), BUILD_ID_RELATIVE_PATH), `${matcherBuildId(index.sourceKey)}\n`);
  // The license knowledge base's lookup table: a scan parses only the entries it needs.
  const { table, blob } = buildKbTable(fs.readFileSync(path.join(packageRoot(), KB_FILE_RELATIVE_PATH), 'utf8'));
  fs.writeFileSync(path.join(packageRoot(), KB_ENTRIES_RELATIVE_PATH), blob);
  fs.writeFileSync(path.join(packageRoot(), KB_TABLE_RELATIVE_PATH), JSON.stringify(table));
  const sizeOf = (file: string): string => `${Math.round(fs.statSync(file).size / 1024)} KB`;
  process.stderr.write(
    `identify index: ${index.entries.length} templates, ${index.names.length} names -> ${path.relative(process.cwd(), out)} (${sizeOf(out)}) + ${path.relative(process.cwd(), textsOut)} (${sizeOf(textsOut)}) in ${Date.now() - started} ms\n`,
  );
}

main();
