import { rule } from '../rules/unknown-license';
import type { Distribution, Severity } from '../src/types';
import { ALL_PROFILES, component, profile, ruleTester, type InvalidCase, type RuleCase } from './helpers/rule-tester';

const noEvidence = component({ name: 'mystery', expression: null, evidence: [], license: { source: 'none', confidence: 0 }, line: 8 });
const unidentified = component({
  name: 'custom-terms',
  expression: null,
  evidence: [{ kind: 'declared', value: 'SEE LICENSE IN LICENSE.txt', field: 'license' }, { kind: 'file', file: 'node_modules/custom-terms/LICENSE.txt' }],
  license: { source: 'file', confidence: 0.1 },
});
const unlicensed = component({ name: 'internal-sdk', expression: 'LicenseRef-UNLICENSED', category: 'proprietary', evidence: [{ kind: 'declared', value: 'UNLICENSED', field: 'license' }], license: { declared: 'UNLICENSED' } });
const lowConfidence = component({ name: 'fuzzy', expression: 'MIT', license: { source: 'file', confidence: 0.3 } });

const FULL: Record<Distribution, Severity> = { saas: 'error', distributed: 'error', library: 'error', internal: 'warn' };
const LOWER: Record<Distribution, Severity> = { saas: 'warn', distributed: 'warn', library: 'warn', internal: 'info' };

const valid: RuleCase[] = [
  ...ALL_PROFILES.map((d) => ({ name: `identified MIT under ${d}`, profile: profile(d), components: [component({ name: 'ok' })] })),
  { name: 'a user override settles it', components: [component({ name: 'x', expression: 'MIT', license: { source: 'override', confidence: 0.2 } })] },
  { name: 'confidence threshold can be lowered', components: [lowConfidence], options: { minConfidence: 0.2 } },
  { name: 'allow option', components: [noEvidence], options: { allow: ['mystery'] } },
];

const invalid: InvalidCase[] = [
  ...ALL_PROFILES.map((d) => ({ name: `no evidence under ${d}`, profile: profile(d), components: [noEvidence], errors: [{ messageId: 'noEvidence', severity: LOWER[d], line: 8, messageIncludes: ['overrides'] }] })),
  ...ALL_PROFILES.map((d) => ({ name: `unidentified text under ${d}`, profile: profile(d), components: [unidentified], errors: [{ messageId: 'unidentified', severity: FULL[d], messageIncludes: ['SEE LICENSE IN LICENSE.txt', 'custom-terms/LICENSE.txt'] }] })),
  ...ALL_PROFILES.map((d) => ({ name: `UNLICENSED under ${d}`, profile: profile(d), components: [unlicensed], errors: [{ messageId: 'unlicensed', severity: FULL[d] }] })),
  { name: 'low confidence', components: [lowConfidence], errors: [{ messageId: 'lowConfidence', severity: 'warn', data: { confidence: '0.30', minConfidence: '0.5' } }] },
  { name: 'unknown category with an expression', components: [component({ name: 'ref', expression: 'LicenseRef-Whatever', category: 'unknown' })], errors: [{ messageId: 'unidentified', severity: 'error' }] },
  { name: 'unclassified component (no license at all)', components: [component({ name: 'raw', license: null, evidence: [] })], errors: [{ messageId: 'noEvidence', severity: 'warn' }] },
  { name: 'dev-only unknown is capped at warn', components: [{ ...unidentified, scope: 'dev' }], errors: [{ messageId: 'unidentified', severity: 'warn' }] },
  {
    name: 'an AI model named in code with no card anywhere',
    components: [component({ name: 'BAAI/bge-reranker-base', version: '', ecosystem: 'huggingface', expression: null, evidence: [], license: { source: 'none', confidence: 0 } })],
    errors: [{ messageId: 'noModelCard', severity: 'warn', messageIncludes: ['huggingface-cli download BAAI/bge-reranker-base', '--online'] }],
  },
];

ruleTester(rule, { valid, invalid });
