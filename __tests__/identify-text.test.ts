import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import parseSpdx from 'spdx-expression-parse';
import {
  ADDED_RESTRICTION_ID,
  identifyFile,
  identifyReadmeLicenseSection,
  identifyText,
  loadTemplateIndex,
} from '../src/identify/text';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const spdxFull = require('spdx-license-list/full') as Record<string, { name: string; licenseText: string }>;

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const CORPUS = path.join(FIXTURES, 'identify-corpus');
const BAD = path.join(FIXTURES, 'identify-bad-inputs');

type Node = { license?: string; plus?: boolean; exception?: string; conjunction?: string; left?: Node; right?: Node };

/** Order-insensitive form of an expression, so `A OR B` equals `B OR A`. */
function canonical(expression: string | null): string | null {
  if (!expression) return null;
  const walk = (n: Node): string => {
    if (n.license) return n.license + (n.plus ? '+' : '') + (n.exception ? ` WITH ${n.exception}` : '');
    const op = n.conjunction!.toUpperCase();
    const leaves: string[] = [];
    const collect = (x: Node): void => {
      if (!x.license && x.conjunction!.toUpperCase() === op) {
        collect(x.left!);
        collect(x.right!);
      } else leaves.push(walk(x));
    };
    collect(n);
    return `(${[...new Set(leaves)].sort().join(` ${op} `)})`;
  };
  return walk(parseSpdx(expression) as Node);
}

const mitText = fs.readFileSync(path.join(CORPUS, 'meilisearch-v1.23.0', 'LICENSE-MIT'), 'utf8');
const apacheText = spdxFull['Apache-2.0'].licenseText;

beforeAll(() => {
  loadTemplateIndex();
});

describe('real-world corpus (fixtures/identify-corpus/EXPECTED.tsv)', () => {
  const rows = fs
    .readFileSync(path.join(CORPUS, 'EXPECTED.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'));

  /**
   * Where the expected answer does not follow from the file's own text, we assert what the
   * text says and explain why (see the report): these are not tuned away.
   */
  const DISAGREEMENTS: Record<string, { ours: string; why: string }> = {
    'argparse-2.0.1/LICENSE': {
      ours: 'Python-2.0.1',
      why: 'the text is the modern PSF stack that SPDX lists as Python-2.0.1 (all of its 3-grams match); Python-2.0 is what package.json declares',
    },
    'cockroachdb-0e37550fd6/LICENSE': {
      ours: 'Apache-2.0 AND LicenseRef-scancode-cockroach AND MIT',
      why: 'the pointer names "the MIT license" among the licenses the repository is variously licensed under',
    },
    'jszip-3.10.1/LICENSE.markdown': {
      ours: 'MIT OR GPL-3.0-only',
      why: 'the file says "the GPLv3" and ships the bare GPL-3.0 text; no "or later" is written (package.json adds it)',
    },
    'mapbox-gl-2.0.0/LICENSE.txt': {
      ours: 'LicenseRef-Mapbox-Web-SDK AND BSD-3-Clause AND MIT',
      why: 'the file also carries the glfx.js MIT notice, which mapbox-gl-1.13.3 (expected BSD-3-Clause AND MIT) carries too',
    },
  };

  test.each(rows.map(([dir, file, expected]) => [`${dir}/${file}`, expected]))('%s', (rel, expected) => {
    const result = identifyFile(path.join(CORPUS, rel));
    const want = DISAGREEMENTS[rel]?.ours ?? expected;
    expect(canonical(result.expression)).toBe(canonical(want));
    expect(result.confidence).toBeGreaterThan(0);
    expect(result.confidence).toBeLessThanOrEqual(1);
    for (const m of result.matches) expect(m.startLine).toBeLessThanOrEqual(m.endLine);
  });

  test('the tldraw pointer names a license whose terms are not in the file: low confidence', () => {
    const result = identifyFile(path.join(CORPUS, 'tldraw-2.0.0', 'LICENSE.md'));
    expect(result.expression).toBe('LicenseRef-tldraw');
    expect(result.confidence).toBeLessThan(0.5);
  });

  test('AGPL text alone cannot tell -only from -or-later, and says so', () => {
    const result = identifyFile(path.join(CORPUS, 'minio-RELEASE.2021-05-11T23-27-41Z', 'LICENSE'));
    expect(result.expression).toBe('AGPL-3.0-only');
    expect(result.notes.join('\n')).toMatch(/-only assumed/);
  });
});

