import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { huggingfaceReader, hubPurl } from '../src/read/ecosystems/huggingface';
import { parseModelCard, declaredLicense } from '../src/read/ecosystems/huggingface/card';
import { findModelReferences, type SourceKind } from '../src/read/ecosystems/huggingface/references';
import { readGgufMetadata, ggufBaseModels, GgufError } from '../src/read/ecosystems/huggingface/gguf';
import { findCachedSnapshot, hubCacheDirs } from '../src/read/ecosystems/huggingface/hf-cache';
import { createCacheFs } from '../src/read/ecosystems/shared/cache-fs';
import { readDirectory } from '../src/read/ecosystems/shared/discover-dir';
import type { Component, Diagnostic } from '../src/types';
import { ggufHeader } from './helpers/gguf';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'ml-service');
const HF_HOME = path.join(__dirname, '..', 'fixtures', 'ml-service-hf-home');
const LLAMA_REV = '0e9e39f249a16976918f6564b8830bc894c89659';
const MINILM_REV = 'c9745ed1d9f207416be6d2e6f8de32d1f16199bf';

function byName(components: Component[], name: string): Component {
  const c = components.find((x) => x.name === name);
  if (!c) throw new Error(`no component ${name}; have ${components.map((x) => x.id).join(', ')}`);
  return c;
}

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'license-risk-hf-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('huggingface reader on the ML-service fixture', () => {
  let result: Awaited<ReturnType<typeof readDirectory>>;
  beforeAll(async () => {
    result = await readDirectory(huggingfaceReader, FIXTURE, { env: { HOME: path.join(os.tmpdir(), 'no-such-home'), HF_HOME } });
  });

  test('local model folders, a cached model referenced from code, an Ollama model and an uncached reference', () => {
    expect(result.components.map((c) => c.id)).toEqual([
      'huggingface:BAAI/bge-reranker-base@',
      'huggingface:Qwen/Qwen2.5-3B-Instruct-GGUF@7dabda4d13d513e3e842b20f0d435c732f172cbe',
      'huggingface:deepseek-llm-7b-chat@',
      'huggingface:distilbert-sst2@',
      'huggingface:nllb-200-distilled-600M@',
      'huggingface:ollama.com/library/llama3.2@3b',
      `huggingface:sentence-transformers/all-MiniLM-L6-v2@${MINILM_REV}`,
      'huggingface:support-llama@',
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  test('hf_hub_download(repo_id=…) of a GGUF repository found in the cache: its card, its LICENSE, its base model', () => {
    const qwen = byName(result.components, 'Qwen/Qwen2.5-3B-Instruct-GGUF');
    expect(qwen).toMatchObject({
      version: '7dabda4d13d513e3e842b20f0d435c732f172cbe',
      location: { file: 'app/main.py', line: 18 },
      model: { origin: 'hf-cache', baseModels: ['Qwen/Qwen2.5-3B-Instruct'] },
    });
    expect(qwen.evidence.map((e) => [e.kind, 'value' in e ? e.value : undefined])).toEqual(expect.arrayContaining([['declared', 'qwen-research']]));
  });

  test('a model folder: the card license at its line, the LICENSE file, datasets', () => {
    const nllb = byName(result.components, 'nllb-200-distilled-600M');
    expect(nllb).toMatchObject({
      purl: 'pkg:huggingface/nllb-200-distilled-600M',
      scope: 'prod',
      direct: true,
      location: { file: 'models/nllb-200-distilled-600M/README.md', line: 11, column: 1 },
      installedPath: 'models/nllb-200-distilled-600M',
      model: { origin: 'folder', datasets: ['flores-200'], baseModels: [], cardLicense: 'cc-by-nc-4.0' },
    });
    expect(nllb.evidence).toEqual([
      { kind: 'declared', field: 'license', value: 'cc-by-nc-4.0', location: { file: 'models/nllb-200-distilled-600M/README.md', line: 11, column: 1 }, baseDir: 'models/nllb-200-distilled-600M' },
      { kind: 'file', file: 'models/nllb-200-distilled-600M/LICENSE' },
    ]);
  });

  test('a model only in the Hugging Face cache: revision from refs/main, card and purl, located at the code that names it', () => {
    const minilm = byName(result.components, 'sentence-transformers/all-MiniLM-L6-v2');
    expect(minilm).toMatchObject({
      version: MINILM_REV,
      purl: `pkg:huggingface/sentence-transformers/all-MiniLM-L6-v2@${MINILM_REV}`,
      // Named in app/main.py (prod) and in tests/ (dev): the shipped use wins.
      scope: 'prod',
      location: { file: 'app/main.py', line: 8, column: 20 },
      model: { origin: 'hf-cache', cardLicense: 'apache-2.0' },
    });
    expect(minilm.evidence[0]).toMatchObject({ kind: 'declared', value: 'apache-2.0' });
  });

  test('a derived model follows base_model into the cache, and on to a base found nowhere', () => {
    const ft = byName(result.components, 'support-llama');
    expect(ft.model).toMatchObject({ baseModels: ['meta-llama/Llama-3.1-8B-Instruct'], cardLicense: 'apache-2.0', origin: 'folder' });
    expect(ft.model!.lineage).toEqual([
      { model: 'meta-llama/Llama-3.1-8B-Instruct', license: 'llama3.1', via: `base_model of support-llama; card in the Hugging Face cache (meta-llama/Llama-3.1-8B-Instruct@${LLAMA_REV})` },
      { model: 'meta-llama/Meta-Llama-3.1-8B', license: null, via: 'base_model of meta-llama/Llama-3.1-8B-Instruct; no card in the checkout or the Hugging Face cache' },
    ]);
  });

  test('config values: a Hub id under a model key counts, an API provider/model does not', () => {
    expect(byName(result.components, 'BAAI/bge-reranker-base')).toMatchObject({ location: { file: 'config.yaml', line: 2, column: 19 }, evidence: [], model: { origin: 'referenced' } });
    expect(result.components.some((c) => c.name.startsWith('openai/'))).toBe(false);
  });

  test('an Ollama Modelfile FROM a library model', () => {
    expect(byName(result.components, 'ollama.com/library/llama3.2')).toMatchObject({ version: '3b', purl: 'pkg:generic/ollama.com/library/llama3.2@3b', location: { file: 'Modelfile', line: 1, column: 6 } });
  });

  test('without the cache the same reference has no evidence and no revision', async () => {
    const bare = await readDirectory(huggingfaceReader, FIXTURE, { env: { HOME: tmp } });
    expect(byName(bare.components, 'sentence-transformers/all-MiniLM-L6-v2')).toMatchObject({ version: '', evidence: [], model: { origin: 'referenced' } });
  });
});

describe('model cards', () => {
  const cases: { name: string; text: string; license?: string; baseModels?: string[]; diagnostic?: string }[] = [
    { name: 'Hub key', text: '---\nlicense: llama3.1\n---\n# x', license: 'llama3.1' },
    { name: 'other + license_name', text: '---\nlicense: other\nlicense_name: llama4\nlicense_link: LICENSE\n---\n', license: 'llama4' },
    { name: 'other without a name', text: '---\nlicense: other\n---\n' },
    { name: 'unknown', text: '---\nlicense: unknown\n---\n' },
    { name: 'a list applies together', text: '---\nlicense:\n- apache-2.0\n- cc-by-4.0\n---\n', license: 'apache-2.0 AND cc-by-4.0' },
    { name: 'base_model as a list', text: '---\nlicense: gemma\nbase_model:\n- google/gemma-2-9b\n---\n', license: 'gemma', baseModels: ['google/gemma-2-9b'] },
    { name: 'BOM and CRLF', text: '\ufeff---\r\nlicense: mit\r\n---\r\n', license: 'mit' },
    { name: 'broken YAML', text: '---\nlicense: [mit\n---\n', diagnostic: 'invalid-yaml' },
    { name: 'front matter that is a list', text: '---\n- a\n- b\n---\n', diagnostic: 'invalid-model-card' },
  ];
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const diagnostics: Diagnostic[] = [];
    const card = parseModelCard('m/README.md', c.text, diagnostics);
    expect(diagnostics.map((d) => d.code)).toEqual(c.diagnostic ? [c.diagnostic] : []);
    if (c.diagnostic) return expect(card).toBeUndefined();
    expect(card && declaredLicense(card)).toBe(c.license);
    expect(card?.baseModels).toEqual(c.baseModels ?? []);
  });

  test('no front matter is no card', () => {
    expect(parseModelCard('README.md', '# A project\n\nlicense: mit\n', [])).toBeUndefined();
  });
});

