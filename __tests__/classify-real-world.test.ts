/**
 * The real-world corpus answers (fixtures/classify-real-world/EXPECTED.tsv, copied from
 * shared/corpus/real-world): every expression there classifies to the TSV's category under every
 * profile. The TSV's convention — OR takes the least restrictive alternative, AND the most — is
 * what the profile-aware OR choice must agree with on these real cases.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { classifyExpression, getLicenseInfo } from '../src/classify';
import { parseExpression, leaves } from '../src/classify/expression';
import type { Category, Distribution, Profile } from '../src/types';

interface Row {
  dir: string;
  file: string;
  expression: string;
  category: Category;
}

const tsv = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'classify-real-world', 'EXPECTED.tsv'), 'utf8');
const rows: Row[] = tsv
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t'))
  .map(([dir, file, expression, category]) => ({ dir, file, expression, category: category as Category }));

const profiles: Profile[] = (['saas', 'distributed', 'library', 'internal'] as Distribution[]).flatMap((distribution) => [
  { distribution, commercial: true, origin: 'flag' as const, reasons: [] },
  { distribution, commercial: false, origin: 'flag' as const, reasons: [] },
]);

describe('real-world corpus', () => {
  test('the fixture has rows', () => {
    expect(rows.length).toBeGreaterThan(60);
  });

  test.each(rows)('$dir/$file: $expression → $category', (row) => {
    for (const p of profiles) {
      const result = classifyExpression(row.expression, p);
      expect({ profile: `${p.distribution}/${p.commercial}`, category: result.category }).toEqual({ profile: `${p.distribution}/${p.commercial}`, category: row.category });
    }
  });

  test('every id the corpus uses has a knowledge-base entry', () => {
    const ids = new Set(rows.flatMap((row) => {
      const parsed = parseExpression(row.expression);
      return parsed.ok ? leaves(parsed.node).map((leaf) => leaf.license) : [];
    }));
    const missing = [...ids].filter((id) => !getLicenseInfo(id));
    expect(missing).toEqual([]);
  });
});
