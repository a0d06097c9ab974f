import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fg from 'fast-glob';
import { walkCheckout } from '../src/discover';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const ALWAYS = ['**/.git/**', '**/.hg/**', '**/.svn/**', '**/node_modules/**'];

/** The walk discover used to do with fast-glob: the reference the plain walk must match. */
function viaFastGlob(root: string, ignore: string[]): string[] {
  return fg.sync('**/*', { cwd: root, dot: true, onlyFiles: false, markDirectories: true, followSymbolicLinks: false, suppressErrors: true, ignore }).sort();
}

describe('walkCheckout lists what fast-glob listed', () => {
  const roots = [FIXTURES, ...fs.readdirSync(FIXTURES).map((d) => path.join(FIXTURES, d)).filter((d) => fs.statSync(d).isDirectory())];
  const ignoreSets: string[][] = [ALWAYS, [...ALWAYS, '**/*.md'], [...ALWAYS, '*/sub/**', 'docs/**'], [...ALWAYS, '**/LICENSE*', '**/*.json'], [...ALWAYS, 'docs', '**/vendor', 'packages/*/package.json', '**/*.{txt,toml}']];

  test.each(ignoreSets.map((set) => [set.slice(ALWAYS.length).join(' ') || '(defaults only)', set]))('on every fixture folder, ignoring %s', (_label, ignore) => {
    for (const root of roots) {
      expect([path.relative(FIXTURES, root), walkCheckout(root, ignore as string[]).sort()]).toEqual([path.relative(FIXTURES, root), viaFastGlob(root, ignore as string[])]);
    }
  });

  test('links are listed, not followed (a loop cannot hang the walk)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-walk-'));
    try {
      fs.mkdirSync(path.join(dir, 'a'));
      fs.writeFileSync(path.join(dir, 'a', 'LICENSE'), 'MIT');
      fs.symlinkSync('..', path.join(dir, 'a', 'up'));
      fs.symlinkSync('a', path.join(dir, 'to-a'));
      expect(walkCheckout(dir, ALWAYS).sort()).toEqual(viaFastGlob(dir, ALWAYS));
      expect(walkCheckout(dir, ALWAYS).sort()).toEqual(['a/', 'a/LICENSE', 'a/up', 'to-a']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an unreadable folder is skipped, not fatal', () => {
    if (process.getuid?.() === 0) return; // root reads everything
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-walk-'));
    try {
      fs.mkdirSync(path.join(dir, 'closed'));
      fs.writeFileSync(path.join(dir, 'closed', 'x'), '');
      fs.chmodSync(path.join(dir, 'closed'), 0);
      expect(walkCheckout(dir, ALWAYS)).toEqual(['closed/']);
    } finally {
      fs.chmodSync(path.join(dir, 'closed'), 0o755);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