describe('model references in code and config', () => {
  const cases: { name: string; kind: SourceKind; text: string; ids: string[] }[] = [
    { name: 'from_pretrained', kind: 'code', text: 'm = AutoModel.from_pretrained("google/gemma-2-2b-it")', ids: ['google/gemma-2-2b-it'] },
    { name: 'from_pretrained keyword', kind: 'code', text: "AutoTokenizer.from_pretrained(pretrained_model_name_or_path='gpt2')", ids: ['gpt2'] },
    { name: 'pipeline model=', kind: 'code', text: 'pipeline("summarization", model="facebook/bart-large-cnn", device=0)', ids: ['facebook/bart-large-cnn'] },
    { name: 'transformers.js pipeline(task, model)', kind: 'code', text: "const p = await pipeline('sentiment-analysis', 'Xenova/distilbert-base-uncased-finetuned-sst-2-english');", ids: ['Xenova/distilbert-base-uncased-finetuned-sst-2-english'] },
    { name: 'hf_hub_download repo_id', kind: 'code', text: 'hf_hub_download(repo_id="bartowski/gemma-2-2b-it-GGUF", filename="gemma-2-2b-it-Q4_K_M.gguf")', ids: ['bartowski/gemma-2-2b-it-GGUF'] },
    { name: 'snapshot_download positional', kind: 'code', text: "snapshot_download('mistralai/Mistral-7B-v0.1')", ids: ['mistralai/Mistral-7B-v0.1'] },
    { name: 'SentenceTransformer', kind: 'code', text: 'SentenceTransformer("BAAI/bge-small-en-v1.5")', ids: ['BAAI/bge-small-en-v1.5'] },
    { name: 'a variable named for a model', kind: 'code', text: 'MODEL_ID = "meta-llama/Llama-3.1-8B-Instruct"\nmodel = AutoModelForCausalLM.from_pretrained(MODEL_ID)', ids: ['meta-llama/Llama-3.1-8B-Instruct'] },
    { name: 'a data file is not a model', kind: 'code', text: 'train_file = "data/train.json"\nmodel_dir = "out/final.bin"', ids: [] },
    { name: 'a placeholder word is not a legacy model name', kind: 'code', text: 'pipeline("text-generation", "model")\nAutoModel.from_pretrained("t5-small")', ids: ['t5-small'] },
    { name: 'a model chosen at run time is unknowable', kind: 'code', text: 'AutoModel.from_pretrained(args.model)', ids: [] },
    { name: 'YAML model key', kind: 'yaml', text: 'embedding_model: "intfloat/e5-large-v2"\nname: demo', ids: ['intfloat/e5-large-v2'] },
    { name: 'YAML unrelated org/name', kind: 'yaml', text: 'image: nginx/nginx\nuses: actions/checkout', ids: [] },
    { name: 'JSON model key', kind: 'json', text: '{"model_name_or_path": "microsoft/phi-2", "lr": 0.0001}', ids: ['microsoft/phi-2'] },
    { name: 'TOML model key', kind: 'toml', text: '[llm]\nmodel = "Qwen/Qwen2.5-7B-Instruct"\n', ids: ['Qwen/Qwen2.5-7B-Instruct'] },
    { name: 'a notebook cell (JSON strings)', kind: 'notebook', text: '{"cells": [{"source": [\n    "from transformers import pipeline\\n",\n    "clf = pipeline(\\"zero-shot-classification\\", model=\\"facebook/bart-large-mnli\\")\\n"\n]}]}', ids: ['facebook/bart-large-mnli'] },
    { name: 'Modelfile FROM', kind: 'modelfile', text: '# comment\nFROM hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M\n', ids: ['hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M'] },
  ];
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    expect(findModelReferences(c.text, c.kind).map((r) => r.id)).toEqual(c.ids);
  });

  test('positions are 1-based line and column of the id', () => {
    expect(findModelReferences('import x\n\nm = AutoModel.from_pretrained("org/m")\n', 'code')).toEqual([{ id: 'org/m', kind: 'call', line: 3, column: 32 }]);
  });
});

