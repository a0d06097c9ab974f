import { fixture, runCli } from './helpers/cli';
import { splitCopyright } from '../src/notice';

describe('license-risk notice', () => {
  it('lists each shipped component with its copyright lines and NOTICE file, each distinct text once', async () => {
    const result = await runCli(['notice', fixture('npm-installed-nested')]);
    expect(result.code).toBe(0);
    const out = result.stdout;
    const [components, texts] = out.split('\n# License texts\n');
    expect(components).toContain('## @scope/widget 1.4.0');
    expect(components).toContain('NOTICE (node_modules/@scope/widget/NOTICE):');
    expect(components).toContain('    Copyright (c) 2014 TJ Holowaychuk');
    expect(components).toContain('    Copyright (c) 2016 Zeit, Inc.');
    // debug 2.6.9 and 4.3.4 ship the same MIT text with different copyright lines: one text, both point at it.
    const textOf = (name: string) => /\(text: (L\d+)/.exec(components.split(`## ${name}\n`)[1])?.[1];
    expect(textOf('debug 2.6.9')).toBeDefined();
    expect(textOf('debug 2.6.9')).toBe(textOf('debug 4.3.4'));
    const headings = texts.match(/^## L\d+: .*/gm) ?? [];
    const bodies = texts.split(/^## L\d+: .*$/m).slice(1).map((b) => b.replace(/\s+/g, ' ').trim().toLowerCase());
    expect(new Set(bodies).size).toBe(headings.length);
    // Dev dependencies do not ship.
    expect(components).not.toMatch(/^## is-number /m);
  });

  it('gives the SPDX reference text, with a note, when a package ships none', async () => {
    const result = await runCli(['notice', fixture('npm-lockfile-only'), '--format', 'txt']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Note: no license text was found in the package; the SPDX reference text of MIT is given\./);
    expect(result.stdout).toMatch(/^L\d+: MIT \(SPDX reference text\)$/m);
    expect(result.stdout).toContain('Permission is hereby granted, free of charge');
  });

  it('writes escaped HTML and is byte-identical across runs', async () => {
    const a = await runCli(['notice', fixture('cli-saas-app'), '-f', 'html']);
    const b = await runCli(['notice', fixture('cli-saas-app'), '-f', 'html']);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/^<!DOCTYPE html>/);
    expect(a.stdout).toContain('<a href="#L1">L1</a>');
    expect(a.stdout).not.toMatch(/<(?!\/?(html|head|meta|title|style|body|h1|h2|p|pre|a|em)\b|!DOCTYPE)/);
  });

  it('rejects an unknown format with exit 2', async () => {
    const result = await runCli(['notice', fixture('cli-saas-app'), '-f', 'pdf']);
    expect(result.code).toBe(2);
  });
});

describe('copyright lines', () => {
  it.each([
    ['Copyright (c) 2014 TJ Holowaychuk', true],
    ['Copyright 2010-2016 Mike Bostock', true],
    ['Copyright © 2018 MongoDB, Inc.', true],
    ['(c) 2019 Someone', true],
    ['Copyright Node.js contributors. All rights reserved.', true],
    ['The above copyright notice and this permission notice shall be included', false],
    ['copyright on the Program, and are irrevocable provided the stated', false],
    ['Copyright [yyyy] [name of copyright owner]', false],
    ['Copyright notice', false],
  ])('%s → %s', (line, isCopyright) => {
    expect(splitCopyright(`${line}\n\nbody`).lines).toEqual(isCopyright ? [line] : []);
  });
});
