import type { ProjectionMemo } from '@app/event-store';
import { execute, SqlExecutor } from '@app/platform';

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
  await execute(
    tx,
    `INSERT INTO ${table} (${columns.join(', ')})
     SELECT ${columns.join(', ')} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)
     ON CONFLICT (${key.join(', ')}) DO ${onConflict === 'update' && update.length > 0 ? `UPDATE SET ${update.join(', ')}` : 'NOTHING'}`,
    [JSON.stringify(rows)],
  );
}

/**
 * Rows new to `table`, appended: in a rebuild's fresh tables, where no row with their keys exists yet. The server
 * takes them by `COPY … FROM STDIN` in text format (no JSON to parse, no conflict to look for: the rows are
 * encoded as `writeRows` would have PostgreSQL read them from JSON); PGlite, which has no COPY from the client,
 * writes them with `writeChunks` and `onConflict`, as before. Every row must carry the same columns.
 */
export async function appendRows(tx: SqlExecutor, table: string, key: readonly string[], rows: readonly Row[], onConflict: 'update' | 'nothing' = 'update'): Promise<void> {
  if (rows.length === 0) return;
  if (!tx.copyIn) return writeChunks(tx, table, key, rows, onConflict);
  const columns = Object.keys(rows[0]);
  const kinds = await columnKinds(tx, table, columns);
  const fields: string[] = new Array<string>(columns.length);
  for (let i = 0; i < rows.length; i += COPY_CHUNK) {
    // Lines joined once: a string grown field by field is a deep rope that Buffer.from must flatten, slowly.
    const lines: string[] = [];
    for (let r = i; r < Math.min(rows.length, i + COPY_CHUNK); r++) {
      const row = rows[r];
      for (let c = 0; c < columns.length; c++) fields[c] = copyField(row[columns[c]], kinds[c]);
      lines.push(fields.join('\t'));
    }
    lines.push('');
    await tx.copyIn(`COPY ${table} (${columns.join(', ')}) FROM STDIN`, Buffer.from(lines.join('\n'), 'utf8'));
  }
}

// Rows per COPY statement (a flush may append tens of thousands).
const COPY_CHUNK = 10_000;

type ColumnKind = 'json' | 'array' | 'plain';

// How each column's value is spelled: jsonb as JSON, arrays as array literals, the rest as text. The table is named
// unqualified, so a rebuild's search_path finds its fresh copy. The column types of every table the search path shows
// are read once per executor, at its first COPY: a rebuild's pipelined executor writes page after page without
// waiting, and a read would wait for every write queued before it (its kept rows' first COPY comes at the end).
async function columnKinds(tx: SqlExecutor, table: string, columns: readonly string[]): Promise<ColumnKind[]> {
  let known = KNOWN_TYPES.get(tx);
  if (!known) KNOWN_TYPES.set(tx, (known = await visibleColumnTypes(tx)));
  // A table made since (or spelled with its schema) is read alone.
  const types = known.get(table) ?? (await visibleColumnTypes(tx, table)).get(table);
  if (types) known.set(table, types);
  return columns.map((c) => {
    const type = types?.get(c);
    if (type === undefined) throw new Error(`${table} has no column ${c}`);
    return type === 'jsonb' || type === 'json' ? 'json' : type.endsWith('[]') ? 'array' : 'plain';
  });
}

const KNOWN_TYPES = new WeakMap<SqlExecutor, Map<string, Map<string, string>>>();

// Column types by table name: of `table` alone, or of every table the search path shows (the first of a name).
async function visibleColumnTypes(tx: SqlExecutor, table?: string): Promise<Map<string, Map<string, string>>> {
  const { rows } = await tx.query<{ table: string; name: string; type: string }>(
    `SELECT $1::text AS table, attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
      WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped AND $1 IS NOT NULL
     UNION ALL
     SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
      WHERE $1 IS NULL AND c.relkind IN ('r', 'p') AND pg_table_is_visible(c.oid) AND a.attnum > 0 AND NOT a.attisdropped`,
    [table ?? null],
  );
  const out = new Map<string, Map<string, string>>();
  for (const r of rows) {
    let columns = out.get(r.table);
    if (!columns) out.set(r.table, (columns = new Map()));
    columns.set(r.name, r.type);
  }
  return out;
}

function copyField(value: unknown, kind: ColumnKind): string {
  if (value === null || value === undefined) return '\\N';
  let text: string;
  if (kind === 'json') text = JSON.stringify(value);
  else if (kind === 'array') text = arrayLiteral(value as readonly unknown[]);
  else if (typeof value === 'string') text = value;
  else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return COPY_SPECIAL_ANY.test(text) ? text.replace(COPY_SPECIAL, escapeCopy) : text;
}