describe('GGUF headers', () => {
  const meta: [string, string | number | string[]][] = [
    ['general.architecture', 'gemma2'],
    ['general.type', 'model'],
    ['general.name', 'Gemma 2 2b It'],
    ['general.license', 'gemma'],
    ['general.base_model.count', 1],
    ['general.base_model.0.name', 'Gemma 2 2b It'],
    ['general.base_model.0.organization', 'Google'],
    ['general.base_model.0.repo_url', 'https://huggingface.co/google/gemma-2-2b-it'],
    ['gemma2.context_length', 8192],
    ['tokenizer.ggml.tokens', ['<pad>', '<eos>', '<bos>', 'hello']],
  ];

  test('general.* strings and base models; numbers and token arrays skipped', () => {
    const file = path.join(tmp, 'm.gguf');
    fs.writeFileSync(file, ggufHeader(meta));
    const read = readGgufMetadata(file);
    expect(read).toEqual({
      version: 3,
      partial: false,
      general: {
        'general.architecture': 'gemma2',
        'general.type': 'model',
        'general.name': 'Gemma 2 2b It',
        'general.license': 'gemma',
        'general.base_model.0.name': 'Gemma 2 2b It',
        'general.base_model.0.organization': 'Google',
        'general.base_model.0.repo_url': 'https://huggingface.co/google/gemma-2-2b-it',
      },
    });
    expect(ggufBaseModels(read.general)).toEqual(['google/gemma-2-2b-it']);
  });

  test('a header larger than the budget is partial, not an error', () => {
    const file = path.join(tmp, 'big.gguf');
    fs.writeFileSync(file, ggufHeader([['general.license', 'llama3.1'], ['tokenizer.ggml.tokens', Array.from({ length: 5000 }, (_, i) => `tok${i}`)], ['general.name', 'late']]));
    const read = readGgufMetadata(file, 4096);
    expect(read.partial).toBe(true);
    expect(read.general).toEqual({ 'general.license': 'llama3.1' });
  });

  test.each([
    ['not GGUF', Buffer.from('PK\u0003\u0004 zip file'), /no GGUF magic/],
    ['truncated', ggufHeader([['general.license', 'mit']]).subarray(0, 30), /truncated/],
    ['absurd string length', Buffer.concat([ggufHeader([]).subarray(0, 16), Buffer.from([1, 0, 0, 0, 0, 0, 0, 0]), Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0])]), /implausibly large|corrupt/],
    ['unknown version', Buffer.concat([Buffer.from('GGUF'), Buffer.from([9, 0, 0, 0])]), /unsupported GGUF version 9/],
  ])('%s → GgufError', (_n, bytes, message) => {
    const file = path.join(tmp, 'bad.gguf');
    fs.writeFileSync(file, bytes);
    expect(() => readGgufMetadata(file)).toThrow(GgufError);
    expect(() => readGgufMetadata(file)).toThrow(message);
  });

  test('a 10 GB sparse GGUF (header only on disk) is read as fast as a small one, and becomes a component', async () => {
    const root = path.join(tmp, 'checkout');
    fs.mkdirSync(path.join(root, 'weights'), { recursive: true });
    const file = path.join(root, 'weights', 'gemma-2-2b-it-Q4_K_M.gguf');
    fs.writeFileSync(file, ggufHeader(meta));
    fs.truncateSync(file, 10 * 1024 ** 3);
    const started = process.hrtime.bigint();
    const result = await readDirectory(huggingfaceReader, root, { env: { HOME: tmp } });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(result.components).toHaveLength(1);
    expect(result.components[0]).toMatchObject({
      id: 'huggingface:gemma-2-2b-it-Q4_K_M@',
      evidence: [{ kind: 'declared', field: 'general.license', value: 'gemma', location: { file: 'weights/gemma-2-2b-it-Q4_K_M.gguf', line: 1, column: 1 } }],
      model: { origin: 'gguf', baseModels: ['google/gemma-2-2b-it'], cardLicense: 'gemma' },
    });
    expect(ms).toBeLessThan(2000);
  });

  test('a broken GGUF is one diagnostic naming the file; the scan goes on', async () => {
    const root = path.join(tmp, 'checkout');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'broken.gguf'), 'GGUF\u0003\u0000');
    fs.writeFileSync(path.join(root, 'app.py'), 'SentenceTransformer("BAAI/bge-small-en-v1.5")\n');
    const result = await readDirectory(huggingfaceReader, root, { env: { HOME: tmp } });
    expect(result.diagnostics).toEqual([{ code: 'invalid-gguf', severity: 'warn', file: 'broken.gguf', message: 'header ends before the end of its metadata (truncated file)' }]);
    expect(result.components.map((c) => c.id)).toEqual(['huggingface:BAAI/bge-small-en-v1.5@']);
  });
});

