import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildKbTable, kbFromFile, kbFromTable, KB_FILE_RELATIVE_PATH } from '../src/classify/knowledge';

const kbText = fs.readFileSync(path.join(__dirname, '..', KB_FILE_RELATIVE_PATH), 'utf8');

describe('license knowledge base: the build\'s lookup table', () => {
  const { table, blob } = buildKbTable(kbText);
  const fromTable = kbFromTable(table, blob);
  const fromFile = kbFromFile(kbText);

  test('answers every id with exactly the entry kb.json holds', () => {
    expect(fromTable.ids).toEqual(fromFile.ids);
    for (const id of fromFile.ids) expect(fromTable.entry(id)).toEqual(fromFile.entry(id));
  });

  test('case-insensitive lookup and the LicenseRef patterns are the same', () => {
    expect([...fromTable.idByLower]).toEqual([...fromFile.idByLower]);
    expect(fromTable.refPatterns.map((p) => p.regex.source)).toEqual(fromFile.refPatterns.map((p) => p.regex.source));
  });

  test('unknown ids and inherited property names are not entries', () => {
    for (const id of ['No-Such-License', 'constructor', '__proto__', 'toString']) {
      expect(fromTable.entry(id)).toBeUndefined();
      expect(fromFile.entry(id)).toBeUndefined();
    }
  });

  test('records the size of the kb.json it was made from (a changed kb.json is read whole)', () => {
    expect(table.kbBytes).toBe(Buffer.byteLength(kbText, 'utf8'));
  });

  test('the compiled tool (which reads the table from dist) classifies as the sources do from kb.json', () => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const compiled = require(path.join(__dirname, '..', 'dist', 'src', 'classify', 'index.js')) as typeof import('../src/classify');
    const fromSources = require('../src/classify') as typeof import('../src/classify');
    /* eslint-enable @typescript-eslint/no-require-imports */
    for (const id of ['MIT', 'sspl-1.0', 'BUSL-1.1', 'LicenseRef-Commons-Clause', 'LicenseRef-acme-noncommercial', 'GPL-2.0+', 'No-Such-License']) {
      expect(compiled.getLicenseInfo(id)).toEqual(fromSources.getLicenseInfo(id));
    }
    expect(compiled.listLicenseIds()).toEqual(fromSources.listLicenseIds());
  });
});
