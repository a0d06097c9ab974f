import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDeclared, UNLICENSED_EXPRESSION, type DeclaredResult } from '../src/identify/declared';
import { classifyExpression, getLicenseInfo } from '../src/classify';
import { parseExpression } from '../src/classify/expression';
import type { Profile } from '../src/types';

const saas: Profile = { distribution: 'saas', commercial: true, origin: 'default', reasons: [] };

interface Case {
  name: string;
  value: unknown;
  expression: string | null;
  corrected: boolean;
  /** Inclusive bounds. */
  confidence: [number, number];
  seeLicenseIn?: string;
  unlicensed?: boolean;
  note?: RegExp;
}

const cases: Case[] = [
  // valid SPDX
  { name: 'plain id', value: 'MIT', expression: 'MIT', corrected: false, confidence: [1, 1] },
  { name: 'parenthesised OR', value: '(MIT OR Apache-2.0)', expression: 'MIT OR Apache-2.0', corrected: false, confidence: [1, 1] },
  { name: 'WITH exception', value: 'GPL-3.0-or-later WITH GCC-exception-3.1', expression: 'GPL-3.0-or-later WITH GCC-exception-3.1', corrected: false, confidence: [1, 1] },
  { name: 'LicenseRef', value: 'LicenseRef-scancode-commons-clause', expression: 'LicenseRef-scancode-commons-clause', corrected: false, confidence: [1, 1] },
  { name: 'multi-line value', value: 'MIT\n  OR\tISC', expression: 'MIT OR ISC', corrected: false, confidence: [1, 1] },
  { name: 'AND inside OR keeps grouping', value: '(MIT AND BSD-3-Clause) OR Apache-2.0', expression: 'MIT AND BSD-3-Clause OR Apache-2.0', corrected: false, confidence: [1, 1] },
  { name: 'OR inside AND keeps parentheses', value: 'Apache-2.0 AND (MIT OR ISC)', expression: 'Apache-2.0 AND (MIT OR ISC)', corrected: false, confidence: [1, 1] },
  // deprecated ids
  { name: 'deprecated GPL-2.0', value: 'GPL-2.0', expression: 'GPL-2.0-only', corrected: true, confidence: [0.95, 0.95], note: /deprecated/ },
  { name: 'deprecated GPL-2.0+', value: 'GPL-2.0+', expression: 'GPL-2.0-or-later', corrected: true, confidence: [0.95, 0.95] },
  { name: 'deprecated AGPL-3.0 means -only', value: 'AGPL-3.0', expression: 'AGPL-3.0-only', corrected: true, confidence: [0.95, 0.95] },
  { name: 'deprecated id with exception', value: 'GPL-2.0-with-classpath-exception', expression: 'GPL-2.0-only WITH Classpath-exception-2.0', corrected: true, confidence: [0.95, 0.95] },
  // sloppy strings
  { name: 'lower-case id', value: 'mit', expression: 'MIT', corrected: true, confidence: [0.95, 0.95], note: /case/ },
  { name: 'lower-case operators', value: 'mit or apache-2.0', expression: 'MIT OR Apache-2.0', corrected: true, confidence: [0.95, 0.95] },
  { name: 'Apache 2', value: 'Apache 2', expression: 'Apache-2.0', corrected: true, confidence: [0.8, 0.9] },
  { name: 'Apache License 2.0', value: 'Apache License 2.0', expression: 'Apache-2.0', corrected: true, confidence: [0.8, 0.9] },
  { name: 'Apache License, Version 2.0 (comma is not a list)', value: 'Apache License, Version 2.0', expression: 'Apache-2.0', corrected: true, confidence: [0.8, 0.9] },
  { name: 'MIT/X11 is one license', value: 'MIT/X11', expression: 'MIT', corrected: true, confidence: [0.8, 0.9] },
  { name: 'BSD* guess marker', value: 'BSD*', expression: 'BSD-2-Clause', corrected: true, confidence: [0.7, 0.8], note: /guessed/ },
  { name: 'ISC* guess marker', value: 'ISC*', expression: 'ISC', corrected: true, confidence: [0.9, 0.95] },
  { name: 'name with short form in parentheses', value: 'The MIT License (MIT)', expression: 'MIT', corrected: true, confidence: [0.9, 0.9], note: /short form/ },
  { name: 'ISC License (ISC)', value: 'ISC License (ISC)', expression: 'ISC', corrected: true, confidence: [0.9, 0.9] },
  { name: 'quoted id', value: '"MIT"', expression: 'MIT', corrected: true, confidence: [0.95, 0.95], note: /quotes/ },
  { name: 'BSD', value: 'BSD', expression: 'BSD-2-Clause', corrected: true, confidence: [0.7, 0.8] },
  { name: 'GPLv3', value: 'GPLv3', expression: 'GPL-3.0-only', corrected: true, confidence: [0.8, 0.9] },
  { name: 'LGPL without version', value: 'LGPL', expression: 'LGPL-3.0-or-later', corrected: true, confidence: [0.7, 0.8], note: /spdx-correct/ },
  { name: 'comma list', value: 'MIT, Apache-2.0', expression: 'MIT OR Apache-2.0', corrected: true, confidence: [0.9, 0.95], note: /list of licenses/ },
  { name: 'Dual MIT/GPL', value: 'Dual MIT/GPL', expression: 'MIT OR GPL-3.0-or-later', corrected: true, confidence: [0.7, 0.8], note: /Dual/ },
  { name: 'and list', value: 'MIT and BSD-3-Clause', expression: 'MIT AND BSD-3-Clause', corrected: true, confidence: [0.9, 0.95] },
  { name: 'OR with a sloppy part', value: 'MIT OR Apache 2', expression: 'MIT OR Apache-2.0', corrected: true, confidence: [0.8, 0.9] },
  { name: 'Public Domain', value: 'Public Domain', expression: 'LicenseRef-Public-Domain', corrected: true, confidence: [0.9, 0.9] },
  { name: 'Sustainable Use License', value: 'Sustainable Use License', expression: 'SUL-1.0', corrected: true, confidence: [0.9, 0.9] },
  { name: 'Business Source License 1.1', value: 'Business Source License 1.1', expression: 'BUSL-1.1', corrected: true, confidence: [0.9, 0.9] },
  { name: 'BSL-1.1 is not Boost', value: 'BSL-1.1', expression: 'BUSL-1.1', corrected: true, confidence: [0.9, 0.9] },
  { name: 'SSPL', value: 'SSPL', expression: 'SSPL-1.0', corrected: true, confidence: [0.9, 0.9] },
  { name: 'Elastic License 2.0', value: 'Elastic License 2.0', expression: 'Elastic-2.0', corrected: true, confidence: [0.9, 0.9] },
  { name: 'Commons Clause', value: 'Commons Clause', expression: 'LicenseRef-scancode-commons-clause', corrected: true, confidence: [0.9, 0.9] },
  { name: 'Apache with Commons Clause rider', value: 'Apache 2.0 with Commons Clause', expression: 'Apache-2.0 AND LicenseRef-scancode-commons-clause', corrected: true, confidence: [0.9, 0.9] },
  { name: 'FSL old naming', value: 'FSL-1.1-Apache-2.0', expression: 'FSL-1.1-ALv2', corrected: true, confidence: [0.9, 0.9] },
  // SEE LICENSE IN / UNLICENSED
  { name: 'SEE LICENSE IN', value: 'SEE LICENSE IN LICENSE.txt', expression: null, corrected: false, confidence: [0, 0], seeLicenseIn: 'LICENSE.txt' },
  { name: 'SEE LICENCE IN (British spelling, path)', value: 'SEE LICENCE IN ./docs/terms.md', expression: null, corrected: false, confidence: [0, 0], seeLicenseIn: './docs/terms.md' },
  { name: 'see license in, lower case', value: 'see license in license.md', expression: null, corrected: false, confidence: [0, 0], seeLicenseIn: 'license.md' },
  { name: 'SEE LICENSE IN an escaping path is only reported', value: 'SEE LICENSE IN ../../../etc/passwd', expression: null, corrected: false, confidence: [0, 0], seeLicenseIn: '../../../etc/passwd' },
  { name: 'UNLICENSED', value: 'UNLICENSED', expression: UNLICENSED_EXPRESSION, corrected: false, confidence: [1, 1], unlicensed: true },
  { name: 'Unlicensed spelled loosely', value: 'unlicenced', expression: UNLICENSED_EXPRESSION, corrected: true, confidence: [1, 1], unlicensed: true },
  { name: 'Unlicense is not UNLICENSED', value: 'Unlicense', expression: 'Unlicense', corrected: false, confidence: [1, 1] },
  // legacy npm forms
  { name: 'legacy object', value: { type: 'MIT', url: 'https://opensource.org/licenses/MIT' }, expression: 'MIT', corrected: true, confidence: [0.9, 0.95], note: /legacy/ },
  { name: 'legacy object with sloppy type', value: { type: 'Apache 2.0' }, expression: 'Apache-2.0', corrected: true, confidence: [0.8, 0.85] },
  { name: 'legacy object with only a url', value: { url: 'https://opensource.org/licenses/BSD-3-Clause' }, expression: 'BSD-3-Clause', corrected: true, confidence: [0.7, 0.8], note: /url/ },
  { name: 'legacy array of objects → OR', value: [{ type: 'MIT', url: 'x' }, { type: 'GPL-2.0', url: 'y' }], expression: 'MIT OR GPL-2.0-only', corrected: true, confidence: [0.85, 0.9], note: /OR/ },
  { name: 'array of strings', value: ['MIT', 'Apache-2.0'], expression: 'MIT OR Apache-2.0', corrected: true, confidence: [0.9, 0.95] },
  { name: 'array with a compound member is grouped', value: ['MIT AND ISC', 'Apache-2.0'], expression: 'MIT AND ISC OR Apache-2.0', corrected: true, confidence: [0.9, 0.95] },
  { name: 'array with duplicates', value: ['MIT', 'mit'], expression: 'MIT', corrected: true, confidence: [0.85, 0.95] },
  { name: 'array with an unusable member', value: [42, 'MIT'], expression: 'MIT', corrected: true, confidence: [0.5, 0.8], note: /left out/ },
  // nothing / garbage
  { name: 'undefined', value: undefined, expression: null, corrected: false, confidence: [0, 0], note: /no license declared/ },
  { name: 'null', value: null, expression: null, corrected: false, confidence: [0, 0] },
  { name: 'empty string', value: '', expression: null, corrected: false, confidence: [0, 0], note: /empty/ },
  { name: 'blank string', value: '   ', expression: null, corrected: false, confidence: [0, 0] },
  { name: 'empty array', value: [], expression: null, corrected: false, confidence: [0, 0] },
  { name: 'empty object', value: {}, expression: null, corrected: false, confidence: [0, 0], note: /neither a type nor a url/ },
  { name: 'number', value: 42, expression: null, corrected: false, confidence: [0, 0], note: /number/ },
  { name: 'boolean', value: true, expression: null, corrected: false, confidence: [0, 0], note: /boolean/ },
  { name: 'unknown words', value: 'garbage-nonsense-42', expression: null, corrected: false, confidence: [0, 0], note: /not a valid SPDX expression/ },
  { name: 'truncated expression', value: 'MIT AND (', expression: null, corrected: false, confidence: [0, 0], note: /unexpected end/ },
  { name: 'SEE LICENSE IN without a file', value: 'SEE LICENSE IN   ', expression: null, corrected: false, confidence: [0, 0] },
];

