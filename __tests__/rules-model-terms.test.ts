import { rule } from '../rules/model-terms';
import type { Component, Distribution, ModelFacts, Severity } from '../src/types';
import { getLicenseInfo } from '../src/classify';
import { ALL_PROFILES, component, profile, ruleTester, trait, type InvalidCase, type RuleCase } from './helpers/rule-tester';

/** A model component with the traits the knowledge base gives its license (data/licenses/models.json). */
function modelOf(name: string, expression: string, model: Partial<ModelFacts> = {}, over: Partial<Parameters<typeof component>[0]> = {}): Component {
  const info = getLicenseInfo(expression)!;
  const c = component({ name, version: '', ecosystem: 'huggingface', expression, category: info.category, traits: info.traits, file: `models/${name}/README.md`, line: 3, ...over });
  c.model = { baseModels: [], datasets: [], origin: 'folder', cardLicense: expression, ...model };
  return c;
}

const LLAMA = 'LicenseRef-Llama-3.1-Community';
const GEMMA = 'LicenseRef-Gemma-Terms-of-Use';
const llama = () => modelOf('meta-llama/Llama-3.1-8B-Instruct', LLAMA, { origin: 'hf-cache' });
const gemma = () => modelOf('google/gemma-2-2b-it', GEMMA, { origin: 'hf-cache' });
const fineTune = (cardLicense: string | null) =>
  modelOf('support-llama', LLAMA, {
    baseModels: ['meta-llama/Llama-3.1-8B-Instruct'],
    cardLicense,
    lineage: [{ model: 'meta-llama/Llama-3.1-8B-Instruct', license: LLAMA, via: 'base_model of support-llama; card in the Hugging Face cache' }],
  });

const RULE: Record<Distribution, Severity> = { saas: 'warn', distributed: 'warn', library: 'warn', internal: 'info' };

const valid: RuleCase[] = [
  ...ALL_PROFILES.map((d) => ({ name: `an Apache-2.0 model under ${d}`, profile: profile(d), components: [modelOf('sentence-transformers/all-MiniLM-L6-v2', 'Apache-2.0')] })),
  // MIT's attribution clause is a software license's, not a model license's Notice duty.
  { name: 'an MIT npm package under distributed', profile: profile('distributed'), components: [component({ name: 'lodash', traits: [trait('attribution', 'MIT')] })] },
  { name: 'allow option', components: [llama()], options: { allow: ['meta-llama/*'] } },
  {
    name: 'a derived model already named as the license requires has no naming duty',
    profile: profile('saas'),
    options: { allow: [] },
    setting: 'warn',
    components: [
      (() => {
        const c = fineTune(LLAMA);
        c.name = 'acme/Llama-3.1-support-8B';
        c.id = 'huggingface:acme/Llama-3.1-support-8B@';
        c.license!.traits = c.license!.traits.filter((t) => t.trait === 'derivative-naming');
        return c;
      })(),
    ],
  },
  {
    name: 'a Meta Llama 3 fine-tune already named "Llama 3…" (curly quotes in the clause) has no naming duty',
    profile: profile('saas'),
    options: { allow: [] },
    components: [
      (() => {
        const c = modelOf('acme/Llama-3-support-8B', 'LicenseRef-Llama-3-Community', { baseModels: ['meta-llama/Meta-Llama-3-8B'] });
        c.license!.traits = c.license!.traits.filter((t) => t.trait === 'derivative-naming');
        return c;
      })(),
    ],
  },
  {
    name: 'a fine-tune whose card keeps the base license',
    profile: profile('internal'),
    setting: 'off',
    components: [fineTune(`Apache-2.0 AND ${LLAMA}`)],
  },
];

