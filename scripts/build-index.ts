/**
 * Build step: normalises every SPDX license text and license-risk's own templates into
 * `dist/identify-index.json`, so `license-risk` only loads it at run time.
 * Run after `tsc`: `node dist/scripts/build-index.js`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../src/paths';
import { buildTemplateIndex, INDEX_RELATIVE_PATH, splitIndex, TEXTS_RELATIVE_PATH } from '../src/identify/text/template-index';

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
  const kb = (file: string): string => `${Math.round(fs.statSync(file).size / 1024)} KB`;
  process.stderr.write(
    `identify index: ${index.entries.length} templates, ${index.names.length} names -> ${path.relative(process.cwd(), out)} (${kb(out)}) + ${path.relative(process.cwd(), textsOut)} (${kb(textsOut)}) in ${Date.now() - started} ms\n`,
  );
}

main();
