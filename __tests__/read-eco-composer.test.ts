import * as path from 'node:path';
import { composerReader } from '../src/read/ecosystems/composer';
import { readDirectory } from '../src/read/ecosystems/shared/discover-dir';
import type { Component } from '../src/types';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'eco-composer');

function byId(components: Component[], id: string): Component {
  const c = components.find((x) => x.id === id);
  if (!c) throw new Error(`no component ${id}; have ${components.map((x) => x.id).join(', ')}`);
  return c;
}

describe('composer reader', () => {
  let result: Awaited<ReturnType<typeof readDirectory>>;
  beforeAll(async () => {
    result = await readDirectory(composerReader, FIXTURE);
  });

  // php-http/discovery: a real package whose name starts like a platform one, missing from the install.
  test('composer.lock packages / packages-dev, platform requirements skipped', () => {
    expect(result.components.map((c) => [c.id, c.scope, c.direct])).toEqual([
      ['composer:acme/theme@1.2.0', 'prod', true],
      ['composer:guzzlehttp/guzzle@6.5.8', 'prod', true],
      ['composer:monolog/monolog@3.6.0', 'prod', true],
      ['composer:php-http/discovery@', 'prod', true],
      ['composer:phpunit/phpunit@10.5.20', 'dev', true],
      ['composer:psr/log@3.0.0', 'prod', false],
      ['composer:sebastian/diff@5.1.1', 'dev', false],
    ]);
  });

  test('license arrays are passed as-is as lockfile evidence, with the lock position', () => {
    expect(byId(result.components, 'composer:acme/theme@1.2.0')).toMatchObject({
      purl: 'pkg:composer/acme/theme@1.2.0',
      requested: '^1.0',
      location: { file: 'composer.json', line: 11, column: 9 },
      evidence: [{ kind: 'lockfile', value: ['GPL-2.0-or-later', 'MIT'], location: { file: 'composer.lock', line: 8, column: 9 } }],
    });
  });

  test('installed.json v2 (lockfile evidence too) and vendor license files', () => {
    expect(byId(result.components, 'composer:psr/log@3.0.0')).toMatchObject({
      installedPath: 'vendor/psr/log',
      location: { file: 'composer.lock', line: 30, column: 9 },
      paths: [['acme/shop@', 'monolog/monolog@3.6.0', 'psr/log@3.0.0']],
      evidence: [
        { kind: 'lockfile', value: ['MIT'], location: { file: 'composer.lock', line: 30, column: 9 } },
        { kind: 'lockfile', value: ['MIT'], location: { file: 'vendor/composer/installed.json', line: 11, column: 9 } },
        { kind: 'file', file: 'vendor/psr/log/LICENSE' },
      ],
    });
  });

  test('installed.json v1 (array) without a lockfile', () => {
    expect(byId(result.components, 'composer:guzzlehttp/guzzle@6.5.8')).toMatchObject({
      installedPath: 'legacy-v1/vendor/guzzlehttp/guzzle',
      location: { file: 'legacy-v1/composer.json', line: 4 },
      evidence: [
        { kind: 'lockfile', value: ['MIT'], location: { file: 'legacy-v1/vendor/composer/installed.json', line: 2, column: 5 } },
        { kind: 'file', file: 'legacy-v1/vendor/guzzlehttp/guzzle/LICENSE' },
      ],
    });
  });

  test('projects and malformed JSON', () => {
    expect(result.projects.map((p) => [p.file, p.name, p.facts.isApplication])).toEqual([
      ['composer.json', 'acme/shop', true],
      ['legacy-v1/composer.json', 'acme/legacy', false],
    ]);
    expect(result.projects[0].evidence).toEqual([{ kind: 'declared', field: 'license', value: 'proprietary', location: { file: 'composer.json', line: 5, column: 5 }, baseDir: '.' }]);
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: 'invalid-json', file: 'broken/composer.json', line: 1 })]);
  });
});
