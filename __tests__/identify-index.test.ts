import { buildPostings, buildTemplateIndex, splitIndex, unpackTexts, loadTemplateIndex, templateNorm } from '../src/identify/text/template-index';
import { tokenize } from '../src/identify/text/normalize';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const spdxFull = require('spdx-license-list/full') as Record<string, { licenseText: string }>;

describe('template index: the binary texts file', () => {
  const built = buildTemplateIndex();
  const { core, texts } = splitIndex(built);

  test('round-trips every entry’s word list and token ids, and the vocabulary', () => {
    const unpacked = unpackTexts(texts, core.sourceKey, core.entries.length);
    expect(unpacked).not.toBeNull();
    expect(unpacked!.vocab).toEqual(built.vocab);
    built.entries.forEach((entry, i) => {
      expect(Array.from(unpacked!.words[i])).toEqual(Array.from(entry.words));
      expect(Array.from(unpacked!.tokenIds[i])).toEqual(Array.from(entry.tokenIds));
    });
  });

  test('carries the inverted word index: for every word, the entries holding it, in entry order', () => {
    const { postings } = unpackTexts(texts, core.sourceKey, core.entries.length)!;
    const expected = new Map<number, number[]>();
    built.entries.forEach((entry, i) => {
      for (const w of entry.words) expected.set(w, [...(expected.get(w) ?? []), i]);
    });
    expect(postings.offsets).toHaveLength(built.vocab.length + 1);
    for (let w = 0; w < built.vocab.length; w++) {
      expect(Array.from(postings.entries.subarray(postings.offsets[w], postings.offsets[w + 1]))).toEqual(expected.get(w) ?? []);
    }
  });

  test('buildPostings on a small vocabulary', () => {
    const { offsets, entries } = buildPostings(4, [[0, 2], [2, 3], [], [2]]);
    expect(Array.from(offsets)).toEqual([0, 1, 1, 4, 5]);
    expect(Array.from(entries)).toEqual([0, 0, 1, 3, 1]);
  });

  test('reads ids that are not aligned in memory (a copy instead of a view)', () => {
    const shifted = Buffer.alloc(texts.length + 1);
    texts.copy(shifted, 1);
    const unpacked = unpackTexts(shifted.subarray(1), core.sourceKey, core.entries.length);
    expect(Array.from(unpacked!.tokenIds[3])).toEqual(Array.from(built.entries[3].tokenIds));
    const aligned = unpackTexts(texts, core.sourceKey, core.entries.length)!;
    expect(Array.from(unpacked!.postings.entries)).toEqual(Array.from(aligned.postings.entries));
  });

  test.each([
    ['a truncated file', () => texts.subarray(0, texts.length - 2)],
    ['another magic number', () => Buffer.concat([Buffer.from('XXXX'), texts.subarray(4)])],
    ['a header length past the end', () => Buffer.concat([texts.subarray(0, 4), Buffer.from([0xff, 0xff, 0xff, 0x7f]), texts.subarray(8)])],
    ['an empty file', () => Buffer.alloc(0)],
  ])('refuses %s', (_label, damaged) => {
    expect(unpackTexts(damaged(), core.sourceKey, core.entries.length)).toBeNull();
  });

  test('refuses a file built from other sources or for another core', () => {
    expect(unpackTexts(texts, 'another-source-key', core.entries.length)).toBeNull();
    expect(unpackTexts(texts, core.sourceKey, core.entries.length + 1)).toBeNull();
  });

  test('the core file carries no texts', () => {
    expect(core.vocab).toEqual([]);
    for (const entry of core.entries) {
      expect(entry.words).toEqual([]);
      expect(entry.tokenIds).toEqual([]);
    }
  });

  test('templateNorm gives back the normalised text of a template', () => {
    const index = loadTemplateIndex();
    const at = index.entries.findIndex((e) => e.id === 'MIT');
    expect(templateNorm(index, at)).toBe(tokenize(spdxFull.MIT.licenseText).tokens.join(' '));
  });
});
