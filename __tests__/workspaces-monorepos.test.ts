/**
 * Open core and monorepos, what issue 13 left: aggregate roots (a Cargo virtual workspace, an npm
 * or uv workspaces root, a Gradle build that only includes subprojects) are not judged as the whole
 * checkout; members that declare other terms, files named by a pattern and files marked by a header
 * are own-license scopes; a workspace's `ignore` drops its findings. Fixtures follow real layouts
 * (each fixture's SOURCES.md / README.md names its sources).
 */
import * as path from 'node:path';
import { scan } from '../src/pipeline';
import { parseScopeStatements, isGlobScope } from '../src/identify/scopes';
import { isLicenseTextFile } from '../src/identify/own-scopes';
import { gradleIncludes, gradlePlugins } from '../src/read/ecosystems/maven/gradle-project';
import { workspaceIgnoreMatcher } from '../src/evaluate/by-workspace';
import type { Component, Finding, Report } from '../src/types';

const TODAY = '2026-12-02';
const fixture = (...parts: string[]) => path.join(__dirname, '..', 'fixtures', ...parts);
const run = async (dir: string, config?: Record<string, unknown>): Promise<Report> =>
  (await scan({ dir: fixture(dir), today: TODAY, ...(config ? { config } : { noConfig: true }) })).report;
const profiles = (r: Report) => Object.fromEntries((r.workspaces ?? []).map((w) => [w.path, w.profile.distribution]));

describe('a root that only lists members takes its most exposed member, not the whole checkout', () => {
  test.each([
    // TabbyML/tabby came out `library` because its library crates are published.
    ['open-core-tabby', 'saas', 'Cargo.toml declares no package of its own; judged as saas, from its most exposed member crates/tabby', { 'crates/tabby': 'saas', 'crates/tabby-common': 'library' }],
    ['monorepos/cargo-virtual', 'saas', 'Cargo.toml declares no package of its own; judged as saas, from its most exposed member crates/server', { 'crates/server': 'saas', 'crates/core': 'library' }],
    ['monorepos/gradle-spring', 'saas', 'build.gradle.kts only lists members; judged as saas, from its most exposed member app', { app: 'saas', list: 'library', utilities: 'library' }],
    ['monorepos/uv-workspace', 'saas', 'pyproject.toml only lists members; judged as saas, from its most exposed member packages/bird-feeder', { 'packages/bird-feeder': 'saas', 'packages/seeds': 'library' }],
    ['workspaces-sdk-server', 'saas', 'package.json only lists members; judged as saas, from its most exposed member packages/api', { 'packages/api': 'saas', 'packages/sdk': 'library' }],
    ['open-core-n8n', 'distributed', 'package.json only lists members; judged as distributed, from its most exposed member packages/cli', { 'packages/cli': 'distributed', 'packages/workflow': 'library' }],
  ])('%s', async (dir, rootProfile, reason, members) => {
    const report = await run(dir);
    expect(report.profile.distribution).toBe(rootProfile);
    expect(report.profile.reasons[0]).toContain(reason);
    expect(report.workspaces?.[0]).toMatchObject({ path: '.', profile: { distribution: rootProfile } });
    expect(profiles(report)).toMatchObject(members);
  });

  test('the root workspace of a Cargo virtual workspace is a cargo unit named by its folder', async () => {
    const report = await run('monorepos/cargo-virtual');
    expect(report.workspaces?.[0]).toMatchObject({ path: '.', name: 'cargo-virtual', ecosystem: 'cargo' });
  });

  test('a root with code of its own (a Go main package next to nested modules) keeps its own profile', async () => {
    const report = await run('go-busl-consul');
    expect(report.profile.distribution).toBe('saas');
    expect(report.profile.reasons[0]).toBe('go.mod depends on net/http');
    expect(profiles(report)).toEqual({ '.': 'saas', api: 'library', sdk: 'library' });
  });

  test('--profile and config still decide for an aggregate root', async () => {
    const flagged = await scan({ dir: fixture('open-core-tabby'), today: TODAY, noConfig: true, profile: 'internal' });
    expect(flagged.report.profile).toMatchObject({ distribution: 'internal', origin: 'flag' });
    const configured = await run('open-core-tabby', { workspaces: { '.': { profile: 'distributed' } } });
    expect(configured.profile).toMatchObject({ distribution: 'distributed', origin: 'config' });
    expect(profiles(configured)['crates/tabby']).toBe('saas');
  });

  test('Gradle: "apply false" declares a plugin for subprojects without applying it; settings includes are subprojects', () => {
    expect(gradlePlugins('plugins {\n    id("org.springframework.boot") version "3.3.0" apply false\n    java\n}\n')).toEqual(['java']);
    expect(gradlePlugins("plugins {\n  id 'org.springframework.boot' version '3.3.0'\n}\n")).toEqual(['org.springframework.boot']);
    expect(gradleIncludes('rootProject.name = "demo"\ninclude("app", "list", "utilities")\ninclude \':services:api\'\n')).toEqual(['app', 'list', 'utilities', ':services:api']);
    expect(gradleIncludes('rootProject.name = "single"\n')).toEqual([]);
  });
});

