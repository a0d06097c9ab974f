/**
 * End to end: the whole pipeline (discover → read → identify → classify → evaluate) over
 * fixture checkouts built from real license texts, asserting what the rules report.
 */
import * as path from 'node:path';
import { scan } from '../src/pipeline';
import type { Finding } from '../src/types';

const TODAY = '2026-06-01';
const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', name);

function summary(findings: Finding[]): string[] {
  return findings.filter((f) => f.severity !== 'info').map((f) => `${f.location.file}:${f.location.line}:${f.location.column} ${f.severity} ${f.ruleId}/${f.messageId} ${f.component ?? '-'}`);
}

describe('rules end to end', () => {
  test('a published MIT library (profile inferred: library)', async () => {
    const { report } = await scan({ dir: fixture('rules-e2e-library'), today: TODAY, noConfig: true });
    expect(report.profile).toMatchObject({ distribution: 'library', origin: 'auto' });
    expect(summary(report.findings)).toEqual([
      'package.json:8:5 error copyleft-obligation/distributionCopyleft npm:gpl-widget@2.1.0',
      'package.json:8:5 error outbound-compatibility/copyleftInPermissive npm:gpl-widget@2.1.0',
      'package.json:10:5 error relicense-risk/rangeAdmitsRelicensed npm:tinymce@6.8.6',
      'package.json:13:5 warn commercial-use/noncommercial npm:nc-linter@1.2.0',
    ]);
    const tiny = report.findings.find((f) => f.ruleId === 'relicense-risk')!;
    expect(tiny.data).toMatchObject({ pinBelow: '7.0.0', lastOld: '6.8.6', requested: '>=6' });
    expect(tiny.message).toContain('TinyMCE moved MIT → GPL-2.0-or-later in 7.0.0');
  });

  test('the same library as a non-commercial internal tool', async () => {
    const { report } = await scan({ dir: fixture('rules-e2e-library'), today: TODAY, noConfig: true, profile: 'internal:noncommercial' });
    expect(report.profile).toMatchObject({ distribution: 'internal', commercial: false, origin: 'flag' });
    expect(summary(report.findings)).toEqual([]);
  });

  test('a BSL server calling itself open source (profile inferred: saas)', async () => {
    const { report } = await scan({ dir: fixture('rules-e2e-bsl-server'), today: TODAY, noConfig: true });
    expect(report.profile.distribution).toBe('saas');
    expect(summary(report.findings)).toEqual([
      'LICENSE:1:1 warn own-license/bslChangeDateTooFar -',
      'LICENSE:1:1 warn own-license/bslChangeLicenseIncompatible -',
      'package.json:2:3 warn own-license/calledOpenSource -',
    ]);
  });

  test('config exceptions and severities flow through', async () => {
    const { report } = await scan({
      dir: fixture('rules-e2e-library'),
      today: TODAY,
      config: {
        rules: { 'outbound-compatibility': 'warn' },
        exceptions: [
          { package: 'gpl-widget', rule: 'copyleft-obligation', reason: 'we ship gpl-widget as a separate download', expires: '2027-01-01' },
          { package: 'tinymce', reason: 'pinned in the next release', expires: '2026-01-01' },
        ],
      },
    });
    const byRule = (id: string) => report.findings.filter((f) => f.ruleId === id);
    expect(byRule('copyleft-obligation')[0].suppressed).toEqual({ by: 'exception', reason: 'we ship gpl-widget as a separate download', expires: '2027-01-01' });
    expect(byRule('outbound-compatibility')[0].severity).toBe('warn');
    expect(byRule('relicense-risk')[0].suppressed).toBeUndefined();
    expect(byRule('expired-exception').map((f) => f.messageId)).toEqual(['expired']);
  });
});