describe('the Hugging Face cache', () => {
  function makeRepo(hub: string, id: string, revs: string[], main?: string, card = '---\nlicense: mit\n---\n'): void {
    const repo = path.join(hub, `models--${id.replace('/', '--')}`);
    for (const rev of revs) {
      fs.mkdirSync(path.join(repo, 'snapshots', rev), { recursive: true });
      // As huggingface_hub stores them: the snapshot file is a link into blobs/.
      fs.mkdirSync(path.join(repo, 'blobs'), { recursive: true });
      fs.writeFileSync(path.join(repo, 'blobs', `card-${rev}`), card);
      fs.symlinkSync(path.join('..', '..', 'blobs', `card-${rev}`), path.join(repo, 'snapshots', rev, 'README.md'));
    }
    if (main) {
      fs.mkdirSync(path.join(repo, 'refs'), { recursive: true });
      fs.writeFileSync(path.join(repo, 'refs', 'main'), main);
    }
  }
  const A = 'a'.repeat(40);
  const B = 'b'.repeat(40);

  test('precedence: HF_HUB_CACHE, then HF_HOME/hub, then ~/.cache/huggingface/hub', () => {
    const dirs = ['explicit', 'hfhome/hub', 'home/.cache/huggingface/hub'].map((d) => path.join(tmp, d));
    for (const d of dirs) fs.mkdirSync(d, { recursive: true });
    const cache = createCacheFs({});
    expect(hubCacheDirs({ HF_HUB_CACHE: dirs[0], HF_HOME: path.join(tmp, 'hfhome'), HOME: path.join(tmp, 'home') }, cache)).toEqual(dirs);
    expect(hubCacheDirs({ TRANSFORMERS_CACHE: dirs[0], HOME: path.join(tmp, 'nowhere') }, cache)).toEqual([dirs[0]]);
  });

  test('refs/main picks the snapshot; without it the last snapshot in name order; links are followed', async () => {
    const hub = path.join(tmp, 'hub');
    makeRepo(hub, 'org/with-ref', [A, B], A);
    makeRepo(hub, 'org/no-ref', [A, B]);
    const cache = createCacheFs({});
    expect(await findCachedSnapshot('org/with-ref', [hub], cache)).toEqual({ dir: path.join(hub, 'models--org--with-ref', 'snapshots', A), revision: A });
    expect(await findCachedSnapshot('org/no-ref', [hub], cache)).toEqual({ dir: path.join(hub, 'models--org--no-ref', 'snapshots', B), revision: B });
    expect(await findCachedSnapshot('org/absent', [hub], cache)).toBeUndefined();
    const root = path.join(tmp, 'checkout');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'serve.py'), 'AutoModel.from_pretrained("org/with-ref")\n');
    const result = await readDirectory(huggingfaceReader, root, { env: { HF_HUB_CACHE: hub, HOME: tmp } });
    expect(result.components[0]).toMatchObject({ id: `huggingface:org/with-ref@${A}`, evidence: [{ kind: 'declared', value: 'mit' }] });
  });

  test('a cached card with broken YAML is one diagnostic shown with ~ for the home folder', async () => {
    const hub = path.join(tmp, '.cache', 'huggingface', 'hub');
    makeRepo(hub, 'org/broken', [A], A, '---\nlicense: [mit\n---\n');
    const root = path.join(tmp, 'checkout');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'serve.py'), 'AutoModel.from_pretrained("org/broken")\n');
    const result = await readDirectory(huggingfaceReader, root, { env: { HOME: tmp } });
    expect(result.diagnostics.map((d) => [d.code, d.file])).toEqual([['invalid-yaml', `~/.cache/huggingface/hub/models--org--broken/snapshots/${A}/README.md`]]);
    expect(result.components[0]).toMatchObject({ version: A, evidence: [] });
  });
});

