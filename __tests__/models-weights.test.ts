/**
 * Weights are never read beyond a header (issue 19): the ML-service fixture with 10 GiB sparse
 * `.safetensors`, `pytorch_model.bin` and `.gguf` files in its model folders and in the Hugging
 * Face cache scans with the same bytes read as without them. Two instruments: every byte the
 * process reads through `read(2)` (Linux `/proc/self/io` rchar, whatever API the code uses), and
 * the bytes read per file through node's fs (opens and reads of each weights file). Sparse files
 * cost no disk; they live in a temporary folder and are never committed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scan } from '../src/pipeline';
import type { Report } from '../src/types';
import { ggufHeader } from './helpers/gguf';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'ml-service');
const HF_HOME = path.join(__dirname, '..', 'fixtures', 'ml-service-hf-home');
const GiB = 1024 ** 3;
const QWEN_SNAPSHOT = 'hub/models--Qwen--Qwen2.5-3B-Instruct-GGUF/snapshots/7dabda4d13d513e3e842b20f0d435c732f172cbe';
const haveProcIo = fs.existsSync('/proc/self/io');
/** The fs module object itself (the namespace import above has read-only getters); the code under test shares it. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFs = require('node:fs') as typeof fs;

function rchar(): number {
  return Number(/rchar:\s*(\d+)/.exec(fs.readFileSync('/proc/self/io', 'utf8'))![1]);
}

/** Bytes node's fs read from each file under `root` during `run` (sync and promise APIs). */
async function readsUnder<T>(root: string, run: () => Promise<T>): Promise<{ result: T; bytes: Map<string, number>; opened: Set<string> }> {
  const bytes = new Map<string, number>();
  const opened = new Set<string>();
  const fdPath = new Map<number, string>();
  const inRoot = (p: unknown): string | null => (typeof p === 'string' && path.resolve(p).startsWith(root + path.sep) ? path.resolve(p) : null);
  const add = (file: string | null | undefined, n: number) => {
    if (file) bytes.set(file, (bytes.get(file) ?? 0) + n);
  };
  // The originals, taken before the spies replace them.
  const origOpenSync = nodeFs.openSync.bind(nodeFs);
  const origReadSync = nodeFs.readSync.bind(nodeFs);
  const origReadFileSync = nodeFs.readFileSync.bind(nodeFs);
  const origOpen = nodeFs.promises.open.bind(nodeFs.promises);
  const spies = [
    jest.spyOn(nodeFs, 'openSync').mockImplementation(((orig) =>
      function (this: unknown, p: fs.PathLike, ...rest: unknown[]) {
        const fd = (orig as (...a: unknown[]) => number).call(nodeFs, p, ...rest);
        const file = inRoot(p);
        if (file) {
          fdPath.set(fd, file);
          opened.add(file);
        }
        return fd;
      })(origOpenSync) as typeof fs.openSync),
    jest.spyOn(nodeFs, 'readSync').mockImplementation(((orig) =>
      function (this: unknown, fd: number, ...rest: unknown[]) {
        const n = (orig as (...a: unknown[]) => number).call(nodeFs, fd, ...rest);
        add(fdPath.get(fd), n);
        return n;
      })(origReadSync) as typeof fs.readSync),
    jest.spyOn(nodeFs, 'readFileSync').mockImplementation(((orig) =>
      function (this: unknown, p: fs.PathOrFileDescriptor, ...rest: unknown[]) {
        const data = (orig as (...a: unknown[]) => string | Buffer).call(nodeFs, p, ...rest);
        add(typeof p === 'number' ? fdPath.get(p) : inRoot(p), Buffer.byteLength(data));
        return data;
      })(origReadFileSync) as typeof fs.readFileSync),
    jest.spyOn(nodeFs.promises, 'open').mockImplementation(((orig) =>
      async function (p: fs.PathLike, ...rest: unknown[]) {
        const handle = await (orig as (...a: unknown[]) => Promise<fs.promises.FileHandle>)(p, ...rest);
        const file = inRoot(p);
        if (file) {
          opened.add(file);
          const read = handle.read.bind(handle) as (...a: unknown[]) => Promise<{ bytesRead: number }>;
          (handle as unknown as { read: unknown }).read = async (...a: unknown[]) => {
            const r = await read(...a);
            add(file, r.bytesRead);
            return r;
          };
          const readFile = handle.readFile.bind(handle) as (...a: unknown[]) => Promise<string | Buffer>;
          (handle as unknown as { readFile: unknown }).readFile = async (...a: unknown[]) => {
            const data = await readFile(...a);
            add(file, Buffer.byteLength(data));
            return data;
          };
        }
        return handle;
      })(origOpen) as typeof fs.promises.open),
  ];
  try {
    return { result: await run(), bytes, opened };
  } finally {
    for (const s of spies) s.mockRestore();
  }
}

