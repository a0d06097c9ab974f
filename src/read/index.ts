import type { Component, Diagnostic, DiscoveredFiles, EcosystemReader, ProjectManifest, ReadContext, ReaderEcosystem as Ecosystem } from '../types';
import { appendAll } from '../util/append';

/**
 * Readers by ecosystem, loaded only when the checkout has files for them: a plain npm project
 * never pays for the TOML or XML parsers.
 */
const READER_MODULES: Record<Ecosystem, () => EcosystemReader> = {
  npm: () => require('./ecosystems/npm').npmReader,
  pypi: () => require('./ecosystems/pypi').pypiReader,
  cargo: () => require('./ecosystems/cargo').cargoReader,
  golang: () => require('./ecosystems/golang').golangReader,
  maven: () => require('./ecosystems/maven').mavenReader,
  composer: () => require('./ecosystems/composer').composerReader,
  gem: () => require('./ecosystems/gem').gemReader,
  nuget: () => require('./ecosystems/nuget').nugetReader,
  huggingface: () => require('./ecosystems/huggingface').huggingfaceReader,
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
  // CI, lockfile and tool YAML (.github/, pnpm-lock.yaml, docker-compose.yml, dotfiles) names no model, so it does not load the reader.
  huggingface:
    /^(?!(.*\/)?\.(github|gitlab|circleci)\/)(?!(.*\/)?(pnpm-lock|pnpm-workspace|docker-compose|compose|mkdocs|action|codecov)\.ya?ml$)(?!(.*\/)?\.[^/]*$).*\.(safetensors|gguf|py|ipynb|ya?ml)$|(^|\/)(Modelfile|adapter_config\.json|model_index\.json|tokenizer_config\.json)$/i,
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

/** What the read stage hands on: every component as read (duplicates merged later), the checkout's own projects, the problems met. */
export interface CheckoutRead {
  components: Component[];
  projects: ProjectManifest[];
  diagnostics: Diagnostic[];
}

/**
 * Runs every reader whose files the checkout has, in ecosystem order. A reader that throws
 * becomes one `reader-error` diagnostic (the run exits 2): a reader bug must not take the other
 * ecosystems down with it. `onRead` is told after each reader (the phase timer).
 */
export async function readCheckout(files: DiscoveredFiles, ctx: ReadContext, onRead: (ecosystem: string) => void = () => undefined): Promise<CheckoutRead> {
  const out: CheckoutRead = { components: [], projects: [], diagnostics: [] };
  for (const reader of selectReaders(files)) {
    try {
      const result = await reader.read(files, ctx);
      appendAll(out.components, result.components);
      onRead(reader.ecosystem);
      appendAll(out.projects, result.projects);
      appendAll(out.diagnostics, result.diagnostics);
    } catch (err) {
      out.diagnostics.push({
        code: 'reader-error',
        severity: 'error',
        file: '.',
        message: `the ${reader.ecosystem} reader failed: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  }
  return out;
}
