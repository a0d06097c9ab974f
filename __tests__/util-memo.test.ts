import { setBounded } from '../src/util/memo';

describe('setBounded', () => {
  it('stores until the limit, then starts over with the new entry alone', () => {
    const memo = new Map<string, number>();
    for (let i = 0; i < 3; i++) setBounded(memo, `k${i}`, i, 3);
    expect([...memo]).toEqual([['k0', 0], ['k1', 1], ['k2', 2]]);
    setBounded(memo, 'k3', 3, 3);
    expect([...memo]).toEqual([['k3', 3]]);
  });

  it('replacing a key that is there still counts against a full memo', () => {
    const memo = new Map([['a', 1], ['b', 2]]);
    setBounded(memo, 'a', 9, 2);
    expect([...memo]).toEqual([['a', 9]]);
  });
});
