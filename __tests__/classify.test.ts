import * as fs from 'node:fs';
import * as path from 'node:path';
import { classify, classifyExpression, getLicenseInfo, listLicenseIds, readAdditionalUseGrant } from '../src/classify';
import { buildLicenseKb, serializeKb, KB_PATH } from '../scripts/build-license-kb';
import { CATEGORY_ORDER, type Category, type Distribution, type IdentifiedLicense, type Profile, type Trait } from '../src/types';

const spdxIds: string[] = require('spdx-license-ids');
const deprecatedIds: string[] = require('spdx-license-ids/deprecated');

function profile(distribution: Distribution, commercial = true): Profile {
  return { distribution, commercial, origin: 'flag', reasons: [] };
}
const DISTRIBUTIONS: Distribution[] = ['saas', 'distributed', 'library', 'internal'];

function traitsOf(expression: string, p: Profile = profile('saas')): Trait[] {
  return classifyExpression(expression, p).traits.map((t) => t.trait);
}

describe('knowledge base coverage', () => {
  test('every id in spdx-license-ids has a classified entry with sources', () => {
    const missing = spdxIds.filter((id) => !getLicenseInfo(id));
    expect(missing).toEqual([]);
    for (const id of spdxIds) {
      const info = getLicenseInfo(id)!;
      expect(info.id).toBe(id);
      expect(info.category).not.toBe('unknown');
      expect(CATEGORY_ORDER).toContain(info.category);
      expect(info.sources.length).toBeGreaterThan(0);
      expect(info.deprecated).toBe(false);
      for (const t of info.traits) {
        expect(t.license).toBe(id);
        expect(t.clause.length).toBeGreaterThan(10);
        expect(t.clause).not.toContain('{id}');
      }
    }
  });

  test('every deprecated id has an entry marked deprecated', () => {
    for (const id of deprecatedIds) {
      const info = getLicenseInfo(id);
      expect(info).toBeDefined();
      expect(info!.deprecated).toBe(true);
      expect(info!.category).not.toBe('unknown');
    }
  });

  test('the committed kb.json is what the build script produces', () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', KB_PATH), 'utf8');
    expect(committed).toBe(serializeKb(buildLicenseKb()));
  });

  test('listLicenseIds is sorted and includes SPDX, deprecated and curated LicenseRef ids', () => {
    const ids = listLicenseIds();
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual(expect.arrayContaining(['MIT', 'GPL-2.0', 'LicenseRef-scancode-rsalv2', 'LicenseRef-UNLICENSED']));
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('lookups are case-insensitive and accept DocumentRef prefixes', () => {
    expect(getLicenseInfo('mit')?.id).toBe('MIT');
    expect(getLicenseInfo('DocumentRef-spdx-tool:LicenseRef-scancode-tsl-2020')?.category).toBe('source-available');
    expect(getLicenseInfo('')).toBeUndefined();
    expect(getLicenseInfo('No-Such-License')).toBeUndefined();
  });

  test('OSI and FSF flags come from their sources', () => {
    expect(getLicenseInfo('Apache-2.0')).toMatchObject({ osiApproved: true, fsfLibre: true });
    expect(getLicenseInfo('JSON')).toMatchObject({ osiApproved: false, fsfLibre: false, category: 'source-available' });
    expect(getLicenseInfo('SSPL-1.0')).toMatchObject({ osiApproved: false, fsfLibre: false });
  });
});

describe('every category has a case', () => {
  const table: [string, Category][] = [
    ['CC0-1.0', 'public-domain'],
    ['Unlicense', 'public-domain'],
    ['MIT', 'permissive'],
    ['0BSD', 'permissive'],
    ['BlueOak-1.0.0', 'permissive'],
    ['WTFPL', 'permissive'],
    ['LGPL-2.1-only', 'weak-copyleft'],
    ['MPL-2.0', 'weak-copyleft'],
    ['EPL-2.0', 'weak-copyleft'],
    ['CDDL-1.0', 'weak-copyleft'],
    ['GPL-3.0-only', 'strong-copyleft'],
    ['EUPL-1.2', 'strong-copyleft'],
    ['OSL-3.0', 'strong-copyleft'],
    ['AGPL-3.0-or-later', 'network-copyleft'],
    ['SSPL-1.0', 'source-available'],
    ['BUSL-1.1', 'source-available'],
    ['Elastic-2.0', 'source-available'],
    ['SUL-1.0', 'source-available'],
    ['FSL-1.1-MIT', 'source-available'],
    ['LicenseRef-scancode-commons-clause', 'source-available'],
    ['LicenseRef-scancode-polyform-shield-1.0.0', 'source-available'],
    ['PolyForm-Small-Business-1.0.0', 'source-available'],
    ['PolyForm-Noncommercial-1.0.0', 'noncommercial'],
    ['CC-BY-NC-4.0', 'noncommercial'],
    ['CC-BY-NC-SA-3.0-IGO', 'noncommercial'],
    ['LicenseRef-UNLICENSED', 'proprietary'],
    ['LicenseRef-Mapbox-Web-SDK', 'proprietary'],
    ['LicenseRef-Acme-Commercial-EULA', 'proprietary'],
    ['LicenseRef-Acme-NonCommercial', 'noncommercial'],
    ['LicenseRef-something-unheard-of', 'unknown'],
    ['Not-A-License-9.9', 'unknown'],
  ];
  test.each(table)('%s → %s', (expression, category) => {
    expect(classifyExpression(expression, profile('saas')).category).toBe(category);
  });
});

describe('restriction traits carry their clause', () => {
  const table: [string, Trait][] = [
    ['SSPL-1.0', 'service-source-disclosure'],
    ['AGPL-3.0-only', 'network-copyleft'],
    ['Elastic-2.0', 'no-managed-service'],
    ['Elastic-2.0', 'license-key-protected'],
    ['LicenseRef-scancode-confluent-community-1.0', 'no-managed-service'],
    ['LicenseRef-scancode-rsalv2', 'no-managed-service'],
    ['FSL-1.1-ALv2', 'no-competing-use'],
    ['FSL-1.1-ALv2', 'converts-later'],
    ['LicenseRef-scancode-polyform-perimeter-1.0.0', 'no-competing-use'],
    ['LicenseRef-scancode-commons-clause', 'no-sale'],
    ['PolyForm-Noncommercial-1.0.0', 'noncommercial-only'],
    ['CC-BY-NC-ND-4.0', 'noncommercial-only'],
    ['SUL-1.0', 'internal-use-only'],
    ['LicenseRef-scancode-polyform-internal-use-1.0.0', 'internal-use-only'],
    ['BUSL-1.1', 'production-use-limited'],
    ['LicenseRef-Snowplow-Limited-Use-1.0', 'production-use-limited'],
    ['PolyForm-Small-Business-1.0.0', 'size-limited'],
    ['BUSL-1.1', 'converts-later'],
    ['GPL-2.0-only', 'copyleft-on-distribution'],
    ['MPL-2.0', 'file-level-copyleft'],
    ['LicenseRef-UNLICENSED', 'proprietary'],
    ['MIT', 'attribution'],
  ];
  test.each(table)('%s has %s', (id, trait) => {
    const found = classifyExpression(id, profile('saas')).traits.find((t) => t.trait === trait);
    expect(found).toBeDefined();
    expect(found!.license).toBe(id);
    expect(found!.clause.length).toBeGreaterThan(15);
  });

  test('public-domain and no-notice licenses carry no obligations', () => {
    expect(traitsOf('CC0-1.0')).toEqual([]);
    expect(traitsOf('0BSD')).toEqual([]);
  });
});

describe('AND takes the most restrictive part', () => {
  test.each(DISTRIBUTIONS)('under %s', (distribution) => {
    const p = profile(distribution);
    expect(classifyExpression('MIT AND GPL-3.0-only', p).category).toBe('strong-copyleft');
    expect(classifyExpression('Apache-2.0 AND LicenseRef-scancode-commons-clause', p).category).toBe('source-available');
    expect(classifyExpression('MIT AND Not-Known-1.0', p).category).toBe('unknown');
    const traits = traitsOf('MPL-2.0 AND Elastic-2.0', p);
    expect(traits).toEqual(expect.arrayContaining(['file-level-copyleft', 'no-managed-service', 'license-key-protected']));
    expect(classifyExpression('MIT AND ISC', p).chosen).toBeUndefined();
  });
});

describe('OR takes the option least risky for the profile', () => {
  const table: { expression: string; chosen: Record<Distribution, string>; commercial?: boolean }[] = [
    // Network clause matters when hosting; the managed-service ban matters less than copyleft when shipping.
    { expression: 'AGPL-3.0-only OR Elastic-2.0', chosen: { saas: 'AGPL-3.0-only', distributed: 'Elastic-2.0', library: 'Elastic-2.0', internal: 'AGPL-3.0-only' } },
    { expression: 'MIT OR GPL-3.0-or-later', chosen: { saas: 'MIT', distributed: 'MIT', library: 'MIT', internal: 'MIT' } },
    { expression: 'GPL-2.0-only OR BUSL-1.1', chosen: { saas: 'GPL-2.0-only', distributed: 'GPL-2.0-only', library: 'GPL-2.0-only', internal: 'GPL-2.0-only' } },
    { expression: 'SSPL-1.0 OR AGPL-3.0-only', chosen: { saas: 'AGPL-3.0-only', distributed: 'AGPL-3.0-only', library: 'AGPL-3.0-only', internal: 'AGPL-3.0-only' } },
    // A commercial user needs the paid license either way; a non-commercial user does not.
    { expression: 'CC-BY-NC-4.0 OR LicenseRef-Acme-Commercial', commercial: false, chosen: { saas: 'CC-BY-NC-4.0', distributed: 'CC-BY-NC-4.0', library: 'CC-BY-NC-4.0', internal: 'CC-BY-NC-4.0' } },
    { expression: '(MIT AND BUSL-1.1) OR GPL-3.0-only', chosen: { saas: 'GPL-3.0-only', distributed: 'GPL-3.0-only', library: 'GPL-3.0-only', internal: 'GPL-3.0-only' } },
    // Internal-use-only terms are harmless in-house and fatal elsewhere; a production limit bites everywhere.
    { expression: 'SUL-1.0 OR BUSL-1.1', chosen: { saas: 'BUSL-1.1', distributed: 'BUSL-1.1', library: 'BUSL-1.1', internal: 'SUL-1.0' } },
  ];
  for (const row of table) {
    test.each(DISTRIBUTIONS)(`${row.expression} under %s`, (distribution) => {
      const result = classifyExpression(row.expression, profile(distribution, row.commercial ?? true));
      expect(result.chosen).toBe(row.chosen[distribution]);
      expect(result.notes!.join('\n')).toMatch(/OR: chose/);
    });
  }

  test('a non-commercial profile makes non-commercial terms acceptable', () => {
    expect(classifyExpression('CC-BY-NC-4.0 OR LicenseRef-Acme-Commercial', profile('saas', true)).chosen).toBe('LicenseRef-Acme-Commercial');
    expect(classifyExpression('CC-BY-NC-4.0 OR LicenseRef-Acme-Commercial', profile('saas', false)).chosen).toBe('CC-BY-NC-4.0');
  });

  test('an OR nested in an AND is decided and reported', () => {
    const result = classifyExpression('Apache-2.0 AND (MIT OR GPL-2.0-only)', profile('distributed'));
    expect(result.chosen).toBe('Apache-2.0 AND MIT');
    expect(result.category).toBe('permissive');
  });

  test('an AND chosen inside an OR stays grouped', () => {
    const result = classifyExpression('(MIT AND Elastic-2.0) OR SSPL-1.0', profile('distributed'));
    expect(result.chosen).toBe('MIT AND Elastic-2.0');
    expect(classifyExpression('Apache-2.0 AND ((MIT AND Elastic-2.0) OR SSPL-1.0)', profile('distributed')).chosen).toBe('Apache-2.0 AND MIT AND Elastic-2.0');
  });

  test('ties are deterministic', () => {
    const a = classifyExpression('ISC OR MIT', profile('saas'));
    const b = classifyExpression('MIT OR ISC', profile('saas'));
    expect(a.chosen).toBe(b.chosen);
  });
});

describe('WITH applies the exception', () => {
  const table: [string, Category, Trait | null][] = [
    ['GPL-2.0-only WITH Classpath-exception-2.0', 'weak-copyleft', 'file-level-copyleft'],
    ['GPL-3.0-or-later WITH GCC-exception-3.1', 'permissive', null],
    ['GPL-2.0-or-later WITH Bison-exception-2.2', 'permissive', null],
    ['GPL-3.0-only WITH Autoconf-exception-3.0', 'permissive', null],
    ['Apache-2.0 WITH LLVM-exception', 'permissive', null],
    ['LGPL-3.0-only WITH LGPL-3.0-linking-exception', 'weak-copyleft', 'file-level-copyleft'],
    ['GPL-2.0-only WITH openvpn-openssl-exception', 'strong-copyleft', 'copyleft-on-distribution'],
    ['AGPL-3.0-only WITH Classpath-exception-2.0', 'network-copyleft', 'network-copyleft'],
    ['Elastic-2.0 WITH Classpath-exception-2.0', 'source-available', 'no-managed-service'],
  ];
  test.each(table)('%s → %s', (expression, category, trait) => {
    for (const distribution of DISTRIBUTIONS) {
      const result = classifyExpression(expression, profile(distribution));
      expect(result.category).toBe(category);
      if (trait) expect(result.traits.map((t) => t.trait)).toContain(trait);
      else expect(result.traits.map((t) => t.trait)).not.toContain('copyleft-on-distribution');
      expect(result.notes!.join('\n')).toContain('WITH');
    }
  });

  test('deprecated GPL-with-exception ids classify like their replacement', () => {
    expect(classifyExpression('GPL-2.0-with-classpath-exception', profile('distributed')).category).toBe('weak-copyleft');
    expect(classifyExpression('GPL-3.0-with-GCC-exception', profile('distributed')).category).toBe('permissive');
  });

  test('an exception the parser does not know is ignored, which can only overstate', () => {
    const result = classifyExpression('GPL-3.0-only WITH Made-Up-exception', profile('distributed'));
    expect(result.category).toBe('strong-copyleft');
    expect(result.notes!.join('\n')).toMatch(/not recognised/);
  });
});

describe('+ means or later', () => {
  test('GPL-2.0+ uses the -or-later entry', () => {
    const result = classifyExpression('GPL-2.0+', profile('distributed'));
    expect(result.category).toBe('strong-copyleft');
    expect(result.traits[0].license).toBe('GPL-2.0-or-later');
  });
  test('an id without an -or-later form keeps its own entry, with a note', () => {
    const result = classifyExpression('MPL-1.1+', profile('distributed'));
    expect(result.category).toBe('weak-copyleft');
    expect(result.notes!.join('\n')).toMatch(/or any later version/);
  });
});

describe('bad input never throws', () => {
  const table: [unknown, RegExp][] = [
    [null, /no license expression/],
    ['', /invalid SPDX expression/],
    ['MIT AND (', /unexpected end/],
    ['OR OR', /invalid SPDX expression/],
    [42, /not a string/],
  ];
  test.each(table)('%p → unknown', (input, note) => {
    const result = classifyExpression(input as string | null, profile('saas'));
    expect(result.category).toBe('unknown');
    expect(result.traits).toEqual([]);
    expect(result.notes!.join('\n')).toMatch(note);
  });
});

describe('classify() with extracted parameters', () => {
  const identified = (expression: string, parameters?: IdentifiedLicense['parameters']): IdentifiedLicense => ({
    expression,
    confidence: 0.9,
    source: 'file',
    notes: ['from LICENSE'],
    ...(parameters ? { parameters } : {}),
  });

  test('keeps the identification and merges notes', () => {
    const result = classify(identified('MIT OR Apache-2.0'), profile('saas'));
    expect(result).toMatchObject({ expression: 'MIT OR Apache-2.0', confidence: 0.9, source: 'file', category: 'permissive' });
    expect(result.chosen).toBeDefined();
    expect(result.notes[0]).toBe('from LICENSE');
  });

  test('BSL Change Date becomes a converts-later clause', () => {
    const result = classify(identified('BUSL-1.1', { changeDate: '2029-05-01', changeLicense: 'Apache-2.0' }), profile('saas'));
    const converts = result.traits.filter((t) => t.trait === 'converts-later');
    expect(converts).toHaveLength(1);
    expect(converts[0].clause).toContain('2029-05-01');
    expect(converts[0].clause).toContain('Apache-2.0');
    // No grant: production use stays limited.
    expect(result.traits.map((t) => t.trait)).toContain('production-use-limited');
  });

  test('a grant that permits production use except competing offerings (Terraform)', () => {
    const grant =
      "You may make production use of the Licensed Work, provided Your use does not include offering the Licensed Work to third parties on a hosted or embedded basis in order to compete with HashiCorp's paid version(s) of the Licensed Work.";
    const result = classify(identified('BUSL-1.1', { additionalUseGrant: grant, changeDate: 'Four years from the date the Licensed Work is published', changeLicense: 'MPL 2.0' }), profile('saas'));
    const traits = result.traits.map((t) => t.trait);
    expect(traits).not.toContain('production-use-limited');
    expect(traits).toContain('no-competing-use');
    expect(result.traits.find((t) => t.trait === 'no-competing-use')!.clause).toContain('hosted or embedded');
    expect(result.notes.join('\n')).toMatch(/production-use-limited dropped/);
  });

  test('a grant with a size threshold (MaxScale)', () => {
    const grant = 'You may use the Licensed Work when your application uses the Licensed Work with a total of less than three server instances in production.';
    const result = classify(identified('BUSL-1.1', { additionalUseGrant: grant }), profile('distributed'));
    const traits = result.traits.map((t) => t.trait);
    expect(traits).not.toContain('production-use-limited');
    expect(traits).toContain('size-limited');
  });

  test('a non-production grant keeps the production limit (Meilisearch EE)', () => {
    const result = classify(identified('BUSL-1.1', { additionalUseGrant: 'Any non-production use of the Licensed Work is permitted.' }), profile('saas'));
    const limit = result.traits.find((t) => t.trait === 'production-use-limited');
    expect(limit).toBeDefined();
    expect(limit!.clause).toContain('Additional Use Grant');
  });

  test('"None" is no grant', () => {
    const result = classify(identified('BUSL-1.1', { additionalUseGrant: 'None' }), profile('saas'));
    expect(result.traits.map((t) => t.trait)).toContain('production-use-limited');
  });

  test('FSL future license', () => {
    const result = classify(identified('FSL-1.1-ALv2', { futureLicense: 'Apache-2.0' }), profile('saas'));
    const converts = result.traits.filter((t) => t.trait === 'converts-later');
    expect(converts).toHaveLength(1);
    expect(converts[0].clause).toContain('Apache-2.0');
  });

  test('parameters are ignored for licenses without conversion terms', () => {
    const result = classify(identified('MIT', { changeDate: '2030-01-01' }), profile('saas'));
    expect(result.traits.map((t) => t.trait)).toEqual(['attribution']);
  });

  test('null expression', () => {
    const result = classify({ expression: null, confidence: 0, source: 'none', notes: [] }, profile('saas'));
    expect(result.category).toBe('unknown');
  });

  test('reading of Additional Use Grants', () => {
    expect(readAdditionalUseGrant('You may make use of the Licensed Work, provided that you may not use the Licensed Work for a Database Service.')).toEqual({
      permitsProduction: true,
      sizeLimited: false,
      restrictsCompetition: true,
    });
    expect(readAdditionalUseGrant('Any uses listed and defined at v3-core-license-grants.uniswap.eth').permitsProduction).toBe(false);
  });
});