function arrayLiteral(values: readonly unknown[]): string {
  const items = values.map((v) => (v === null || v === undefined ? 'NULL' : `"${(typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v)).replace(ARRAY_SPECIAL, '\\$&')}"`));
  return `{${items.join(',')}}`;
}

const ARRAY_SPECIAL = /["\\]/g;
const COPY_SPECIAL = /[\\\t\n\r]/g;
const COPY_SPECIAL_ANY = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escapeCopy = (c: string) => COPY_ESCAPES[c];

/**
 * The later of two ISO instants (either may be null). Two canonical instants (`isCanonicalInstant`: what
 * `toISOString` writes, the store's and the read models' own spelling) compare as strings, which orders them as
 * `Date.parse` does, without parsing two dates per event; any other spelling is parsed (row-batch.spec.ts).
 */
export function laterOf(a: unknown, b: string): string {
  if (typeof a !== 'string') return b;
  if (isCanonicalInstant(a) && isCanonicalInstant(b)) return a > b ? a : b;
  return Date.parse(a) > Date.parse(b) ? a : b;
}

/**
 * `YYYY-MM-DDTHH:mm:ss.sssZ` naming a real instant (year 0000-9999, the month's own days, hours 00-23): one spelling
 * per instant, so string order is time order. `Date.parse` also reads e.g. 04-31 or 24:00 (rolled over to the next
 * day), which would not sort as their instants do: those are not canonical.
 */
export function isCanonicalInstant(s: string): boolean {
  if (s.length !== 24) return false;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58) return false;
  if (s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46 || s.charCodeAt(23) !== 90) return false;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  if (day > (month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : DAYS_IN_MONTH[month])) return false;
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && digits(s, 20, 3) >= 0;
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// The decimal number of s[from, from + count), or -1 if any of those is not a digit.
function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * How a kept table reads the rows of some keys, and writes rows (each with its key). `append`: none of these keys has
 * a row in the table yet (nor anything the write replaces), so the rows may be appended (appendRows) rather than upserted.
 */
export interface RowIo<T> {
  read(tx: SqlExecutor, ids: readonly string[]): Promise<Map<string, T>>;
  write(tx: SqlExecutor, rows: ReadonlyMap<string, T>, append: boolean): Promise<void>;
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
  // From empty tables (a rebuild): the keys that have a row in the table (written by this, or read back); the others'
  // rows are appended. Null live, where every write is an upsert.
  private readonly stored: Set<string> | null;

  constructor(
    private readonly io: RowIo<T>,
    private complete: boolean,
    private readonly limit = KEPT_LIMIT,
  ) {
    this.stored = complete ? new Set() : null;
  }

  /** The rows of `ids` that exist (the kept objects themselves: change them, then `set`). */
  async load(tx: SqlExecutor, ids: Iterable<string>): Promise<Map<string, T>> {
    if (this.complete) {
      // From empty tables, every row there is is kept here: no read, no list of misses.
      const out = new Map<string, T>();
      for (const id of ids) {
        if (out.has(id)) continue;
        const row = this.rows.get(id);
        if (row != null) out.set(id, row);
      }
      return out;
    }
    const wanted = [...new Set(ids)];
    const missing = wanted.filter((id) => !this.rows.has(id));
    if (missing.length > 0) {
      const read = await this.io.read(tx, missing);
      for (const id of missing) {
        const row = read.get(id) ?? null;
        this.rows.set(id, row);
        if (row !== null) this.stored?.add(id);
      }
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
    const appended = new Map<string, T>();
    for (const id of this.dirty) (this.stored && !this.stored.has(id) ? appended : rows).set(id, this.rows.get(id) as T);
    this.dirty.clear();
    if (rows.size > 0) await this.io.write(tx, rows, false);
    if (appended.size > 0) {
      await this.io.write(tx, appended, true);
      for (const id of appended.keys()) this.stored?.add(id);
    }
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
    write: (tx, rows, append) => (append ? appendRows : writeChunks)(tx, table, [key], [...rows.values()]),
  };
}

// One statement per chunk: a rebuild's flush may write tens of thousands of rows.
const WRITE_CHUNK = 2_000;

export async function writeChunks(tx: SqlExecutor, table: string, key: readonly string[], rows: readonly Row[], onConflict: 'update' | 'nothing' = 'update'): Promise<void> {
  for (let i = 0; i < rows.length; i += WRITE_CHUNK) await writeRows(tx, table, key, rows.slice(i, i + WRITE_CHUNK), onConflict);
}
