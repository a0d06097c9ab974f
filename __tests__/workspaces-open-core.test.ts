/**
 * Open core and monorepos: own license per scope, workspaces as units with their own profile,
 * server frameworks in every ecosystem, config per workspace, baseline keys per workspace.
 * Fixtures follow real public layouts (see each fixture's SOURCES.md / README.md).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scan } from '../src/pipeline';
import { parseScopeStatements } from '../src/identify/scopes';
import { identifyText } from '../src/identify/text';
import { identifyCommercialTerms } from '../src/identify/text/commercial';
import { validateConfig } from '../src/config/validate';
import { summariseReasons, unitDirOf } from '../src/evaluate/workspaces';
import { createBaseline } from '../src/ci/baseline';
import { findingIdentity, identityKey } from '../src/report/identity';
import { serverFrameworks } from '../src/ecosystems';
import { FatalError } from '../src/errors';

const TODAY = '2026-12-02';
const fixture = (...parts: string[]) => path.join(__dirname, '..', 'fixtures', ...parts);
const read = (...parts: string[]) => fs.readFileSync(fixture(...parts), 'utf8');

describe('root LICENSE scoping statements', () => {
  test('PostHog: ee/ is licensed under ee/LICENSE', () => {
    const { statements } = parseScopeStatements(read('open-core-posthog', 'LICENSE'));
    expect(statements).toEqual([expect.objectContaining({ path: 'ee/', file: 'ee/LICENSE' })]);
  });

  test.each([
    [
      'Cal.com names apps/web/ee/ and "ee/LICENSE"',
      'Portions of this software are licensed as follows:\n\n* All content that resides under "apps/web/ee/" (https://github.com/calcom/cal.com/tree/main/apps/web/ee) directory of this repository (Enterprise Edition) is licensed under the license defined in "ee/LICENSE".\n* All third party components incorporated into the Cal.com Software are licensed under the original license provided by the owner of the applicable component.\n* Content outside of the above mentioned directories or restrictions above is available under the "AGPLv3" license as defined below.\n',
      [{ path: 'apps/web/ee/', file: 'ee/LICENSE' }],
    ],
    [
      'Mattermost lists folders made available under Apache 2.0',
      'Admin Tools and Configuration Files (model/, web/static/, web/templates/, web/react/utils/, api/templates/ and all \nsubdirectories thereof) are made available under: \n\n- Apache License v2.0 \n\nLICENSING POLICY\n',
      ['model/', 'web/static/', 'web/templates/', 'web/react/utils/', 'api/templates/'].map((p) => ({ path: p, expression: 'Apache-2.0' })),
    ],
  ])('%s', (_name, text, expected) => {
    expect(parseScopeStatements(text).statements.map(({ path: p, file, expression }) => ({ path: p, ...(file ? { file } : {}), ...(expression ? { expression } : {}) }))).toEqual(expected);
  });

  test.each([
    ['a plain MIT text', read('open-core-tabby', 'LICENSE')],
    ['a URL is not a folder', 'This software is licensed under the terms found at https://example.com/legal/ in the directory of terms.'],
    ['a parent folder is not in the checkout', 'All content under "../shared/" directory is licensed under "../shared/LICENSE".'],
  ])('no statement: %s', (_name, text) => {
    expect(parseScopeStatements(text).statements).toEqual([]);
  });

  test('"except as noted in per-module LICENSE files"', () => {
    expect(parseScopeStatements('Copyright 2024 Acme. Licensed under Apache-2.0, except as noted in per-module LICENSE files.').perDirectoryFiles).toBe(true);
    expect(parseScopeStatements(read('open-core-tabby', 'LICENSE')).perDirectoryFiles).toBe(false);
  });
});

describe('enterprise terms', () => {
  test.each([
    ['PostHog ee/LICENSE', read('open-core-posthog', 'ee', 'LICENSE')],
    ['Tabby ee/LICENSE', read('open-core-tabby', 'ee', 'LICENSE')],
    ['Cal.com packages/features/ee/LICENSE', read('identify-enterprise', 'calcom-ee-LICENSE')],
  ])('%s is LicenseRef-Enterprise-Commercial', (_name, text) => {
    expect(identifyText(text).expression).toBe('LicenseRef-Enterprise-Commercial');
  });

  test.each([
    ['MIT', read('open-core-tabby', 'LICENSE'), 'MIT'],
    ['a BSL whose Licensed Work is Enterprise Edition files', read('identify-corpus', 'meilisearch-v1.23.0', 'LICENSE-EE'), 'BUSL-1.1'],
  ])('%s is not', (_name, text, expected) => {
    expect(identifyText(text).expression).toBe(expected);
  });

  test('a title alone, or a condition alone, is not enough', () => {
    expect(identifyCommercialTerms('Enterprise License\n\nPermission is hereby granted, free of charge, to any person.')).toBeNull();
    expect(identifyCommercialTerms('Notes\n\nThe Software may only be used in production with a valid subscription.')).toBeNull();
  });
});

describe('open core end to end', () => {
  test('PostHog layout: root MIT, ee/ proprietary, the rule explains open core, named by the root manifest', async () => {
    const { report } = await scan({ dir: fixture('open-core-posthog'), today: TODAY, noConfig: true });
    expect(report.ownLicense).toMatchObject({ expression: 'MIT', category: 'permissive', files: ['LICENSE'] });
    expect(report.ownLicense?.scopes).toEqual([
      { path: 'ee/', expression: 'LicenseRef-Enterprise-Commercial', category: 'proprietary', files: ['ee/LICENSE'], evidence: [expect.stringContaining('All content that resides under the "ee/" directory')] },
    ]);
    const openCore = report.findings.filter((f) => f.messageId === 'openCoreScope');
    expect(openCore).toHaveLength(1);
    expect(openCore[0]).toMatchObject({ ruleId: 'own-license', severity: 'info', location: { file: 'ee/LICENSE', line: 1, column: 1 } });
    expect(openCore[0].message).toMatch(/^posthog is open core: ee\/ is under LicenseRef-Enterprise-Commercial \(proprietary\)/);
    expect(report.profile.distribution).toBe('saas');
  });

  test('Tabby layout: no statement in the root LICENSE, the ee/ folder has its own enterprise LICENSE; an axum binary crate is saas', async () => {
    const { report } = await scan({ dir: fixture('open-core-tabby'), today: TODAY, noConfig: true });
    expect(report.ownLicense?.files).toEqual(['LICENSE']);
    expect(report.ownLicense?.scopes).toEqual([
      { path: 'ee/', expression: 'LicenseRef-Enterprise-Commercial', category: 'proprietary', files: ['ee/LICENSE'], evidence: ['ee/LICENSE reads LicenseRef-Enterprise-Commercial'] },
    ]);
    const byPath = Object.fromEntries((report.workspaces ?? []).map((w) => [w.path, w.profile.distribution]));
    expect(byPath).toMatchObject({ 'crates/tabby': 'saas', 'crates/tabby-common': 'library' });
  });

  test('a single-package checkout has no scopes and one root workspace', async () => {
    const { report } = await scan({ dir: fixture('cli-saas-app'), today: TODAY, noConfig: true });
    expect(report.ownLicense?.scopes ?? []).toEqual([]);
    expect(report.workspaces?.map((w) => w.path)).toEqual(['.']);
    expect(report.workspaces?.[0].profile).toEqual(report.profile);
  });
});

describe('workspaces as units', () => {
  test('npm workspaces: the published SDK is a library, the private API is saas, each dependency judged for its workspace', async () => {
    const { report } = await scan({ dir: fixture('workspaces-sdk-server'), today: TODAY, noConfig: true });
    const byPath = Object.fromEntries((report.workspaces ?? []).map((w) => [w.path, w]));
    expect(byPath['packages/sdk'].profile.distribution).toBe('library');
    expect(byPath['packages/api'].profile.distribution).toBe('saas');
    expect(byPath['packages/api'].name).toBe('@acme/api');
    const dep = (id: string) => report.findings.filter((f) => f.component === id).map((f) => [f.ruleId, f.workspace]);
    // SSPL §13 bites the hosted API, not the SDK.
    expect(dep('npm:mongo-sspl-driver@1.0.0')).toEqual([
      ['cloud-resale', 'packages/api'],
      ['copyleft-obligation', 'packages/api'],
    ]);
    // GPL in a published SDK passes the obligation on to its users.
    expect(dep('npm:readline-gpl@1.0.0')).toEqual([['copyleft-obligation', 'packages/sdk']]);
    // Used by both workspaces and harmless in both: no finding at all, and never the same one twice.
    const keys = report.findings.map((f) => JSON.stringify([f.ruleId, f.component, f.message]));
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('Go CLI with nested library modules: the root is an application, the modules are libraries, one line per reason', async () => {
    const { report } = await scan({ dir: fixture('go-nested-modules'), today: TODAY, noConfig: true });
    expect(report.profile.distribution).toBe('distributed');
    expect(report.profile.reasons.join('\n')).not.toContain('internal/backend');
    expect(report.workspaces?.map((w) => [w.path, w.profile.distribution])).toEqual([
      ['.', 'distributed'],
      ['internal/backend/gcs', 'library'],
      ['internal/backend/s3', 'library'],
    ]);
  });

  test('--workspace limits the run to one workspace and what it depends on', async () => {
    const { report } = await scan({ dir: fixture('workspaces-sdk-server'), today: TODAY, noConfig: true, workspace: './packages/sdk/' });
    expect(report.profile.distribution).toBe('library');
    expect(report.components.map((c) => c.name).sort()).toEqual(['readline-gpl', 'shared-util']);
    expect(report.findings.filter((f) => f.component).every((f) => f.workspace === 'packages/sdk')).toBe(true);
    await expect(scan({ dir: fixture('workspaces-sdk-server'), today: TODAY, noConfig: true, workspace: 'packages/nope' })).rejects.toThrow(FatalError);
  });

  test('config workspaces: a profile per glob beats inference there, and rules per workspace', async () => {
    const { report } = await scan({
      dir: fixture('workspaces-sdk-server'),
      today: TODAY,
      config: { workspaces: { 'packages/api': { profile: 'internal', rules: { 'cloud-resale': 'off' } } } },
    });
    const api = report.workspaces?.find((w) => w.path === 'packages/api');
    expect(api?.profile).toMatchObject({ distribution: 'internal', origin: 'config' });
    expect(report.findings.some((f) => f.ruleId === 'cloud-resale')).toBe(false);
  });

  test('unit folders: the innermost wins, the root is the fallback', () => {
    expect(unitDirOf('packages/api/src/x.ts', ['.', 'packages/api', 'packages'])).toBe('packages/api');
    expect(unitDirOf('tools/x.go', ['.', 'packages/api'])).toBe('.');
  });

  test('a long run of similar reasons becomes a count', () => {
    const reasons = Array.from({ length: 30 }, (_, i) => `internal/backend/b${i}/go.mod is a Go module without a main package`);
    const out = summariseReasons(reasons);
    expect(out).toHaveLength(1);
    expect(out[0]).toContain('and 28 more like them');
  });
});

describe('server frameworks in every ecosystem reach the profile inference', () => {
  test.each([
    ['flask-app', 'requirements.txt depends on flask, gunicorn'],
    ['fastapi-package', 'pyproject.toml depends on fastapi, uvicorn'],
    ['axum-service', 'Cargo.toml depends on axum'],
    ['gin-service', 'go.mod depends on github.com/gin-gonic/gin'],
    ['spring-boot-maven', 'pom.xml depends on org.springframework.boot:spring-boot-starter-web'],
    ['spring-boot-gradle', 'build.gradle.kts depends on org.springframework.boot:spring-boot-starter-web'],
    ['rails-app', 'Gemfile depends on puma, rails'],
    ['laravel-app', 'composer.json depends on laravel/framework'],
    ['aspnet-api', 'Api.csproj depends on Microsoft.NET.Sdk.Web'],
    ['express-api', 'package.json depends on express'],
  ])('%s is saas', async (name, reason) => {
    const { report } = await scan({ dir: fixture('server-frameworks', name), today: TODAY, noConfig: true });
    expect(report.profile.distribution).toBe('saas');
    expect(report.profile.reasons).toContain(reason);
  });

  test('names: Go major suffixes, Maven prefixes, case', () => {
    expect(serverFrameworks('golang', ['github.com/labstack/echo/v4', 'github.com/spf13/cobra'])).toEqual(['github.com/labstack/echo']);
    expect(serverFrameworks('maven', ['org.springframework.boot:spring-boot-starter-webflux', 'io.ktor:ktor-server-netty-jvm'])).toEqual(['io.ktor:ktor-server-netty-jvm', 'org.springframework.boot:spring-boot-starter-webflux']);
    expect(serverFrameworks('pypi', ['Flask', 'aiohttp'])).toEqual(['flask']);
    expect(serverFrameworks('cargo', ['hyper', 'reqwest'])).toEqual([]);
  });
});

describe('config and baseline', () => {
  test.each([
    [{ workspaces: { 'packages/*': { profile: 'saas', rules: { 'cloud-resale': 'warn' }, ignore: ['packages/api/legacy/**'] } } }, []],
    [{ workspaces: [] }, ['workspaces: must be an object mapping a workspace folder glob to {profile, rules, ignore}']],
    [{ workspaces: { 'packages/*': { profile: 'cloud' } } }, ['workspaces["packages/*"].profile: "cloud" is not one of saas, distributed, library, internal, auto (optionally with ":noncommercial")']],
    [{ workspaces: { 'packages/*': { exceptions: [] } } }, ['workspaces["packages/*"].exceptions: unknown key (allowed: profile, rules, ignore)']],
    [{ workspaces: { '../x': {} } }, ['workspaces["../x"]: the glob must be a folder relative to the checkout root ("." for the root)']],
    [{ workspaces: { '.': { ignore: 'x' } } }, ['workspaces["."].ignore: must be an array of glob patterns']],
  ])('%j', (config, problems) => {
    expect(validateConfig(config)).toEqual(problems);
  });

  test('baseline keys name the workspace outside the root, so accepting one does not hide the other', async () => {
    const { report } = await scan({ dir: fixture('workspaces-sdk-server'), today: TODAY, noConfig: true });
    const baseline = createBaseline(report);
    expect(Object.keys(baseline.findings)).toEqual(expect.arrayContaining(['cloud-resale npm:mongo-sspl-driver@1.0.0 SSPL-1.0 in packages/api']));
    const finding = report.findings.find((f) => f.ruleId === 'cloud-resale')!;
    const components = new Map(report.components.map((c) => [c.id, c]));
    expect(identityKey(findingIdentity({ ...finding, workspace: '.' }, components))).toBe('cloud-resale npm:mongo-sspl-driver@1.0.0 SSPL-1.0');
  });
});

describe('reporting shows the workspace', () => {
  test('stylish, markdown, SARIF, GitHub and HTML name the workspace of a finding outside the root', async () => {
    const { getFormatter } = await import('../src/report/formatters');
    const { report, rules } = await scan({ dir: fixture('workspaces-sdk-server'), today: TODAY, noConfig: true });
    const ctx = { color: false, cwd: fixture('workspaces-sdk-server'), rules };
    const sarif = JSON.parse(getFormatter('sarif')!(report, ctx));
    const resale = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'cloud-resale');
    expect(resale.properties.workspace).toBe('packages/api');
    expect(getFormatter('github')!(report, ctx)).toContain('title=license-risk cloud-resale%3A npm%3Amongo-sspl-driver@1.0.0 (packages/api)');
    expect(getFormatter('stylish')!(report, ctx)).toContain('cloud-resale (packages/api)');
    expect(getFormatter('markdown')!(report, ctx)).toContain('(workspace packages/api)');
    expect(getFormatter('html')!(report, ctx)).toContain('workspace packages/api');
  });
});
