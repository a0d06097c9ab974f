import * as path from 'node:path';
import { fixture, runCli } from './helpers/cli';
import type { Report } from '../src/types';

/** The whole pipeline over a monorepo with one ecosystem per folder and a HOME holding caches. */
describe('license-risk check on a polyglot monorepo', () => {
  let report: Report;
  beforeAll(async () => {
    const { stdout } = await runCli(['check', fixture('eco-polyglot'), '-f', 'json'], { env: { HOME: fixture('eco-home') } });
    report = JSON.parse(stdout);
  });

  it('reads every ecosystem', () => {
    expect([...new Set(report.components.map((c) => c.ecosystem))].sort()).toEqual(['cargo', 'composer', 'gem', 'golang', 'maven', 'nuget', 'pypi']);
  });

  it('classifies from cached metadata outside the checkout', () => {
    const es = report.components.find((c) => c.id === 'maven:org.elasticsearch:elasticsearch@8.13.0')!;
    expect(es.license).toMatchObject({ expression: 'Elastic-2.0 OR SSPL-1.0', category: 'source-available' });
    const nuget = report.components.find((c) => c.ecosystem === 'nuget')!;
    expect(nuget.license).toMatchObject({ expression: 'MIT', category: 'permissive' });
  });

  it('points findings at the manifest line that declares the dependency', () => {
    const f = report.findings.find((x) => x.component === 'maven:org.elasticsearch:elasticsearch@8.13.0' && x.ruleId === 'cloud-resale');
    expect(f?.location).toEqual({ file: 'java/pom.xml', line: 7, column: expect.any(Number) });
  });

  it('never shows the home folder itself in the report', () => {
    expect(JSON.stringify(report)).not.toContain(path.resolve(fixture('eco-home')));
  });
});
