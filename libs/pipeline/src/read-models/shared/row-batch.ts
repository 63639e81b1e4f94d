import type { SqlExecutor } from '@app/platform';

export type Row = Record<string, unknown>;

/**
 * The rows of `table` whose `key` is one of `ids`, by key. Projections fold a whole batch into these in
 * memory and write each row once (`writeRows`), instead of one statement per event. Timestamps come back as
 * ISO strings, so rows compare and serialise the same on pg and PGlite.
 */
export async function loadRows(tx: SqlExecutor, table: string, key: string, keyType: string, ids: Iterable<string>, where = 'true'): Promise<Map<string, Row>> {
  const list = [...new Set(ids)];
  const out = new Map<string, Row>();
  if (list.length === 0) return out;
  const { rows } = await tx.query<Row>(`SELECT * FROM ${table} WHERE ${key} = ANY($1::${keyType}[]) AND (${where})`, [list]);
  for (const row of rows) {
    for (const [column, value] of Object.entries(row)) if (value instanceof Date) row[column] = value.toISOString();
    out.set(String(row[key]), row);
  }
  return out;
}

/**
 * One statement for many rows: a JSON array turned into `table`'s row type (unqualified, so a rebuild's
 * search_path picks the fresh copy). Existing rows with the same key are replaced by 'update' and kept by
 * 'nothing'. Every row must carry the same columns, and no key twice.
 */
export async function writeRows(tx: SqlExecutor, table: string, key: readonly string[], rows: readonly Row[], onConflict: 'update' | 'nothing' = 'update'): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const update = columns.filter((c) => !key.includes(c)).map((c) => `${c} = EXCLUDED.${c}`);
  await tx.query(
    `INSERT INTO ${table} (${columns.join(', ')})
     SELECT ${columns.join(', ')} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)
     ON CONFLICT (${key.join(', ')}) DO ${onConflict === 'update' && update.length > 0 ? `UPDATE SET ${update.join(', ')}` : 'NOTHING'}`,
    [JSON.stringify(rows)],
  );
}

/** The later of two ISO instants (either may be null). */
export function laterOf(a: unknown, b: string): string {
  return typeof a === 'string' && Date.parse(a) > Date.parse(b) ? a : b;
}
