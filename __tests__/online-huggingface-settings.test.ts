import { loadRegistrySettings } from '../src/online/settings';
import type { Diagnostic } from '../src/types';

function hub(env: NodeJS.ProcessEnv): { url?: string; authorization?: string } {
  const diagnostics: Diagnostic[] = [];
  const ep = loadRegistrySettings({ HOME: '/nonexistent-home', ...env }, diagnostics).huggingface;
  return ep.ok ? { url: ep.url.href, ...(ep.authorization ? { authorization: ep.authorization } : {}) } : {};
}

describe('Hugging Face Hub endpoint', () => {
  test.each<[string, NodeJS.ProcessEnv, { url?: string; authorization?: string }]>([
    ['default', {}, { url: 'https://huggingface.co/' }],
    ['HF_TOKEN goes to the Hub', { HF_TOKEN: 'hf_abc' }, { url: 'https://huggingface.co/', authorization: 'Bearer hf_abc' }],
    ['HF_ENDPOINT mirror, with the token huggingface_hub would send it', { HF_ENDPOINT: 'https://hf-mirror.example/', HF_TOKEN: 'hf_abc' }, { url: 'https://hf-mirror.example/', authorization: 'Bearer hf_abc' }],
    ['LICENSE_RISK_REGISTRY_HUGGINGFACE wins, and never gets the token', { LICENSE_RISK_REGISTRY_HUGGINGFACE: 'http://127.0.0.1:9999/', HF_ENDPOINT: 'https://hf-mirror.example/', HF_TOKEN: 'hf_abc' }, { url: 'http://127.0.0.1:9999/' }],
    ['the older token variable', { HUGGING_FACE_HUB_TOKEN: 'hf_old' }, { url: 'https://huggingface.co/', authorization: 'Bearer hf_old' }],
  ])('%s', (_n, env, expected) => {
    expect(hub(env)).toEqual(expected);
  });
});
