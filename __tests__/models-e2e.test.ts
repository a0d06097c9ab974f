/**
 * AI models end to end: the ML-service fixture (local model folders with cards and LICENSE
 * files, a model that lives only in a Hugging Face cache and is referenced from code, a
 * non-commercial model, a permissive one, a fine-tune of Llama 3.1, an Ollama Modelfile)
 * through the whole pipeline, every output format, `explain`, `identify` and `--online`.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { scan } from '../src/pipeline';
import type { Finding, Report } from '../src/types';
import { runCli } from './helpers/cli';
import { ggufHeader } from './helpers/gguf';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'ml-service');
const HF_HOME = path.join(__dirname, '..', 'fixtures', 'ml-service-hf-home');
const TODAY = '2026-06-01';

let tmp: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'license-risk-models-'));
  env = { HOME: path.join(tmp, 'home'), HF_HOME, LICENSE_RISK_CACHE: '0' };
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function modelFindings(findings: Finding[]): string[] {
  return findings
    .filter((f) => f.component?.startsWith('huggingface:'))
    .map((f) => `${f.location.file}:${f.location.line} ${f.severity} ${f.ruleId}/${f.messageId} ${f.component}`);
}

function models(report: Report): Record<string, [string | null, string]> {
  return Object.fromEntries(report.components.filter((c) => c.ecosystem === 'huggingface').map((c) => [c.name, [c.license.expression, c.license.category]]));
}

describe('the ML service', () => {
  test('each model gets its terms: card, LICENSE, cache, base model chain, well-known models', async () => {
    const { report } = await scan({ dir: FIXTURE, today: TODAY, noConfig: true, profile: 'saas', env });
    expect(models(report)).toEqual({
      'BAAI/bge-reranker-base': [null, 'unknown'],
      // Only in the Hugging Face cache, named from code; its card and LICENSE are Qwen's research license.
      'Qwen/Qwen2.5-3B-Instruct-GGUF': ['LicenseRef-Qwen-Research-License', 'noncommercial'],
      // `license: other` + `license_name: deepseek`, and the DeepSeek model license as the folder's LICENSE.
      'deepseek-llm-7b-chat': ['LicenseRef-DeepSeek-Model-License', 'source-available'],
      'distilbert-sst2': ['Apache-2.0', 'permissive'],
      'nllb-200-distilled-600M': ['CC-BY-NC-4.0', 'noncommercial'],
      'ollama.com/library/llama3.2': ['LicenseRef-Llama-3.2-Community', 'source-available'],
      'sentence-transformers/all-MiniLM-L6-v2': ['Apache-2.0', 'permissive'],
      // The card says apache-2.0; Llama 3.1's terms still bind a fine-tune of it.
      'support-llama': ['Apache-2.0 AND LicenseRef-Llama-3.1-Community', 'source-available'],
    });
    const ft = report.components.find((c) => c.name === 'support-llama')!;
    expect(ft.model).toMatchObject({ cardLicense: 'Apache-2.0', lineage: [{ model: 'meta-llama/Llama-3.1-8B-Instruct', license: 'LicenseRef-Llama-3.1-Community' }, { model: 'meta-llama/Meta-Llama-3.1-8B', license: 'LicenseRef-Llama-3.1-Community' }] });
    expect(ft.license.notes.join('\n')).toContain("bound by base model meta-llama/Llama-3.1-8B-Instruct's license LicenseRef-Llama-3.1-Community");
    expect(ft.license.traits).toEqual(expect.arrayContaining(['user-cap', 'use-policy', 'display-attribution', 'derivative-naming']));
    const qwen = report.components.find((c) => c.name === 'Qwen/Qwen2.5-3B-Instruct-GGUF')!;
    expect(qwen.version).toBe('7dabda4d13d513e3e842b20f0d435c732f172cbe');
    expect(qwen.model).toMatchObject({ origin: 'hf-cache', baseModels: ['Qwen/Qwen2.5-3B-Instruct'], cardLicense: 'LicenseRef-Qwen-Research-License' });
    expect(qwen.license.traits).toEqual(expect.arrayContaining(['noncommercial-only', 'attribution', 'display-attribution']));
    const deepseek = report.components.find((c) => c.name === 'deepseek-llm-7b-chat')!;
    expect(deepseek.license.files).toEqual([{ file: 'models/deepseek-llm-7b-chat/LICENSE', expression: 'LicenseRef-DeepSeek-Model-License', confidence: 1 }]);
    expect(deepseek.license.traits).toEqual(expect.arrayContaining(['use-policy', 'attribution', 'no-training-other-models']));
    const nllb = report.components.find((c) => c.name === 'nllb-200-distilled-600M')!;
    expect(nllb.license.files).toEqual([{ file: 'models/nllb-200-distilled-600M/LICENSE', expression: 'CC-BY-NC-4.0', confidence: 1 }]);
  });

  test('saas: the non-commercial model is an error; the Llama duties and the dropped base license are reported', async () => {
    const { report } = await scan({ dir: FIXTURE, today: TODAY, noConfig: true, profile: 'saas', env });
    expect(modelFindings(report.findings)).toEqual([
      'Modelfile:1 warn model-terms/displayAttribution huggingface:ollama.com/library/llama3.2@3b',
      'Modelfile:1 warn model-terms/territory huggingface:ollama.com/library/llama3.2@3b',
      'Modelfile:1 warn model-terms/usePolicy huggingface:ollama.com/library/llama3.2@3b',
      'Modelfile:1 info model-terms/userCap huggingface:ollama.com/library/llama3.2@3b',
      // A research-only model in a paid service. Its "Built with Qwen" duty is for models you
      // create from it, which this service does not (Qwen made the quantisation).
      'app/main.py:18 error commercial-use/noncommercial huggingface:Qwen/Qwen2.5-3B-Instruct-GGUF@7dabda4d13d513e3e842b20f0d435c732f172cbe',
      'config.yaml:2 warn unknown-license/noModelCard huggingface:BAAI/bge-reranker-base@',
      // DeepSeek's Attachment A must be in the service's terms; models trained on its outputs are its Derivatives.
      'models/deepseek-llm-7b-chat/README.md:2 info model-terms/noTraining huggingface:deepseek-llm-7b-chat@',
      'models/deepseek-llm-7b-chat/README.md:2 warn model-terms/usePolicy huggingface:deepseek-llm-7b-chat@',
      'models/nllb-200-distilled-600M/README.md:11 error commercial-use/noncommercial huggingface:nllb-200-distilled-600M@',
      'models/support-llama/README.md:3 warn model-terms/baseLicenseDropped huggingface:support-llama@',
      'models/support-llama/README.md:3 warn model-terms/derivativeNaming huggingface:support-llama@',
      'models/support-llama/README.md:3 warn model-terms/displayAttribution huggingface:support-llama@',
      'models/support-llama/README.md:3 warn model-terms/usePolicy huggingface:support-llama@',
      'models/support-llama/README.md:3 info model-terms/userCap huggingface:support-llama@',
    ]);
  });

  test('distributed adds the Notice files; internal keeps only information (the non-commercial model stays an error)', async () => {
    const dist = await scan({ dir: FIXTURE, today: TODAY, noConfig: true, profile: 'distributed', env });
    expect(modelFindings(dist.report.findings).filter((f) => f.includes('noticeFile'))).toEqual([
      'Modelfile:1 warn model-terms/noticeFile huggingface:ollama.com/library/llama3.2@3b',
      'app/main.py:18 warn model-terms/noticeFile huggingface:Qwen/Qwen2.5-3B-Instruct-GGUF@7dabda4d13d513e3e842b20f0d435c732f172cbe',
      'models/deepseek-llm-7b-chat/README.md:2 warn model-terms/noticeFile huggingface:deepseek-llm-7b-chat@',
      'models/support-llama/README.md:3 warn model-terms/noticeFile huggingface:support-llama@',
    ]);
    const internal = await scan({ dir: FIXTURE, today: TODAY, noConfig: true, profile: 'internal', env });
    expect(modelFindings(internal.report.findings).filter((f) => !f.includes(' info '))).toEqual([
      'app/main.py:18 error commercial-use/noncommercial huggingface:Qwen/Qwen2.5-3B-Instruct-GGUF@7dabda4d13d513e3e842b20f0d435c732f172cbe',
      'models/nllb-200-distilled-600M/README.md:11 error commercial-use/noncommercial huggingface:nllb-200-distilled-600M@',
    ]);
  });

  test('config overrides and exceptions name models like packages', async () => {
    const copy = path.join(tmp, 'ml-service');
    fs.cpSync(FIXTURE, copy, { recursive: true });
    fs.writeFileSync(
      path.join(copy, '.license-riskrc.json'),
      JSON.stringify({
        profile: 'saas',
        overrides: { 'BAAI/bge-reranker-base': 'MIT' },
        exceptions: [{ package: 'support-llama', rule: 'model-terms', reason: '"Built with Llama" is on our about page; the AUP is in our terms of service' }],
      }),
    );
    const { report } = await scan({ dir: copy, today: TODAY, env });
    expect(report.components.find((c) => c.name === 'BAAI/bge-reranker-base')!.license).toMatchObject({ expression: 'MIT', source: 'override' });
    const llama = report.findings.filter((f) => f.component === 'huggingface:support-llama@');
    expect(llama.length).toBeGreaterThan(0);
    expect(llama.every((f) => f.suppressed?.by === 'exception')).toBe(true);
  });

  test('the same checkout gives the same bytes', async () => {
    const a = await runCli(['check', FIXTURE, '--format', 'json', '--profile', 'saas'], { env });
    const b = await runCli(['check', FIXTURE, '--format', 'json', '--profile', 'saas'], { env });
    expect(a.code).toBe(1);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stderr).toBe('');
  });

  test.each(['stylish', 'markdown', 'html', 'sarif', 'github'])('models appear in the %s output', async (format) => {
    const out = await runCli(['check', FIXTURE, '--format', format, '--profile', 'distributed'], { env });
    expect(out.stdout).toContain('nllb-200-distilled-600M');
    expect(out.stdout).toContain('support-llama');
    if (format !== 'sarif' && format !== 'github') expect(out.stdout).toContain('AI models');
  });

  test('weights are never read: 10 GB of sparse safetensors and GGUF scan as fast as none', async () => {
    const copy = path.join(tmp, 'ml-service');
    fs.cpSync(FIXTURE, copy, { recursive: true });
    // CPU time (user + system) of this process, not wall-clock time, which other load distorts;
    // models-weights.test.ts counts the bytes read.
    const time = async () => {
      const started = process.cpuUsage();
      const { report } = await scan({ dir: copy, today: TODAY, noConfig: true, profile: 'saas', env });
      const used = process.cpuUsage(started);
      return { report, ms: (used.user + used.system) / 1000 };
    };
    const before = await time();
    for (const shard of ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']) {
      const file = path.join(copy, 'models', 'support-llama', shard);
      fs.writeFileSync(file, '');
      fs.truncateSync(file, 5 * 1024 ** 3);
    }
    const gguf = path.join(copy, 'models', 'gemma-2-2b-it-Q4_K_M.gguf');
    fs.writeFileSync(gguf, ggufHeader([['general.architecture', 'gemma2'], ['general.name', 'Gemma 2 2b It'], ['general.license', 'gemma'], ['general.base_model.0.repo_url', 'https://huggingface.co/google/gemma-2-2b-it']]));
    fs.truncateSync(gguf, 10 * 1024 ** 3);
    const after = await time();
    expect(after.ms).toBeLessThan(before.ms * 3 + 1000);
    const gemma = after.report.components.find((c) => c.name === 'gemma-2-2b-it-Q4_K_M')!;
    expect(gemma.license).toMatchObject({ expression: 'LicenseRef-Gemma-Terms-of-Use', category: 'source-available', source: 'declared' });
    expect(gemma.model).toMatchObject({ origin: 'gguf', baseModels: ['google/gemma-2-2b-it'] });
    // Everything else is unchanged by the weights.
    const strip = (r: Report) => r.components.filter((c) => c.name !== 'gemma-2-2b-it-Q4_K_M');
    expect(strip(after.report)).toEqual(strip(before.report));
  });
});

describe('a model folder with no code and no weights', () => {
  test('card, LICENSE, USE_POLICY.md and JSON configs (weights left in LFS) are found, and the Llama 3 duties reported', async () => {
    const root = path.join(tmp, 'svc');
    const dir = path.join(root, 'models', 'llama3-8b');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(root, 'requirements.txt'), 'fastapi==0.115.0\n');
    fs.writeFileSync(path.join(dir, 'README.md'), '---\nlicense: llama3\n---\n# Meta-Llama-3-8B\n');
    const found = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'model-licenses', 'llama3-LICENSE-with-AUP'), 'utf8');
    const policyAt = found.indexOf('Meta Llama 3 Acceptable Use Policy');
    fs.writeFileSync(path.join(dir, 'LICENSE'), found.slice(0, policyAt));
    fs.writeFileSync(path.join(dir, 'USE_POLICY.md'), found.slice(policyAt));
    fs.writeFileSync(path.join(dir, 'config.json'), '{"architectures": ["LlamaForCausalLM"], "model_type": "llama"}\n');
    fs.writeFileSync(path.join(dir, 'generation_config.json'), '{"bos_token_id": 128000, "eos_token_id": 128001}\n');
    const { report } = await scan({ dir: root, today: TODAY, noConfig: true, profile: 'saas', env });
    const model = report.components.find((c) => c.ecosystem === 'huggingface')!;
    expect(model.license).toMatchObject({ expression: 'LicenseRef-Llama-3-Community', files: [{ file: 'models/llama3-8b/LICENSE', expression: 'LicenseRef-Llama-3-Community', confidence: 1 }] });
    expect(modelFindings(report.findings)).toEqual([
      'models/llama3-8b/README.md:2 warn model-terms/displayAttribution huggingface:llama3-8b@',
      'models/llama3-8b/README.md:2 info model-terms/noTraining huggingface:llama3-8b@',
      'models/llama3-8b/README.md:2 warn model-terms/usePolicy huggingface:llama3-8b@',
      'models/llama3-8b/README.md:2 info model-terms/userCap huggingface:llama3-8b@',
    ]);
    expect(report.diagnostics).toEqual([]);
  });
});

describe('explain and identify', () => {
  test('explain llama3.1 (a Hub license key): category, the 700M cap, Built with Llama, sources', async () => {
    const out = await runCli(['explain', 'llama3.1']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('LicenseRef-Llama-3.1-Community — Llama 3.1 Community License Agreement');
    expect(out.stdout).toContain('category:      source-available');
    expect(out.stdout).toContain('[700000000 monthly active users]');
    expect(out.stdout).toContain('"Built with Llama"');
    expect(out.stdout).toContain('meta-llama/llama-models@47401a87273be9e4bc7612f4f8c25acaee9a2968 models/llama3_1/LICENSE');
  });

  test('explain gemma', async () => {
    const out = await runCli(['explain', 'gemma']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('LicenseRef-Gemma-Terms-of-Use — Gemma Terms of Use');
    expect(out.stdout).toMatch(/use-policy\s+Gemma Terms of Use §3\.1, §3\.2/);
  });

  test.each([
    ['LicenseRef-Llama-3.2-Community.txt', 'LicenseRef-Llama-3.2-Community'],
    ['LicenseRef-Llama-3.3-Community.txt', 'LicenseRef-Llama-3.3-Community'],
    ['LicenseRef-Llama-4-Community.txt', 'LicenseRef-Llama-4-Community'],
  ])('the Llama versions are told apart: %s', async (file, id) => {
    const text = fs.readFileSync(path.join(__dirname, '..', 'data', 'templates', file), 'utf8');
    // As a model folder's LICENSE often is: markdown emphasis and escapes stripped.
    const plain = path.join(tmp, 'LICENSE');
    fs.writeFileSync(plain, text.replace(/\*\*/g, '').replace(/\\/g, ''));
    const out = await runCli(['identify', '--format', 'json', plain]);
    const [result] = JSON.parse(out.stdout) as { expression: string; confidence: number }[];
    expect(result.expression).toBe(id);
    expect(result.confidence).toBeGreaterThan(0.9);
  });

  test('the real Llama 3.1 and Gemma texts are identified', async () => {
    const out = await runCli(['identify', '--format', 'json', path.join(HF_HOME, 'hub/models--meta-llama--Llama-3.1-8B-Instruct/snapshots/0e9e39f249a16976918f6564b8830bc894c89659/LICENSE'), path.join(__dirname, '..', 'data/templates/LicenseRef-Gemma-Terms-of-Use.txt')]);
    expect(out.code).toBe(0);
    const results = JSON.parse(out.stdout) as { expression: string }[];
    expect(results.map((r) => r.expression)).toEqual(['LicenseRef-Llama-3.1-Community', 'LicenseRef-Gemma-Terms-of-Use']);
  });
});

