import { createHash } from 'node:crypto';

/** sha1Hex keys the identification caches: the same digest whichever way Node computes it. */
describe('sha1Hex', () => {
  const texts = ['', 'MIT License\n', 'é✓ 𝔘nicode', 'x'.repeat(100_000)];
  const expected = texts.map((t) => createHash('sha1').update(t).digest('hex'));

  it('is the hex SHA-1 of the UTF-8 text (crypto.hash where Node has it)', () => {
    jest.isolateModules(() => {
      const { sha1Hex } = require('../src/util/sha1') as typeof import('../src/util/sha1');
      expect(texts.map(sha1Hex)).toEqual(expected);
    });
  });

  it('falls back to createHash on a Node 20 without crypto.hash', () => {
    jest.isolateModules(() => {
      jest.doMock('node:crypto', () => {
        const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
        return { createHash: actual.createHash };
      });
      const { sha1Hex } = require('../src/util/sha1') as typeof import('../src/util/sha1');
      expect(texts.map(sha1Hex)).toEqual(expected);
      jest.dontMock('node:crypto');
    });
  });
});