describe('BSL, FSL and Commons Clause parameters', () => {
  const cases: Array<[string, Record<string, string>]> = [
    [
      'akka-v2.10.9/LICENSE',
      { licensor: 'Lightbend, Inc.', changeDate: '2028-08-15', changeLicense: 'Apache-2.0' },
    ],
    ['akka-v2.7.0/LICENSE', { licensedWork: 'Akka 2.7.x', changeDate: 'TBD ( 3 years after 2.7.0 release )', changeLicense: 'Apache-2.0' }],
    [
      'couchbase-sync_gateway-3.0.0/licenses/BSL-Couchbase.txt',
      { licensor: 'Couchbase, Inc.', licensedWork: 'Couchbase Sync Gateway 3.0.0', changeDate: '2025-07-01', changeLicense: 'Apache-2.0' },
    ],
    ['directus-10.0.0/license', { licensor: 'Monospace, Inc.', licensedWork: 'Directus', changeDate: 'Three years from release date', changeLicense: 'GPL-3.0-only' }],
    [
      'maxscale-2.0.0/LICENSE.TXT',
      { licensor: 'MariaDB Corporation Ab', licensedWork: 'MariaDB MaxScale (TM) v.2.0', changeDate: '2019-01-01', changeLicense: 'GPL-2.0-or-later' },
    ],
    ['maxscale-24.02.3/licenses/LICENSE2402.TXT', { licensor: 'MariaDB plc', changeDate: '2027-04-10', changeLicense: 'GPL-2.0-or-later' }],
    ['meilisearch-v1.23.0/LICENSE-EE', { licensor: 'Meili SAS', changeLicense: 'MIT', changeDate: 'Four years from the date the Licensed Work is published' }],
    [
      'nomad-v1.6.6/LICENSE',
      { licensedWork: 'Nomad Version 1.6.4 or later', changeDate: 'Four years from the date the Licensed Work is published', changeLicense: 'MPL-2.0' },
    ],
    ['terraform-v1.15.9/LICENSE', { licensor: 'International Business Machines Corporation (IBM)', licensedWork: 'Terraform Version 1.6.0 or later', changeLicense: 'MPL-2.0' }],
    ['terraform-v1.6.0/LICENSE', { licensedWork: 'Terraform 1.6.0', changeLicense: 'MPL-2.0' }],
    [
      'uniswap-v3-core-d8b1c635/LICENSE',
      {
        licensor: 'Uniswap Labs',
        licensedWork: 'Uniswap V3 Core',
        additionalUseGrant: 'Any uses listed and defined at v3-core-license-grants.uniswap.eth',
        changeDate: 'The earlier of 2023-04-01 or a date specified at v3-core-license-date.uniswap.eth',
        changeLicense: 'GPL-2.0-or-later',
      },
    ],
    ['sentry-self-hosted-23.11.0/LICENSE', { licensor: 'Functional Software, Inc.', licensedWork: 'Sentry', changeDate: '2026-11-15', changeLicense: 'Apache-2.0' }],
    ['liquibase-v5.0.1/LICENSE.txt', { futureLicense: 'Apache-2.0', changeDate: 'second anniversary of the date the Software is made available' }],
    ['n8n-0.73.1/LICENSE.md', { software: 'n8n', license: 'Apache-2.0', licensor: 'n8n GmbH' }],
    ['redisjson-v1.0.3/LICENSE', { software: 'ReJSON', license: 'Apache-2.0', licensor: 'Redis Labs Ltd.' }],
  ];
  test.each(cases)('%s', (rel, expected) => {
    const result = identifyFile(path.join(CORPUS, rel));
    expect(result.parameters).toMatchObject(expected);
  });

  test('the Additional Use Grant is a parameter, not an added restriction', () => {
    const result = identifyFile(path.join(CORPUS, 'cockroachdb-08f21c844f', 'licenses', 'BSL.txt'));
    expect(result.expression).toBe('BUSL-1.1');
    expect(result.parameters?.additionalUseGrant).toMatch(/^You may make use of the Licensed Work, provided that you may not use the Licensed Work for a Database Service\./);
    expect(result.matches.every((m) => !m.modified)).toBe(true);
  });
});

