/**
 * A small validator for the subset of JSON Schema the rules' option schemas use: type, enum,
 * properties, additionalProperties, required, items, minimum, maximum, minItems, minLength.
 * Problems are reported with a key path like `rules.cloud-resale[1].allow[0]`.
 */
export type Schema = Record<string, unknown>;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: string, actual: string): boolean {
  return expected === actual || (expected === 'number' && actual === 'integer');
}

function join(path: string, key: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

export function validateAgainstSchema(value: unknown, schema: Schema | undefined, path: string): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const problems: string[] = [];
  const actual = typeOf(value);
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  if (types.length && !types.some((t) => typeMatches(t, actual))) {
    return [`${path} must be ${types.join(' or ')}, got ${actual === 'null' ? 'null' : `${actual} ${JSON.stringify(value)}`}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value)) {
    problems.push(`${path} must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}, got ${JSON.stringify(value)}`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) problems.push(`${path} must be >= ${schema.minimum}, got ${value}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) problems.push(`${path} must be <= ${schema.maximum}, got ${value}`);
  }
  if (typeof value === 'string' && typeof schema.minLength === 'number' && value.length < schema.minLength) {
    problems.push(`${path} must be at least ${schema.minLength} character(s) long`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) problems.push(`${path} must have at least ${schema.minItems} item(s)`);
    if (schema.items && typeof schema.items === 'object') {
      value.forEach((item, i) => problems.push(...validateAgainstSchema(item, schema.items as Schema, `${path}[${i}]`)));
    }
  }
  if (actual === 'object') {
    const obj = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of Array.isArray(schema.required) ? (schema.required as string[]) : []) {
      if (!(key in obj)) problems.push(`${join(path, key)} is required`);
    }
    for (const key of Object.keys(obj).sort()) {
      if (props[key]) problems.push(...validateAgainstSchema(obj[key], props[key], join(path, key)));
      else if (schema.additionalProperties === false) {
        const known = Object.keys(props).sort();
        problems.push(`${join(path, key)} is not a known option${known.length ? ` (expected ${known.join(', ')})` : ' (this rule takes no options)'}`);
      } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        problems.push(...validateAgainstSchema(obj[key], schema.additionalProperties as Schema, join(path, key)));
      }
    }
  }
  return problems;
}
