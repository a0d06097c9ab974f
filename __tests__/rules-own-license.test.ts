import { rule } from '../rules/own-license';
import type { ClassifiedLicense } from '../src/types';
import { ALL_PROFILES, ownLicense, profile, project, ruleTester, trait, useTestKnowledgeBase, type InvalidCase, type RuleCase } from './helpers/rule-tester';

useTestKnowledgeBase();

const combined = (expression: string, category: ClassifiedLicense['category']): ClassifiedLicense => ({ expression, category, traits: [], confidence: 1, source: 'file', notes: [] });
const publishedLib = project({ name: 'my-lib', private: false, declared: 'MIT', facts: { hasMain: true }, location: { file: 'package.json', line: 1, column: 1 } });
const bslTraits = [trait('production-use-limited', 'BUSL-1.1'), trait('converts-later', 'BUSL-1.1', 'BUSL-1.1 Change Date / Change License')];
const bsl = (parameters: Record<string, string>) =>
  ownLicense('LICENSE', 'BUSL-1.1', { category: 'source-available', traits: bslTraits, parameters });
const fullParams = { licensor: 'Acme, Inc.', licensedWork: 'Acme Server 1.0', changeDate: '2029-05-01', changeLicense: 'Apache License, Version 2.0' };
const bslProject = (parameters: Record<string, string>) => ({
  projects: [project({ name: 'acme-server', declared: 'BUSL-1.1' })],
  ownLicenses: [bsl(parameters)],
  ownLicense: combined('BUSL-1.1', 'source-available'),
});

const valid: RuleCase[] = [
  ...ALL_PROFILES.map((d) => ({
    name: `published MIT library with matching LICENSE under ${d}`,
    profile: profile(d),
    model: { projects: [publishedLib], ownLicenses: [ownLicense('LICENSE', 'MIT')], ownLicense: combined('MIT', 'permissive') },
  })),
  { name: 'private app without a LICENSE file', profile: profile('saas'), model: { projects: [project({ private: true, declared: 'UNLICENSED' })] } },
  { name: 'complete BSL with a near Change Date and an Apache Change License', profile: profile('distributed'), model: bslProject(fullParams) },
  { name: 'BSL with a "Four years" phrase', profile: profile('distributed'), model: bslProject({ ...fullParams, changeDate: 'Four years from the date the Licensed Work is published' }) },
  { name: 'GPL text for a GPL-2.0-or-later declaration (text cannot tell -only)', profile: profile('library'), model: { projects: [project({ private: false, declared: 'GPL-2.0-or-later' })], ownLicenses: [ownLicense('COPYING', 'GPL-2.0-only', { category: 'strong-copyleft' })], ownLicense: combined('GPL-2.0-or-later', 'strong-copyleft') } },
  { name: '"open source" claim under an OSI license', profile: profile('library'), model: { projects: [project({ private: false, declared: 'MIT', description: 'An open-source toolkit' })], ownLicenses: [ownLicense('LICENSE', 'MIT')], ownLicense: combined('MIT', 'permissive') } },
  {
    name: 'monorepo: each manifest is compared with the license file in its own folder',
    profile: profile('library'),
    model: {
      projects: [project({ name: 'root', private: false, declared: 'MIT' }), project({ name: '@x/pro', file: 'packages/pro/package.json', private: false, declared: 'Apache-2.0', location: { file: 'packages/pro/package.json', line: 1, column: 1 } })],
      ownLicenses: [ownLicense('LICENSE', 'MIT'), ownLicense('packages/pro/LICENSE', 'Apache-2.0')],
      ownLicense: combined('MIT', 'permissive'),
    },
  },
  {
    name: 'README that only mentions open-source tools is not a claim about the project',
    profile: profile('saas'),
    model: { projects: [project({ name: 'acme-server', declared: 'BUSL-1.1' })], ownLicenses: [bsl(fullParams)], ownLicense: combined('BUSL-1.1', 'source-available'), readme: { file: 'README.md', text: '# Acme\n\nBuilt with open-source tools such as Postgres.\n' } },
  },
  { name: 'resale note can be turned off', profile: profile('saas'), options: { checkResale: false }, model: { projects: [project({ facts: { scripts: { start: 'node server.js' } }, declared: 'MIT' })], ownLicenses: [ownLicense('LICENSE', 'MIT')], ownLicense: combined('MIT', 'permissive') } },
];