describe('perturbation robustness (sample; the whole list is in bench/identify/run.js)', () => {
  const sample = ['MIT', 'Apache-2.0', 'BSD-3-Clause', 'ISC', '0BSD', 'MPL-2.0', 'Elastic-2.0', 'BUSL-1.1', 'PolyForm-Noncommercial-1.0.0'];
  const rewrap = (s: string, width: number): string =>
    s
      .split(/\n\s*\n/)
      .map((para) => {
        const out: string[] = [];
        let line = '';
        for (const w of para.split(/\s+/).filter(Boolean)) {
          if (line && line.length + 1 + w.length > width) {
            out.push(line);
            line = w;
          } else line = line ? `${line} ${w}` : w;
        }
        if (line) out.push(line);
        return out.join('\n');
      })
      .join('\n\n');
  const perturbations: Record<string, (s: string, name: string) => string> = {
    rewrap: (s) => rewrap(s, 55),
    crlf: (s) => s.replace(/\n/g, '\r\n'),
    'markdown title': (s, name) => `# ${name}\n\n${s}`,
    'filled copyright line': (s) => `Copyright (c) 2021-2024 Jane Doe <jane@example.com>\n\n${s}`,
    'all at once': (s, name) => `\uFEFF## ${name}\n\nCopyright © 2024 Example, Inc.\n\n${rewrap(s, 80)}`.replace(/\n/g, '\r\n'),
    'indented markdown': (s) => s.split('\n').map((l) => (l.trim() ? `    ${l}` : l)).join('\n'),
  };
  const cases = sample.flatMap((id) => Object.keys(perturbations).map((kind) => [id, kind] as [string, string]));
  test.each(cases)('%s survives %s', (id, kind) => {
    const input = perturbations[kind](spdxFull[id].licenseText, spdxFull[id].name);
    const result = identifyText(input);
    expect(result.expression).toBe(id);
    expect(result.confidence).toBeGreaterThan(0.8);
  });

  test('an unmodified SPDX text takes the exact path with confidence 1', () => {
    const result = identifyText(spdxFull['BSD-3-Clause'].licenseText);
    expect(result).toMatchObject({ expression: 'BSD-3-Clause', confidence: 1 });
  });

  test('ISC vs 0BSD: the notice condition decides', () => {
    expect(identifyFile(path.join(CORPUS, 'glob-10.4.5', 'LICENSE')).expression).toBe('ISC');
    expect(identifyFile(path.join(CORPUS, 'tslib-2.8.1', 'LICENSE.txt')).expression).toBe('0BSD');
  });
});

describe('non-license text comes out unknown', () => {
  const readme = [
    '# fast-thing',
    '',
    'A small library that does a fast thing.',
    '',
    '## Installation',
    '',
    '```sh',
    'npm install fast-thing',
    '```',
    '',
    '## Usage',
    '',
    '```js',
    "const fastThing = require('fast-thing');",
    'fastThing({ speed: 11 });',
    '```',
    '',
    '## License',
    '',
    'Licensed under the MIT License. See [LICENSE](LICENSE).',
    '',
  ].join('\n');
  const code = [
    "import { readFileSync } from 'node:fs';",
    '',
    'export function licenseOf(file: string): string {',
    "  const text = readFileSync(file, 'utf8');",
    "  return text.includes('MIT') ? 'MIT' : 'unknown';",
    '}',
    '',
    'export const LICENSE_FILES = [\'LICENSE\', \'COPYING\'];',
  ].join('\n');
  const changelog = ['# Changelog', '', '## 2.0.0', '', '- Relicensed from MIT to Apache-2.0.', '', '## 1.4.1', '', '- Fixed a crash.'].join('\n');

  test.each([
    ['README with a License section', readme],
    ['TypeScript source', code],
    ['changelog that mentions licenses', changelog],
    ['source file with a full MIT header', `/*\n${mitText}\n*/\n${code}\n${code.replace(/licenseOf/g, 'other')}\n${'const x = 1;\n'.repeat(40)}`],
    ['plain prose', 'The quick brown fox jumps over the lazy dog. Nothing here is a license.'],
  ])('%s', (_label, input) => {
    const result = identifyText(input);
    expect(result.expression).toBeNull();
    expect(result.notes.length).toBeGreaterThan(0);
  });

  test('the README License section is available as a low-confidence fallback', () => {
    const result = identifyReadmeLicenseSection(readme);
    expect(result?.expression).toBe('MIT');
    expect(result!.confidence).toBeLessThanOrEqual(0.5);
    expect(result!.matches[0].startLine).toBe(20);
    expect(identifyReadmeLicenseSection('# x\n\nno license heading here\n')).toBeNull();
  });
});

