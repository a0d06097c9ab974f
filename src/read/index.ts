import type { DiscoveredFiles, EcosystemReader, ReaderEcosystem as Ecosystem } from '../types';

/**
 * Readers by ecosystem, loaded only when the checkout has files for them: a plain npm project
 * never pays for the TOML or XML parsers.
 */
const READER_MODULES: Record<Ecosystem, () => EcosystemReader> = {
  npm: () => (require('./ecosystems/npm') as typeof import('./ecosystems/npm')).npmReader,
  pypi: () => (require('./ecosystems/pypi') as typeof import('./ecosystems/pypi')).pypiReader,
  cargo: () => (require('./ecosystems/cargo') as typeof import('./ecosystems/cargo')).cargoReader,
  golang: () => (require('./ecosystems/golang') as typeof import('./ecosystems/golang')).golangReader,
  maven: () => (require('./ecosystems/maven') as typeof import('./ecosystems/maven')).mavenReader,
  composer: () => (require('./ecosystems/composer') as typeof import('./ecosystems/composer')).composerReader,
  gem: () => (require('./ecosystems/gem') as typeof import('./ecosystems/gem')).gemReader,
  nuget: () => (require('./ecosystems/nuget') as typeof import('./ecosystems/nuget')).nugetReader,
  huggingface: () => (require('./ecosystems/huggingface') as typeof import('./ecosystems/huggingface')).huggingfaceReader,
};

/** Cheap name checks deciding which reader modules to load at all. */
const TRIGGERS: Record<Ecosystem, RegExp> = {
  npm: /(^|\/)(package\.json|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|pnpm-workspace\.yaml)$/,
  pypi: /(^|\/)(pyproject\.toml|setup\.cfg|Pipfile(\.lock)?|poetry\.lock|uv\.lock|[^/]*requirements[^/]*\.txt)$/i,
  cargo: /(^|\/)Cargo\.(toml|lock)$/,
  golang: /(^|\/)(go\.mod|go\.sum|vendor\/modules\.txt)$/,
  maven: /(^|\/)(pom\.xml|build\.gradle(\.kts)?|gradle\.lockfile)$/,
  composer: /(^|\/)(composer\.(json|lock)|vendor\/composer\/installed\.json)$/,
  gem: /(^|\/)(Gemfile(\.lock)?|[^/]+\.gemspec)$/,
  nuget: /(^|\/)([^/]+\.(cs|fs|vb)proj|packages\.lock\.json)$/,
  // AI models: weights, model files, Python code or YAML configs that may name one (tested on every file, not only manifests).
  // The same pattern as HUGGINGFACE_TRIGGER in ecosystems/huggingface (kept here so the reader loads only when needed).
  // CI, lockfile and tool YAML (.github/, pnpm-lock.yaml, docker-compose.yml, dotfiles) names no model, so it does not load the reader.
  huggingface:
    /^(?!(.*\/)?\.(github|gitlab|circleci)\/)(?!(.*\/)?(pnpm-lock|pnpm-workspace|docker-compose|compose|mkdocs|action|codecov)\.ya?ml$)(?!(.*\/)?\.[^/]*$).*\.(safetensors|gguf|py|ipynb|ya?ml)$|(^|\/)(Modelfile|adapter_config\.json|model_index\.json|tokenizer_config\.json|tokenizer\.json|tokenizer\.model|generation_config\.json|modules\.json|sentence_bert_config\.json|preprocessor_config\.json)$/i,
};

/** Readers whose trigger files are not manifests or lockfiles. */
const TRIGGERED_BY_ANY_FILE: ReadonlySet<Ecosystem> = new Set<Ecosystem>(['huggingface']);

export function selectReaders(files: DiscoveredFiles): EcosystemReader[] {
  const names = [...files.manifests, ...files.lockfiles];
  const readers: EcosystemReader[] = [];
  for (const eco of Object.keys(READER_MODULES).sort() as Ecosystem[]) {
    if (!(TRIGGERED_BY_ANY_FILE.has(eco) ? files.all : names).some((n) => TRIGGERS[eco].test(n))) continue;
    const reader = READER_MODULES[eco]();
    if (reader.applies(files)) readers.push(reader);
  }
  return readers;
}
