import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SqlDatabase, SqlExecutor } from '@app/platform';
import { verifyEventStore } from '../integrity';
import { EVENTS_FILE, EXPORT_FORMAT, EXPORT_FORMAT_VERSION, ExportManifest, MANIFEST_FILE, StreamHead } from './export-format';

export interface TransferProgress {
  phase: 'events' | 'read models' | 'chain check';
  done: number;
  /** Of this phase, when known. */
  total?: number;
}

export interface ExportOptions {
  /** Read-model tables to write as CSV, one file each. */
  readModelTables: readonly string[];
  onProgress?: (progress: TransferProgress) => void;
  now?: () => Date;
}

const PAGE = 5000;
const MICROS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

interface EventLineRow {
  global_position: string | number;
  line: string;
  stream_id: string;
  stream_revision: number;
  hash: string;
}

/**
 * Writes the whole record into `dir`: events.ndjson, one CSV per read-model table and manifest.json, all from one
 * read-only snapshot (REPEATABLE READ), so the files agree with each other while the API keeps writing. Memory
 * stays flat in the number of events (pages of 5,000; only each stream's last hash is kept, for the manifest).
 */
export async function exportStore(db: SqlDatabase, dir: string, options: ExportOptions): Promise<ExportManifest> {
  const now = options.now ?? (() => new Date());
  const progress = options.onProgress ?? (() => undefined);
  if (existsSync(join(dir, MANIFEST_FILE))) throw new Error(`${dir} already holds an export (${MANIFEST_FILE}); choose an empty folder`);
  await mkdir(dir, { recursive: true });
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const exportedAt = now().toISOString();
    const total = Number((await tx.query<{ n: string | number }>('SELECT count(*) AS n FROM events')).rows[0].n);

    const heads: Record<string, StreamHead> = Object.create(null) as Record<string, StreamHead>;
    const sink = new FileSink(join(dir, EVENTS_FILE));
    let count = 0;
    let after = 0;
    for (;;) {
      // The line is built in the database: data and metadata stay jsonb's own text (exact numbers, fixed key order).
      const { rows } = await tx.query<EventLineRow>(
        `SELECT global_position, stream_id, stream_revision, encode(hash, 'hex') AS hash,
                '{"globalPosition":' || global_position || ',"eventId":' || to_json(event_id::text) ||
                ',"streamId":' || to_json(stream_id) || ',"revision":' || stream_revision ||
                ',"type":' || to_json(type) || ',"schemaVersion":' || schema_version ||
                ',"actorId":' || coalesce(to_json(actor_id)::text, 'null') ||
                ',"reason":' || coalesce(to_json(reason)::text, 'null') ||
                ',"correlationId":' || coalesce(to_json(correlation_id)::text, 'null') ||
                ',"idempotencyKey":' || coalesce(to_json(idempotency_key)::text, 'null') ||
                ',"occurredAt":"' || to_char(occurred_at AT TIME ZONE 'UTC', ${MICROS}) ||
                '","recordedAt":"' || to_char(recorded_at AT TIME ZONE 'UTC', ${MICROS}) ||
                '","data":' || data::text || ',"metadata":' || metadata::text ||
                ',"prevHash":"' || encode(prev_hash, 'hex') || '","hash":"' || encode(hash, 'hex') || '"}' AS line
           FROM events WHERE global_position > $1 ORDER BY global_position LIMIT ${PAGE}`,
        [after],
      );
      if (rows.length === 0) break;
      let chunk = '';
      for (const row of rows) {
        chunk += row.line + '\n';
        heads[row.stream_id] = { revision: Number(row.stream_revision), hash: row.hash };
      }
      await sink.write(chunk);
      count += rows.length;
      after = Number(rows[rows.length - 1].global_position);
      progress({ phase: 'events', done: count, total });
      if (rows.length < PAGE) break;
    }
    const eventsSha256 = await sink.close();

    const readModels: ExportManifest['readModels'] = [];
    for (const table of options.readModelTables) {
      readModels.push(await exportTable(tx, table, dir));
      progress({ phase: 'read models', done: readModels.length, total: options.readModelTables.length });
    }

    progress({ phase: 'chain check', done: 0 });
    const check = await verifyEventStore(tx, now);
    const manifest: ExportManifest = {
      format: EXPORT_FORMAT,
      formatVersion: EXPORT_FORMAT_VERSION,
      exportedAt,
      source: { engine: db.engine },
      events: { file: EVENTS_FILE, count, lastGlobalPosition: after, sha256: eventsSha256 },
      streams: { count: Object.keys(heads).length, heads },
      chainCheck: { ok: check.ok, checkedAt: check.checkedAt, events: check.events, streams: check.streams, problems: check.problems.slice(0, 1000) },
      readModels,
    };
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    return manifest;
  });
}

// A server-side cursor (one snapshot, constant memory), every value as PostgreSQL's text; rows in key order.
async function exportTable(tx: SqlExecutor, table: string, dir: string): Promise<ExportManifest['readModels'][number]> {
  const columns = (
    await tx.query<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
      [table],
    )
  ).rows.map((r) => r.name);
  if (columns.length === 0) throw new Error(`No read-model table ${table}`);
  const key = (
    await tx.query<{ name: string }>(
      `SELECT a.attname AS name FROM pg_index i
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE i.indrelid = to_regclass($1) AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)`,
      [table],
    )
  ).rows.map((r) => r.name);
  const order = (key.length ? key : columns).map(ident).join(', ');
  const file = `${table}.csv`;
  const sink = new FileSink(join(dir, file));
  await sink.write(columns.map(csvField).join(',') + '\r\n');
  await tx.query(`DECLARE read_model_export NO SCROLL CURSOR FOR
    SELECT ${columns.map((c, i) => `${ident(c)}::text AS c${i}`).join(', ')} FROM ${ident(table)} ORDER BY ${order}`);
  let rows = 0;
  for (;;) {
    const page = (await tx.query<Record<string, string | null>>(`FETCH ${PAGE} FROM read_model_export`)).rows;
    if (page.length === 0) break;
    await sink.write(page.map((row) => columns.map((_, i) => csvField(row[`c${i}`])).join(',') + '\r\n').join(''));
    rows += page.length;
  }
  await tx.query('CLOSE read_model_export');
  await sink.close();
  return { table, file, rows, columns };
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

// RFC 4180. NULL is an empty field; an empty string is "" so the two stay apart.
export function csvField(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return value === '' || /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A file written with backpressure, hashed as it goes. */
class FileSink {
  private readonly stream: WriteStream;
  private readonly hash = createHash('sha256');
  private failure: Error | undefined;

  constructor(path: string) {
    this.stream = createWriteStream(path, { flags: 'wx' });
    this.stream.on('error', (error) => {
      this.failure = error;
    });
  }

  async write(chunk: string): Promise<void> {
    if (this.failure) throw this.failure;
    this.hash.update(chunk, 'utf8');
    if (!this.stream.write(chunk, 'utf8')) await new Promise<void>((resolve, reject) => {
      this.stream.once('drain', resolve);
      this.stream.once('error', reject);
    });
  }

  async close(): Promise<string> {
    await new Promise<void>((resolve, reject) => this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
    if (this.failure) throw this.failure;
    return this.hash.digest('hex');
  }
}
