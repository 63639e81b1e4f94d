import fc from 'fast-check';
import type { OpenAPIObject } from '@nestjs/swagger';
import { BAD_DATES, BAD_INSTANTS, BAD_NUMBERS, hostileValue, INJECTION_STRINGS, NUMBER_LIKE_STRINGS, POLLUTING_KEYS, withOwnKey } from './r3-hostile';

// From the OpenAPI document to fast-check: valid-looking values for a schema, then the same values mutated
// the ways clients get them wrong. Only the keywords the document uses are understood.

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  oneOf?: Schema[];
  allOf?: Schema[];
}

/** Values worth mixing in by property or parameter name, so some requests reach the domain (known ids, the signer's password). */
export type Hints = Record<string, readonly unknown[]>;

const DAY = 86_400_000;

export class SchemaArbitraries {
  constructor(
    private readonly document: OpenAPIObject,
    private readonly hints: Hints = {},
    /** Names whose valid values come only from here (e.g. read positions the store has reached). */
    private readonly fixed: Record<string, fc.Arbitrary<unknown>> = {},
  ) {}

  resolve(schema: Schema): Schema {
    let s = schema;
    for (let hops = 0; s.$ref; hops++) {
      if (hops > 20) throw new Error(`$ref cycle at ${schema.$ref}`);
      const name = s.$ref.replace('#/components/schemas/', '');
      const target = this.document.components?.schemas?.[name] as Schema | undefined;
      if (!target) throw new Error(`Unresolvable $ref ${s.$ref}`);
      s = target;
    }
    if (s.allOf) return s.allOf.map((part) => this.resolve(part)).reduce((a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b.properties }, required: [...(a.required ?? []), ...(b.required ?? [])] }), {});
    return s;
  }

  /** A value the schema allows (mostly; e.g. ids rarely name real records unless hinted). */
  valid(raw: Schema, name?: string, depth = 0): fc.Arbitrary<unknown> {
    if (name && this.fixed[name]) return this.fixed[name];
    const schema = this.resolve(raw);
    const base = this.validOfType(schema, depth);
    const hinted = name && this.hints[name] ? [fc.constantFrom(...this.hints[name])] : [];
    const example = schema.example !== undefined ? [fc.constant(schema.example)] : [];
    const nullable = schema.nullable ? [fc.constant(null)] : [];
    return hinted.length ? fc.oneof({ arbitrary: hinted[0], weight: 3 }, base, ...example, ...nullable) : fc.oneof(base, ...example, ...nullable);
  }

  private validOfType(schema: Schema, depth: number): fc.Arbitrary<unknown> {
    if (schema.oneOf) return fc.oneof(...schema.oneOf.map((s) => this.valid(s, undefined, depth + 1)));
    if (schema.enum) return fc.constantFrom(...schema.enum);
    switch (schema.type) {
      case 'string':
        return this.validString(schema);
      case 'integer':
        return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 10_000 });
      case 'number':
        return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 10_000 });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(this.valid(schema.items ?? {}, undefined, depth + 1), { minLength: 1, maxLength: Math.min(schema.maxItems ?? 3, 3) });
      case 'object':
      case undefined:
        return this.validObject(schema, depth);
      default:
        throw new Error(`Schema type ${schema.type} not understood`);
    }
  }

  private validString(schema: Schema): fc.Arbitrary<string> {
    switch (schema.format) {
      case 'uuid':
        return fc.uuid();
      case 'date':
        // Real days in the past five years.
        return fc.integer({ min: 1, max: 5 * 365 }).map((days) => new Date(Date.now() - days * DAY).toISOString().slice(0, 10));
      case 'date-time':
        return fc.integer({ min: 0, max: 5 * 365 * 24 }).map((hours) => new Date(Date.now() - hours * 3_600_000).toISOString());
      default: {
        const max = Math.min(schema.maxLength ?? 60, 60);
        const min = Math.max(schema.minLength ?? 1, 1);
        return fc.oneof(
          fc.string({ minLength: min, maxLength: Math.max(min, max) }).filter((s) => s.trim().length > 0),
          fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.max(min, max) }).filter((s) => s.trim().length > 0),
          ...(min <= 60 ? [fc.constantFrom(...INJECTION_STRINGS.filter((s) => s.length >= min && s.length <= (schema.maxLength ?? Infinity)))] : []),
        );
      }
    }
  }

  private validObject(schema: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
    const properties = schema.properties ?? {};
    const model = Object.fromEntries(Object.entries(properties).map(([key, s]) => [key, this.valid(s, key, depth + 1)]));
    return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in properties) }) as fc.Arbitrary<Record<string, unknown>>;
  }

  /** A value the schema refuses for its type: unknown enum values, wrong types, bad dates, too long, out of range. */
  invalid(raw: Schema): fc.Arbitrary<unknown> {
    const schema = this.resolve(raw);
    const specific: fc.Arbitrary<unknown>[] = [];
    if (schema.enum) {
      const first = String(schema.enum[0]);
      specific.push(fc.constantFrom(`${first} `, first.toUpperCase() === first ? first.toLowerCase() : first.toUpperCase(), 'unknown_value', '__proto__', ''));
    }
    if (schema.type === 'string' && schema.format === 'date') specific.push(fc.constantFrom(...BAD_DATES), fc.integer({ min: 400, max: 3000 }).map((d) => new Date(Date.now() + d * DAY).toISOString().slice(0, 10)));
    if (schema.type === 'string' && schema.format === 'date-time') specific.push(fc.constantFrom(...BAD_INSTANTS));
    if (schema.type === 'string' && schema.format === 'uuid') specific.push(fc.constantFrom('not-a-uuid', '00000000-0000-0000-0000-00000000000g', `${'a'.repeat(8)}-${'a'.repeat(4)}`));
    if (schema.type === 'string' && schema.maxLength !== undefined) specific.push(fc.constant('y'.repeat(schema.maxLength + 1)));
    if (schema.type === 'string' && schema.minLength !== undefined) specific.push(fc.constant('y'.repeat(Math.max(0, schema.minLength - 1))));
    if (schema.type === 'integer' || schema.type === 'number') {
      specific.push(fc.constantFrom(...BAD_NUMBERS), fc.constantFrom(...NUMBER_LIKE_STRINGS));
      if (schema.minimum !== undefined) specific.push(fc.constant(schema.minimum - 1));
      if (schema.maximum !== undefined) specific.push(fc.constant(schema.maximum + 1));
    }
    if (schema.type === 'boolean') specific.push(fc.constantFrom('true', 1, 0, 'yes'));
    if (schema.type === 'array') specific.push(fc.constantFrom({}, 'a', [[]]), fc.constant(Array.from({ length: (schema.maxItems ?? 50) + 1 }, () => 'x')));
    return specific.length ? fc.oneof({ arbitrary: fc.oneof(...specific), weight: 2 }, hostileValue) : hostileValue;
  }

  /** A JSON body: valid, or valid with one to three mutations, or not an object at all. */
  body(raw: Schema): fc.Arbitrary<unknown> {
    const schema = this.resolve(raw);
    const valid = this.valid(schema) as fc.Arbitrary<Record<string, unknown>>;
    const mutated = fc
      .tuple(valid, fc.array(this.mutation(schema), { minLength: 1, maxLength: 3 }))
      .map(([body, mutations]) => mutations.reduce<unknown>((b, m) => m(b), body));
    return fc.oneof({ arbitrary: valid, weight: 1 }, { arbitrary: mutated, weight: 4 }, { arbitrary: hostileValue, weight: 1 });
  }

  /** One change to a body: a field set to a refused or hostile value, a required field removed, an unknown field added. */
  private mutation(schema: Schema): fc.Arbitrary<(body: unknown) => unknown> {
    const fields = this.fieldPaths(schema);
    const set = fields.length
      ? fc.constantFrom(...fields).chain(({ path, schema: s }) => fc.oneof(this.invalid(s), hostileValue).map((value) => (b: unknown) => setAt(b, path, value)))
      : fc.constant((b: unknown) => b);
    const required = fields.filter((f) => f.required);
    const remove = required.length ? fc.constantFrom(...required).map(({ path }) => (b: unknown) => setAt(b, path, undefined)) : set;
    const objectPaths = [[], ...fields.filter((f) => this.resolve(f.schema).properties).map((f) => f.path)];
    const add = fc
      .tuple(fc.constantFrom(...objectPaths), fc.oneof(fc.constantFrom(...POLLUTING_KEYS, 'colour', '$where', 'isAdmin', 'actor'), fc.string({ minLength: 1, maxLength: 12 })), hostileValue)
      .map(([path, key, value]) => (b: unknown) => addAt(b, path, key, value));
    return fc.oneof(set, remove, add);
  }

  /** Every property path in an object schema, nested objects and the first array item included. */
  private fieldPaths(schema: Schema, prefix: (string | number)[] = [], depth = 0): { path: (string | number)[]; schema: Schema; required: boolean }[] {
    if (depth > 4) return [];
    const s = this.resolve(schema);
    return Object.entries(s.properties ?? {}).flatMap(([key, child]) => {
      const path = [...prefix, key];
      const resolved = this.resolve(child);
      const own = { path, schema: child, required: (s.required ?? []).includes(key) };
      const inner = resolved.properties
        ? this.fieldPaths(resolved, path, depth + 1)
        : resolved.type === 'array' && resolved.items
          ? this.fieldPaths(resolved.items, [...path, 0], depth + 1)
          : [];
      return [own, ...inner];
    });
  }
}

/** A copy of `body` with the value at `path` replaced (undefined: removed); paths through missing parts are ignored. */
function setAt(body: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(body)) {
    if (typeof head !== 'number' || head >= body.length) return body;
    const copy = [...body];
    copy[head] = setAt(body[head], rest, value);
    return copy;
  }
  if (!body || typeof body !== 'object') return body;
  const copy = { ...(body as Record<string, unknown>) };
  if (rest.length && !(String(head) in copy)) return body;
  const next = rest.length ? setAt(copy[head], rest, value) : value;
  if (next === undefined) delete copy[head];
  else copy[head] = next;
  return copy;
}

function addAt(body: unknown, path: (string | number)[], key: string, value: unknown): unknown {
  const parent = path.reduce<unknown>((node, k) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined), body);
  if (!parent || typeof parent !== 'object' || Array.isArray(parent)) return body;
  return setAt(body, path, withOwnKey({ ...(parent as Record<string, unknown>) }, key, value));
}
