import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { configSchema, configSchemaText, CONFIG_SCHEMA_RELATIVE_PATH } from '../scripts/build-config-schema';
import { loadAllRules } from '../rules';
import { validateConfig } from '../src/config/validate';

/**
 * `schema/config.schema.json` is generated from the rules' metadata (scripts/build-config-schema.ts):
 * the checked-in file is exactly what the generator writes, and for rule entries the schema and
 * the config validator (what the CLI enforces) accept the same configs.
 */
const rules = loadAllRules();
const schema = configSchema(rules);
// `[severity]` alone is allowed, so the tuple's minItems is 1 (ajv's strictTuples wants every item required).
const ajv = new Ajv({ allErrors: true, strictTuples: false });
const schemaAccepts = ajv.compile(schema);
const validatorAccepts = (config: unknown): boolean => validateConfig(config).length === 0;

type Schema = { type?: string | string[]; items?: Schema; minimum?: number; maximum?: number; minLength?: number; properties?: Record<string, Schema> };

/** Values a property's schema accepts and refuses, derived from the schema itself. */
function samples(s: Schema): { good: unknown[]; bad: unknown[] } {
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'array': {
      const item = s.items ? samples(s.items) : { good: ['x'], bad: [] };
      return { good: [[], [item.good[0]]], bad: ['x', 1, { a: 1 }, ...item.bad.map((b) => [b])] };
    }
    case 'number':
    case 'integer': {
      const good = [s.minimum ?? 0, s.maximum ?? 1];
      const bad: unknown[] = ['0.5', true];
      if (s.minimum !== undefined) bad.push(s.minimum - 1);
      if (s.maximum !== undefined) bad.push(s.maximum + 1);
      return { good, bad };
    }
    case 'boolean':
      return { good: [true, false], bad: ['yes', 1] };
    case 'string':
      return { good: ['x'.repeat(Math.max(1, s.minLength ?? 1))], bad: [1, null, ...(s.minLength ? [''] : [])] };
    default:
      return { good: [], bad: [] };
  }
}

/** Rule entries to try for one rule id: severities, arrays, its default options, each option's good and bad values. */
function entriesFor(id: string): unknown[] {
  const meta = rules[id].meta;
  const out: unknown[] = ['off', 'info', 'warn', 'error', 'fatal', 2, null, true, [], ['warn'], ['nope'], ['warn', {}], ['warn', {}, {}], ['warn', 'options'], ['warn', { notAnOption: 1 }]];
  if (meta.defaultOptions) out.push(['error', meta.defaultOptions]);
  const properties = (meta.schema as Schema | undefined)?.properties ?? {};
  for (const [name, property] of Object.entries(properties)) {
    const { good, bad } = samples(property);
    expect(good.length + bad.length).toBeGreaterThan(0);
    for (const value of [...good, ...bad]) out.push(['warn', { [name]: value }]);
  }
  return out;
}

describe('config schema', () => {
  test('the checked-in schema is what the generator writes (run `npm run build:schema` after changing a rule)', () => {
    const onDisk = fs.readFileSync(path.join(__dirname, '..', CONFIG_SCHEMA_RELATIVE_PATH), 'utf8');
    expect(onDisk).toBe(configSchemaText(rules));
  });

  test('it lists every rule id, each with its options schema', () => {
    const ruleProps = ((schema.properties as Record<string, Record<string, unknown>>).rules.properties ?? {}) as Record<string, { oneOf: { items?: unknown[] }[] }>;
    expect(Object.keys(ruleProps)).toEqual(Object.keys(rules));
    for (const [id, entry] of Object.entries(ruleProps)) {
      expect(entry.oneOf[1].items?.[1]).toEqual(rules[id].meta.schema ?? { type: 'object', additionalProperties: false, properties: {} });
    }
  });

  test.each(Object.keys(rules))('%s: the schema and the validator accept the same rule entries', (id) => {
    const cases = entriesFor(id);
    let accepted = 0;
    for (const entry of cases) {
      for (const config of [{ rules: { [id]: entry } }, { workspaces: { 'packages/*': { rules: { [id]: entry } } } }]) {
        const byValidator = validatorAccepts(config);
        expect({ config, schema: schemaAccepts(config) }).toEqual({ config, schema: byValidator });
        if (byValidator) accepted++;
      }
    }
    // Both verdicts occur: the comparison is not vacuous.
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(cases.length * 2);
  });

  test('an unknown rule id is refused by both', () => {
    for (const config of [{ rules: { 'cloud-resal': 'error' } }, { rules: { 'no-such-rule': ['warn', {}] } }]) {
      expect(validatorAccepts(config)).toBe(false);
      expect(schemaAccepts(config)).toBe(false);
    }
  });

  test("the README's example config is valid for both", () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const example = /## Configuration[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)![1];
    const config = JSON.parse(example) as unknown;
    expect(validateConfig(config)).toEqual([]);
    expect(schemaAccepts(config)).toBe(true);
  });
});
