/**
 * AI models as components (purl type `huggingface`, `pkg:huggingface/<org>/<name>@<revision>`):
 * - model folders in the checkout: a model card (README.md front matter), `config.json`,
 *   weights, tokenizer or adapter files; the card's license and the folder's LICENSE files;
 * - `.gguf` files: the `general.license` of their header (the header only, never the weights);
 * - models named in code and config (see references.ts), found in the local Hugging Face cache
 *   (see hf-cache.ts) or, failing that, known only by their id (`--online` asks the Hub);
 * - each model's `base_model` chain, followed through the checkout and the cache as far as the
 *   evidence goes (src/classify/models.ts then binds a derived model to its bases' licenses).
 */
import * as path from 'node:path';
import type { Component, Diagnostic, DiscoveredFiles, EcosystemReader, LicenseEvidence, ModelFacts, ReadContext, ReadResult, Scope, SourceLocation } from '../../../types';
import { createCacheFs, type CacheFs } from '../shared/cache-fs';
import { ComponentCollector, strongerScope } from '../shared/components';
import { diag, errorMessage, guardRead, sortDiagnostics } from '../shared/diagnostics';
import { licenseFilesInCache, licenseFilesInCheckout } from '../shared/license-files';
import { baseName, dirOf, joinRel, readCacheText, readCheckoutText } from '../shared/parse';
import { compareStrings } from '../../../util/compare';
import { declaredLicense, parseModelCard, type ModelCard } from './card';
import { GgufError, ggufBaseModels, readGgufMetadata } from './gguf';
import { findCachedSnapshot, hubCacheDirs } from './hf-cache';
import { huggingface } from '../../../ecosystems/huggingface';
import { findModelReferences, hubIdFromOllamaFrom, isHubId, isLocalPath, sourceKindOf, type ModelReference } from './references';

/** Files that make a folder a model: weights, model configs, tokenizers, adapters, pipelines. */
const WEIGHTS = /\.(safetensors|gguf|onnx|ckpt|pt|pth|h5|msgpack|tflite|mlmodel|nemo)$|^(pytorch_model|tf_model|flax_model)[^/]*\.bin$|^model[^/]*\.bin$/i;
const MODEL_FILES = /^(config\.json|tokenizer\.json|tokenizer_config\.json|tokenizer\.model|adapter_config\.json|model_index\.json|modules\.json|sentence_bert_config\.json|generation_config\.json|preprocessor_config\.json)$/;
const CARD = /^readme\.md$/i;
/** JavaScript ML libraries: only a checkout that depends on one has its JS/TS sources read for model ids. */
const JS_ML_LIBRARIES = /"(@huggingface\/transformers|@xenova\/transformers|@huggingface\/hub|@huggingface\/inference)"/;

/** Config files that are some tool's own settings, never a model reference (`"repository": "user/repo"`). */
const NOT_MODEL_CONFIG = /(^|\/)(package\.json|package-lock\.json|npm-shrinkwrap\.json|composer\.(json|lock)|tsconfig[^/]*\.json|jsconfig\.json|\.eslintrc[^/]*|renovate\.json|lerna\.json|nx\.json|turbo\.json|deno\.jsonc?|app\.json|manifest\.json|pnpm-lock\.yaml|pnpm-workspace\.yaml|\.pre-commit-config\.yaml|docker-compose[^/]*\.ya?ml|compose\.ya?ml|mkdocs\.ya?ml|Cargo\.toml|pyproject\.toml|poetry\.lock|uv\.lock)$/i;
const SKIPPED_DIRS = /(^|\/)(\.github|\.gitlab|\.circleci|node_modules|\.venv|venv|site-packages|dist|build|\.tox|\.mypy_cache|__pycache__)\//;
const TEST_PATH = /(^|\/)(tests?|__tests__|spec|testing)\//;
/**
 * `provider/model` strings of API clients (LiteLLM, LangChain, Continue…) look like Hub ids
 * but name hosted APIs; as a config or assignment value they are not read as Hub models.
 */
