/**
 * The metadata header of a GGUF model file (https://github.com/ggml-org/ggml/blob/master/docs/gguf.md):
 * magic `GGUF`, a version, the tensor and key/value counts, then typed key/value pairs, then
 * the tensors. Only the header is read, in small chunks, and only until the `general.*` keys
 * license-risk needs have been seen (or a byte budget runs out): a 40 GB file costs the same
 * few reads as a 4 MB one, and the weights are never touched.
 */
import * as fs from 'node:fs';
import { OPEN_READ_ONLY } from '../../fs';

export interface GgufMetadata {
  version: number;
  /** The `general.*` string values read (`general.license`, `general.name`, `general.base_model.0.repo_url`…). */
  general: Record<string, string>;
  /** True when the header was cut short by the byte budget before every key was read. */
  partial: boolean;
}

export class GgufError extends Error {}

/** Header bytes read at most: tokenizer vocabularies (a few MB) come after the general keys. */
export const GGUF_HEADER_BUDGET = 32 * 1024 * 1024;
const CHUNK = 64 * 1024;
/** Value types of the GGUF spec, with the byte size of the fixed-size ones. */
const FIXED_SIZE: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const STRING = 8;
const ARRAY = 9;
/** Longest key or string value accepted; anything longer is a corrupt header. */
const MAX_STRING = 16 * 1024 * 1024;

/** Reads the file through one descriptor, chunk by chunk, never past the budget. */
class HeaderReader {
  private buf = Buffer.alloc(0);
  private bufStart = 0;
  pos = 0;
  constructor(
    private readonly fd: number,
    private readonly size: number,
    private readonly budget: number,
  ) {}

  private ensure(n: number): void {
    const end = this.pos + n;
    if (end > this.size) throw new GgufError('header ends before the end of its metadata (truncated file)');
    if (end > this.budget) throw new BudgetExceeded();
    if (end <= this.bufStart + this.buf.length) return;
    const from = this.pos;
    const length = Math.min(Math.max(n, CHUNK), this.size - from, this.budget - from);
    const chunk = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
      const r = fs.readSync(this.fd, chunk, got, length - got, from + got);
      if (r === 0) break;
      got += r;
    }
    if (got < n) throw new GgufError('header ends before the end of its metadata (truncated file)');
    this.buf = chunk.subarray(0, got);
    this.bufStart = from;
  }

  bytes(n: number): Buffer {
    this.ensure(n);
    const at = this.pos - this.bufStart;
    this.pos += n;
    return this.buf.subarray(at, at + n);
  }
  u32(): number {
    return this.bytes(4).readUInt32LE(0);
  }
  u64(): number {
    const v = this.bytes(8).readBigUInt64LE(0);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new GgufError('a count in the header is implausibly large (corrupt file)');
    return Number(v);
  }
  string(lengthBytes: 4 | 8): string {
    const len = lengthBytes === 8 ? this.u64() : this.u32();
    if (len > MAX_STRING) throw new GgufError(`a string of ${len} bytes in the header (corrupt file)`);
    return this.bytes(len).toString('utf8');
  }
  skip(n: number): void {
    // Skipping moves the position only: the bytes are never read.
    if (this.pos + n > this.size) throw new GgufError('header ends before the end of its metadata (truncated file)');
    if (this.pos + n > this.budget) throw new BudgetExceeded();
    this.pos += n;
  }
}

class BudgetExceeded extends Error {}

/** True when the first bytes are GGUF's magic. */
export function isGgufMagic(head: Buffer): boolean {
  return head.length >= 4 && head.toString('latin1', 0, 4) === 'GGUF';
}

/**
 * Reads the `general.*` metadata of the GGUF file at `absPath` (already confined to the
 * checkout by the caller). Throws GgufError for a file that is not GGUF or is corrupt.
 */
export function readGgufMetadata(absPath: string, budget = GGUF_HEADER_BUDGET): GgufMetadata {
  const fd = fs.openSync(absPath, OPEN_READ_ONLY);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new GgufError('not a regular file');
    const r = new HeaderReader(fd, stat.size, budget);
    if (!isGgufMagic(r.bytes(4))) throw new GgufError('not a GGUF file (no GGUF magic)');
    const version = r.u32();
    if (version < 1 || version > 3) throw new GgufError(`unsupported GGUF version ${version}`);
    // Version 1 used 32-bit counts and string lengths; 2 and 3 use 64-bit ones.
    const wide = version >= 2;
    const lenBytes: 4 | 8 = wide ? 8 : 4;
    if (wide) r.u64(); else r.u32(); // tensor count
    const kvCount = wide ? r.u64() : r.u32();
    const general: Record<string, string> = {};
    let partial = false;
    try {
      for (let i = 0; i < kvCount; i++) {
        const key = r.string(lenBytes);
        const type = r.u32();
        if (type === STRING) {
          const value = r.string(lenBytes);
          if (key.startsWith('general.')) general[key] = value;
        } else {
          skipValue(r, type, lenBytes);
        }
      }
    } catch (err) {
      if (!(err instanceof BudgetExceeded)) throw err;
      partial = true;
    }
    return { version, general, partial };
  } finally {
    fs.closeSync(fd);
  }
}

function skipValue(r: HeaderReader, type: number, lenBytes: 4 | 8): void {
  if (type in FIXED_SIZE) { r.skip(FIXED_SIZE[type]); return; }
  if (type === STRING) {
    const len = lenBytes === 8 ? r.u64() : r.u32();
    if (len > MAX_STRING) throw new GgufError(`a string of ${len} bytes in the header (corrupt file)`);
    r.skip(len); return;
  }
  if (type === ARRAY) {
    const itemType = r.u32();
    const count = lenBytes === 8 ? r.u64() : r.u32();
    if (itemType in FIXED_SIZE) { r.skip(FIXED_SIZE[itemType] * count); return; }
    for (let i = 0; i < count; i++) skipValue(r, itemType, lenBytes);
    return;
  }
  throw new GgufError(`unknown metadata value type ${type} (corrupt file)`);
}

/** Hub ids of the base models a GGUF header names (`general.base_model.N.repo_url` or organization/name). */
export function ggufBaseModels(general: Record<string, string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < 16; i++) {
    const url = general[`general.base_model.${i}.repo_url`];
    const fromUrl = url ? /huggingface\.co\/([^/\s]+\/[^/\s?#]+)/.exec(url)?.[1] : undefined;
    const org = general[`general.base_model.${i}.organization`];
    const name = general[`general.base_model.${i}.name`];
    const id = fromUrl ?? (org && name ? `${org.replace(/\s+/g, '-')}/${name.replace(/\s+/g, '-')}` : undefined);
    if (id) out.push(id);
    else if (!url && !org && !name) break;
  }
  return [...new Set(out)];
}
