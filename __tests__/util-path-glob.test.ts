import picomatch from 'picomatch';
import { pathGlobMatcher } from '../src/util/path-glob';

// pathGlobMatcher answers the default ignores without picomatch; every answer must be picomatch's.
const PATTERNS: string[][] = [
  ['**/.git/**', '**/.hg/**', '**/.svn/**', '**/node_modules/**'],
  ['**/node_modules/**'],
  ['**/vendor.d/**', '**/a b/**', '**/$weird^/**', '**/ä/**'],
  ['**/node_modules/**', 'legacy/**'],
  ['**/*.json'],
  ['packages/*'],
  [],
];

const PATHS = [
  'node_modules', 'node_modules/x', 'a/node_modules', 'a/node_modules/b', 'a/node_modules/b/c', 'node_modules_x/y',
  'x/node_modulesx/y', '.git', '.git/config', 'sub/.git/HEAD', '.hg', 'src/.svn/x', 'vendor.d/x', 'vendorxd/x',
  'a b/c', 'a/a b/c', '$weird^/x', 'ä/x', 'a/ä', 'legacy/x', 'legacy', 'pkg.json', 'a/b.json', 'packages/api',
  'packages/api/src', '', 'LICENSE', '.hidden/node_modules/x',
];

// Every path of up to three segments from names that match and names that nearly do.
const POOL = ['node_modules', '.git', 'a', 'ä', 'node_modules_x', '.hidden', 'vendor.d', 'x.json'];
for (const a of POOL) {
  PATHS.push(a);
  for (const b of POOL) {
    PATHS.push(`${a}/${b}`);
    for (const c of POOL) PATHS.push(`${a}/${b}/${c}`);
  }
}

describe('pathGlobMatcher', () => {
  it.each(PATTERNS.map((p) => [p.join(' ') || '(none)', p]))('agrees with picomatch on %s (dot: true and false)', (_label, patterns) => {
    for (const dot of [true, false]) {
      const ours = pathGlobMatcher(patterns as string[], { dot });
      const theirs = picomatch(patterns as string[], { dot });
      for (const rel of PATHS) expect([rel, dot, ours(rel)]).toEqual([rel, dot, Boolean(theirs(rel))]);
    }
  });

  it('takes a single pattern as a string', () => {
    expect(pathGlobMatcher('**/node_modules/**', { dot: true })('a/node_modules/b')).toBe(true);
    expect(pathGlobMatcher('packages/*', { dot: true })('packages/api')).toBe(true);
  });
});
