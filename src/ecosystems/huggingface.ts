import type { EcosystemDescriptor } from './descriptor';

export const huggingface: EcosystemDescriptor = {
  id: 'huggingface',
  files: {
    manifests: [],
    lockfiles: [],
    // Weights, model files, Python code or YAML configs that may name a model. CI, lockfile and
    // tool YAML (.github/, pnpm-lock.yaml, docker-compose.yml, dotfiles) names no model.
    anyFileTrigger:
      /^(?!(.*\/)?\.(github|gitlab|circleci)\/)(?!(.*\/)?(pnpm-lock|pnpm-workspace|docker-compose|compose|mkdocs|action|codecov)\.ya?ml$)(?!(.*\/)?\.[^/]*$).*\.(safetensors|gguf|py|ipynb|ya?ml)$|(^|\/)(Modelfile|adapter_config\.json|model_index\.json|tokenizer_config\.json|tokenizer\.json|tokenizer\.model|generation_config\.json|modules\.json|sentence_bert_config\.json|preprocessor_config\.json)$/i,
  },
  reader: () => (require('../read/ecosystems/huggingface') as typeof import('../read/ecosystems/huggingface')).huggingfaceReader,
  // Models are not frameworks: what serves them is a Python (or other) package.
  profile: { serverFrameworks: [] },
  install: { byFile: [], fallback: ['huggingface', 'huggingface-cli download'] },
  purl: { type: 'huggingface' },
  registry: {
    lookup: () => (require('../online/registries/huggingface') as typeof import('../online/registries/huggingface')).lookupHuggingface,
    // Also HF_ENDPOINT and HF_TOKEN (src/online/settings.ts).
    endpoint: { name: 'huggingface', env: 'LICENSE_RISK_REGISTRY_HUGGINGFACE', url: 'https://huggingface.co/' },
  },
};