describe('parseDeclared', () => {
  test.each(cases)('$name', (c) => {
    const result: DeclaredResult = parseDeclared(c.value, 'license');
    expect(result.expression).toBe(c.expression);
    expect(result.corrected).toBe(c.corrected);
    expect(result.confidence).toBeGreaterThanOrEqual(c.confidence[0]);
    expect(result.confidence).toBeLessThanOrEqual(c.confidence[1]);
    expect(result.seeLicenseIn).toBe(c.seeLicenseIn);
    expect(result.unlicensed ?? false).toBe(c.unlicensed ?? false);
    if (c.note) expect(result.notes.join('\n')).toMatch(c.note);
    if (result.expression !== null) expect(parseExpression(result.expression).ok).toBe(true);
    if (result.expression === null) expect(result.notes.length).toBeGreaterThan(0);
  });

  test('records the value as written', () => {
    expect(parseDeclared('Apache 2', 'license').original).toBe('Apache 2');
    expect(parseDeclared({ type: 'MIT' }, 'license').original).toBe('{"type":"MIT"}');
    expect(parseDeclared(['MIT', 'ISC'], 'licenses').original).toBe('["MIT","ISC"]');
  });

  test('names the field in its notes', () => {
    expect(parseDeclared(undefined, 'licenses').notes[0]).toContain('licenses');
    expect(parseDeclared([{ type: 42 }], 'licenses').notes.join(' ')).toContain('licenses[0]');
  });

  test('UNLICENSED classifies as proprietary', () => {
    const result = parseDeclared('UNLICENSED', 'license');
    expect(classifyExpression(result.expression, saas).category).toBe('proprietary');
  });

  test('never throws on hostile values', () => {
    const circular: Record<string, unknown> = { type: 'MIT' };
    circular.self = circular;
    const hostile: unknown[] = [Symbol('x'), () => 'MIT', BigInt(7), circular, { type: { nested: true } }, [[['MIT']]], new Date(0), 'x'.repeat(100_000), '(((((', 'MIT OR OR OR', 'WITH', '+'];
    for (const value of hostile) {
      expect(() => parseDeclared(value, 'license')).not.toThrow();
      const result = parseDeclared(value, 'license');
      if (result.expression !== null) expect(parseExpression(result.expression).ok).toBe(true);
    }
    expect(parseDeclared(circular, 'license').expression).toBe('MIT');
    expect(parseDeclared([[['MIT']]], 'license').expression).toBe('MIT');
  });
});

describe('alias table (data/licenses/aliases.json)', () => {
  const file = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'data', 'licenses', 'aliases.json'), 'utf8')) as {
    deprecated: { source: string; map: Record<string, string> };
    aliases: { source: string; map: Record<string, string> }[];
  };
  const aliasRows = file.aliases.flatMap((group) => Object.entries(group.map).map(([name, expression]) => ({ name, expression, source: group.source })));

  test.each(aliasRows)('"$name" → $expression', ({ name, expression, source }) => {
    expect(source.length).toBeGreaterThan(0);
    expect(parseExpression(expression).ok).toBe(true);
    // Every target is known to the knowledge base, so a corrected name never classifies as unknown.
    expect(classifyExpression(expression, saas).category).not.toBe('unknown');
    const result = parseDeclared(name, 'license');
    expect(result.expression).toBe(expression);
  });

  test.each(Object.entries(file.deprecated.map))('deprecated %s → %s', (id, replacement) => {
    expect(parseDeclared(id, 'license').expression).toBe(replacement);
    // `GPL-2.0+` is an id plus the `+` operator; the others are deprecated ids with their own entry.
    if (!id.endsWith('+')) expect(getLicenseInfo(id)?.deprecated).toBe(true);
  });
});