describe('file-level scoping statements', () => {
  test('n8n: files whose name contains ".ee." or whose folder name contains ".ee" are under LICENSE_EE.md', async () => {
    const { readFileSync } = await import('node:fs');
    const { fileStatements, statements } = parseScopeStatements(readFileSync(fixture('open-core-n8n', 'LICENSE.md'), 'utf8'));
    expect(statements).toEqual([]);
    expect(fileStatements.map(({ glob, what, file }) => ({ glob, what, file }))).toEqual([
      { glob: '**/*.ee.*', what: 'files whose name contains ".ee."', file: 'LICENSE_EE.md' },
      { glob: '**/*.ee*/**', what: 'files in a folder whose name contains ".ee"', file: 'LICENSE_EE.md' },
    ]);
  });

  test('Twenty: files marked with a comment, and what the rest of the project is under', async () => {
    const { readFileSync } = await import('node:fs');
    const scoping = parseScopeStatements(readFileSync(fixture('open-core-twenty', 'LICENSE'), 'utf8'));
    expect(scoping.headerStatements.map(({ marker, expression }) => ({ marker, expression }))).toEqual([{ marker: '@license Enterprise', expression: 'LicenseRef-Commercial' }]);
    expect(scoping.rest?.expression).toBe('AGPL-3.0-only');
  });

  test.each([
    ['files whose name ends in', 'Files whose name ends in ".pro.ts" are licensed under the terms in "LICENSE-COMMERCIAL". Everything else is licensed under the MIT License.', [{ glob: '**/*.pro.ts', file: 'LICENSE-COMMERCIAL' }]],
    ['files named', 'Files named "enterprise.go" are licensed under the Apache License 2.0.', [{ glob: '**/enterprise.go', expression: 'Apache-2.0' }]],
    ['a statement about folders only', 'All content that resides under the "ee/" directory of this repository is licensed under the license defined in "ee/LICENSE".', []],
    ['a license text', 'Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction.', []],
  ])('%s', (_name, text, expected) => {
    expect(parseScopeStatements(text).fileStatements.map(({ glob, file, expression }) => ({ glob, ...(file ? { file } : {}), ...(expression ? { expression } : {}) }))).toEqual(expected);
  });

  test('scope keys: folders, globs, header markers', () => {
    expect([isGlobScope('ee/'), isGlobScope('**/*.ee.*'), isGlobScope('header:@license Enterprise')]).toEqual([false, true, true]);
  });

  test.each([
    ['LICENSE', true],
    ['ee/LICENSE.md', true],
    ['LICENSE_EE.md', true],
    ['COPYING.LESSER', true],
    ['packages/cli/src/license/license.service.ts', false],
    ['packages/cli/src/license/license.controller.ee.ts', false],
    ['internal/license.go', false],
    ['src/LicenseController.java', false],
  ])('%s is a license text: %s', (file, expected) => {
    expect(isLicenseTextFile(file)).toBe(expected);
  });
});

