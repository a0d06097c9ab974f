/** Issue 12: what takes a right away, commercial wording, bounded Change Dates, prose license fields. */
import { hasRestrictiveSentence } from '../src/identify/text/restrictions';
import { commercialTerms } from '../src/identify/text/commercial';
import { vendorByPackage, vendorByUrl } from '../src/identify/commercial-vendors';
import { conversionOf } from '../src/evaluate/rule-helpers';
import { changeDateBound } from '../src/classify/conversion';
import { parseDeclared } from '../src/identify/declared';
import type { ClassifiedLicense } from '../src/types';

describe('added restrictions: only text that takes a right away', () => {
  test.each([
    'This software may not be used for commercial purposes.',
    'Commercial use is prohibited.',
    'You may not sell copies of the Software or use it in a commercial product.',
    'The Software may be used solely for non-commercial research.',
    'You must not offer the software as a hosted service.',
  ])('restrictive: %s', (text) => expect(hasRestrictiveSentence(text)).toBe(true));

  test.each([
    // node-forge 1.3.1 LICENSE, verbatim.
    "If you are a commercial entity and use this set of libraries in your\ncommercial software then reasonable payment to Digital Bazaar, if you can\nafford it, is not required but is expected and would be appreciated.",
    'We are attempting to strike a balance between helping the development community while not being taken advantage of by lucrative commercial entities for our efforts.',
    'If you use this in a commercial product, please consider a donation.',
    'For commercial support, contact us at sales@example.com.',
    'You may not use the trademarks of the Licensor to promote products sold with this software.',
    'Thank you for using this project. Contributions are welcome.',
  ])('not restrictive: %s', (text) => expect(hasRestrictiveSentence(text)).toBe(false));
});

describe('commercial terms from their wording', () => {
  test.each([
    ['This is commercial software. To use it, you need to agree to the End User License Agreement.', ['LicenseRef-Commercial']],
    ['In order to use Foo Editor you have to purchase a license from: https://foo.example/pricing.', ['LicenseRef-Commercial']],
    ['If you do not own a commercial license, this file shall be governed by the trial license terms.', ['LicenseRef-Commercial']],
    ['Free under the Community License for companies with annual revenue of less than $1M; others must purchase a commercial license.', ['LicenseRef-Commercial-Community', 'LicenseRef-Commercial']],
    ['Commercial use of this software is governed by the Standard License Agreement. Non-commercial use is governed by the EULA.', ['LicenseRef-Commercial-Free-NonCommercial', 'LicenseRef-Commercial']],
    ['This software is provided under linkware license: do not remove the branding link.', ['LicenseRef-Commercial-Linkware', 'LicenseRef-Commercial']],
    ['Copyright (c) 2024 Example Corp. All rights reserved.', ['LicenseRef-All-Rights-Reserved']],
  ])('%s', (text, ids) => expect(commercialTerms(text)?.ids).toEqual(ids));

  test.each([
    'Copyright (c) 2010, Example Inc. All rights reserved. Redistribution and use in source and binary forms, with or without modification, are permitted provided that the following conditions are met.',
    'This project is free software; a commercial support contract is available.',
    'See the LICENSE file for details.',
  ])('not commercial: %s', (text) => expect(commercialTerms(text)).toBeNull());

  test('vendor table: URLs on a path boundary, package families by scope or prefix', () => {
    expect(vendorByUrl(['https://www.highcharts.com/license'])?.vendor).toMatch(/Highcharts/);
    expect(vendorByUrl(['https://www.highcharts.com/licenses-of-others'])).toBeUndefined();
    expect(vendorByUrl(['https://example.com/license'])).toBeUndefined();
    expect(vendorByPackage('@syncfusion/ej2-grids')?.expression).toBe('LicenseRef-Commercial-Community OR LicenseRef-Commercial');
    expect(vendorByPackage('@mui/x-data-grid-premium')?.expression).toBe('LicenseRef-Commercial');
    expect(vendorByPackage('@mui/x-data-grid')).toBeUndefined();
    expect(vendorByPackage('highcharts-react-official')?.vendor).toMatch(/Highcharts/);
  });
});

describe('Change Dates as written', () => {
  test.each([
    ['2027-01-01', { date: '2027-01-01', exact: true }],
    ['2027-01-01.', { date: '2027-01-01', exact: true }],
    ['April 1, 2023', { date: '2023-04-01', exact: true }],
    ['1 April 2023', { date: '2023-04-01', exact: true }],
    // @uniswap/v3-core 1.0.1 LICENSE, verbatim (joined).
    ['The earlier of 2023-04-01 or a date specified at v3-core-license-date.uniswap.eth', { date: '2023-04-01', exact: false }],
    ['2025-06-01 or the fourth anniversary of the first publicly available distribution, whichever comes first', { date: '2025-06-01', exact: false }],
    ['four years from the date of release', null],
    ['2024-13-01', null],
  ])('%s', (written, expected) => expect(changeDateBound(written)).toEqual(expected));

  const bsl = (changeDate: string): ClassifiedLicense =>
    ({ expression: 'BUSL-1.1', category: 'source-available', traits: [], parameters: { changeDate, changeLicense: 'GPL-2.0-or-later' } }) as unknown as ClassifiedLicense;
  test('a passed bound converts; a future bound is the latest date, not a passed one', () => {
    expect(conversionOf(bsl('The earlier of 2023-04-01 or a date specified at x.eth'), '2026-01-01')).toMatchObject({ state: 'passed', changeDate: '2023-04-01' });
    expect(conversionOf(bsl('The earlier of 2030-04-01 or a date specified at x.eth'), '2026-01-01')).toMatchObject({ state: 'future', text: expect.stringMatching(/at the latest/) });
  });
});

describe('a license field that is prose', () => {
  test('gsap 3.12.5: mentions MIT ("Why GreenSock doesn\'t employ an MIT license") and is never MIT', () => {
    const gsap =
      "Standard 'no charge' license: https://gsap.com/standard-license. Club GSAP members get more: https://gsap.com/licensing/. Why GreenSock doesn't employ an MIT license: https://gsap.com/why-license/";
    const r = parseDeclared(gsap, 'license');
    expect(r.expression).toBe('LicenseRef-Commercial');
    expect(r.notes.join(' ')).toMatch(/GSAP/);
  });
  test.each([
    ['Why we do not use the MIT license: because this is ours.', null],
    ['Released under the MIT License. See LICENSE for details.', 'MIT'],
    ['MIT (https://opensource.org/licenses/MIT)', 'MIT'],
    ['https://www.froala.com/wysiwyg-editor/pricing', 'LicenseRef-Commercial'],
    ['LicenseRef-LICENSE', null],
  ])('%s → %s', (value, expression) => expect(parseDeclared(value, 'license').expression).toBe(expression));
  test('LicenseRef-LICENSE is read as SEE LICENSE IN LICENSE', () => {
    expect(parseDeclared('LicenseRef-LICENSE', 'license').seeLicenseIn).toBe('LICENSE');
  });
});