const API_PROVIDERS = new Set(['openai', 'anthropic', 'azure', 'azure_ai', 'bedrock', 'vertex_ai', 'gemini', 'groq', 'together_ai', 'ollama', 'ollama_chat', 'deepseek', 'mistral', 'cohere', 'replicate', 'perplexity', 'fireworks_ai', 'openrouter', 'xai', 'cerebras', 'sagemaker', 'watsonx', 'text-completion-openai', 'gpt', 'claude']);
/** Most referencing files read; a checkout past this is sampled in path order. */
const MAX_REFERENCE_FILES = 20000;
const MAX_CHAIN = 12;

interface FolderModel {
  dir: string;
  card?: ModelCard;
  cardFile?: string;
  component: Component;
}

export const huggingfaceReader: EcosystemReader = {
  ecosystem: 'huggingface',
  applies(files: DiscoveredFiles): boolean {
    // selectReaders already tested the trigger (its descriptor, src/ecosystems/huggingface.ts); a direct caller gets the same answer.
    const trigger = huggingface.files.anyFileTrigger!;
    return files.all.some((f) => trigger.test(f));
  },
  read(files: DiscoveredFiles, ctx: ReadContext): Promise<ReadResult> {
    // Models come from any file, not from one manifest: an unexpected failure is reported on the checkout.
    return guardRead('huggingface', { manifests: [], lockfiles: [] }, () => readModels(files, ctx));
  },
};

export function hubPurl(modelId: string, revision: string): string {
  const enc = (s: string) => encodeURIComponent(s);
  const [org, ...rest] = modelId.split('/');
  const name = rest.length ? `${enc(org)}/${rest.map(enc).join('/')}` : enc(org);
  return `pkg:huggingface/${name}${revision ? `@${enc(revision)}` : ''}`;
}

function at(file: string, line = 1, column = 1): SourceLocation {
  return { file, line, column };
}

