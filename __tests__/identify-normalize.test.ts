import { tokenize, tokenizeWithCopyright } from '../src/identify/text/normalize';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const spdxFull = require('spdx-license-list/full') as Record<string, { licenseText: string }>;

/** The plain definition the fast ASCII loop must agree with. */
const unicodeWords = (line: string): string[] => line.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

describe('tokenize', () => {
  test.each([
    ['ASCII words and punctuation', 'Permission is hereby granted, free of charge; to any person!', ['permission', 'is', 'hereby', 'granted', 'free', 'of', 'charge', 'to', 'any', 'person']],
    ['digits join letters', 'GPLv3 and version 2.1', ['gplv3', 'and', 'version', '2', '1']],
    ['non-ASCII letters stay inside words', 'Lizenz für die Nutzung — naïve café', ['lizenz', 'für', 'die', 'nutzung', 'naïve', 'café']],
    ['a non-ASCII character after ASCII words', 'MIT License ©', ['mit', 'license']],
    ['CJK text', 'ライセンス 2024 本ソフトウェア', ['ライセンス', '2024', '本ソフトウェア']],
    ['equivalent words', 'Licence and whilst', ['license', 'and', 'while']],
    ['words that are Object.prototype keys', 'constructor toString __proto__', ['constructor', 'tostring', 'proto']],
  ])('%s', (_label, text, expected) => {
    expect(tokenize(text, { keepCopyright: true }).tokens).toEqual(expected);
  });

  test('the ASCII loop splits like the Unicode word pattern, on every line of every SPDX text', () => {
    // A trailing em dash (not a word character) sends a line down the Unicode pattern's path.
    for (const [id, { licenseText }] of Object.entries(spdxFull)) {
      for (const line of licenseText.split('\n')) {
        const fast = tokenize(line, { keepCopyright: true }).tokens;
        const viaPattern = tokenize(`${line} \u2014`, { keepCopyright: true }).tokens;
        if (fast.join(' ') !== viaPattern.join(' ')) expect([id, line, fast]).toEqual([id, line, viaPattern]);
      }
    }
  });

  test('the Unicode word pattern itself: letters and digits of any script', () => {
    expect(unicodeWords('Ärger über 3½ Öl')).toEqual(['ärger', 'über', '3½', 'öl']);
    expect(tokenize('Ärger über 3½ Öl', { keepCopyright: true }).tokens).toEqual(unicodeWords('Ärger über 3½ Öl'));
  });

  test('tokenizeWithCopyright gives both streams of two separate passes, on every SPDX text', () => {
    const samples = Object.values(spdxFull).map((e) => e.licenseText);
    samples.push('Copyright (c) 2020 Jane Doe\nAll rights reserved.\n\nMIT License\n\nCopyright Jane\nPermission is hereby granted');
    for (const text of samples) {
      const both = tokenizeWithCopyright(text);
      expect(both.stream).toEqual(tokenize(text));
      expect(both.withCopyright).toEqual(tokenize(text, { keepCopyright: true }).tokens);
    }
  });
});
