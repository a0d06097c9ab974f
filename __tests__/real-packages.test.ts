/**
 * Issue 12: right answers on real registry packages. `fixtures/real-packages` is a checkout whose
 * node_modules hold the real package.json and license files of each package (SOURCES.md says
 * where each came from); every profile is scanned and no false error may appear.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixture, scanJson } from './helpers/cli';
import { identifyText } from '../src/identify/text';
import type { Report, ReportComponent } from '../src/types';

const ROOT = fixture('real-packages');
const PROFILES = ['saas', 'distributed', 'library', 'internal'] as const;
const read = (rel: string) => fs.readFileSync(path.join(ROOT, 'node_modules', rel), 'utf8');

/** name → [expression, category] the scan must give. */
const EXPECTED: Record<string, [string, string]> = {
  'node-forge': ['BSD-3-Clause OR GPL-2.0-only', 'permissive'],
  jszip: ['MIT OR GPL-3.0-or-later', 'permissive'],
  opener: ['WTFPL OR MIT', 'permissive'],
  'json-schema': ['AFL-2.1 OR BSD-3-Clause', 'permissive'],
  // BUSL-1.1 whose Change Date "the earlier of 2023-04-01 or …" has passed: its Change License now.
  '@uniswap/v3-core': ['GPL-2.0-or-later', 'strong-copyleft'],
  gsap: ['LicenseRef-Commercial', 'proprietary'],
  ckeditor5: ['GPL-2.0-or-later OR LicenseRef-Commercial', 'strong-copyleft'],
  '@mui/x-data-grid-pro': ['LicenseRef-Commercial', 'proprietary'],
  '@mui/x-license': ['LicenseRef-Commercial', 'proprietary'],
  '@progress/kendo-ui': ['LicenseRef-Commercial', 'proprietary'],
  '@progress/kendo-licensing': ['LicenseRef-Commercial', 'proprietary'],
  'froala-editor': ['LicenseRef-Commercial', 'proprietary'],
  '@syncfusion/ej2-base': ['LicenseRef-Commercial-Community OR LicenseRef-Commercial', 'proprietary'],
  '@amcharts/amcharts5': ['LicenseRef-Commercial-Linkware OR LicenseRef-Commercial', 'proprietary'],
  highcharts: ['LicenseRef-Commercial-Free-NonCommercial OR LicenseRef-Commercial', 'noncommercial'],
  devextreme: ['LicenseRef-Commercial', 'proprietary'],
  // Declared "Commercial" (read as LicenseRef-Proprietary); its LICENSE.html is a EULA (LicenseRef-Commercial).
  'ag-grid-enterprise': ['LicenseRef-Proprietary', 'proprietary'],
};

/** Packages whose terms are open (or have converted): no error under any profile. */
const NEVER_ERROR = ['node-forge', 'jszip', 'opener', 'json-schema'];

