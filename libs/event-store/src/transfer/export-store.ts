import { createHash, hash as sha256Hex } from 'node:crypto';
import { createWriteStream, existsSync, WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SqlDatabase, SqlExecutor } from '@app/platform';
import { verifyEventStore } from '../integrity';
import { BinaryCopyReader, InstantText, int8Text, timestampMicros, uuidText } from './binary-copy-reader';
import { EVENTS_FILE, EXPORT_FORMAT, EXPORT_FORMAT_VERSION, ExportManifest, GENESIS_HASH, MANIFEST_FILE, StreamHead } from './export-format';

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
// PGlite hands a COPY over whole: its events go in COPYs of this many.
const PGLITE_PAGE = 10_000;
// Lines are written in buffers of this size (one write and one sha256 update each).
const OUT_BUFFER = 1 << 20;

// The columns as stored, in binary (the COPY's field order): no text is made in the database, none parsed into
// objects here. jsonb's binary form is a version byte and jsonb's own text.
const EVENT_COLUMNS = `global_position, event_id, stream_id, stream_revision, type, schema_version, actor_id, reason,
  correlation_id, idempotency_key, occurred_at, recorded_at, data, metadata, prev_hash, hash`;
const F = { position: 0, eventId: 1, streamId: 2, revision: 3, type: 4, schemaVersion: 5, actorId: 6, reason: 7, correlationId: 8, idempotencyKey: 9, occurredAt: 10, recordedAt: 11, data: 12, metadata: 13, prevHash: 14, hash: 15 } as const;
const FIELDS = 16;
const NOT_NULL = [F.position, F.eventId, F.streamId, F.revision, F.type, F.schemaVersion, F.occurredAt, F.recordedAt, F.data, F.metadata, F.prevHash, F.hash];

/**
 * Writes the whole record into `dir`: events.ndjson, one CSV per read-model table and manifest.json, all from one
 * read-only snapshot (REPEATABLE READ), so the files agree with each other while the API keeps writing. Memory
 * stays flat in the number of events (one streamed COPY with backpressure; only each stream's last hash is kept).
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
    const copyBinary = tx.copyBinary?.bind(tx);
    if (!copyBinary) throw new Error(`exporting needs COPY, which this ${db.engine} connection does not offer`);

    const sink = new FileSink(join(dir, EVENTS_FILE));
    const events = new EventLines();
    const reader = new BinaryCopyReader(FIELDS, (buf, start, length) => events.add(buf, start, length));
    let reported = 0;
    const consume = async (select: string) => {
      for await (const chunk of copyBinary(select)) {
        reader.push(chunk);
        for (const full of events.takeFull()) {
          await sink.write(full, { flushed: true });
          events.recycle(full);
        }
        if (events.count - reported >= PAGE) {
          reported = events.count;
          progress({ phase: 'events', done: reported, total });
        }
      }
    };
    if (db.engine === 'postgres') {
      await consume(`SELECT ${EVENT_COLUMNS} FROM events ORDER BY global_position`);
    } else {
      // PGlite hands a COPY over whole: pages of PGLITE_PAGE events.
      for (;;) {
        const before = events.count;
        await consume(`SELECT ${EVENT_COLUMNS} FROM events WHERE global_position > ${events.lastPosition} ORDER BY global_position LIMIT ${PGLITE_PAGE}`);
        if (events.count - before < PGLITE_PAGE) break;
      }
    }
    reader.end();
    for (const last of events.takeAll()) await sink.write(last);
    progress({ phase: 'events', done: events.count, total });
    const eventsSha256 = await sink.close();
    const { count, heads } = events;
    let intact = events.intact;

    const readModels: ExportManifest['readModels'] = [];
    for (const table of options.readModelTables) {
      readModels.push(await exportTable(tx, table, dir));
      progress({ phase: 'read models', done: readModels.length, total: options.readModelTables.length });
    }

    progress({ phase: 'chain check', done: 0 });
    if (intact) {
      // Every stream the store declares ends where its events end (none removed at the tail, none emptied).
      const declared = (await tx.query<{ stream_id: string; revision: number }>('SELECT stream_id, revision FROM streams')).rows;
      intact = declared.every((s) => heads.get(s.stream_id)?.revision === Number(s.revision));
    }
    const check = intact
      ? { ok: true, checkedAt: now().toISOString(), events: count, streams: heads.size, problems: [] }
      : await verifyEventStore(tx, now);
    const manifestHeads: Record<string, StreamHead> = Object.create(null) as Record<string, StreamHead>;
    for (const [streamId, head] of heads) manifestHeads[streamId] = { revision: head.revision, hash: head.hash };
    const manifest: ExportManifest = {
      format: EXPORT_FORMAT,
      formatVersion: EXPORT_FORMAT_VERSION,
      exportedAt,
      source: { engine: db.engine },
      events: { file: EVENTS_FILE, count, lastGlobalPosition: Number(events.lastPosition), sha256: eventsSha256 },
      streams: { count: heads.size, heads: manifestHeads },
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

/**
 * The events.ndjson lines of COPY rows (README "Export and import"), in buffers of about OUT_BUFFER bytes, and the
 * chain check of each row: sha256(prev_hash ‖ event_chain_content's text) against the stored hash, the link to the
 * stream's previous hash and the revision order. data and metadata go from the COPY's bytes into the line and the
 * hashed content as they are (never decoded); the small fields are decoded once and serve both.
 */
