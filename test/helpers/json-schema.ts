/**
 * A small JSON Schema (draft-04) validator, enough for the SARIF 2.1.0 schema:
 * type, $ref to #/definitions, properties, required, additionalProperties,
 * items, minItems, uniqueItems, enum, minimum, maximum, pattern, anyOf, oneOf,
 * and the formats uri, uri-reference and date-time. It returns every error
 * with its path, so a test failure says what is wrong.
 */
type Schema = Record<string, any>;

const TYPE_OF: Record<string, (v: unknown) => boolean> = {
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  array: Array.isArray,
  string: (v) => typeof v === 'string',
  integer: (v) => Number.isInteger(v),
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  boolean: (v) => typeof v === 'boolean',
  null: (v) => v === null,
};

const FORMATS: Record<string, (s: string) => boolean> = {
  uri: (s) => /^[a-z][a-z0-9+.-]*:/i.test(s),
  'uri-reference': (s) => !/[\s\\]/.test(s),
  'date-time': (s) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d{2}-\d{2}T/.test(s),
};

export function validate(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  const resolve = (ref: string): Schema => {
    if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref}`);
    return ref.slice(2).split('/').reduce((node: Schema, key) => node[key], root);
  };
  const check = (schema: Schema, v: unknown, path: string): boolean => {
    const before = errors.length;
    if (schema.$ref) return check(resolve(schema.$ref), v, path);
    const fail = (message: string) => errors.push(`${path || '/'}: ${message}`);
    if (schema.type) {
      const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
      if (!types.some((t) => TYPE_OF[t](v))) {
        fail(`expected ${types.join('|')}`);
        return false;
      }
    }
    if (schema.enum && !schema.enum.some((e: unknown) => JSON.stringify(e) === JSON.stringify(v))) fail(`not one of ${JSON.stringify(schema.enum)}`);
    if (typeof v === 'number') {
      if (schema.minimum !== undefined && v < schema.minimum) fail(`below ${schema.minimum}`);
      if (schema.maximum !== undefined && v > schema.maximum) fail(`above ${schema.maximum}`);
    }
    if (typeof v === 'string') {
      if (schema.pattern && !new RegExp(schema.pattern, 'u').test(v)) fail(`does not match ${schema.pattern}`);
      if (schema.format && FORMATS[schema.format] && !FORMATS[schema.format](v)) fail(`not a ${schema.format}`);
    }
    if (Array.isArray(v)) {
      if (schema.minItems !== undefined && v.length < schema.minItems) fail(`fewer than ${schema.minItems} items`);
      if (schema.uniqueItems && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) fail('items are not unique');
      if (schema.items) v.forEach((item, i) => check(schema.items, item, `${path}/${i}`));
    }
    if (TYPE_OF.object(v)) {
      const obj = v as Record<string, unknown>;
      for (const key of schema.required ?? []) if (!(key in obj)) fail(`missing ${key}`);
      for (const [key, child] of Object.entries(obj)) {
        if (schema.properties?.[key]) check(schema.properties[key], child, `${path}/${key}`);
        else if (schema.additionalProperties === false) fail(`unknown property ${key}`);
        else if (typeof schema.additionalProperties === 'object') check(schema.additionalProperties, child, `${path}/${key}`);
      }
    }
    const branchOk = (s: Schema) => {
      const saved = errors.length;
      const ok = check(s, v, path);
      errors.length = saved;
      return ok;
    };
    if (schema.anyOf && !schema.anyOf.some(branchOk)) fail('matches none of anyOf');
    if (schema.oneOf && schema.oneOf.filter(branchOk).length !== 1) fail('does not match exactly one of oneOf');
    return errors.length === before;
  };
  check(root, value, '');
  return errors;
}
