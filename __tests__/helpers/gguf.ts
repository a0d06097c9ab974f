/**
 * Writes GGUF headers (https://github.com/ggml-org/ggml/blob/master/docs/gguf.md) for tests:
 * magic, version, tensor count, key/value count, then the typed key/value pairs. Values are
 * strings, uint32 numbers or string arrays (a tokenizer vocabulary), the types real files use
 * for `general.*` and `tokenizer.ggml.tokens`.
 */
export type GgufValue = string | number | string[];

function ggufString(s: string): Buffer {
  const bytes = Buffer.from(s, 'utf8');
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(bytes.length));
  return Buffer.concat([len, bytes]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}

export function ggufHeader(kv: [string, GgufValue][], version = 3): Buffer {
  const parts: Buffer[] = [Buffer.from('GGUF', 'latin1'), u32(version), u64(0), u64(kv.length)];
  for (const [key, value] of kv) {
    parts.push(ggufString(key));
    if (typeof value === 'string') parts.push(u32(8), ggufString(value));
    else if (typeof value === 'number') parts.push(u32(4), u32(value));
    else parts.push(u32(9), u32(8), u64(value.length), ...value.map(ggufString));
  }
  return Buffer.concat(parts);
}
