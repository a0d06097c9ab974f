import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discover } from '../src/discover';

// Tests may run as root, where chmod 000 does not stop readdir: make readdir fail for one folder
// as it does for a user without permission.
const LOCKED = new Set<string>();
jest.mock('node:fs', () => {
  const real = jest.requireActual<typeof import('node:fs')>('node:fs');
  return {
    ...real,
    readdirSync: (p: fs.PathLike, opts?: unknown) => {
      if (LOCKED.has(String(p))) throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(p)}'`), { code: 'EACCES' });
      return (real.readdirSync as (p: fs.PathLike, o?: unknown) => unknown)(p, opts);
    },
  };
});

test('a folder that cannot be listed is skipped with a diagnostic naming it, and the scan goes on', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-unreadable-'));
  try {
    fs.mkdirSync(path.join(dir, 'locked'));
    fs.writeFileSync(path.join(dir, 'locked', 'package.json'), '{}');
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"app"}');
    LOCKED.add(path.join(dir, 'locked'));
    const result = await discover(dir);
    expect(result.files.manifests).toEqual(['package.json']);
    expect(result.diagnostics).toEqual([{ code: 'unlistable', severity: 'error', file: 'locked', message: 'cannot list the folder (EACCES): its files are not scanned' }]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