describe('own-license scopes end to end', () => {
  test('n8n: the root is SUL-1.0; .ee. files and .ee folders are scopes under the n8n Enterprise License', async () => {
    const report = await run('open-core-n8n');
    expect(report.ownLicense).toMatchObject({ expression: 'SUL-1.0', category: 'source-available' });
    expect(report.ownLicense?.files).not.toContain('LICENSE_EE.md');
    expect(report.ownLicense?.scopes?.map(({ path: p, expression, category, files }) => ({ path: p, expression, category, files }))).toEqual([
      { path: '**/*.ee*/**', expression: 'LicenseRef-Enterprise-Commercial', category: 'proprietary', files: ['LICENSE_EE.md'] },
      { path: '**/*.ee.*', expression: 'LicenseRef-Enterprise-Commercial', category: 'proprietary', files: ['LICENSE_EE.md'] },
    ]);
    const eeFiles = report.ownLicense?.scopes?.find((s) => s.path === '**/*.ee.*');
    expect(eeFiles?.evidence[1]).toBe('files whose name contains ".ee.": 2 files (packages/cli/src/environments.ee/source-control.service.ee.ts, packages/cli/src/license/license.controller.ee.ts)');
    // license.service.ts is code, not a license text: no folder scope for src/license/.
    expect(report.ownLicense?.scopes?.some((s) => s.path.startsWith('packages/'))).toBe(false);
    const openCore = report.findings.filter((f) => f.messageId === 'openCoreScope');
    expect(openCore.map((f) => f.shortMessage)).toEqual([
      'open core: files matching **/*.ee*/** are proprietary (LicenseRef-Enterprise-Commercial)',
      'open core: files matching **/*.ee.* are proprietary (LicenseRef-Enterprise-Commercial)',
    ]);
    expect(openCore[0]).toMatchObject({ severity: 'info', location: { file: 'LICENSE_EE.md' } });
    expect(openCore[1].message).toMatch(/^n8n-monorepo is open core: files matching \*\*\/\*\.ee\.\* are under LicenseRef-Enterprise-Commercial \(proprietary\), the rest under SUL-1\.0\./);
  });

  test('Twenty: the root is the AGPL the LICENSE says the rest is under; marked files and the MIT SDK are scopes', async () => {
    const report = await run('open-core-twenty');
    expect(report.ownLicense).toMatchObject({ expression: 'AGPL-3.0-only', category: 'network-copyleft', files: ['LICENSE'] });
    expect(report.ownLicense?.scopes).toEqual([
      {
        path: 'header:@license Enterprise',
        expression: 'LicenseRef-Commercial',
        category: 'proprietary',
        files: [],
        evidence: [
          expect.stringContaining('LICENSE: "1. Certain files are licensed under a commercial license.'),
          'files marked "@license Enterprise": 2 files (packages/twenty-server/src/engine/core-modules/billing/billing.service.ts, packages/twenty-server/src/engine/core-modules/sso/sso.service.ts)',
        ],
      },
      // Declared in its manifest, no license file: other terms, said where.
      { path: 'packages/twenty-sdk/', expression: 'MIT', category: 'permissive', files: [], evidence: ['declared in packages/twenty-sdk/package.json ("license": "MIT"); no license file in packages/twenty-sdk/'] },
    ]);
    const own = report.findings.filter((f) => f.ruleId === 'own-license');
    expect(own.map((f) => [f.messageId, f.location.file])).toEqual([
      ['openCoreScope', 'LICENSE'],
      ['otherTermsScope', 'packages/twenty-sdk/package.json'],
    ]);
    expect(own[1].location.line).toBeGreaterThan(1);
    // Members that declare the root's terms (AGPL-3.0 for AGPL-3.0-only) are not scopes, and the SDK's declaration is not also a mismatch.
    expect(profiles(report)).toMatchObject({ '.': 'saas', 'packages/twenty-server': 'saas', 'packages/twenty-sdk': 'library' });
  });

  test('Consul: BUSL agent, MPL-2.0 api/ and sdk/ modules', async () => {
    const report = await run('go-busl-consul');
    expect(report.ownLicense).toMatchObject({ expression: 'BUSL-1.1', category: 'source-available', files: ['LICENSE'] });
    expect(report.ownLicense?.scopes?.map((s) => [s.path, s.expression, s.category, s.files])).toEqual([
      ['api/', 'MPL-2.0', 'weak-copyleft', ['api/LICENSE']],
      ['sdk/', 'MPL-2.0', 'weak-copyleft', ['sdk/LICENSE']],
    ]);
    expect(report.findings.filter((f) => f.messageId === 'otherTermsScope').map((f) => f.shortMessage)).toEqual(['api/ is under other terms: MPL-2.0', 'sdk/ is under other terms: MPL-2.0']);
  });

  test('Cargo: a member crate that declares MIT OR Apache-2.0 under an AGPL workspace, with no LICENSE of its own', async () => {
    const report = await run('monorepos/cargo-virtual');
    expect(report.ownLicense?.expression).toBe('AGPL-3.0-only');
    expect(report.ownLicense?.scopes).toEqual([
      { path: 'crates/core/', expression: 'MIT OR Apache-2.0', category: 'permissive', files: [], evidence: ['declared in crates/core/Cargo.toml ("license": "MIT OR Apache-2.0"); no license file in crates/core/'] },
    ]);
  });
});

