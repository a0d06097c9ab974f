import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { runCli } from './helpers/cli';
import { parseDeclared } from '../src/identify/declared';
import { identifyText } from '../src/identify/text';
import { JsonSyntaxError, parseJsonLocated } from '../src/read/locate';
import { parseJsonDocument, parseTomlDocument, parseXmlDocument } from '../src/read/ecosystems/shared/parse';
import { neutralize } from '../src/report/neutralize';
import type { Diagnostic, Report } from '../src/types';

/**
 * Property tests (fast-check): generated hostile JSON, YAML, TOML, XML, license strings and
 * file names thrown at the parsers, the identifier and the CLI. They assert the contract —
 * never a throw from a reader, exit 0/1 with a parseable report or exit 2 with one line, no
 * unsafe character in any output, bounded time — not particular answers. The seed is fixed
 * so a failure reproduces; fast-check prints the counterexample.
 */
const SEED = 20_2026;
const UNSAFE_OUTPUT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Strings rich in what breaks things: controls, escape sequences, bidi marks, `::`, brackets, quotes. */
const hostileChar = fc.constantFrom('\u001b', '\u0007', '\r', '\n', '\u009b', '\u202e', '\u2028', ':', '::', '[', ']', '{', '}', '(', ')', '"', "'", '\\', '%', '<', '>', '&', ' ', 'MIT', ' OR ', ' AND ', ' WITH ', 'GPL-3.0-only', 'SSPL-1.0', '+', '\u0000');
const hostileString = fc.oneof(
  fc.array(hostileChar, { maxLength: 40 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 60 }),
);
/** Deep nesting, the shape that used to overflow the stack. */
const deepBrackets = fc.tuple(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom('[]', '{}', '()')).map(([n, pair]) => pair[0].repeat(n) + pair[1].repeat(n));

/** The same, but usable as a file or folder name: no '/', no NUL, at most 200 bytes, not `.`/`..`. */
const hostileFileName = hostileString
  .map((s) => s.replace(/[/\u0000]/g, '_'))
  .filter((s) => s.length > 0 && s !== '.' && s !== '..' && Buffer.byteLength(s) <= 200);

function expectOneLineOrNone(text: string): void {
  expect(text.split('\n').filter((l) => l !== '').length).toBeLessThanOrEqual(1);
}

