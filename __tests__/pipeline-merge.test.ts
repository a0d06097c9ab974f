import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scan } from '../src/pipeline';

describe('one component per package across manifests', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-merge-'));
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nname = "svc"\nversion = "0.1.0"\nlicense = "MIT"\ndependencies = ["requests>=2", "flask"]\n');
    fs.writeFileSync(path.join(dir, 'requirements.txt'), 'requests==2.31.0\nflask==2.0.0\nflask==3.0.0\n');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('merges a range-only declaration into the one resolved version, keeping the range', async () => {
    const { report } = await scan({ dir, noConfig: true, env: {}, today: '2026-11-26' });
    const requests = report.components.filter((c) => c.name === 'requests');
    expect(requests.map((c) => c.id)).toEqual(['pypi:requests@2.31.0']);
    expect(requests[0].direct).toBe(true);
  });

  it('leaves a range alone when two resolved versions exist', async () => {
    const { report } = await scan({ dir, noConfig: true, env: {}, today: '2026-11-26' });
    const flask = report.components.filter((c) => c.name === 'flask').map((c) => c.id);
    expect(flask).toContain('pypi:flask@');
  });
});