describe('--online: the Hub model API (a local server)', () => {
  let server: http.Server;
  let origin = '';
  const requests: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      const routes: Record<string, unknown> = {
        '/api/models/BAAI/bge-reranker-base': { id: 'BAAI/bge-reranker-base', sha: '2cfc18c9415c912f9d8155881c133215df768a70', tags: ['transformers', 'license:mit'], cardData: { license: 'mit', language: ['en', 'zh'] } },
      };
      const body = routes[req.url ?? ''];
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? { error: 'Repository not found' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('a model known only by its id gets the license its Hub card declares', async () => {
    const online = await scan({ dir: FIXTURE, today: TODAY, noConfig: true, profile: 'saas', online: true, env: { ...env, LICENSE_RISK_REGISTRY_HUGGINGFACE: origin, LICENSE_RISK_REGISTRY_PYPI: origin } });
    const reranker = online.report.components.find((c) => c.name === 'BAAI/bge-reranker-base')!;
    expect(reranker.license).toMatchObject({ expression: 'MIT', category: 'permissive', source: 'declared', declared: 'mit' });
    expect(requests).toContain('/api/models/BAAI/bge-reranker-base');
    // Only models without evidence are asked for; the Ollama library has no Hub metadata.
    expect(requests.some((r) => r.includes('all-MiniLM') || r.includes('nllb'))).toBe(false);
  });

  test('a model the Hub does not know is one diagnostic, and the scan goes on', async () => {
    const root = path.join(tmp, 'svc');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'serve.py'), 'AutoModel.from_pretrained("acme/private-model")\n');
    const { report } = await scan({ dir: root, today: TODAY, noConfig: true, profile: 'saas', online: true, env: { ...env, LICENSE_RISK_REGISTRY_HUGGINGFACE: origin } });
    expect(report.diagnostics.map((d) => [d.code, d.file])).toEqual([['registry-lookup-failed', 'serve.py']]);
    expect(report.components.map((c) => [c.id, c.license.category])).toEqual([['huggingface:acme/private-model@', 'unknown']]);
  });
});