test('a Hugging Face cache kept inside the checkout is not read as the project\'s model folders', async () => {
  const root = path.join(tmp, 'checkout');
  const snap = path.join(root, 'hf_cache', 'hub', 'models--org--m', 'snapshots', 'a'.repeat(40));
  fs.mkdirSync(snap, { recursive: true });
  fs.writeFileSync(path.join(snap, 'README.md'), '---\nlicense: mit\npipeline_tag: fill-mask\n---\n');
  fs.writeFileSync(path.join(snap, 'config.json'), '{"model_type": "bert"}');
  fs.writeFileSync(path.join(root, 'train.py'), 'x = 1\n');
  const result = await readDirectory(huggingfaceReader, root, { env: { HOME: tmp } });
  expect(result.components).toEqual([]);
});

describe('what makes a model folder', () => {
  const cases: { name: string; files: Record<string, string>; models: string[] }[] = [
    { name: 'a card and its LICENSE, weights kept elsewhere', files: { 'models/ranker/README.md': '---\nlicense: cc-by-nc-4.0\n---\n# ranker', 'models/ranker/LICENSE': 'x' }, models: ['ranker'] },
    { name: 'a card with the keys model cards use', files: { 'm/README.md': '---\nlicense: apache-2.0\nlanguage: en\ntags: [text-classification]\n---\n' }, models: ['m'] },
    { name: 'config.json and weights, no card', files: { 'w/config.json': '{"model_type":"bert"}', 'w/model.safetensors': '' }, models: ['w'] },
    { name: 'a diffusers pipeline is one model, not one per subfolder', files: { 'sd/model_index.json': '{}', 'sd/unet/config.json': '{}', 'sd/unet/diffusion_pytorch_model.safetensors': '', 'sd/vae/config.json': '{}', 'sd/vae/diffusion_pytorch_model.safetensors': '' }, models: ['sd'] },
    { name: 'a docs page with front matter is not a model', files: { 'docs/guide/README.md': '---\ntitle: Guide\nlayout: page\n---\n' }, models: [] },
    { name: 'a package README with a license in its front matter but nothing else', files: { 'README.md': '---\nlicense: mit\n---\n', 'setup.py': '' }, models: [] },
    { name: 'a plain config.json is not a model', files: { 'settings/config.json': '{"port": 8080}', 'app.py': '' }, models: [] },
  ];
  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const root = path.join(tmp, 'checkout');
    for (const [rel, text] of Object.entries(c.files)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    fs.writeFileSync(path.join(root, 'trigger.py'), '');
    const result = await readDirectory(huggingfaceReader, root, { env: { HOME: tmp } });
    expect(result.components.map((x) => x.name)).toEqual(c.models);
  });
});