async function readModels(files: DiscoveredFiles, ctx: ReadContext): Promise<ReadResult> {
  const diagnostics: Diagnostic[] = [];
  const collector = new ComponentCollector('huggingface');
  const cache = createCacheFs(ctx.env);
  const hubDirs = hubCacheDirs(ctx.env, cache);

  // Files by folder, for the model-folder test.
  const byDir = new Map<string, string[]>();
  for (const f of files.all) {
    const d = dirOf(f);
    let list = byDir.get(d);
    if (!list) byDir.set(d, (list = []));
    list.push(baseName(f));
  }

  const folders: FolderModel[] = [];
  const folderDirs: string[] = [];
  for (const dir of [...byDir.keys()].sort(compareStrings)) {
    if (folderDirs.some((p) => p === '.' || dir.startsWith(p + '/'))) continue; // part of a model (a diffusers unet/, vae/…)
    if (SKIPPED_DIRS.test(dir + '/')) continue;
    // A Hugging Face cache inside the checkout (models--org--name/snapshots/<rev>/) is a cache, not the project's models.
    if (/(^|\/)models--[^/]+(\/|$)/.test(dir)) continue;
    const names = byDir.get(dir)!;
    const hasWeights = names.some((n) => WEIGHTS.test(n));
    const modelFiles = names.filter((n) => MODEL_FILES.test(n));
    const cardName = names.find((n) => CARD.test(n));
    const subfolderModel = names.includes('model_index.json') || names.includes('adapter_config.json') || names.includes('modules.json');
    let card: ModelCard | undefined;
    let cardFile: string | undefined;
    if (cardName) {
      cardFile = joinRel(dir, cardName);
      // The front matter is at the top: a long README is read only that far.
      const res = await ctx.fs.readText(cardFile, { maxBytes: 64 * 1024, allowTruncate: true });
      if (res.ok) card = parseModelCard(cardFile, res.text, diagnostics);
      else diagnostics.push(res.diagnostic);
    }
    // A card alone makes a model folder when it is unmistakably one, or declares a license beside
    // model files, the keys model cards use, or the folder's own LICENSE (a card and its license, weights elsewhere).
    const hasLicenseFile = names.some((n) => /^licen[cs]e([-_.]|$)/i.test(n));
    const cardSaysModel = !!card && (card.looksLikeModelCard || (card.license !== undefined && (hasWeights || modelFiles.length > 0 || card.hasCardKeys || (hasLicenseFile && dir !== '.'))));
    const isModel = cardSaysModel || subfolderModel || (modelFiles.includes('config.json') && (hasWeights || modelFiles.length > 1)) || (hasWeights && modelFiles.length > 0);
    if (!isModel) continue;
    folderDirs.push(dir);
    folders.push(await readFolderModel(dir, names, card, cardFile, ctx, collector, diagnostics));
  }

  // GGUF files outside model folders: each one is a model.
  const ggufComponents = new Map<string, Component>();
  for (const f of files.all) {
    if (!/\.gguf$/i.test(f)) continue;
    if (folderDirs.some((p) => p === '.' || f.startsWith(p + '/'))) continue;
    const comp = readGgufModel(f, ctx, collector, diagnostics);
    if (comp) ggufComponents.set(f, comp);
  }

  // References from code and config. JS/TS sources are many and rarely name models: read only
  // when a package.json of the checkout depends on a JavaScript ML library.
  let readScripts = false;
  for (const manifest of files.manifests.filter((f) => baseName(f) === 'package.json')) {
    const res = await ctx.fs.readText(manifest);
    if (res.ok && JS_ML_LIBRARIES.test(res.text)) readScripts = true;
  }
  const references: { file: string; ref: ModelReference }[] = [];
  let scanned = 0;
  const skipConfig = new Set([...files.manifests, ...files.lockfiles]);
  for (const f of files.all) {
    const kind = sourceKindOf(f);
    if (!kind) continue;
    if (kind === 'code' && !/\.py$/i.test(f) && !readScripts) continue;
    if (SKIPPED_DIRS.test(f) || NOT_MODEL_CONFIG.test(f) || skipConfig.has(f)) continue;
    if (folderDirs.some((p) => (p === '.' ? !f.includes('/') && kind !== 'code' && kind !== 'notebook' && kind !== 'modelfile' : f.startsWith(p + '/')))) continue;
    if (++scanned > MAX_REFERENCE_FILES) break;
    const res = await ctx.fs.readText(f, { maxBytes: 1024 * 1024 });
    if (!res.ok) continue; // big or binary sources are not configs worth a diagnostic here
    for (const ref of findModelReferences(res.text, kind)) references.push({ file: f, ref });
  }
  // adapter_config.json names the base model a LoRA adapter is loaded onto: a runtime dependency.
  for (const fm of folders) {
    const adapter = joinRel(fm.dir, 'adapter_config.json');
    if (!ctx.fs.exists(adapter)) continue;
    const text = await readCheckoutText(ctx, adapter, diagnostics);
    if (text === undefined) continue;
    const m = /"base_model_name_or_path"\s*:\s*"([^"\n]+)"/.exec(text);
    if (m && isHubId(m[1])) {
      const line = text.slice(0, m.index).split('\n').length;
      references.push({ file: adapter, ref: { id: m[1], kind: 'config', line, column: 1 } });
      if (!fm.component.model!.baseModels.includes(m[1])) fm.component.model!.baseModels.push(m[1]);
    }
  }

  const hubRefs = new Map<string, { locations: SourceLocation[]; scope: Scope; revision?: string }>();
  for (const { file, ref } of references) {
    const scope: Scope = TEST_PATH.test(file) ? 'dev' : 'prod';
    const location = at(file, ref.line, ref.column);
    const local = resolveLocalReference(ref, file, folders, ggufComponents, ctx);
    if (local) {
      local.direct = true;
      local.scope = strongerScope(local.scope, scope);
      continue;
    }
    if (local === null) continue; // a path to something that is not a model
    let id = ref.id;
    if (ref.kind === 'modelfile') {
      const hub = hubIdFromOllamaFrom(ref.id);
      if (!hub) {
        addOllamaModel(ref.id, location, scope, collector);
        continue;
      }
      id = hub;
    }
    if (!isHubId(id) && !(ref.kind === 'call' && /^[A-Za-z0-9][\w.-]*$/.test(id))) continue;
    if ((ref.kind === 'config' || ref.kind === 'assignment') && API_PROVIDERS.has(id.split('/')[0].toLowerCase())) continue;
    const entry = hubRefs.get(id) ?? { locations: [], scope };
    entry.locations.push(location);
    entry.scope = strongerScope(entry.scope, scope);
    hubRefs.set(id, entry);
  }

  for (const id of [...hubRefs.keys()].sort(compareStrings)) {
    const { locations, scope } = hubRefs.get(id)!;
    locations.sort((a, b) => compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column);
    await addHubModel(id, locations[0], scope, hubDirs, cache, collector, diagnostics);
  }

  // base_model chains, as far as the checkout and the cache go.
  const components = collector.all();
  for (const comp of components) {
    if (!comp.model || comp.model.baseModels.length === 0) continue;
    comp.model.lineage = await followBaseModels(comp, components, hubDirs, cache, diagnostics);
  }

  return { components: collector.list(ctx.includeDev), projects: [], diagnostics: sortDiagnostics(diagnostics) };
}

