import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scan } from '../src/pipeline';

const MIT = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'cli-saas-app', 'node_modules', 'express', 'LICENSE'), 'utf8');

describe('SEE LICENSE IN without the package on disk', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-seelicense-'));
    fs.writeFileSync(path.join(dir, 'LICENSE'), MIT);
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, license: 'MIT', dependencies: { 'grid-pro': '^7.0.0' } }, null, 2));
    fs.writeFileSync(
      path.join(dir, 'package-lock.json'),
      JSON.stringify(
        {
          name: 'app',
          version: '1.0.0',
          lockfileVersion: 3,
          requires: true,
          packages: {
            '': { name: 'app', version: '1.0.0', license: 'MIT', dependencies: { 'grid-pro': '^7.0.0' } },
            'node_modules/grid-pro': { version: '7.1.0', resolved: 'https://registry.npmjs.org/grid-pro/-/grid-pro-7.1.0.tgz', license: 'SEE LICENSE IN LICENSE' },
          },
        },
        null,
        2,
      ),
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("never reads the checkout's own LICENSE as the dependency's", async () => {
    const { report } = await scan({ dir, noConfig: true, env: {}, today: '2026-11-26' });
    const grid = report.components.find((c) => c.name === 'grid-pro')!;
    expect(grid.license.expression).toBeNull();
    expect(grid.license.notes.join(' ')).toMatch(/not installed here/);
    expect(report.diagnostics.filter((d) => d.code === 'see-license-missing')).toEqual([]);
    expect(report.findings.some((f) => f.ruleId === 'unknown-license' && f.component === grid.id)).toBe(true);
  });
});
