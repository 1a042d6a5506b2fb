/**
 * @module schema-sample
 * A minimal value satisfying a JSON Schema, for `response_format: json_schema` and forced tool calls.
 *
 * Objects get only their required properties; strings are "" (or "x" repeated to minLength, or a
 * sample for date-time, date, time, email, uri, uuid formats); numbers and integers are 0 clamped to
 * minimum/maximum; booleans false; arrays hold minItems items; null null. `const` and the first
 * `enum` value win; anyOf/oneOf take the first branch; allOf merges; local `$ref`s are followed.
 */

type Schema = Record<string, unknown>;

const FORMATS: Record<string, string> = {
  'date-time': '1970-01-01T00:00:00Z',
  date: '1970-01-01',
  time: '00:00:00',
  email: 'user@example.com',
  uri: 'https://example.com',
  uuid: '00000000-0000-0000-0000-000000000000',
};

const MAX_DEPTH = 12;

function isSchema(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function resolveRef(ref: string, root: Schema): Schema {
  if (!ref.startsWith('#/')) return {};
  let node: unknown = root;
  for (const key of ref.slice(2).split('/')) {
    node = isSchema(node) ? node[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return isSchema(node) ? node : {};
}

function sampleNumber(s: Schema, integer: boolean): number {
  let v = 0;
  if (typeof s.minimum === 'number' && v < s.minimum) v = s.minimum;
  if (typeof s.exclusiveMinimum === 'number' && v <= s.exclusiveMinimum) v = s.exclusiveMinimum + 1;
  if (typeof s.maximum === 'number' && v > s.maximum) v = s.maximum;
  if (typeof s.exclusiveMaximum === 'number' && v >= s.exclusiveMaximum) v = s.exclusiveMaximum - 1;
  return integer ? Math.ceil(v) : v;
}

function sampleString(s: Schema): string {
  if (typeof s.format === 'string' && FORMATS[s.format]) return FORMATS[s.format];
  return typeof s.minLength === 'number' && s.minLength > 0 ? 'x'.repeat(s.minLength) : '';
}

function pickType(s: Schema): string | undefined {
  if (typeof s.type === 'string') return s.type;
  if (Array.isArray(s.type)) return (s.type.find((t) => t !== 'null') ?? s.type[0]) as string | undefined;
  if (isSchema(s.properties)) return 'object';
  if (s.items !== undefined) return 'array';
  return undefined;
}

function sample(s: Schema, root: Schema, depth: number): unknown {
  if (depth > MAX_DEPTH) return null;
  if (typeof s.$ref === 'string') return sample(resolveRef(s.$ref, root), root, depth + 1);
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = s[key];
    if (Array.isArray(branches) && branches.length > 0 && isSchema(branches[0])) return sample(branches[0], root, depth + 1);
  }
  if (Array.isArray(s.allOf)) {
    const merged: Schema = { ...s, allOf: undefined, properties: {}, required: [] };
    for (const part of s.allOf.filter(isSchema)) {
      const p = typeof part.$ref === 'string' ? resolveRef(part.$ref, root) : part;
      Object.assign(merged.properties as Schema, p.properties ?? {});
      (merged.required as unknown[]).push(...(Array.isArray(p.required) ? p.required : []));
      if (p.type && !merged.type) merged.type = p.type;
    }
    Object.assign(merged.properties as Schema, s.properties ?? {});
    (merged.required as unknown[]).push(...(Array.isArray(s.required) ? s.required : []));
    delete merged.allOf;
    return sample(merged, root, depth + 1);
  }
  switch (pickType(s)) {
    case 'object': {
      const props = isSchema(s.properties) ? s.properties : {};
      const out: Record<string, unknown> = {};
      for (const name of Array.isArray(s.required) ? s.required : []) {
        if (typeof name !== 'string') continue;
        const ps = props[name];
        out[name] = sample(isSchema(ps) ? ps : {}, root, depth + 1);
      }
      return out;
    }
    case 'array': {
      const n = typeof s.minItems === 'number' ? s.minItems : 0;
      const items = isSchema(s.items) ? s.items : {};
      return Array.from({ length: n }, () => sample(items, root, depth + 1));
    }
    case 'string':
      return sampleString(s);
    case 'integer':
      return sampleNumber(s, true);
    case 'number':
      return sampleNumber(s, false);
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return null;
  }
}

/** A minimal value that satisfies `schema` (see module notes for the rules). */
export function sampleFromSchema(schema: unknown): unknown {
  if (!isSchema(schema)) return {};
  return sample(schema, schema, 0);
}
