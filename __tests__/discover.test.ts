import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discover } from '../src/discover';

const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', name);

describe('discover', () => {
  it('finds own license files, manifests, lockfiles and installed trees without entering them', async () => {
    const { files } = await discover(fixture('discover-layout'));
    expect(files.licenseFiles).toEqual(['LICENSE', 'licenses/BSD-3-Clause.txt']);
    expect(files.manifests).toEqual(['go.mod', 'package.json', 'packages/a/package.json']);
    expect(files.lockfiles).toEqual(['pnpm-lock.yaml', 'vendor/modules.txt']);
    expect(files.installedTrees).toEqual(['.venv', 'node_modules', 'vendor']);
    // Nothing under an installed tree leaks into the general file list.
    expect(files.all.some((f) => f.startsWith('node_modules/') || f.startsWith('.venv/') || f.startsWith('vendor/'))).toBe(false);
    expect(files.all).toContain('packages/a/LICENSE');
    expect(files.all).toContain('docs/LICENSE-NOTES.md');
  });

  it('honours ignore globs from the config', async () => {
    const { files } = await discover(fixture('discover-layout'), { ignore: ['packages/**'] });
    expect(files.manifests).toEqual(['go.mod', 'package.json']);
  });

  it('does not hang on a symlink loop and does not follow links out of the checkout', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-discover-'));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"loop","version":"1.0.0"}');
      fs.mkdirSync(path.join(dir, 'a'));
      fs.symlinkSync('..', path.join(dir, 'a', 'up'));
      fs.symlinkSync('loop2', path.join(dir, 'loop1'));
      fs.symlinkSync('loop1', path.join(dir, 'loop2'));
      fs.symlinkSync('/etc', path.join(dir, 'etc-link'));
      const { files } = await discover(dir);
      expect(files.manifests).toEqual(['package.json']);
      expect(files.all.every((f) => !f.startsWith('etc-link/'))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('returns the same answer twice (deterministic order)', async () => {
    const a = await discover(fixture('discover-layout'));
    const b = await discover(fixture('discover-layout'));
    expect(a).toEqual(b);
  });
});
