import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../src/config';
import { validateConfig, splitPackageSpec } from '../src/config/validate';
import { FatalError } from '../src/errors';

function tempCheckout(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-config-'));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

describe('loadConfig', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const make = (files: Record<string, string>) => {
    const d = tempCheckout(files);
    dirs.push(d);
    return d;
  };

  it('returns an empty config when there is none', async () => {
    const dir = make({ 'package.json': '{"name":"x"}' });
    expect(await loadConfig(dir)).toEqual({ config: {}, filepath: null });
  });

  it.each([
    ['.license-riskrc (JSON)', { '.license-riskrc': '{"profile":"saas"}' }],
    ['.license-riskrc (YAML)', { '.license-riskrc': 'profile: saas\n' }],
    ['.license-riskrc.json', { '.license-riskrc.json': '{"profile":"saas"}' }],
    ['.license-riskrc.yaml', { '.license-riskrc.yaml': 'profile: saas\n' }],
    ['package.json key', { 'package.json': '{"name":"x","license-risk":{"profile":"saas"}}' }],
    ['license-risk.config.js', { 'license-risk.config.js': 'module.exports = { profile: "saas" };' }],
    ['license-risk.config.cjs', { 'license-risk.config.cjs': 'module.exports = { profile: "saas" };' }],
  ])('reads %s (executable ones only from a checkout said to be trusted)', async (_name, files) => {
    const dir = make(files);
    const loaded = await loadConfig(dir, undefined, { env: { LICENSE_RISK_TRUST_CONFIG: '1' } });
    expect(loaded.config).toEqual({ profile: 'saas' });
    expect(loaded.filepath).toBeTruthy();
  });

  it('turns YAML dates into YYYY-MM-DD strings', async () => {
    const dir = make({ '.license-riskrc.yaml': 'exceptions:\n  - package: a\n    reason: ok\n    expires: 2027-01-31\n' });
    const { config } = await loadConfig(dir);
    expect(config.exceptions?.[0].expires).toBe('2027-01-31');
  });

  it('is fatal on a config that does not parse, naming the file', async () => {
    const dir = make({ '.license-riskrc.json': '{"profile": ' });
    await expect(loadConfig(dir)).rejects.toThrow(FatalError);
    await expect(loadConfig(dir)).rejects.toThrow(/\.license-riskrc\.json: cannot read config/);
  });

  it('is fatal on an invalid config, naming the file and the key path', async () => {
    const dir = make({ '.license-riskrc.json': JSON.stringify({ exceptions: [{ package: 'a' }] }) });
    await expect(loadConfig(dir)).rejects.toThrow(/\.license-riskrc\.json: invalid config: exceptions\[0\]\.reason: required/);
  });

  it('is fatal when --config names a missing file', async () => {
    await expect(loadConfig(os.tmpdir(), path.join(os.tmpdir(), 'nope-license-risk.json'))).rejects.toThrow(/--config: file not found/);
  });

  it('reads an explicit --config file outside the checkout', async () => {
    const cfgDir = make({ 'custom.json': '{"profile":"library"}' });
    const dir = make({ '.license-riskrc.json': '{"profile":"saas"}' });
    const loaded = await loadConfig(dir, path.join(cfgDir, 'custom.json'));
    expect(loaded.config.profile).toBe('library');
  });
});

describe('validateConfig', () => {
  it.each([
    [{ profile: 'saas' }],
    [{ profile: 'library:noncommercial' }],
    [{ profile: { distribution: 'internal', commercial: false } }],
    [{ ignore: ['a/**'] }],
    [{ includeDev: false }],
    [{ overrides: { 'left-pad@^1.0.0': 'MIT', 'x': 'Apache-2.0 OR MIT' } }],
    [{ exceptions: [{ package: 'a', version: '<2', rule: 'cloud-resale', reason: 'bought a license', expires: '2030-01-01' }] }],
  ])('accepts %j', (config) => {
    expect(validateConfig(config)).toEqual([]);
  });

  it.each([
    ['not an object', [], /must be an object/],
    ['unknown key', { colour: true }, /^colour: unknown key/],
    ['bad profile', { profile: 'cloud' }, /^profile: "cloud" is not one of/],
    ['bad profile object', { profile: { distribution: 'x' } }, /^profile\.distribution/],
    ['bad commercial', { profile: { commercial: 'yes' } }, /^profile\.commercial/],
    ['ignore not array', { ignore: 'a' }, /^ignore: must be an array/],
    ['ignore item', { ignore: [1] }, /^ignore\[0\]/],
    ['bad override range', { overrides: { 'a@not a range!': 'MIT' } }, /^overrides\["a@not a range!"\]: .* not a valid semver range/],
    ['bad override expression', { overrides: { a: 'MIT OR' } }, /^overrides\["a"\]: "MIT OR" is not a valid SPDX expression/],
    ['exception without package', { exceptions: [{ reason: 'x' }] }, /^exceptions\[0\]\.package/],
    ['exception bad version', { exceptions: [{ package: 'a', reason: 'x', version: 'banana' }] }, /^exceptions\[0\]\.version/],
    ['exception bad expires', { exceptions: [{ package: 'a', reason: 'x', expires: '2030-13-01' }] }, /^exceptions\[0\]\.expires/],
    ['includeDev not boolean', { includeDev: 'yes' }, /^includeDev/],
  ])('rejects %s', (_name, config, pattern) => {
    const problems = validateConfig(config);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(pattern);
  });
});

describe('splitPackageSpec', () => {
  it.each([
    ['left-pad', { name: 'left-pad', range: '*' }],
    ['left-pad@^1', { name: 'left-pad', range: '^1' }],
    ['@scope/pkg', { name: '@scope/pkg', range: '*' }],
    ['@scope/pkg@>=2 <3', { name: '@scope/pkg', range: '>=2 <3' }],
  ])('%s', (spec, expected) => expect(splitPackageSpec(spec)).toEqual(expected));
});