describe('riders and added restrictions', () => {
  const commonsClause = fs.readFileSync(path.join(CORPUS, 'n8n-0.73.1', 'LICENSE.md'), 'utf8').split('---')[0];

  test('Commons Clause appended to MIT', () => {
    const result = identifyText(`${mitText}\n\n${commonsClause}`);
    expect(canonical(result.expression)).toBe(canonical('MIT AND LicenseRef-scancode-commons-clause'));
    const mit = result.matches.find((m) => m.id === 'MIT');
    expect(mit?.modified).toBe(true);
    expect(mit?.addedText).toMatch(/right to Sell the Software/);
    expect(result.parameters).toMatchObject({ software: 'n8n', licensor: 'n8n GmbH', license: 'Apache-2.0' });
  });

  test('vendor terms of service ahead of bundled open-source notices are not plain permissive', () => {
    // Shaped like mapbox-gl 3.x's LICENSE.txt, with the vendor renamed: no template or name can help.
    const text = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'identify-vendor-terms', 'LICENSE.txt'), 'utf8');
    const result = identifyText(text);
    expect(result.expression).toContain('LicenseRef-Added-Restriction');
    expect(result.matches.some((m) => m.addedText && /TOS for use only with/.test(m.addedText))).toBe(true);
  });

  test.each([
    ['appended', `${mitText}\n\nThis software may not be used for commercial purposes.\n`],
    ['inserted', mitText.replace('The above copyright notice', 'You may not sell copies of the Software or use it in a commercial product.\n\nThe above copyright notice')],
  ])('MIT with a "no commercial use" sentence %s is modified, never plain MIT', (_where, input) => {
    const result = identifyText(input);
    expect(result.expression).not.toBe('MIT');
    expect(result.expression).toBe(`MIT AND ${ADDED_RESTRICTION_ID}`);
    const mit = result.matches.find((m) => m.id === 'MIT');
    expect(mit).toMatchObject({ modified: true });
    expect(mit?.addedText).toMatch(/commercial/);
    expect(result.notes).toContain('modified: extra restrictive text added to a known license');
  });

  test('a pointer followed by its own restriction is not the plain license', () => {
    const result = identifyText('Released under the BSD 3-Clause License. Commercial use is prohibited.');
    expect(result.expression).toBe(`BSD-3-Clause AND ${ADDED_RESTRICTION_ID}`);
    expect(result.matches[0]).toMatchObject({ id: 'BSD-3-Clause', modified: true, addedText: 'Commercial use is prohibited.' });
  });

  test('a harmless appended note does not make a license "modified"', () => {
    const result = identifyText(`${mitText}\n\nThank you for using this project. Contributions are welcome.\n`);
    expect(result.expression).toBe('MIT');
    expect(result.matches[0].modified).toBeUndefined();
  });
});

describe('vendor license wordings across versions', () => {
  test('Handsontable 14 (no "general terms" file any more) is still the dual non-commercial license', () => {
    const text = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'identify-handsontable-14', 'LICENSE.txt'), 'utf8');
    expect(identifyText(text).expression).toBe('LicenseRef-Handsontable-Non-Commercial OR LicenseRef-Handsontable-Commercial');
  });
});

describe('bundled third-party notices', () => {
  test('licenses of bundled dependencies after a heading are notices, not the package license', () => {
    // Shaped like Prettier's, Vite's and Rollup's LICENSE.md: own MIT text, then the bundled code's licenses.
    const text = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'identify-bundled-notices', 'LICENSE'), 'utf8');
    const result = identifyText(text);
    expect(result.expression).toBe('MIT');
    expect(result.notes.join(' ')).toMatch(/lines 13- are license notices of bundled third-party code/);
  });

  test('a heading with nothing before it does not hide the text', () => {
    const result = identifyText(`Third-party licenses\n\n${mitText}`);
    expect(result.expression).toBe('MIT');
    expect(result.notes.join(' ')).not.toMatch(/bundled/);
  });
});

