import parseSpdx from 'spdx-expression-parse';
import { parseSpdxMemo } from '../src/util/spdx-parse';

describe('parseSpdxMemo', () => {
  test.each(['MIT', 'MIT OR Apache-2.0', '(GPL-2.0-only WITH Classpath-exception-2.0 AND BSD-3-Clause)', 'GPL-2.0+', 'LicenseRef-Foo'])(
    'parses %s as the parser does, once',
    (expression) => {
      const first = parseSpdxMemo(expression);
      expect(first).toEqual(parseSpdx(expression));
      expect(parseSpdxMemo(expression)).toBe(first);
    },
  );

  test('shared results are frozen all the way down', () => {
    const tree = parseSpdxMemo('MIT AND (ISC OR 0BSD)') as { left: object; right: { left: object } };
    expect(Object.isFrozen(tree)).toBe(true);
    expect(Object.isFrozen(tree.right.left)).toBe(true);
    expect(() => {
      'use strict';
      (tree as { left: unknown }).left = null;
    }).toThrow(TypeError);
  });

  test.each([
    ['an unknown id', 'NOT-A-LICENSE-ID'],
    ['a truncated expression', 'MIT AND ('],
  ])('throws what the parser throws for %s, every time', (_label, expression) => {
    let expected: unknown;
    try {
      parseSpdx(expression);
    } catch (error) {
      expected = error;
    }
    for (let i = 0; i < 2; i++) {
      expect(() => parseSpdxMemo(expression)).toThrow((expected as Error).constructor as new () => Error);
      expect(() => parseSpdxMemo(expression)).toThrow((expected as Error).message);
    }
  });
});
