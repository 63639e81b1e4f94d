import type { ProjectionMemo } from '@app/event-store';
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

/** How a kept table reads the rows of some keys, and writes rows (each with its key). */
export interface RowIo<T> {
  read(tx: SqlExecutor, ids: readonly string[]): Promise<Map<string, T>>;
  write(tx: SqlExecutor, rows: ReadonlyMap<string, T>): Promise<void>;
}

// Rows a rebuild keeps unwritten per table before it writes them out and starts reading misses from the table.
const KEPT_LIMIT = 50_000;

/**
 * A table's rows folded in memory and written once: for one batch (live), or across every page of a rebuild (kept
 * in the projection's memo), so a project's row is neither read back nor rewritten per page. A rebuild starts from
 * empty tables, so a key it has not kept has no row, until the kept rows outgrow the limit: they are written out and
 * forgotten, and from then on a key not kept is read from the table.
 */
export class KeptRows<T> {
  private readonly rows = new Map<string, T | null>();
  private readonly dirty = new Set<string>();

  constructor(
    private readonly io: RowIo<T>,
    private complete: boolean,
    private readonly limit = KEPT_LIMIT,
  ) {}

  /** The rows of `ids` that exist (the kept objects themselves: change them, then `set`). */
  async load(tx: SqlExecutor, ids: Iterable<string>): Promise<Map<string, T>> {
    const wanted = [...new Set(ids)];
    const missing = wanted.filter((id) => !this.rows.has(id));
    if (missing.length > 0 && !this.complete) {
      const read = await this.io.read(tx, missing);
      for (const id of missing) this.rows.set(id, read.get(id) ?? null);
    }
    const out = new Map<string, T>();
    for (const id of wanted) {
      const row = this.rows.get(id);
      if (row != null) out.set(id, row);
    }
    return out;
  }

  set(id: string, row: T): void {
    this.rows.set(id, row);
    this.dirty.add(id);
  }

  /** Writes the rows changed since the last write. */
  async flush(tx: SqlExecutor): Promise<void> {
    if (this.dirty.size === 0) return;
    const rows = new Map<string, T>();
    for (const id of this.dirty) rows.set(id, this.rows.get(id) as T);
    this.dirty.clear();
    await this.io.write(tx, rows);
  }

  /** End of a batch: live, the rows are written now; in a rebuild, only once too many are kept. */
  async endBatch(tx: SqlExecutor, kept: boolean): Promise<void> {
    if (kept && this.rows.size < this.limit) return;
    await this.flush(tx);
    if (kept) {
      this.rows.clear();
      this.complete = false;
    }
  }
}

/** The table's kept rows: the rebuild's (in its memo, from empty tables) or this batch's own. */
export function keptRows<T>(memo: ProjectionMemo | undefined, table: string, io: RowIo<T>): KeptRows<T> {
  if (!memo) return new KeptRows(io, false, Infinity);
  let kept = memo.get(table) as KeptRows<T> | undefined;
  if (!kept) memo.set(table, (kept = new KeptRows(io, true)));
  return kept;
}

/** Writes every table's kept rows in the memo (a projection's flush). */
export async function flushKept(tx: SqlExecutor, memo: ProjectionMemo): Promise<void> {
  for (const kept of memo.values()) if (kept instanceof KeptRows) await kept.flush(tx);
}

/** Rows of a table keyed by one column, read and written as they are (loadRows / writeRows in chunks). */
export function plainRowIo(table: string, key: string, keyType: string): RowIo<Row> {
  return {
    read: (tx, ids) => loadRows(tx, table, key, keyType, ids),
    write: (tx, rows) => writeChunks(tx, table, [key], [...rows.values()]),
  };
}

// One statement per chunk: a rebuild's flush may write tens of thousands of rows.
const WRITE_CHUNK = 2_000;

export async function writeChunks(tx: SqlExecutor, table: string, key: readonly string[], rows: readonly Row[], onConflict: 'update' | 'nothing' = 'update'): Promise<void> {
  for (let i = 0; i < rows.length; i += WRITE_CHUNK) await writeRows(tx, table, key, rows.slice(i, i + WRITE_CHUNK), onConflict);
}
