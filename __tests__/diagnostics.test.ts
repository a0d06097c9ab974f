import * as fs from 'node:fs';
import * as path from 'node:path';
import { DIAGNOSTIC_CODES, sortDiagnostics } from '../src/diagnostics';
import type { Diagnostic } from '../src/types';

const ROOT = path.join(__dirname, '..');

describe('diagnostic codes are one typed, documented list', () => {
  test('docs/diagnostics.md has one table row per code, no more, no fewer', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'diagnostics.md'), 'utf8');
    const documented = [...doc.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(Object.keys(DIAGNOSTIC_CODES).sort());
  });

  test('every code literal written in src/ is in the list (a code made up in a catch block fails here)', () => {
    const known = new Set(Object.keys(DIAGNOSTIC_CODES));
    const used = new Set<string>();
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.ts')) {
          const text = fs.readFileSync(p, 'utf8');
          for (const m of text.matchAll(/\bdiag\(\s*'([a-z0-9-]+)'|\bcode: '([a-z0-9-]+)'/g)) used.add(m[1] ?? m[2]);
        }
      }
    };
    walk(path.join(ROOT, 'src'));
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((c) => !known.has(c))).toEqual([]);
  });
});

describe('sortDiagnostics (the one copy readers and the report share)', () => {
  const at = (file: string, line: number | undefined, code: Diagnostic['code'], message: string): Diagnostic => ({
    code,
    severity: 'warn',
    file,
    message,
    ...(line === undefined ? {} : { line }),
  });

  test('the same problem on two lines of one file is two diagnostics (the report copy used to merge them)', () => {
    const out = sortDiagnostics([at('yarn.lock', 40, 'invalid-lockfile', 'entry has no version'), at('yarn.lock', 12, 'invalid-lockfile', 'entry has no version')]);
    expect(out.map((d) => d.line)).toEqual([12, 40]);
  });

  test('exact duplicates (two readers meeting one file) are kept once', () => {
    const d = at('package.json', 3, 'invalid-json', 'Unexpected token');
    expect(sortDiagnostics([d, { ...d }])).toHaveLength(1);
  });

  test('ordered by file (code points, so "Z" before "a" and "é" after "z"), then line, then code', () => {
    const out = sortDiagnostics([
      at('é/LICENSE', 1, 'binary-file', 'x'),
      at('a/b.json', 9, 'invalid-json', 'x'),
      at('a/b.json', 2, 'not-found', 'x'),
      at('Z.toml', undefined, 'invalid-toml', 'x'),
      at('a/b.json', 2, 'invalid-json', 'x'),
    ]);
    expect(out.map((d) => `${d.file}:${d.line ?? 0}:${d.code}`)).toEqual(['Z.toml:0:invalid-toml', 'a/b.json:2:invalid-json', 'a/b.json:2:not-found', 'a/b.json:9:invalid-json', 'é/LICENSE:1:binary-file']);
  });
});

