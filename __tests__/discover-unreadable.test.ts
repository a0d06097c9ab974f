import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discover } from '../src/discover';
import { createSafeFs } from '../src/read/fs';
import { scan } from '../src/pipeline';
import { exitCodeFor } from '../src/cli/io';
import type { Diagnostic } from '../src/types';

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

describe('SafeFs.list: every folder it cannot list is said, once', () => {
  test('no permission (EACCES, simulated: tests may run as root): one unlistable diagnostic naming the folder; a missing folder or a file is quiet', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-unlistable-'));
    try {
      fs.mkdirSync(path.join(dir, 'lib', 'locked'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'lib', 'file.txt'), 'x');
      LOCKED.add(path.join(dir, 'lib', 'locked'));
      const diagnostics: Diagnostic[] = [];
      const safeFs = createSafeFs(dir, (d) => diagnostics.push(d));
      expect(safeFs.list('lib/locked')).toEqual([]);
      expect(safeFs.list('lib/locked')).toEqual([]);
      expect(safeFs.list('lib/missing')).toEqual([]);
      expect(safeFs.list('lib/file.txt')).toEqual([]);
      expect(safeFs.list('lib')).toEqual(['file.txt', 'locked']);
      expect(diagnostics).toEqual([{ code: 'unlistable', severity: 'error', file: 'lib/locked', message: 'cannot list the folder (permission denied): what it holds is not judged' }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a virtualenv whose lib/ is a symbolic link loop (real ELOOP, also as root): the scan says so and exits 2', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-unlistable-loop-'));
    try {
      fs.writeFileSync(path.join(dir, 'requirements.txt'), 'requests==2.31.0\n');
      fs.mkdirSync(path.join(dir, '.venv'));
      fs.writeFileSync(path.join(dir, '.venv', 'pyvenv.cfg'), 'home = /usr/bin\n');
      fs.symlinkSync('lib', path.join(dir, '.venv', 'lib'));
      const { report } = await scan({ dir, today: '2026-12-02', env: { HOME: dir, LICENSE_RISK_CACHE: '0' } });
      expect(report.diagnostics.filter((d) => d.code === 'unlistable')).toEqual([
        { code: 'unlistable', severity: 'error', file: '.venv/lib', message: 'cannot list the folder (symbolic link loop): what it holds is not judged' },
      ]);
      expect(report.components.map((c) => c.id)).toEqual(['pypi:requests@2.31.0']);
      expect(exitCodeFor(report, undefined)).toBe(2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a folder a reader already named is not said twice (node_modules/@scope as a link loop)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-unlistable-loop-'));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, dependencies: { '@acme/ui': '1.0.0' } }));
      fs.mkdirSync(path.join(dir, 'node_modules'));
      fs.symlinkSync('@acme', path.join(dir, 'node_modules', '@acme'));
      const { report } = await scan({ dir, today: '2026-12-02', env: { HOME: dir, LICENSE_RISK_CACHE: '0' } });
      expect(report.diagnostics.filter((d) => d.code === 'unlistable').map((d) => d.file)).toEqual(['node_modules/@acme']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