class EventLines {
  count = 0;
  lastPosition = '0';
  intact = true;
  /** Per stream its last revision and hash (for the manifest); memory grows with streams, not events. */
  readonly heads = new Map<string, StreamHead>();
  private out: Buffer = Buffer.allocUnsafe(OUT_BUFFER);
  private used = 0;
  private full: Buffer[] = [];
  private readonly spare: Buffer[] = [];
  private content: Buffer = Buffer.allocUnsafe(64 * 1024);
  private readonly occurred = new InstantText();
  private readonly recorded = new InstantText();

  add(buf: Buffer, start: Int32Array, length: Int32Array): void {
    for (const f of NOT_NULL) {
      if (length[f] < 0) throw new Error(`event at COPY row ${this.count + 1}: a NULL where the store keeps a value`);
    }
    const text = (f: number) => buf.toString('utf8', start[f], start[f] + length[f]);
    const optional = (f: number) => (length[f] < 0 ? 'null' : str(text(f)));
    const position = int8Text(buf, start[F.position]);
    const eventId = `"${uuidText(buf, start[F.eventId])}"`;
    const streamId = text(F.streamId);
    const revision = buf.readInt32BE(start[F.revision]);
    const type = str(text(F.type));
    const schemaVersion = buf.readInt32BE(start[F.schemaVersion]);
    const actorId = optional(F.actorId);
    const reason = optional(F.reason);
    const correlationId = optional(F.correlationId);
    const idempotencyKey = optional(F.idempotencyKey);
    const occurred = this.occurred;
    occurred.set(timestampMicros(buf, start[F.occurredAt]));
    const recorded = this.recorded;
    recorded.set(timestampMicros(buf, start[F.recordedAt]));
    const prevHash = buf.toString('hex', start[F.prevHash], start[F.prevHash] + length[F.prevHash]);
    const hash = buf.toString('hex', start[F.hash], start[F.hash] + length[F.hash]);
    // jsonb's binary form: version 1, then its text.
    if (buf[start[F.data]] !== 1 || buf[start[F.metadata]] !== 1) throw new Error(`event ${position}: jsonb of an unknown binary version`);
    const dataFrom = start[F.data] + 1;
    const dataTo = start[F.data] + length[F.data];
    const metadataFrom = start[F.metadata] + 1;
    const metadataTo = start[F.metadata] + length[F.metadata];
    const quotedStreamId = str(streamId);

    const head = this.heads.get(streamId);
    if (this.intact) {
      const linked = prevHash === (head ? head.hash : GENESIS_HASH);
      const contentHead = `[${position}, ${eventId}, ${quotedStreamId}, ${revision}, ${type}, ${schemaVersion}, `;
      const contentTail = `, ${actorId}, ${reason}, ${correlationId}, ${idempotencyKey}, ${occurred.micros}, ${recorded.micros}]`;
      const size = 32 + 3 * (contentHead.length + contentTail.length) + (dataTo - dataFrom) + 2 + (metadataTo - metadataFrom);
      if (this.content.length < size) this.content = Buffer.allocUnsafe(size * 2);
      const c = this.content;
      let at = buf.copy(c, 0, start[F.prevHash], start[F.prevHash] + length[F.prevHash]);
      at += c.write(contentHead, at, 'utf8');
      at += buf.copy(c, at, dataFrom, dataTo);
      at += c.write(', ', at, 'latin1');
      at += buf.copy(c, at, metadataFrom, metadataTo);
      at += c.write(contentTail, at, 'utf8');
      this.intact = revision === (head ? head.revision + 1 : 0) && linked && hashOf(c.subarray(0, at)) === hash;
    }
    if (head) {
      head.revision = revision;
      head.hash = hash;
    } else {
      this.heads.set(streamId, { revision, hash });
    }

    const lineHead =
      `{"globalPosition":${position},"eventId":${eventId},"streamId":${quotedStreamId},"revision":${revision}` +
      `,"type":${type},"schemaVersion":${schemaVersion},"actorId":${actorId},"reason":${reason}` +
      `,"correlationId":${correlationId},"idempotencyKey":${idempotencyKey}` +
      `,"occurredAt":"${occurred.iso}","recordedAt":"${recorded.iso}","data":`;
    const lineTail = `,"prevHash":"${prevHash}","hash":"${hash}"}\n`;
    this.reserve(3 * lineHead.length + (dataTo - dataFrom) + 12 + (metadataTo - metadataFrom) + lineTail.length);
    const o = this.out;
    let at = this.used;
    at += o.write(lineHead, at, 'utf8');
    at += buf.copy(o, at, dataFrom, dataTo);
    at += o.write(',"metadata":', at, 'latin1');
    at += buf.copy(o, at, metadataFrom, metadataTo);
    at += o.write(lineTail, at, 'latin1');
    this.used = at;
    this.count++;
    this.lastPosition = position;
  }

