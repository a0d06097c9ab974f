/**
 * License texts identified on a second thread (src/identify/text-thread.ts). The thread runs
 * a script file, so these tests use the compiled modules in dist/ (`npm run build`), as the
 * binary does; the CLI's answers with and without it are compared on every fixture in
 * __tests__/cli-bundle.test.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SafeReadError, SafeReadResult, TextIdentification } from '../src/types';

const DIST = path.join(__dirname, '..', 'dist', 'src');
const { LicenseTextThread, shouldUseTextThread } = require(path.join(DIST, 'identify', 'text-thread.js')) as typeof import('../src/identify/text-thread');
const { createSafeFs } = require(path.join(DIST, 'read', 'fs.js')) as typeof import('../src/read/fs');
const { identifyText } = require(path.join(DIST, 'identify', 'text', 'index.js')) as typeof import('../src/identify/text');
const { identifyReadFile } = require(path.join(DIST, 'identify', 'file.js')) as typeof import('../src/identify/file');
const { allowV8Tuning } = require(path.join(DIST, 'util', 'heap.js')) as typeof import('../src/util/heap');

const MIT = (holder: string) =>
  `MIT License\n\nCopyright (c) 2024 ${holder}\n\nPermission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions:\n\nThe above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.\n`;

describe('license texts identified on a second thread', () => {
  let dir: string;
  const files: Record<string, string> = {
    'node_modules/a/LICENSE': MIT('A'),
    'node_modules/b/LICENSE': MIT('A'), // the same text: sent once
    'node_modules/c/LICENSE.md': MIT('C'),
    'node_modules/d/COPYING': 'GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3, 19 November 2007\n\nThis program is free software: you can redistribute it and/or modify it under the terms of the GNU Affero General Public License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version.\n',
    'node_modules/e/LICENSE': 'Copyright (c) 2024 E. All rights reserved. No license is granted to use, copy or modify this software.\n',
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-text-thread-'));
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    fs.mkdirSync(path.join(dir, 'node_modules', 'f', 'LICENSE'), { recursive: true }); // a folder named like a license
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives each file the identification the scan would make itself, without reading it again', async () => {
    const thread = LicenseTextThread.start(createSafeFs(dir));
    expect(thread).not.toBeNull();
    if (!thread) return;
    for (const rel of [...Object.keys(files), 'node_modules/f/LICENSE', 'node_modules/missing/LICENSE']) thread.submit(rel);
    const cache = new Map<string, TextIdentification>();
    await thread.collectInto(cache);
    // The two copies of A's MIT text are one entry.
    expect(cache.size).toBe(4);
    for (const [rel, text] of Object.entries(files)) {
      const early = thread.take(rel, cache) as SafeReadResult;
      expect(early.ok).toBe(true);
      expect(identifyReadFile(early, rel, cache).identification).toEqual(identifyText(text, { file: rel, truncated: false }));
    }
    // What could not be read is said as a read from the scan's own thread would say it.
    const safeFs = createSafeFs(dir);
    for (const rel of ['node_modules/f/LICENSE', 'node_modules/missing/LICENSE']) {
      expect(thread.take(rel, cache)).toEqual(safeFs.readTextSync(rel, { allowTruncate: true }));
      expect((thread.take(rel, cache) as SafeReadError).ok).toBe(false);
    }
    // A file nobody submitted, or whose answer the cache lacks, is the scan's to read.
    expect(thread.take('node_modules/zzz/LICENSE', cache)).toBeUndefined();
    expect(thread.take('node_modules/a/LICENSE', new Map())).toBeUndefined();
  });

  it('fills the wait for its last answers with the work it is given, once, and only when it waits', async () => {
    const waited: string[] = [];
    const thread = LicenseTextThread.start(createSafeFs(dir));
    if (!thread) throw new Error('no thread');
    // Answers come through the event loop: right after submitting, every one is still due.
    thread.submit('node_modules/a/LICENSE');
    thread.submit('node_modules/c/LICENSE.md');
    const cache = new Map<string, TextIdentification>();
    await thread.collectInto(cache, () => waited.push('busy'));
    expect({ waited, answers: cache.size }).toEqual({ waited: ['busy'], answers: 2 });

    const idle = LicenseTextThread.start(createSafeFs(dir));
    if (!idle) throw new Error('no thread');
    await idle.collectInto(new Map(), () => waited.push('idle')); // nothing was sent
    const gone = LicenseTextThread.start(createSafeFs(dir));
    if (!gone) throw new Error('no thread');
    gone.submit('node_modules/a/LICENSE');
    gone.close();
    await gone.collectInto(new Map(), () => waited.push('gone'));
    expect(waited).toEqual(['busy']);
  });

  it('leaves the cache as it was when the thread is gone, so the scan reads and identifies itself', async () => {
    const thread = LicenseTextThread.start(createSafeFs(dir));
    if (!thread) throw new Error('no thread');
    thread.close();
    thread.submit('node_modules/a/LICENSE');
    const cache = new Map<string, TextIdentification>();
    await thread.collectInto(cache);
    expect(cache.size).toBe(0);
    expect(thread.take('node_modules/a/LICENSE', cache)).toBeUndefined();
  });

  it('keeps an answer the cache already has (from an earlier run on disk)', async () => {
    const thread = LicenseTextThread.start(createSafeFs(dir));
    if (!thread) throw new Error('no thread');
    thread.submit('node_modules/a/LICENSE');
    const first = new Map<string, TextIdentification>();
    await thread.collectInto(first);
    const [key] = [...first.keys()];
    const known: TextIdentification = { expression: 'MIT', confidence: 1, matches: [], notes: ['from disk'] };
    const again = LicenseTextThread.start(createSafeFs(dir));
    if (!again) throw new Error('no thread');
    again.submit('node_modules/a/LICENSE');
    const cache = new Map([[key, known]]);
    await again.collectInto(cache);
    expect(cache.get(key)).toBe(known);
  });

  it('is used only by the binary, and LICENSE_RISK_THREADS decides first', () => {
    // jest is a host process: never.
    expect(shouldUseTextThread(10_000, {})).toBe(false);
    expect(shouldUseTextThread(10_000, { LICENSE_RISK_THREADS: '1' })).toBe(false);
    allowV8Tuning(); // what the binary calls (this test file's own copy of the module)
    expect(shouldUseTextThread(10_000, { LICENSE_RISK_THREADS: '0' })).toBe(false);
    expect(shouldUseTextThread(3, { LICENSE_RISK_THREADS: '1' })).toBe(true);
    expect(shouldUseTextThread(3, {})).toBe(false);
    expect(shouldUseTextThread(10_000, {})).toBe(os.availableParallelism() >= 2);
  });
});