function sparse(file: string, size: number, head: Buffer = Buffer.alloc(0)): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, head);
  fs.truncateSync(file, size);
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'license-risk-weights-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('30 GiB of weights in the checkout and 10 GiB in the cache: no weights file read beyond a GGUF header', async () => {
  const root = path.join(tmp, 'ml-service');
  const hfHome = path.join(tmp, 'hf-home');
  fs.cpSync(FIXTURE, root, { recursive: true });
  fs.cpSync(HF_HOME, hfHome, { recursive: true });
  const env = { HOME: path.join(tmp, 'home'), HF_HOME: hfHome, LICENSE_RISK_CACHE: '0' };
  const run = () => scan({ dir: root, today: '2026-06-01', noConfig: true, profile: 'saas', env }).then((r) => r.report);
  const strip = (r: Report) => JSON.stringify(r.components.filter((c) => !c.name.endsWith('Q4_K_M')));

  await run(); // loads every module the scan needs, so the measured runs read only the checkout
  const before0 = haveProcIo ? rchar() : 0;
  const base = await readsUnder(tmp, run);
  const baseRead = haveProcIo ? rchar() - before0 : 0;

  const weights = [
    path.join(root, 'models/support-llama/model.safetensors'),
    path.join(root, 'models/distilbert-sst2/pytorch_model.bin'),
    path.join(root, 'models/Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf'),
    path.join(hfHome, QWEN_SNAPSHOT, 'qwen2.5-3b-instruct-q4_k_m.gguf'),
  ];
  sparse(weights[0], 10 * GiB, Buffer.from('{"__metadata__":{"format":"pt"}}'));
  sparse(weights[1], 10 * GiB);
  // A GGUF header as llama.cpp's converter writes it for a Llama 3.1 quantisation.
  const llamaHeader = ggufHeader([
    ['general.architecture', 'llama'],
    ['general.name', 'Meta Llama 3.1 8B Instruct'],
    ['general.license', 'llama3.1'],
    ['general.base_model.count', 1],
    ['general.base_model.0.repo_url', 'https://huggingface.co/meta-llama/Meta-Llama-3.1-8B-Instruct'],
  ]);
  sparse(weights[2], 10 * GiB, llamaHeader);
  sparse(weights[3], 10 * GiB, ggufHeader([['general.architecture', 'qwen2'], ['general.name', 'qwen2.5-3b-instruct'], ['general.license', 'other']]));

  const before1 = haveProcIo ? rchar() : 0;
  const withWeights = await readsUnder(tmp, run);
  const weightsRead = haveProcIo ? rchar() - before1 : 0;

  // Per file: the safetensors and .bin are never opened; each GGUF is read once, one chunk at most.
  expect(withWeights.opened.has(weights[0])).toBe(false);
  expect(withWeights.opened.has(weights[1])).toBe(false);
  expect(withWeights.bytes.get(weights[0]) ?? 0).toBe(0);
  expect(withWeights.bytes.get(weights[1]) ?? 0).toBe(0);
  expect(withWeights.bytes.get(weights[2])).toBeGreaterThanOrEqual(llamaHeader.length);
  expect(withWeights.bytes.get(weights[2])).toBeLessThanOrEqual(64 * 1024);
  expect(withWeights.bytes.get(weights[3]) ?? 0).toBeLessThanOrEqual(64 * 1024);
  // Every other file is read exactly as much as without the weights.
  const others = (m: Map<string, number>) => [...m].filter(([f]) => !weights.includes(f)).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  expect(others(withWeights.bytes)).toEqual(others(base.bytes));
  // And the whole process read (syscalls, any API) within a few hundred KiB of the scan without weights.
  if (haveProcIo) expect(Math.abs(weightsRead - baseRead)).toBeLessThan(512 * 1024);

  // The GGUF in the checkout is a model of its own: its license from the header's general.license.
  const gguf = withWeights.result.components.find((c) => c.name === 'Meta-Llama-3.1-8B-Instruct-Q4_K_M')!;
  expect(gguf.license).toMatchObject({ expression: 'LicenseRef-Llama-3.1-Community', source: 'declared' });
  expect(gguf.model).toMatchObject({ origin: 'gguf', baseModels: ['meta-llama/Meta-Llama-3.1-8B-Instruct'] });
  // Nothing else changes: the weights add no evidence.
  expect(strip(withWeights.result)).toBe(strip(base.result));
});