const invalid: InvalidCase[] = [
  {
    name: 'Llama 3.1 under saas: show "Built with Llama", pass the AUP on, know the cap; no Notice file for a hosted service',
    profile: profile('saas'),
    components: [llama()],
    errors: [
      { messageId: 'displayAttribution', severity: 'warn', messageIncludes: ['Built with Llama'] },
      { messageId: 'usePolicy', severity: 'warn', line: 3, messageIncludes: ['terms of service', 'Acceptable Use Policy'] },
      { messageId: 'userCap', severity: 'info', data: { limit: '700,000,000' }, messageIncludes: ['700,000,000 monthly active users'] },
    ],
  },
  ...(['distributed', 'library'] as Distribution[]).map((d) => ({
    name: `Llama 3.1 under ${d}: also the Notice file`,
    profile: profile(d),
    components: [llama()],
    errors: [
      { messageId: 'displayAttribution', severity: RULE[d] },
      { messageId: 'noticeFile', severity: RULE[d], messageIncludes: ['Llama 3.1 is licensed under the Llama 3.1 Community License'] },
      { messageId: 'usePolicy', severity: RULE[d] },
      { messageId: 'userCap', severity: 'info' as Severity },
    ],
  })),
  {
    name: 'Llama 3.1 internally: only the policy and the cap, as information',
    profile: profile('internal'),
    components: [llama()],
    errors: [
      { messageId: 'usePolicy', severity: 'info', messageIncludes: ['your own use must stay within the policy'] },
      { messageId: 'userCap', severity: 'info' },
    ],
  },
  {
    name: 'Gemma under distributed: the Prohibited Use Policy passed on, the Notice file, distillation counts',
    profile: profile('distributed'),
    components: [gemma()],
    errors: [
      { messageId: 'noTraining', severity: 'info' },
      { messageId: 'noticeFile', severity: 'warn', messageIncludes: ['Gemma is provided under and subject to the Gemma Terms of Use'] },
      { messageId: 'usePolicy', severity: 'warn', messageIncludes: ['Prohibited Use Policy', 'enforceable provision'] },
    ],
  },
  {
    name: 'Llama 3.2 (multimodal EU carve-out) under saas',
    profile: profile('saas'),
    components: [modelOf('meta-llama/Llama-3.2-11B-Vision', 'LicenseRef-Llama-3.2-Community')],
    errors: [{ messageId: 'displayAttribution' }, { messageId: 'territory', severity: 'warn', messageIncludes: ['European Union'] }, { messageId: 'usePolicy' }, { messageId: 'userCap' }],
  },
  {
    name: 'Qwen run as it is: the 100M cap only; "Built with Qwen" is for models you create from it',
    profile: profile('saas'),
    components: [modelOf('Qwen/Qwen2.5-72B-Instruct', 'LicenseRef-Qwen-License', { origin: 'hf-cache' })],
    errors: [{ messageId: 'userCap', data: { limit: '100,000,000' } }],
  },
  {
    name: 'a fine-tune of Qwen in the checkout: "Built with Qwen" in its documentation',
    profile: profile('saas'),
    components: [modelOf('acme/support-qwen', 'LicenseRef-Qwen-License', { baseModels: ['Qwen/Qwen2.5-72B-Instruct'] })],
    errors: [{ messageId: 'displayAttribution', messageIncludes: ['Built with Qwen'] }, { messageId: 'userCap', data: { limit: '100,000,000' } }],
  },
  {
    name: "a derivative downloaded from the Hub (Qwen's own GGUF): its publisher's duty, not yours",
    profile: profile('saas'),
    components: [modelOf('Qwen/Qwen2.5-3B-Instruct-GGUF', 'LicenseRef-Qwen-Research-License', { origin: 'hf-cache', baseModels: ['Qwen/Qwen2.5-3B-Instruct'] })],
    errors: [],
  },
  {
    name: 'Meta Llama 3: a product that uses it shows "Built with Meta Llama 3"; a fine-tune not named "Llama 3…" must be',
    profile: profile('saas'),
    components: [modelOf('acme/support-bot', 'LicenseRef-Llama-3-Community', { baseModels: ['meta-llama/Meta-Llama-3-8B'] })],
    errors: [
      { messageId: 'derivativeNaming', messageIncludes: ['“Llama 3” at the beginning'] },
      { messageId: 'displayAttribution', messageIncludes: ['Built with Meta Llama 3', 'uses any of them'] },
      { messageId: 'noTraining', messageIncludes: ['improve any other large language model'] },
      { messageId: 'usePolicy' },
      { messageId: 'userCap', data: { limit: '700,000,000' } },
    ],
  },
  {
    name: 'a fine-tune whose card says apache-2.0 over a Llama base: the card drops the base license; the naming duty applies',
    profile: profile('distributed'),
    components: [fineTune('Apache-2.0')],
    errors: [
      {
        messageId: 'baseLicenseDropped',
        severity: 'warn',
        component: 'huggingface:support-llama@',
        file: 'models/support-llama/README.md',
        line: 3,
        data: { cardLicense: 'Apache-2.0', base: 'meta-llama/Llama-3.1-8B-Instruct', baseLicense: LLAMA },
      },
      { messageId: 'derivativeNaming', severity: 'warn', messageIncludes: ['at the beginning of any such AI model name'] },
      { messageId: 'displayAttribution' },
      { messageId: 'noticeFile' },
      { messageId: 'usePolicy' },
      { messageId: 'userCap' },
    ],
  },
  {
    name: 'a derived model with no license of its own',
    profile: profile('internal'),
    components: [fineTune(null)],
    errors: [{ messageId: 'baseLicenseDropped', severity: 'info', data: { cardLicense: 'no license' } }, { messageId: 'usePolicy' }, { messageId: 'userCap' }],
  },
];

ruleTester(rule, { valid, invalid });
