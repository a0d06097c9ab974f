/**
 * SHA-1 of a string as hex, the key of the identification caches and the template index.
 * `crypto.hash` (Node 20.12+) hashes in one call, without a Hash object per text: ~22 against
 * ~33 ms for the ~2,200 license files of the large bench tree in a fresh process. Older Node
 * 20 releases get the same digest through `createHash`. Crypto loads on the first call.
 */
let sha1: ((text: string) => string) | undefined;

export function sha1Hex(text: string): string {
  sha1 ??= sha1Function();
  return sha1(text);
}

function sha1Function(): (text: string) => string {
  const crypto = require('node:crypto') as typeof import('node:crypto') & { hash?: (algorithm: string, data: string) => string };
  const { hash } = crypto;
  if (typeof hash === 'function') return (text) => hash('sha1', text);
  return (text) => crypto.createHash('sha1').update(text).digest('hex');
}
