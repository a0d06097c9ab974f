/**
 * Identification accuracy floor (issue 12): the measurement of `bench/identify/accuracy.js` on a
 * sample of the SPDX list (every 14th id, each with every realistic edit of
 * `bench/identify/perturb.js`), every real license file of `fixtures/identify-real` and every
 * notice of `fixtures/identify-notices`. `node bench/identify/accuracy.js` runs the whole list.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { identifyFile, identifyText, loadTemplateIndex } from '../src/identify/text';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { measure } = require(path.join(__dirname, '..', 'bench', 'identify', 'accuracy.js')) as {
  measure: (
    api: { identifyText: typeof identifyText; identifyFile: typeof identifyFile; loadTemplateIndex: typeof loadTemplateIndex },
    opts: { sample?: number },
  ) => { sets: Record<string, { ok: number; n: number }>; total: { ok: number; n: number }; misses: string[] };
};

describe('identification accuracy (bench/identify/accuracy.js)', () => {
  const result = measure({ identifyText, identifyFile, loadTemplateIndex }, { sample: 14 });
  const rate = (s: { ok: number; n: number }): number => s.ok / s.n;

  it('identifies at least 99 % of the sampled SPDX texts under realistic edits and real files (target 97 %)', () => {
    expect(result.total.n).toBeGreaterThan(500);
    expect(rate(result.total)).toBeGreaterThanOrEqual(0.99);
  });

  it('gets every real license file of popular projects right', () => {
    expect(result.misses.filter((m) => m.startsWith('real:'))).toEqual([]);
    expect(result.sets.real.n).toBeGreaterThanOrEqual(40);
  });

  it('reads GNU, Apache and MPL notices as the license they name (-or-later from "any later version", Library GPL as LGPL-2.0)', () => {
    expect(result.misses.filter((m) => m.startsWith('notices:'))).toEqual([]);
  });

  it('keeps every edit of the SPDX texts at 98 % or more', () => {
    for (const [set, s] of Object.entries(result.sets)) if (set.startsWith('spdx/')) expect({ set, ok: rate(s) >= 0.98 }).toEqual({ set, ok: true });
  });
});

describe('modified licenses, PATENTS, short forms (real texts)', () => {
  const REAL = path.join(__dirname, '..', 'fixtures', 'identify-real');

  it("wrk's Modified Apache 2.0 License is Apache-2.0 marked modified, with the added clause (e) quoted", () => {
    const r = identifyFile(path.join(REAL, 'wrk-modified-apache', 'LICENSE'));
    expect(r.expression).toBe('Apache-2.0 AND LicenseRef-Added-Terms');
    expect(r.matches[0]).toMatchObject({ id: 'Apache-2.0', modified: true });
    expect(r.matches[0].addedText).toContain('then you must remove the name of');
    expect(r.matches[0].addedText).toContain('Modified Apache 2.0 License');
    expect(r.notes.join('\n')).toContain('not the license as published');
  });

  it('the same text without the clause and title is plain Apache-2.0', () => {
    const text = fs.readFileSync(path.join(REAL, 'wrk-modified-apache', 'LICENSE'), 'utf8');
    const plain = text.replace(/Modified Apache 2\.0 License\n\s*Version 2\.0\.1, February 2015/, 'Apache License\nVersion 2.0, January 2004').replace(/\n\s*\(e\) If the Derivative Work[\s\S]*?attribution notices\.\n/, '\n');
    expect(identifyText(plain).expression).toBe('Apache-2.0');
  });

  it("a filled-in name on a license's own line is not an added restriction (AFL-3.0 with its notice filled)", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const full = require('spdx-license-list/full') as Record<string, { licenseText: string }>;
    const filled = full['AFL-3.0'].licenseText.replace(/<insert your license name here>/, 'the Acme Widgets License');
    expect(identifyText(filled).expression).toBe('AFL-3.0');
  });

  it("Facebook's PATENTS file (immutable@3.8.1) is the patent grant", () => {
    expect(identifyFile(path.join(REAL, 'npm-immutable-3.8.1', 'PATENTS')).expression).toBe('LicenseRef-scancode-facebook-patent-rights-2');
  });

  it("WTFPL's terms alone (heading and clause 0) are WTFPL", () => {
    const text = '            DO WHAT THE FUCK YOU WANT TO PUBLIC LICENSE\n   TERMS AND CONDITIONS FOR COPYING, DISTRIBUTION AND MODIFICATION\n\n  0. You just DO WHAT THE FUCK YOU WANT TO.\n';
    expect(identifyText(text).expression).toBe('WTFPL');
  });

  it('an HTML page of a license is the license (tags and entities are markup)', () => {
    const html = fs.readFileSync(path.join(REAL, 'pypi-flask', 'LICENSE.txt'), 'utf8').split(/\n\s*\n/).map((p) => `<p>${p.replace(/"/g, '&quot;')}</p>`).join('\n');
    expect(identifyText(`<html><body><h1>BSD 3-Clause License</h1>\n${html}\n</body></html>`).expression).toBe('BSD-3-Clause');
  });
});