test('JS/TS sources are read for model ids only when the checkout depends on a JavaScript ML library', async () => {
  const root = path.join(tmp, 'checkout');
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });
  fs.writeFileSync(path.join(root, 'src', 'classify.js'), "import { pipeline } from '@huggingface/transformers';\nconst classify = await pipeline('sentiment-analysis', 'Xenova/distilbert-base-uncased-finetuned-sst-2-english');\n");
  fs.writeFileSync(path.join(root, 'config.yaml'), 'port: 8080\n');
  fs.writeFileSync(path.join(root, 'package.json'), '{"name":"app","version":"1.0.0","dependencies":{"express":"^4.19.0"}}');
  expect((await readDirectory(huggingfaceReader, root, { env: { HOME: tmp } })).components).toEqual([]);
  fs.writeFileSync(path.join(root, 'package.json'), '{"name":"app","version":"1.0.0","dependencies":{"@huggingface/transformers":"^3.0.0"}}');
  const result = await readDirectory(huggingfaceReader, root, { env: { HOME: tmp } });
  expect(result.components.map((c) => [c.id, c.location])).toEqual([['huggingface:Xenova/distilbert-base-uncased-finetuned-sst-2-english@', { file: 'src/classify.js', line: 2, column: 56 }]]);
});

test('a GGUF repository in the cache without a card license: the header speaks for it', async () => {
  const rev = 'c'.repeat(40);
  const snap = path.join(tmp, 'hub', 'models--bartowski--gemma-2-2b-it-GGUF', 'snapshots', rev);
  fs.mkdirSync(snap, { recursive: true });
  fs.writeFileSync(path.join(snap, 'README.md'), '---\nquantized_by: bartowski\npipeline_tag: text-generation\n---\n');
  fs.writeFileSync(path.join(snap, 'gemma-2-2b-it-Q4_K_M.gguf'), ggufHeader([['general.license', 'gemma'], ['general.base_model.0.repo_url', 'https://huggingface.co/google/gemma-2-2b-it']]));
  const root = path.join(tmp, 'checkout');
  fs.mkdirSync(root);
  fs.writeFileSync(path.join(root, 'fetch.py'), 'path = hf_hub_download(repo_id="bartowski/gemma-2-2b-it-GGUF", filename="gemma-2-2b-it-Q4_K_M.gguf")\n');
  const result = await readDirectory(huggingfaceReader, root, { env: { HF_HUB_CACHE: path.join(tmp, 'hub'), HOME: tmp } });
  expect(result.components).toHaveLength(1);
  expect(result.components[0]).toMatchObject({
    id: `huggingface:bartowski/gemma-2-2b-it-GGUF@${rev}`,
    evidence: [{ kind: 'declared', field: 'general.license', value: 'gemma' }],
    model: { origin: 'hf-cache', baseModels: ['google/gemma-2-2b-it'] },
  });
});

test('purls: namespace and name encoded, revision as version', () => {
  expect(hubPurl('meta-llama/Llama-3.1-8B', 'abc')).toBe('pkg:huggingface/meta-llama/Llama-3.1-8B@abc');
  expect(hubPurl('gpt2', '')).toBe('pkg:huggingface/gpt2');
});
