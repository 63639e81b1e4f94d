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

interface EventRow {
  position: string;
  event_id: string;
  stream_id: string;
  stream_revision: number;
  type: string;
  schema_version: number;
  actor_id: string | null;
  reason: string | null;
  correlation_id: string | null;
  idempotency_key: string | null;
  occurred: string;
  recorded: string;
  occurred_us: string;
  recorded_us: string;
  data: string;
  metadata: string;
  prev_hash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);

/**
 * Writes the whole record into `dir`: events.ndjson, one CSV per read-model table and manifest.json, all from one
 * read-only snapshot (REPEATABLE READ), so the files agree with each other while the API keeps writing. Memory
 * stays flat in the number of events (pages of 5,000; only each stream's last hash is kept, for the manifest).
 *
 * The chain is checked in the same pass: each line and the event's canonical content (event_chain_content's text:
 * jsonb's own text of data and metadata, strings escaped as jsonb escapes them, instants in epoch microseconds) are
 * built here from one row, the content hashed with the previous hash and compared with the stored hash, the link
 * and the revision order checked per stream, and at the end every stream's last revision against the streams table.
 * Only when that finds anything does the full check (verifyEventStore) run, for its detailed problem list.
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
    let after = '0';
    let intact = true;
    for (;;) {
      const { rows } = await tx.query<EventRow>(
        // (Aliases differ from the columns: ORDER BY and WHERE mean the bigint position, never its text.)
        `SELECT global_position::text AS position, event_id::text AS event_id, stream_id, stream_revision, type,
                schema_version, actor_id, reason, correlation_id, idempotency_key,
                to_char(occurred_at AT TIME ZONE 'UTC', ${MICROS}) AS occurred,
                to_char(recorded_at AT TIME ZONE 'UTC', ${MICROS}) AS recorded,
                ((extract(epoch FROM occurred_at) * 1000000)::bigint)::text AS occurred_us,
                ((extract(epoch FROM recorded_at) * 1000000)::bigint)::text AS recorded_us,
                data::text AS data, metadata::text AS metadata, encode(prev_hash, 'hex') AS prev_hash, encode(hash, 'hex') AS hash
           FROM events WHERE global_position > $1 ORDER BY global_position LIMIT ${PAGE}`,
        [after],
      );
      if (rows.length === 0) break;
      // The page's lines as one string, encoded once: the file and its sha256 take the same bytes.
      const lines: string[] = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        lines[i] = eventLine(row);
        const head = heads[row.stream_id];
        const revision = Number(row.stream_revision);
        if (intact) {
          const expected = head ? head.revision + 1 : 0;
          const linked = row.prev_hash === (head ? head.hash : GENESIS);
          intact = revision === expected && linked && chainHash(row) === row.hash;
        }
        heads[row.stream_id] = { revision, hash: row.hash };
      }
      lines.push('');
      await sink.write(Buffer.from(lines.join('\n'), 'utf8'));
      count += rows.length;
      after = rows[rows.length - 1].position;
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
    if (intact) {
      // Every stream the store declares ends where its events end (none removed at the tail, none emptied).
      const declared = (await tx.query<{ stream_id: string; revision: number }>('SELECT stream_id, revision FROM streams')).rows;
      intact = declared.every((s) => heads[s.stream_id]?.revision === Number(s.revision));
    }
    const streamCount = Object.keys(heads).length;
    const check = intact
      ? { ok: true, checkedAt: now().toISOString(), events: count, streams: streamCount, problems: [] }
      : await verifyEventStore(tx, now);
    const manifest: ExportManifest = {
      format: EXPORT_FORMAT,
      formatVersion: EXPORT_FORMAT_VERSION,
      exportedAt,
      source: { engine: db.engine },
      events: { file: EVENTS_FILE, count, lastGlobalPosition: Number(after), sha256: eventsSha256 },
      streams: { count: streamCount, heads },
      chainCheck: { ok: check.ok, checkedAt: check.checkedAt, events: check.events, streams: check.streams, problems: check.problems.slice(0, 1000) },
      readModels,
    };
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    return manifest;
  });
}

// JSON.stringify escapes a string as PostgreSQL's to_json and jsonb text do (", \\, \b \f \n \r \t, other control
// characters as \u00xx); text from the database holds no lone surrogate, the one place they would differ.
const str = (value: string) => JSON.stringify(value);
const strOrNull = (value: string | null) => (value === null ? 'null' : JSON.stringify(value));

/** The events.ndjson line of one event (README "Export and import"). */
function eventLine(r: EventRow): string {
  return (
    `{"globalPosition":${r.position},"eventId":${str(r.event_id)},"streamId":${str(r.stream_id)},"revision":${r.stream_revision}` +
    `,"type":${str(r.type)},"schemaVersion":${r.schema_version},"actorId":${strOrNull(r.actor_id)},"reason":${strOrNull(r.reason)}` +
    `,"correlationId":${strOrNull(r.correlation_id)},"idempotencyKey":${strOrNull(r.idempotency_key)}` +
    `,"occurredAt":"${r.occurred}","recordedAt":"${r.recorded}","data":${r.data},"metadata":${r.metadata}` +
    `,"prevHash":"${r.prev_hash}","hash":"${r.hash}"}`
  );
}

/**
 * sha256(prev_hash ‖ event_chain_content's text): jsonb's text of the array (", " between the values), built from the
 * same row and fed to the hash in parts, so data and metadata (the bulk) are never copied into one content string.
 */
function chainHash(r: EventRow): string {
  return createHash('sha256')
    .update(Buffer.from(r.prev_hash, 'hex'))
    .update(`[${r.position}, ${str(r.event_id)}, ${str(r.stream_id)}, ${r.stream_revision}, ${str(r.type)}, ${r.schema_version}, `, 'utf8')
    .update(r.data, 'utf8')
    .update(', ', 'utf8')
    .update(r.metadata, 'utf8')
    .update(
      `, ${strOrNull(r.actor_id)}, ${strOrNull(r.reason)}, ${strOrNull(r.correlation_id)}, ${strOrNull(r.idempotency_key)}, ${r.occurred_us}, ${r.recorded_us}]`,
      'utf8',
    )
    .digest('hex');
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

  async write(chunk: string | Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.hash.update(bytes);
    if (!this.stream.write(bytes)) {
      // Each wait takes its listeners away again (one per wait would pile up over a long export).
      await new Promise<void>((resolve, reject) => {
        const drained = () => {
          this.stream.off('error', failed);
          resolve();
        };
        const failed = (error: Error) => {
          this.stream.off('drain', drained);
          reject(error);
        };
        this.stream.once('drain', drained);
        this.stream.once('error', failed);
      });
    }
  }

  async close(): Promise<string> {
    await new Promise<void>((resolve, reject) => this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
    if (this.failure) throw this.failure;
    return this.hash.digest('hex');
  }
}
