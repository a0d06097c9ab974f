import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createSafeFs, decodeBytes } from '../src/read/fs';
import { identifyFile } from '../src/identify/text';

describe('SafeFs', () => {
  let dir: string;
  let outside: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-safefs-'));
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-outside-'));
    fs.writeFileSync(path.join(outside, 'secret'), 'root:x:0:0');
    fs.writeFileSync(path.join(dir, 'plain.txt'), '\ufeffMIT License\r\n');
    fs.writeFileSync(path.join(dir, 'utf16le.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('MIT License', 'utf16le')]));
    fs.writeFileSync(path.join(dir, 'utf16be.txt'), Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('MIT', 'utf16le').swap16()]));
    fs.writeFileSync(path.join(dir, 'binary.bin'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
    fs.writeFileSync(path.join(dir, 'big.txt'), 'a'.repeat(2048));
    fs.writeFileSync(path.join(dir, 'latin1.txt'), Buffer.from([0x4c, 0x69, 0x63, 0xe9, 0x6e, 0x63, 0x65]));
    fs.mkdirSync(path.join(dir, 'folder'));
    fs.symlinkSync(path.join(outside, 'secret'), path.join(dir, 'escape-link'));
    fs.symlinkSync('loop-b', path.join(dir, 'loop-a'));
    fs.symlinkSync('loop-a', path.join(dir, 'loop-b'));
    fs.symlinkSync('plain.txt', path.join(dir, 'inside-link'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  const read = (rel: string, opts?: { maxBytes?: number; allowTruncate?: boolean }) => createSafeFs(dir).readText(rel, opts);

  describe('markRealFolder (a walker vouching for a folder it resolved)', () => {
    test('files in a marked folder read as before', async () => {
      fs.writeFileSync(path.join(dir, 'folder', 'LICENSE'), 'MIT');
      const safe = createSafeFs(dir);
      safe.markRealFolder('folder');
      expect(await safe.readText('folder/LICENSE')).toMatchObject({ ok: true, text: 'MIT' });
    });

    test('a link as the file name is still resolved and confined', async () => {
      fs.symlinkSync(path.join(outside, 'secret'), path.join(dir, 'folder', 'escape'));
      const safe = createSafeFs(dir);
      safe.markRealFolder('folder');
      const result = await safe.readText('folder/escape');
      expect(result.ok).toBe(false);
      expect(!result.ok && result.diagnostic.code).toBe('path-escape');
    });

    test('a folder outside the checkout cannot be marked', async () => {
      const safe = createSafeFs(dir);
      safe.markRealFolder(path.relative(dir, outside));
      const result = await safe.readText(path.join(path.relative(dir, outside), 'secret'));
      expect(result.ok).toBe(false);
    });
  });

  it('reads text, dropping a UTF-8 BOM', async () => {
    expect(await read('plain.txt')).toEqual({ ok: true, text: 'MIT License\r\n', truncated: false, size: 16 });
  });

  it('decodes UTF-16 with a BOM in either byte order', async () => {
    expect(await read('utf16le.txt')).toMatchObject({ ok: true, text: 'MIT License' });
    expect(await read('utf16be.txt')).toMatchObject({ ok: true, text: 'MIT' });
  });

  it('tolerates invalid UTF-8', async () => {
    const r = await read('latin1.txt');
    expect(r.ok).toBe(true);
  });

  it.each([
    ['binary.bin', 'binary-file'],
    ['../x', 'path-escape'],
    ['/etc/passwd', 'path-escape'],
    ['escape-link', 'path-escape'],
    ['loop-a', 'symlink-loop'],
    ['missing.txt', 'not-found'],
    ['folder', 'not-a-file'],
  ])('refuses %s with %s, never throwing', async (rel, code) => {
    const r = await read(rel);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.diagnostic.code).toBe(code);
      expect(r.diagnostic.file).toBe(rel);
    }
  });

  it('follows a link that stays inside the checkout', async () => {
    expect(await read('inside-link')).toMatchObject({ ok: true, text: 'MIT License\r\n' });
  });

  it('refuses a file over the cap, or reads only its start when truncation is allowed', async () => {
    expect(await read('big.txt', { maxBytes: 1000 })).toMatchObject({ ok: false, diagnostic: { code: 'file-too-large' } });
    expect(await read('big.txt', { maxBytes: 1000, allowTruncate: true })).toMatchObject({ ok: true, truncated: true, size: 2048 });
  });

  it('confines exists, list and realpathInRoot to the checkout', () => {
    const sfs = createSafeFs(dir);
    expect(sfs.exists('plain.txt')).toBe(true);
    expect(sfs.exists('../')).toBe(false);
    expect(sfs.list('.')).toContain('plain.txt');
    expect(sfs.list('..')).toEqual([]);
    expect(sfs.realpathInRoot('inside-link')).toBe('plain.txt');
    expect(sfs.realpathInRoot('escape-link')).toBeNull();
  });

  it('decodeBytes handles an empty buffer', () => {
    expect(decodeBytes(Buffer.alloc(0))).toEqual({ binary: false, text: '', encoding: 'utf-8' });
  });
});

describe('one decode decision for check (SafeFs) and identify', () => {
  const BAD = path.join(__dirname, '..', 'fixtures', 'identify-bad-inputs');
  // identify used to decode UTF-16 without a BOM that SafeFs refused as binary: the two commands disagreed.
  test.each(['utf16le-nobom.txt', 'utf16le-bom.txt', 'utf16be-bom.txt', 'invalid-utf8.txt', 'binary.bin'])('%s reads the same through both', async (file) => {
    const sfs = createSafeFs(BAD);
    const viaCheck = await sfs.readText(file);
    const viaIdentify = identifyFile(path.join(BAD, file));
    if (file === 'binary.bin') {
      expect(viaCheck).toMatchObject({ ok: false, diagnostic: { code: 'binary-file' } });
      expect(viaIdentify.notes.join('\n')).toMatch(/binary/);
    } else {
      expect(viaCheck.ok).toBe(true);
      expect(viaIdentify.expression).toBe('MIT');
      if (viaCheck.ok) expect(viaCheck.text).toMatch(/Permission is hereby granted/);
    }
  });

  test('UTF-16 big-endian without a BOM is text too; NUL bytes scattered in binary are not', () => {
    const text = 'MIT License\n\nCopyright (c) 2024';
    expect(decodeBytes(Buffer.from(text, 'utf16le').swap16())).toEqual({ binary: false, text, encoding: 'utf-16-no-bom' });
    expect(decodeBytes(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toEqual({ binary: true });
  });

  // The UTF-16 check looks at the first 4,000 bytes only; the binary check at the first 8,000.
  test('a NUL past the UTF-16 window still makes a file binary; one inside it does not make it UTF-16', () => {
    const late = Buffer.concat([Buffer.from('x'.repeat(5000)), Buffer.from([0]), Buffer.from('tail')]);
    expect(decodeBytes(late)).toEqual({ binary: true });
    const afterBinaryWindow = Buffer.concat([Buffer.from('y'.repeat(9000)), Buffer.from([0])]);
    expect(decodeBytes(afterBinaryWindow)).toEqual({ binary: false, text: `${'y'.repeat(9000)}\u0000`, encoding: 'utf-8' });
    const oneNul = Buffer.concat([Buffer.from('MIT License'), Buffer.from([0]), Buffer.from('more text here')]);
    expect(decodeBytes(oneNul)).toEqual({ binary: true });
  });
});
