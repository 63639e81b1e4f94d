// Drivers differ: pg hands bigint and numeric as strings, PGlite as numbers; timestamptz as Date either way.
export function iso(value: unknown): string;
export function iso(value: unknown, nullable: true): string | null;
export function iso(value: unknown, _nullable?: true): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

export function num(value: unknown): number;
export function num(value: unknown, nullable: true): number | null;
export function num(value: unknown, _nullable?: true): number | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'number' ? value : Number(value);
}

/** Days, rounded to 0.1. */
export function days(value: unknown): number | null {
  const n = num(value, true);
  return n === null ? null : Math.round(n * 10) / 10;
}

/** For ILIKE: the text taken literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