describe('real packages under every profile', () => {
  const reports = new Map<string, Report>();
  beforeAll(async () => {
    for (const p of PROFILES) reports.set(p, (await scanJson(ROOT, ['--profile', p])).report);
  }, 120_000);
  const byName = (p: string, name: string): ReportComponent => {
    const c = reports.get(p)!.components.find((x) => x.name === name);
    if (!c) throw new Error(`no ${name}`);
    return c;
  };

  test.each(Object.entries(EXPECTED))('%s', (name, [expression, category]) => {
    for (const p of PROFILES) expect(byName(p, name).license).toMatchObject({ expression, category });
  });

  test('no component with a license text or URL is unknown', () => {
    for (const p of PROFILES) expect(reports.get(p)!.components.filter((c) => c.license.category === 'unknown').map((c) => c.name)).toEqual([]);
  });

  test.each(NEVER_ERROR)('%s: no error finding under any profile', (name) => {
    for (const p of PROFILES) {
      const errors = reports.get(p)!.findings.filter((f) => f.severity === 'error' && f.component === byName(p, name).id);
      expect({ profile: p, errors: errors.map((e) => e.ruleId) }).toEqual({ profile: p, errors: [] });
    }
  });

  test('@uniswap/v3-core past its Change Date: one info says it converted and when; only GPL obligations remain', () => {
    for (const p of PROFILES) {
      const findings = reports.get(p)!.findings.filter((f) => f.component === byName(p, '@uniswap/v3-core').id);
      const converted = findings.filter((f) => f.ruleId === 'relicense-risk');
      expect(converted).toHaveLength(1);
      expect(converted[0]).toMatchObject({ severity: 'info', data: { from: 'BUSL-1.1', changeDate: '2023-04-01', license: 'GPL-2.0-or-later' } });
      expect(converted[0].message).toMatch(/converted to GPL-2\.0-or-later on 2023-04-01/);
      // No BUSL finding is left, and no metadata mismatch for the declared BUSL-1.1 the file confirms.
      expect(findings.filter((f) => ['cloud-resale', 'commercial-use', 'license-mismatch', 'outbound-compatibility'].includes(f.ruleId))).toEqual([]);
      const errors = findings.filter((f) => f.severity === 'error').map((f) => f.ruleId);
      // Shipping GPL-2.0-or-later code is a real obligation where the profile distributes it.
      expect(errors).toEqual(p === 'distributed' || p === 'library' ? ['copyleft-obligation'] : []);
      expect(byName(p, '@uniswap/v3-core').license.conversion).toMatchObject({ state: 'converted', from: 'BUSL-1.1', to: 'GPL-2.0-or-later', date: '2023-04-01' });
    }
  });

  test('commercial packages are commercial-use findings, not unknown-license ones', () => {
    const findings = reports.get('distributed')!.findings;
    // ag-grid-enterprise: two names for proprietary terms (declared and file) are one commercial-use finding, not also a license-mismatch.
    for (const name of ['gsap', '@mui/x-data-grid-pro', 'froala-editor', '@progress/kendo-ui', 'ag-grid-enterprise']) {
      const id = byName('distributed', name).id;
      expect(findings.filter((f) => f.component === id).map((f) => `${f.ruleId}:${f.severity}`)).toEqual(['commercial-use:error']);
    }
  });
});

describe('the real texts, identified alone', () => {
  test('node-forge: "either the BSD License or the GNU General Public License (GPL) Version 2", payment "expected" is no restriction', () => {
    const r = identifyText(read('node-forge/LICENSE'));
    expect(r.expression).toBe('BSD-3-Clause OR GPL-2.0-only');
    expect(r.matches.some((m) => m.modified)).toBe(false);
  });
  test('opener: "Dual licensed under WTFPL and MIT:" with both texts is a choice', () => {
    expect(identifyText(read('opener/LICENSE.txt')).expression).toBe('WTFPL OR MIT');
  });
  test('ckeditor5: GPL-2.0-or-later or commercial terms; the bundled ISC/MIT notices are not its license', () => {
    const r = identifyText(read('ckeditor5/LICENSE.md'));
    expect(r.expression).toBe('GPL-2.0-or-later OR LicenseRef-Commercial');
    expect(r.notes.join('\n')).toMatch(/bundled third-party code/);
  });
  test.each([
    ['@mui/x-data-grid-pro/LICENSE', 'LicenseRef-Commercial'],
    ['@progress/kendo-ui/LICENSE', 'LicenseRef-Commercial'],
    ['froala-editor/License.txt', 'LicenseRef-Commercial'],
    ['@syncfusion/ej2-base/license', 'LicenseRef-Commercial-Community OR LicenseRef-Commercial'],
    ['@amcharts/amcharts5/LICENSE', 'LicenseRef-Commercial-Linkware OR LicenseRef-Commercial'],
    ['highcharts/LICENSE.txt', 'LicenseRef-Commercial-Free-NonCommercial OR LicenseRef-Commercial'],
  ])('%s → %s', (rel, expression) => {
    expect(identifyText(read(rel)).expression).toBe(expression);
  });
});
