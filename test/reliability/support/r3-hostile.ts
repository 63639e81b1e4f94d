import fc from 'fast-check';

// Values a hostile or careless client sends. Shared by the fuzzer and the raw-HTTP and verbatim suites.

/** Text that must be stored and shown as text: SQL, markup, template syntax, bidi and zero-width characters. */
export const INJECTION_STRINGS = [
  "'); DROP TABLE events;--",
  "Robert'); DELETE FROM events WHERE ('1'='1",
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '{{7*7}}',
  '${7*7}',
  '\u202Egnp.exe\u202C invoice',
  'zero\u200Bwidth\u200Djoiner\uFEFF',
  '﷽ 🧬🩺 Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫ',
] as const;

/** Dates a date field must refuse: impossible, malformed, or far outside the record's range. */
export const BAD_DATES = [
  '2025-02-30',
  '2025-13-01',
  '2025-00-10',
  '99999-01-01',
  '+099999-01-01',
  '0000-01-01',
  '1899-12-31',
  '9999-12-31',
  '2025-1-5',
  '2025-01-01T00:00:00Z',
  '20250101',
  '',
] as const;

/** Instants a date-time field must refuse. */
export const BAD_INSTANTS = ['2025-01-01T25:00:00Z', '2025-02-30T00:00:00Z', '2025-01-01T00:00:00', '+275760-09-13T00:00:00Z', 'yesterday', '1e12'] as const;

/** Numbers JSON can carry that break naive arithmetic or storage. */
export const BAD_NUMBERS = [-1, -0, 0.5, 1.5, 1e308, -1e308, 2 ** 53 + 2, 2 ** 64, Number.MAX_VALUE, Number.MIN_VALUE] as const;

/** Strings that look like numbers, booleans or special values. */
export const NUMBER_LIKE_STRINGS = ['NaN', 'Infinity', '-Infinity', '1e309', '0x10', '18446744073709551616', '-0', 'true', 'null', ' 1 '] as const;

/** Property names that reach an object's prototype when code merges objects carelessly. */
export const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** A value nested `depth` levels deep in arrays or objects. */
export function nested(depth: number, kind: 'array' | 'object' = 'array'): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

/** An object with an own enumerable property named `key`, even for `__proto__` (JSON.stringify then writes it). */
export function withOwnKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  return target;
}

/** Any hostile JSON value: wrong types, huge or odd strings, numbers, dates, nesting. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...INJECTION_STRINGS),
  fc.constantFrom(...BAD_DATES),
  fc.constantFrom(...BAD_INSTANTS),
  fc.constantFrom(...BAD_NUMBERS),
  fc.constantFrom(...NUMBER_LIKE_STRINGS),
  fc.constantFrom<unknown>(null, true, false, 0, '', ' ', [], {}, [null], { $gt: '' }),
  fc.constant(null).map(() => withOwnKey({}, '__proto__', { polluted: true })),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 201, max: 20_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 2, max: 400 }).chain((d) => fc.constantFrom(nested(d, 'array'), nested(d, 'object'))),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);

/** Header values Node will send (visible latin-1), from plausible to absurd. */
export const headerText = fc.oneof(
  fc.constantFrom('', ' ', '"', '""', '*', "'; DROP TABLE events;--", '<script>', 'null', '-1', '"-1"', '"1.5"', '"99999999999999999999999"', '"NaN"', 'W/"0"', '"0", "1"'),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 }),
  fc.integer({ min: 200, max: 3000 }).map((n) => 'k'.repeat(n)),
);