describe('workspace ignore filters findings', () => {
  const finding = (file: string, component?: string): Finding => ({
    ruleId: 'copyleft-obligation',
    severity: 'error',
    messageId: 'm',
    message: 'm',
    location: { file, line: 1, column: 1 },
    ...(component ? { component } : {}),
  });
  const component = (over: Partial<Component>): Component =>
    ({ id: 'npm:x@1.0.0', ecosystem: 'npm', name: 'x', version: '1.0.0', purl: 'pkg:npm/x@1.0.0', scope: 'prod', direct: false, paths: [], evidence: [], ...over }) as Component;

  test.each([
    [['packages/api/legacy/**'], finding('packages/api/legacy/package.json'), undefined, true],
    [['legacy/**'], finding('packages/api/legacy/package.json'), undefined, true],
    [['legacy/**'], finding('legacy/package.json'), undefined, true],
    [['legacy/**'], finding('packages/sdk/legacy/package.json'), undefined, false],
    [['mongo-*'], finding('package-lock.json', 'npm:mongo-sspl-driver@1.0.0'), component({ name: 'mongo-sspl-driver' }), true],
    [['aws-sdk'], finding('package-lock.json', 'npm:x@1.0.0'), component({ paths: [['@acme/api@1.0.0', 'aws-sdk@2.1.0', 'x@1.0.0']] }), true],
    [['@types/*'], finding('package-lock.json', 'npm:@types/node@20.0.0'), component({ name: '@types/node' }), true],
    [['node_modules/x/**'], finding('package-lock.json', 'npm:x@1.0.0'), component({ installedPath: 'node_modules/x' }), true],
    [['node_modules/y/**'], finding('package-lock.json', 'npm:x@1.0.0'), component({ installedPath: 'node_modules/x' }), false],
    [['node_modules/x'], finding('package-lock.json', 'npm:x@1.0.0'), component({ installedPath: 'node_modules/x' }), true],
    [['lodash'], finding('package-lock.json', 'npm:x@1.0.0'), component({ paths: [['lodash', 'x@1.0.0']] }), false],
  ])('%j', (patterns, f, c, expected) => {
    expect(workspaceIgnoreMatcher(patterns, 'packages/api')(f, c)).toBe(expected);
  });

  test('a package ignored for the API drops its findings there and counts them in the summary', async () => {
    const report = await run('workspaces-sdk-server', { workspaces: { 'packages/api': { ignore: ['mongo-sspl-driver'] } } });
    expect(report.findings.some((f) => f.component === 'npm:mongo-sspl-driver@1.0.0')).toBe(false);
    expect(report.findings.some((f) => f.component === 'npm:readline-gpl@1.0.0' && f.workspace === 'packages/sdk')).toBe(true);
    expect(report.summary.ignored).toBe(2);
  });

  test('a path relative to the workspace drops what is declared there', async () => {
    const report = await run('workspaces-sdk-server', { workspaces: { 'packages/api': { ignore: ['package.json'] } } });
    expect(report.findings.filter((f) => f.workspace === 'packages/api')).toEqual([]);
    expect(report.summary.ignored).toBe(2);
  });

  test('ignored in one workspace, reported for another: not counted as ignored', async () => {
    const report = await run('workspaces-sdk-server', { workspaces: { 'packages/sdk': { ignore: ['shared-util', 'readline-gpl'] }, 'packages/api': { profile: 'library' } } });
    // readline-gpl is only the SDK's: dropped. Nothing the API reports is counted.
    expect(report.findings.some((f) => f.component === 'npm:readline-gpl@1.0.0')).toBe(false);
    expect(report.summary.ignored).toBe(1);
  });

  test('the root workspace can ignore findings about the project itself', async () => {
    const before = await run('open-core-n8n');
    const after = await run('open-core-n8n', { workspaces: { '.': { ignore: ['LICENSE_EE.md'] } } });
    expect(before.findings.filter((f) => f.location.file === 'LICENSE_EE.md')).toHaveLength(2);
    expect(after.findings.filter((f) => f.location.file === 'LICENSE_EE.md')).toEqual([]);
    expect(after.summary.ignored).toBe(2);
  });

  test('without a workspace ignore the summary has no "ignored" key (reports keep their shape)', async () => {
    const report = await run('cli-saas-app');
    expect('ignored' in report.summary).toBe(false);
  });
});
