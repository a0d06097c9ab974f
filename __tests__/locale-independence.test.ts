import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The JSON report is the same bytes under any locale. Node's ICU takes its default locale from
 * LANG/LC_ALL even where the system has no such locale installed, so `localeCompare` differs
 * between en_US (ä before z) and sv_SE (ä after z) here: the first test proves the environment
 * would expose a locale-dependent sort, the second that the report has none.
 */
const BIN = path.join(__dirname, '..', 'bin', 'license-risk.js');
const LOCALES = ['en_US.UTF-8', 'sv_SE.UTF-8', 'C'];

function env(locale: string): NodeJS.ProcessEnv {
  return { ...process.env, LANG: locale, LC_ALL: locale, LC_COLLATE: locale, LICENSE_RISK_CACHE: '0', LICENSE_RISK_TODAY: '2026-12-02', NO_COLOR: '1' };
}

function write(root: string, rel: string, content: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), content);
}

/** A checkout whose package names, folders and workspace paths need more than ASCII to sort. */
function makeCheckout(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-locale-'));
  const deps: Record<string, string> = {};
  const packages: [string, string][] = [
    ['zeta', 'MIT'],
    ['äpple', 'SSPL-1.0'],
    ['ångström', 'BUSL-1.1'],
    ['émile', 'AGPL-3.0-only'],
    ['Zebra', 'UNLICENSED'],
    ['öl', 'CC-BY-NC-4.0'],
    ['apple', 'GPL-3.0-only'],
  ];
  for (const [name, license] of packages) {
    deps[name] = '1.0.0';
    write(root, `node_modules/${name}/package.json`, JSON.stringify({ name, version: '1.0.0', license }));
  }
  write(root, 'package.json', JSON.stringify({ name: 'app', version: '1.0.0', private: true, dependencies: deps, scripts: { start: 'node server.js' } }, null, 2));
  // Folders whose names sort differently by locale (the walk and the file lists are ordered too).
  write(root, 'zz/LICENSE.txt', 'x');
  write(root, 'ää/LICENSE.txt', 'x');
  write(root, 'Åland/LICENSE.txt', 'x');
  return root;
}

describe('the JSON report does not depend on the locale', () => {
  let root: string;
  beforeAll(() => {
    root = makeCheckout();
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('this machine would sort differently per locale with localeCompare (the test below is meaningful)', () => {
    const sorted = LOCALES.map((locale) =>
      spawnSync(process.execPath, ['-e', "process.stdout.write(['z','ä','a'].sort((x,y)=>x.localeCompare(y)).join(''))"], { env: env(locale), encoding: 'utf8' }).stdout,
    );
    expect(sorted[0]).toBe('aäz');
    expect(sorted[1]).toBe('azä');
  });

  test('en_US.UTF-8, sv_SE.UTF-8 and C give byte-identical reports, in code point order', () => {
    const outputs = LOCALES.map((locale) => {
      const r = spawnSync(process.execPath, [BIN, 'check', root, '--format', 'json', '--profile', 'saas'], { env: env(locale), encoding: 'buffer' });
      expect(r.status).not.toBeNull();
      return r.stdout;
    });
    expect(outputs[0].length).toBeGreaterThan(0);
    expect(outputs[1].equals(outputs[0])).toBe(true);
    expect(outputs[2].equals(outputs[0])).toBe(true);

    const report = JSON.parse(outputs[0].toString('utf8')) as { components: { name: string }[] };
    expect(report.components.map((c) => c.name)).toEqual(['Zebra', 'apple', 'zeta', 'äpple', 'ångström', 'émile', 'öl']);
  });
});