  /** The buffers filled so far, to be written and then handed back (recycle). */
  takeFull(): Buffer[] {
    const full = this.full;
    this.full = [];
    return full;
  }

  takeAll(): Buffer[] {
    if (this.used > 0) this.full.push(this.out.subarray(0, this.used));
    this.used = 0;
    return this.takeFull();
  }

  /** A written buffer, filled again (no new buffer per megabyte, none left for the garbage collector). */
  recycle(written: Buffer): void {
    if (written.buffer.byteLength === OUT_BUFFER && this.spare.length < 2) this.spare.push(Buffer.from(written.buffer, written.byteOffset, OUT_BUFFER));
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.out.length) return;
    if (this.used > 0) this.full.push(this.out.subarray(0, this.used));
    this.out = bytes <= OUT_BUFFER ? (this.spare.pop() ?? Buffer.allocUnsafe(OUT_BUFFER)) : Buffer.allocUnsafe(bytes);
    this.used = 0;
  }
}

// One-shot sha256 (Node 20.12+): about twice as fast per event as a Hash object fed in parts.
const hashOf = (bytes: Buffer) => sha256Hex('sha256', bytes);

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
  if (tx.copyCsv) {
    // The server writes the CSV itself (its quoting is csvField's); only the row ends become \r\n.
    const rowEnds = new CrlfRowEnds();
    // (The order names the table's columns: the bare names would mean the text the select makes of them.)
    const byKey = (key.length ? key : columns).map((c) => `${ident(table)}.${ident(c)}`).join(', ');
    for await (const chunk of tx.copyCsv(`SELECT ${columns.map((c) => `${ident(c)}::text AS ${ident(c)}`).join(', ')} FROM ${ident(table)} ORDER BY ${byKey}`)) {
      await sink.write(rowEnds.convert(chunk));
    }
    await sink.close();
    return { table, file, rows: rowEnds.rows - 1, columns };
  }
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

const CRLF = Buffer.from('\r\n');

/** PostgreSQL's CSV ends each row with \n, the export's with \r\n (RFC 4180); a newline inside a quoted value stays. */
export class CrlfRowEnds {
  /** Rows ended so far, the header's included. */
  rows = 0;
  private quoted = false;

  convert(chunk: Buffer): Buffer {
    const parts: Buffer[] = [];
    let start = 0;
    let quote = chunk.indexOf(0x22);
    let newline = chunk.indexOf(0x0a);
    for (;;) {
      if (this.quoted) {
        // A doubled quote inside a value closes and opens again: the state comes out right.
        if (quote < 0) break;
        this.quoted = false;
        const at = quote + 1;
        quote = chunk.indexOf(0x22, at);
        if (newline >= 0 && newline < at) newline = chunk.indexOf(0x0a, at);
      } else if (quote >= 0 && (newline < 0 || quote < newline)) {
        this.quoted = true;
        quote = chunk.indexOf(0x22, quote + 1);
      } else if (newline < 0) {
        break;
      } else {
        parts.push(chunk.subarray(start, newline), CRLF);
        this.rows++;
        start = newline + 1;
        newline = chunk.indexOf(0x0a, start);
      }
    }
    if (parts.length === 0) return chunk;
    parts.push(chunk.subarray(start));
    return Buffer.concat(parts);
  }
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

  /** With `flushed`, resolves once the bytes are in the file (the caller may then fill the buffer again). */
  async write(chunk: string | Buffer, { flushed = false } = {}): Promise<void> {
    if (this.failure) throw this.failure;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.hash.update(bytes);
    if (flushed) {
      await new Promise<void>((resolve, reject) => this.stream.write(bytes, (error) => (error ? reject(error) : resolve())));
    } else if (!this.stream.write(bytes)) {
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
