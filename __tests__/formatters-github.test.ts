import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FormatterContext, Report } from '../src/types';
import { annotations, escapeData, escapeProperty, format, workflowCommand } from '../src/report/formatters/github';

const fixture = path.join(__dirname, '..', 'fixtures', 'ci-report');
const loadReport = (): Report => JSON.parse(fs.readFileSync(path.join(fixture, 'report.json'), 'utf8'));
const ctx: FormatterContext = { color: false, cwd: fixture, rules: {} };

/** What the Actions runner does with a command line: split, then unescape (toolkit semantics). */
function parseCommand(line: string): { command: string; props: Record<string, string>; message: string } {
  const match = /^::([a-z]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  const unescapeProp = (s: string) => unescapeData(s.replace(/%3A/g, ':').replace(/%2C/g, ','));
  const props: Record<string, string> = {};
  for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    props[pair.slice(0, eq)] = unescapeProp(pair.slice(eq + 1));
  }
  return { command: match[1], props, message: unescapeData(match[3]) };
}

describe('github formatter: workflow commands', () => {
  test.each([
    ['100%', '100%25'],
    ['a\nb', 'a%0Ab'],
    ['a\r\nb', 'a%0D%0Ab'],
    ['%0A literal', '%250A literal'],
    ['colons: and, commas stay in data', 'colons: and, commas stay in data'],
  ])('escapeData(%j) = %j', (input, expected) => {
    expect(escapeData(input)).toBe(expected);
  });

  test.each([
    ['a:b,c', 'a%3Ab%2Cc'],
    ['50%\n', '50%25%0A'],
    ['packages/x/package.json', 'packages/x/package.json'],
  ])('escapeProperty(%j) = %j', (input, expected) => {
    expect(escapeProperty(input)).toBe(expected);
  });

  test('one command per unsuppressed finding and diagnostic, errors first, then a summary line', () => {
    const lines = format(loadReport(), ctx).trimEnd().split('\n');
    const commands = lines.filter((l) => l.startsWith('::'));
    expect(commands.map((l) => parseCommand(l).command)).toEqual(['error', 'error', 'warning', 'notice']);
    expect(lines[lines.length - 1]).toMatch(/^license-risk: 1 error\(s\), 1 warning\(s\), 1 info, 1 suppressed, 3 component\(s\) \(profile saas, commercial\)$/);
    // Each command must stay on one physical line whatever the message contained.
    expect(lines).toHaveLength(commands.length + 1);
  });

  test('properties and message survive the runner’s parser exactly', () => {
    const first = format(loadReport(), ctx).split('\n')[0];
    const parsed = parseCommand(first);
    expect(parsed.command).toBe('error');
    expect(parsed.props).toEqual({
      file: 'package.json',
      line: '12',
      col: '5',
      title: 'license-risk cloud-resale: npm:@elastic/eui@35.0.0',
    });
    const f = loadReport().findings[0];
    expect(parsed.message).toBe(`${f.shortMessage}\n\n${f.message} (via shop-api@1.0.0 > @elastic/eui@35.0.0)`);
    expect(first).toContain('%3A'); // the `:` in the title
  });

  test('workflowCommand escapes a hostile file name and title', () => {
    const line = workflowCommand({ command: 'warning', file: 'a,b:c.json', line: 3, col: 2, title: 'x,y', message: 'm::n\n' });
    expect(line).toBe('::warning file=a%2Cb%3Ac.json,line=3,col=2,title=x%2Cy::m::n%0A');
    expect(parseCommand(line).props.file).toBe('a,b:c.json');
  });

  test('annotations can be prefixed with the scanned folder', () => {
    const files = annotations(loadReport(), { pathPrefix: 'services/api/' }).map((a) => a.file);
    expect(files).toContain('services/api/package.json');
    expect(files).toContain('services/api/packages/broken/package.json');
  });

  test('a diagnostic about the whole checkout has no file property', () => {
    const report = loadReport();
    report.diagnostics = [{ code: 'reader-error', severity: 'error', file: '.', message: 'the npm reader failed: boom' }];
    const line = format(report, ctx).split('\n').find((l) => l.includes('reader-error'))!;
    expect(parseCommand(line)).toEqual({ command: 'error', props: { title: 'license-risk reader-error' }, message: 'the npm reader failed: boom' });
  });

  test('findings with one cause in one file are one annotation naming the packages', () => {
    const report = loadReport();
    const template = report.findings[0];
    report.findings = Array.from({ length: 5 }, (_, i) => ({
      ...template,
      component: `npm:@n8n/p${i}@1.0.0`,
      path: ['shop-api@1.0.0', 'n8n-workflow@1.0.0', `@n8n/p${i}@1.0.0`],
      location: { ...template.location, line: 10 + i },
    }));
    report.diagnostics = [];
    const commands = format(report, ctx).split('\n').filter((l) => l.startsWith('::')).map(parseCommand);
    expect(commands).toHaveLength(1);
    expect(commands[0].props).toMatchObject({ line: '10', title: 'license-risk cloud-resale: 5 packages via n8n-workflow' });
    expect(commands[0].message.split('\n').slice(0, 2)).toEqual([template.shortMessage, 'Packages: @n8n/p0@1.0.0, @n8n/p1@1.0.0, @n8n/p2@1.0.0, @n8n/p3@1.0.0, @n8n/p4@1.0.0']);
  });

  test('a clean report prints only the summary line', () => {
    const report = loadReport();
    report.findings = [];
    report.diagnostics = [];
    expect(format(report, ctx).split('\n').filter(Boolean)).toHaveLength(1);
  });
});
