/**
 * Real-shaped package.json files (fixtures/declared-npm-manifests/<package>/package.json): the
 * declared field, whichever form it takes, becomes the expected expression and category.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDeclared } from '../src/identify/declared';
import { classifyExpression } from '../src/classify';
import type { Category, Profile } from '../src/types';

interface Expected {
  expression: string | null;
  category: Category;
  corrected: boolean;
  seeLicenseIn?: string;
  unlicensed?: boolean;
}

const fixtureDir = path.join(__dirname, '..', 'fixtures', 'declared-npm-manifests');
const expected = JSON.parse(fs.readFileSync(path.join(fixtureDir, 'expected.json'), 'utf8')) as Record<string, Expected | string>;
const packages = fs
  .readdirSync(fixtureDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const saas: Profile = { distribution: 'saas', commercial: true, origin: 'flag', reasons: [] };

describe('declared licenses of real-shaped npm manifests', () => {
  test('every fixture has an expectation and vice versa', () => {
    expect(packages).toEqual(Object.keys(expected).filter((key) => !key.startsWith('$')).sort());
  });

  test.each(packages)('%s', (name) => {
    const manifest = JSON.parse(fs.readFileSync(path.join(fixtureDir, name, 'package.json'), 'utf8')) as Record<string, unknown>;
    const field = 'license' in manifest ? 'license' : 'licenses';
    const result = parseDeclared(manifest[field], field);
    const want = expected[name] as Expected;
    expect(result.expression).toBe(want.expression);
    expect(result.corrected).toBe(want.corrected);
    expect(result.seeLicenseIn).toBe(want.seeLicenseIn);
    expect(result.unlicensed ?? false).toBe(want.unlicensed ?? false);
    expect(classifyExpression(result.expression, saas).category).toBe(want.category);
    expect(result.notes.length > 0 || (result.expression !== null && !result.corrected)).toBe(true);
  });
});
