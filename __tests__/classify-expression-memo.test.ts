/**
 * classifyExpression keeps each (expression, distribution, commercial) answer: a tree asks for
 * the same few dozen expressions thousands of times. What a caller gets must be its own.
 */
import { classifyExpression } from '../src/classify';
import type { Profile } from '../src/types';

const profile = (distribution: Profile['distribution'], commercial = true): Profile => ({ distribution, commercial, origin: 'flag', reasons: [] });

describe('classifyExpression, asked again', () => {
  it.each(['MIT', 'Apache-2.0 OR GPL-3.0-only', 'BUSL-1.1', 'GPL-2.0-only WITH Classpath-exception-2.0', 'LicenseRef-Commercial OR AGPL-3.0-only', 'not an expression ((', 'MIT WITH Not-An-Exception'])(
    '%s: the same answer, in arrays the caller owns',
    (expression) => {
      const first = classifyExpression(expression, profile('saas'));
      const snapshot = JSON.parse(JSON.stringify(first));
      first.traits.push({ trait: 'proprietary', license: 'X', clause: 'changed by the caller' });
      first.notes?.push('changed by the caller');
      const again = classifyExpression(expression, profile('saas'));
      expect(again).toEqual(snapshot);
      expect(again.traits).not.toBe(first.traits);
    },
  );

  it('answers per distribution and commercial use, not from another profile', () => {
    const choice = 'LicenseRef-Commercial OR AGPL-3.0-only';
    const answers = (['saas', 'distributed', 'library', 'internal'] as const).flatMap((d) => [true, false].map((c) => JSON.stringify(classifyExpression(choice, profile(d, c)))));
    // Each profile's answer names it ("for profile saas"), so a shared answer would show.
    expect(new Set(answers).size).toBe(answers.length);
  });
});