// eslint-disable-next-line @typescript-eslint/require-await -- async by contract: callers await it, and a throw must reach them as a rejection
async function readFolderModel(
  dir: string,
  names: string[],
  card: ModelCard | undefined,
  cardFile: string | undefined,
  ctx: ReadContext,
  collector: ComponentCollector,
  diagnostics: Diagnostic[],
): Promise<FolderModel> {
  const evidence: LicenseEvidence[] = [];
  const declared = card ? declaredLicense(card) : undefined;
  const location = cardFile ? at(cardFile, card?.licenseLine ?? 1) : at(joinRel(dir, names.includes('config.json') ? 'config.json' : names.sort(compareStrings)[0]));
  if (declared) evidence.push({ kind: 'declared', field: 'license', value: declared, location, baseDir: dir });
  evidence.push(...licenseFilesInCheckout(ctx.fs, dir));
  // `license_link: LICENSE.md` (or any file of the folder) is the text of a custom license.
  const link = card?.licenseLink;
  if (link && !/^[a-z]+:\/\//i.test(link)) {
    const rel = path.posix.normalize(joinRel(dir, link.replace(/^\.\//, '')));
    const inside = dir === '.' ? !rel.startsWith('..') : rel.startsWith(dir + '/');
    if (inside && ctx.fs.exists(rel) && ctx.fs.realpathInRoot(rel) !== null && !evidence.some((e) => e.kind === 'file' && e.file === rel)) evidence.push({ kind: 'file', file: rel });
  }
  let baseModels = card?.baseModels ?? [];
  // A GGUF file in the folder speaks for a card that does not.
  for (const n of names.filter((x) => /\.gguf$/i.test(x)).sort(compareStrings)) {
    const meta = safeGguf(joinRel(dir, n), ctx, diagnostics);
    if (!meta) continue;
    const license = ggufLicense(meta.general);
    if (license && !declared && !evidence.some((e) => e.kind === 'declared')) evidence.push({ kind: 'declared', field: 'general.license', value: license, location: at(joinRel(dir, n)) });
    if (baseModels.length === 0) baseModels = ggufBaseModels(meta.general);
    break;
  }
  let name = dir === '.' ? path.basename(ctx.root) : baseName(dir);
  // Two folders of the same name (models/a/model, models/b/model) stay two models.
  if (collector.get(name, '')) name = dir;
  const component = collector.add({ name, version: '', purl: hubPurl(name, ''), scope: 'prod', direct: true, evidence, location, installedPath: dir });
  component.model = { baseModels: [...baseModels], datasets: card?.datasets ?? [], origin: 'folder', cardLicense: declared ?? null };
  return { dir, card, cardFile, component };
}

function ggufLicense(general: Record<string, string>): string | undefined {
  const license = general['general.license']?.trim();
  if (!license || license.toLowerCase() === 'unknown') return undefined;
  if (license.toLowerCase() === 'other') return general['general.license.name']?.trim() || undefined;
  return license;
}

function safeGguf(rel: string, ctx: ReadContext, diagnostics: Diagnostic[]): ReturnType<typeof readGgufMetadata> | undefined {
  // Confined like every read: the file's real path must stay inside the checkout.
  if (ctx.fs.realpathInRoot(rel) === null) {
    diagnostics.push(diag('path-escape', rel, 'GGUF file resolves outside the checkout; not read'));
    return undefined;
  }
  try {
    const meta = readGgufMetadata(path.join(ctx.root, rel));
    if (meta.partial) diagnostics.push(diag('gguf-header-partial', rel, 'GGUF header is larger than the bytes read; metadata after that point not read', undefined, 'info'));
    return meta;
  } catch (err) {
    const message = err instanceof GgufError ? err.message : `cannot read: ${errorMessage(err)}`;
    diagnostics.push(diag('invalid-gguf', rel, message));
    return undefined;
  }
}

function readGgufModel(rel: string, ctx: ReadContext, collector: ComponentCollector, diagnostics: Diagnostic[]): Component | undefined {
  const meta = safeGguf(rel, ctx, diagnostics);
  if (!meta) return undefined;
  const license = ggufLicense(meta.general);
  const location = at(rel);
  const evidence: LicenseEvidence[] = license ? [{ kind: 'declared', field: 'general.license', value: license, location }] : [];
  const name = baseName(rel).replace(/\.gguf$/i, '');
  const comp = collector.add({ name, version: '', purl: hubPurl(name, ''), scope: 'prod', direct: true, evidence, location, installedPath: rel });
  comp.model = { baseModels: ggufBaseModels(meta.general), datasets: [], origin: 'gguf', cardLicense: license ?? null };
  return comp;
}

/**
 * A reference that is a path: the model folder or GGUF file it names (relative to the
 * referencing file, then to the root). `null` for a path to something that is not a model,
 * `undefined` when the reference is not a local path at all.
 */
function resolveLocalReference(ref: ModelReference, file: string, folders: FolderModel[], ggufs: Map<string, Component>, ctx: ReadContext): Component | null | undefined {
  const raw = ref.id.replace(/\\/g, '/');
  const candidates: string[] = [];
  const fromFile = path.posix.normalize(joinRel(dirOf(file), raw.replace(/^\.\//, '')));
  candidates.push(fromFile);
  if (!isLocalPath(raw)) candidates.push(path.posix.normalize(raw));
  for (const c of candidates.map((x) => x.replace(/\/+$/, '') || '.')) {
    if (c.startsWith('..') || path.posix.isAbsolute(c)) continue;
    const gguf = ggufs.get(c);
    if (gguf) return gguf;
    const folder = folders.find((f) => f.dir === c || (f.dir !== '.' && c.startsWith(f.dir + '/')));
    if (folder) return folder.component;
    if (ctx.fs.exists(c)) return null;
  }
  return isLocalPath(raw) ? null : undefined;
}

function addOllamaModel(name: string, location: SourceLocation, scope: Scope, collector: ComponentCollector): void {
  // An Ollama library model (`llama3.1:8b`): its license is the upstream model's (src/classify/models.ts).
  const [model, tag = 'latest'] = name.split(':');
  const comp = collector.add({ name: `ollama.com/library/${model}`, version: tag, purl: `pkg:generic/ollama.com/library/${encodeURIComponent(model)}@${encodeURIComponent(tag)}`, scope, direct: true, location });
  comp.model ??= { baseModels: [], datasets: [], origin: 'referenced', cardLicense: null };
}

async function addHubModel(
  id: string,
  location: SourceLocation,
  scope: Scope,
  hubDirs: string[],
  cache: CacheFs,
  collector: ComponentCollector,
  diagnostics: Diagnostic[],
): Promise<void> {
  const snapshot = await findCachedSnapshot(id, hubDirs, cache);
  if (!snapshot) {
    const comp = collector.add({ name: id, version: '', purl: hubPurl(id, ''), scope, direct: true, location });
    comp.model = { baseModels: [], datasets: [], origin: 'referenced', cardLicense: null };
    return;
  }
  const { card, evidence } = await readCachedCard(snapshot.dir, cache, diagnostics);
  let declared = card ? declaredLicense(card) : undefined;
  let field = 'license';
  let baseModels = card?.baseModels ?? [];
  // A GGUF repository (hf_hub_download of one quantisation) often has no card license: its header may.
  if (!declared) {
    for (const n of cache.list(snapshot.dir).filter((x) => /\.gguf$/i.test(x))) {
      const abs = path.join(snapshot.dir, n);
      try {
        const meta = readGgufMetadata(abs);
        declared = ggufLicense(meta.general);
        if (baseModels.length === 0) baseModels = ggufBaseModels(meta.general);
        field = 'general.license';
      } catch (err) {
        diagnostics.push(diag('invalid-gguf', cache.display(abs), err instanceof GgufError ? err.message : `cannot read: ${errorMessage(err)}`));
      }
      if (declared) break;
    }
  }
  const all: LicenseEvidence[] = [];
  if (declared) all.push({ kind: 'declared', field, value: declared, location });
  all.push(...evidence);
  const comp = collector.add({ name: id, version: snapshot.revision, purl: hubPurl(id, snapshot.revision), scope, direct: true, location, evidence: all });
  comp.model = { baseModels: [...baseModels], datasets: card?.datasets ?? [], origin: 'hf-cache', cardLicense: declared ?? null };
}

async function readCachedCard(dir: string, cache: CacheFs, diagnostics: Diagnostic[]): Promise<{ card?: ModelCard; evidence: LicenseEvidence[] }> {
  const readme = cache.list(dir).find((n) => CARD.test(n));
  let card: ModelCard | undefined;
  if (readme) {
    const abs = path.join(dir, readme);
    const text = await readCacheText(cache, abs, diagnostics);
    if (text !== undefined) card = parseModelCard(cache.display(abs), text, diagnostics);
  }
  return { card, evidence: licenseFilesInCache(cache, dir) };
}

/**
 * Each base model reached from a model's card, nearest first: from a model of this scan, or a
 * card in the Hugging Face cache, whose own `base_model` is followed in turn. A base found
 * nowhere ends its branch with `license: null` (src/classify/models.ts may still know it).
 */
async function followBaseModels(start: Component, components: Component[], hubDirs: string[], cache: CacheFs, diagnostics: Diagnostic[]): Promise<NonNullable<ModelFacts['lineage']>> {
  const out: NonNullable<ModelFacts['lineage']> = [];
  const seen = new Set<string>([start.name]);
  let frontier = [...start.model!.baseModels].map((b) => ({ id: b, from: start.name }));
  for (let depth = 0; depth < MAX_CHAIN && frontier.length; depth++) {
    const next: typeof frontier = [];
    for (const { id, from } of frontier) {
      if (seen.has(id)) continue;
      seen.add(id);
      const inScan = components.find((c) => c.name === id && c !== start);
      if (inScan?.model) {
        out.push({ model: id, license: inScan.model.cardLicense ?? null, via: `base_model of ${from}; ${inScan.model.origin === 'hf-cache' ? `card in the Hugging Face cache (${id}@${inScan.version})` : `model in the checkout (${inScan.location.file})`}` });
        for (const b of inScan.model.baseModels) next.push({ id: b, from: id });
        continue;
      }
      const snapshot = isHubId(id) ? await findCachedSnapshot(id, hubDirs, cache) : undefined;
      if (snapshot) {
        const { card } = await readCachedCard(snapshot.dir, cache, diagnostics);
        out.push({ model: id, license: (card && declaredLicense(card)) ?? null, via: `base_model of ${from}; card in the Hugging Face cache (${id}@${snapshot.revision})` });
        for (const b of card?.baseModels ?? []) next.push({ id: b, from: id });
        continue;
      }
      out.push({ model: id, license: null, via: `base_model of ${from}; no card in the checkout or the Hugging Face cache` });
    }
    frontier = next;
  }
  return out;
}