const invalid: InvalidCase[] = [
  ...ALL_PROFILES.map((d) => ({
    name: `published package without a LICENSE file under ${d}`,
    profile: profile(d),
    model: { projects: [publishedLib] },
    errors: [{ messageId: 'missingLicenseFile', severity: (d === 'library' ? 'error' : 'warn') as 'error' | 'warn', file: 'package.json', line: 1, data: { declared: 'MIT' } }],
  })),
  {
    name: 'manifest declares MIT, LICENSE is Apache-2.0',
    profile: profile('library'),
    model: { projects: [publishedLib], ownLicenses: [ownLicense('LICENSE', 'Apache-2.0')], ownLicense: combined('Apache-2.0', 'permissive') },
    errors: [{ messageId: 'manifestMismatch', severity: 'error', data: { declared: 'MIT', fileExpression: 'Apache-2.0' }, messageIncludes: ['the text adds Apache-2.0', 'no text for MIT'] }],
  },
  {
    name: 'BSL missing its parameters',
    profile: profile('distributed'),
    model: bslProject({ licensor: 'Acme, Inc.' }),
    errors: [{ messageId: 'bslMissingParameters', file: 'LICENSE', line: 1, data: { missing: 'Licensed Work, Change Date, Change License' } }],
  },
  {
    name: 'BSL Change Date more than four years ahead',
    profile: profile('distributed'),
    model: bslProject({ ...fullParams, changeDate: '2031-01-01' }),
    errors: [{ messageId: 'bslChangeDateTooFar', data: { changeDate: '2031-01-01' } }],
  },
  {
    name: 'BSL Change Date phrase of five years',
    profile: profile('distributed'),
    model: bslProject({ ...fullParams, changeDate: 'Five years from the date the Licensed Work is published' }),
    errors: [{ messageId: 'bslChangeDateTooFar' }],
  },
  {
    name: 'BSL Change License not GPL-2.0-or-later compatible',
    profile: profile('distributed'),
    model: bslProject({ ...fullParams, changeLicense: 'EPL-1.0' }),
    errors: [{ messageId: 'bslChangeLicenseIncompatible', data: { changeLicense: 'EPL-1.0' } }],
  },
  {
    name: 'README claims the project is open source under a source-available license',
    profile: profile('saas'),
    model: {
      projects: [project({ name: 'acme-server', declared: 'BUSL-1.1' })],
      ownLicenses: [bsl(fullParams)],
      ownLicense: combined('BUSL-1.1', 'source-available'),
      readme: { file: 'README.md', text: '# Acme\n\nAcme is an open-source time-series database.\n' },
    },
    errors: [{ messageId: 'calledOpenSource', data: { claim: 'an open-source', where: 'README.md' }, line: 3, column: 9 }],
  },
  {
    name: 'calls itself open source under a source-available license',
    profile: profile('saas'),
    model: { projects: [project({ name: 'acme-server', declared: 'BUSL-1.1', description: 'The open source data platform', keywords: ['database', 'opensource'] })], ownLicenses: [bsl(fullParams)], ownLicense: combined('BUSL-1.1', 'source-available') },
    errors: [{ messageId: 'calledOpenSource', severity: 'warn', data: { claim: 'open source', where: 'package.json description and keywords', license: 'BUSL-1.1' } }],
  },
  {
    name: 'permissive server project: info note about resale',
    profile: profile('saas'),
    model: { projects: [project({ name: 'api', facts: { scripts: { start: 'node dist/server.js' } }, declared: 'MIT' })], ownLicenses: [ownLicense('LICENSE', 'MIT')], ownLicense: combined('MIT', 'permissive'), all: ['Dockerfile'] },
    errors: [{ messageId: 'resellableAsService', severity: 'info', file: 'LICENSE', messageIncludes: ['managed service', 'Dockerfile'] }],
  },
];

ruleTester(rule, { valid, invalid });