function expectSafe(text: string): void {
  // SGR colour is the only escape sequence the tool writes itself.
  expect(text.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(UNSAFE_OUTPUT);
  for (const line of text.split('\n')) expect(line).not.toMatch(/^\s*::/);
}

describe('parsers never throw on hostile text', () => {
  it('license values of any shape: an answer, never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(hostileString, deepBrackets, fc.jsonValue({ maxDepth: 6 }), fc.anything({ maxDepth: 4 })), (value) => {
        const result = parseDeclared(value, 'license');
        expect(typeof result.confidence).toBe('number');
        if (result.expression !== null) expect(typeof result.expression).toBe('string');
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('JSON: a value or a positioned JsonSyntaxError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json({ maxDepth: 8 }), hostileString, deepBrackets, deepBrackets.map((d) => `{"a":${d.replace(/\(|\)/g, '')}}`)), (text) => {
        try {
          parseJsonLocated(text);
        } catch (err) {
          expect(err).toBeInstanceOf(JsonSyntaxError);
        }
        const diagnostics: Diagnostic[] = [];
        parseJsonDocument('x.json', text, diagnostics);
        expect(diagnostics.length).toBeLessThanOrEqual(1);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('TOML and XML: a document or one diagnostic naming the file', () => {
    const toml = fc.oneof(hostileString, deepBrackets.map((d) => `a = ${d.replace(/[{}()]/g, '')}`), fc.tuple(hostileString, hostileString).map(([k, v]) => `[package]\nname = ${JSON.stringify(k)}\nlicense = '${v}'\n`));
    const xml = fc.oneof(
      hostileString,
      fc.integer({ min: 1, max: 5000 }).map((n) => `<project>${'<a>'.repeat(n)}${'</a>'.repeat(n)}</project>`),
      hostileString.map((s) => `<?xml version="1.0"?><project><licenses><license><name>${s}</name></license></licenses></project>`),
    );
    fc.assert(
      fc.property(toml, xml, (tomlText, xmlText) => {
        const diagnostics: Diagnostic[] = [];
        parseTomlDocument('Cargo.toml', tomlText, diagnostics);
        parseXmlDocument('pom.xml', xmlText, diagnostics);
        for (const d of diagnostics) expect(['Cargo.toml', 'pom.xml']).toContain(d.file);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('license texts: an identification, never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(hostileString, fc.lorem({ maxCount: 50 }), deepBrackets), (text) => {
        const result = identifyText(text);
        expect(result.confidence).toBeGreaterThanOrEqual(0);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('neutralize leaves nothing unsafe in any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), hostileString, (a, b) => {
        expectSafe(neutralize(a + b));
        expect(neutralize(a + b)).not.toMatch(/[\r\n]/);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});

describe('the CLI on generated hostile checkouts', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A checkout whose files hold the generated content, and whose names are generated too. */
  const checkoutArb = fc.record({
    folder: hostileFileName,
    name: hostileString,
    license: fc.oneof(hostileString, deepBrackets),
    manifest: fc.oneof(fc.json({ maxDepth: 4 }), hostileString, deepBrackets),
    yarnLock: fc.oneof(hostileString, deepBrackets.map((d) => `"a@1":\n  version: ${d}\n`), hostileString.map((s) => `__metadata:\n  version: 6\n"${s}@npm:1":\n  version: 1.0.0\n  license: "${s}"\n`)),
    cargo: fc.oneof(hostileString, hostileString.map((s) => `[package]\nname = "x"\nversion = "1.0.0"\nlicense = ${JSON.stringify(s)}\n`)),
    pom: fc.oneof(hostileString, fc.integer({ min: 1, max: 3000 }).map((n) => `<project>${'<a>'.repeat(n)}${'</a>'.repeat(n)}</project>`)),
    format: fc.constantFrom('stylish', 'github', 'markdown', 'json', 'sarif', 'html'),
  });

  it('exit 0/1 with a report, or 2 with one line; nothing unsafe on stdout or stderr', async () => {
    await fc.assert(
      fc.asyncProperty(checkoutArb, async (c) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-fuzz-'));
        made.push(dir);
        const write = (rel: string, text: string) => {
          fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
          fs.writeFileSync(path.join(dir, rel), text);
        };
        write('package.json', JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { [c.name || 'x']: '1.0.0' } }));
        write(`node_modules/${c.folder}/package.json`, `{"name":${JSON.stringify(c.name)},"version":"1.0.0","license":${JSON.stringify(c.license)}}`);
        write(`packages/${c.folder}/package.json`, c.manifest);
        write('yarn.lock', c.yarnLock);
        write(`crates/${c.folder}/Cargo.toml`, c.cargo);
        write(`java/${c.folder}/pom.xml`, c.pom);
        const result = await runCli(['check', dir, '--format', c.format]);
        expect([0, 1, 2]).toContain(result.code);
        expectSafe(result.stderr);
        expect(result.stderr).not.toMatch(/internal error/);
        if (c.format !== 'github') expectSafe(result.stdout);
        else {
          // Workflow commands are the format itself; each must be one of ours, its properties escaped.
          expect(result.stdout).not.toMatch(UNSAFE_OUTPUT);
          for (const line of result.stdout.split('\n')) if (line.startsWith('::')) expect(line).toMatch(/^::(error|warning|notice)( [^:]*)?::/);
        }
        if (result.code === 2) expectOneLineOrNone(result.stderr.split('\n').filter((l) => !/warning:|error:/.test(l)).join('\n'));
        if (result.code !== 2 && c.format === 'json') expect(() => JSON.parse(result.stdout) as Report).not.toThrow();
      }),
      { seed: SEED, numRuns: 30 },
    );
  }, 600_000);

  it('identify: hostile file names and contents give an answer or one line on stderr', async () => {
    await fc.assert(
      fc.asyncProperty(hostileFileName, fc.oneof(hostileString, deepBrackets), async (name, text) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-fuzz-id-'));
        made.push(dir);
        fs.writeFileSync(path.join(dir, name), text);
        const result = await runCli(['identify', path.join(dir, name)]);
        expect([0, 2]).toContain(result.code);
        expectSafe(result.stdout);
        expectSafe(result.stderr);
        if (result.code === 2) expectOneLineOrNone(result.stderr);
      }),
      { seed: SEED, numRuns: 60 },
    );
  }, 300_000);
});
