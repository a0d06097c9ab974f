/** Issue 12: a repository's own license from its COPYING pair and from its README. */
import { fixture, scanJson } from './helpers/cli';
import { combineOwnLicenseFiles } from '../src/identify/own-license';

describe('own license evidence', () => {
  test('COPYING (GPLv3) + COPYING.LESSER (LGPLv3) is the LGPL, not GPL AND LGPL', async () => {
    const { report } = await scanJson(fixture('own-license-lgpl3'));
    expect(report.ownLicense).toEqual({ expression: 'LGPL-3.0-only', category: 'weak-copyleft', files: ['COPYING', 'COPYING.LESSER'], scopes: [] });
  });

  test('a license stated only in the README "License" section is the own license', async () => {
    const { report } = await scanJson(fixture('own-license-readme'));
    expect(report.ownLicense).toEqual({ expression: 'MIT', category: 'permissive', files: ['README.md'], scopes: [] });
  });

  test.each([
    [[['COPYING', 'GPL-3.0-or-later'], ['COPYING.LESSER', 'LGPL-3.0-or-later']], 'LGPL-3.0-or-later'],
    [[['COPYING', 'GPL-3.0-only'], ['COPYING.LESSER', 'LGPL-3.0-only'], ['LICENSE.MIT', 'MIT']], 'LGPL-3.0-only AND MIT'],
    // LGPL-2.1 does not build on the GPL text: a GPL-2.0 COPYING beside it is a license of its own.
    [[['COPYING', 'GPL-2.0-only'], ['COPYING.LIB', 'LGPL-2.1-only']], 'GPL-2.0-only AND LGPL-2.1-only'],
    [[['COPYING', 'GPL-3.0-only']], 'GPL-3.0-only'],
  ] as const)('%j → %s', (files, expression) => {
    expect(combineOwnLicenseFiles(files.map(([file, e]) => ({ file, expression: e }))).expression).toBe(expression);
  });
});
