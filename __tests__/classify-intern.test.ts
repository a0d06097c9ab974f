import { internLicense } from '../src/classify/intern';
import type { ClassifiedLicense } from '../src/types';

function answer(extra: Partial<ClassifiedLicense> = {}): ClassifiedLicense {
  return { expression: 'GPL-3.0-only', confidence: 1, source: 'declared', category: 'strong-copyleft', traits: [], notes: [], ...extra };
}

describe('internLicense (one object per distinct license answer)', () => {
  test('equal answers without files share the first object', () => {
    const known = new Map<string, ClassifiedLicense>();
    const first = answer();
    expect(internLicense(first, known)).toBe(first);
    expect(internLicense(answer(), known)).toBe(first);
    const other = answer({ expression: 'MIT', category: 'permissive' });
    expect(internLicense(other, known)).toBe(other);
    expect(known.size).toBe(2);
  });

  test('an answer that names its license files is its own, never shared nor remembered', () => {
    const known = new Map<string, ClassifiedLicense>();
    const files = [{ file: 'node_modules/a/LICENSE', expression: 'MIT', confidence: 1 }];
    const a = answer({ files });
    const b = answer({ files: files.map((f) => ({ ...f })) });
    expect(internLicense(a, known)).toBe(a);
    expect(internLicense(b, known)).toBe(b);
    expect(known.size).toBe(0);
    // Content is never changed.
    expect(b).toEqual(answer({ files }));
  });

  test('an empty files list is interned like no files', () => {
    const known = new Map<string, ClassifiedLicense>();
    const first = answer({ files: [] });
    expect(internLicense(first, known)).toBe(first);
    expect(internLicense(answer({ files: [] }), known)).toBe(first);
  });
});