describe('multi-license files and pointers', () => {
  test('dual license with a choice preamble is OR', () => {
    const text = `This project is dual-licensed: you may use it under either the MIT license or the Apache License, Version 2.0, at your option.\n\n${mitText}\n\n${apacheText}`;
    const result = identifyText(text);
    expect(canonical(result.expression)).toBe(canonical('MIT OR Apache-2.0'));
    expect(result.matches.filter((m) => m.confidence > 0.9).map((m) => m.id).sort()).toEqual(['Apache-2.0', 'MIT']);
  });

  test('two license texts without a choice are AND, with line ranges in order', () => {
    const result = identifyText(`${mitText}\n\n${apacheText}`);
    expect(result.expression).toBe('MIT AND Apache-2.0');
    const [first, second] = result.matches;
    expect(first.id).toBe('MIT');
    expect(second.id).toBe('Apache-2.0');
    expect(first.endLine).toBeLessThan(second.startLine);
  });

  test.each([
    ['This software is licensed under the Elastic License 2.0 or SSPL.', 'Elastic-2.0 OR SSPL-1.0'],
    ['Licensed under the terms of the GNU General Public License version 2 or later.', 'GPL-2.0-or-later'],
    ['Source code in this repository is variously licensed under the Apache License 2.0 and the Business Source License 1.1.', 'Apache-2.0 AND BUSL-1.1'],
    ['// SPDX-License-Identifier: (MIT OR Apache-2.0)', 'MIT OR Apache-2.0'],
    ['This program is free software; you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation; either version 2 of the License, or (at your option) any later version.', 'GPL-2.0-or-later'],
  ])('%s', (input, expected) => {
    expect(canonical(identifyText(input).expression)).toBe(canonical(expected));
  });

  test.each([
    ['MIT', 'MIT'],
    ['Copyright (c) 2020 Jane Doe\n\nThe MIT License\n', 'MIT'],
    ['Apache-2.0\n', 'Apache-2.0'],
  ])('a file holding only a license name (%j) is that license, at low confidence', (input, expected) => {
    const result = identifyText(input);
    expect(result.expression).toBe(expected);
    expect(result.confidence).toBeLessThan(0.5);
    expect(result.notes).toContain('the file holds only a license name, not its text');
  });

  test('an invalid SPDX-License-Identifier becomes a note', () => {
    const result = identifyText('SPDX-License-Identifier: MIT OR OR Apache');
    expect(result.notes.join('\n')).toMatch(/not a valid SPDX expression/);
  });

  test('a GPL text with the grant sentence above it resolves to -or-later', () => {
    const notice = 'This program is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version.';
    const result = identifyText(`${notice}\n\n${spdxFull['GPL-3.0-only'].licenseText}`);
    expect(result.expression).toBe('GPL-3.0-or-later');
  });
});

describe('bad inputs never throw', () => {
  test.each([
    ['empty.txt', /empty/],
    ['whitespace-only.txt', /empty/],
    ['binary.bin', /binary/],
  ])('%s is unknown with a note', (file, note) => {
    const result = identifyFile(path.join(BAD, file));
    expect(result.expression).toBeNull();
    expect(result.notes.join('\n')).toMatch(note);
  });

  test.each(['utf16le-bom.txt', 'utf16be-bom.txt', 'utf16le-nobom.txt'])('%s is decoded', (file) => {
    const result = identifyFile(path.join(BAD, file));
    expect(result.expression).toBe('MIT');
    expect(result.notes.join('\n')).toMatch(/UTF-16/);
  });

  test('invalid UTF-8 is tolerated and noted', () => {
    const result = identifyFile(path.join(BAD, 'invalid-utf8.txt'));
    expect(result.expression).toBe('MIT');
    expect(result.notes.join('\n')).toMatch(/invalid UTF-8/);
  });

  test('a file over 1 MB is read in part, and says so', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'identify-big-'));
    try {
      const file = path.join(dir, 'LICENSE');
      fs.writeFileSync(file, `${mitText}\n\n${' '.repeat(1100 * 1024)}\nThis line is past the first megabyte and is never read.\n`);
      expect(fs.statSync(file).size).toBeGreaterThan(1024 * 1024);
      const result = identifyFile(file);
      expect(result.expression).toBe('MIT');
      expect(result.notes.join('\n')).toMatch(/truncated to first 1 MB/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('missing files and directories get an error entry', () => {
    expect(identifyFile(path.join(BAD, 'does-not-exist'))).toMatchObject({ expression: null, error: 'file not found' });
    expect(identifyFile(BAD)).toMatchObject({ expression: null, error: 'is a directory' });
  });

  test('non-string input does not throw', () => {
    expect(identifyText(undefined as unknown as string).expression).toBeNull();
    expect(identifyText('\u0000\u0001\u0002').expression).toBeNull();
  });

  test('output is deterministic', () => {
    const file = path.join(CORPUS, 'redis-7.4.0', 'LICENSE.txt');
    expect(JSON.stringify(identifyFile(file))).toBe(JSON.stringify(identifyFile(file)));
  });
});
