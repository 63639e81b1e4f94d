import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { SqlDatabase, SqlExecutor } from '@app/platform';
import { ExportManifest, GENESIS_HASH, HEX_HASH, MICRO_INSTANT, StreamHead, UUID } from './export-format';
import { rawMembers } from './json-members';
import type { TransferProgress } from './export-store';

/** Why an import stopped; nothing was written. `line` is 1-based in the NDJSON file (null: the file as a whole). */
export class ImportRefusedError extends Error {
  constructor(
    readonly line: number | null,
    message: string,
  ) {
    super(line === null ? message : `line ${line}: ${message}`);
    this.name = 'ImportRefusedError';
  }
}

export interface ImportOptions {
  /** The export's manifest, when there is one: the counts, stream heads and file hash must then match it too. */
  manifest?: ExportManifest;
  onProgress?: (progress: TransferProgress) => void;
}

export interface ImportResult {
  events: number;
  streams: number;
  lastGlobalPosition: number;
}

const BATCH = 1000;

/** One events.ndjson line, checked for shape; `d` and `m` are data and metadata as written (jsonb's text). */
export interface ImportRow {
  line: number;
  p: number;
  id: string;
  s: string;
  r: number;
  t: string;
  v: number;
  a: string | null;
  why: string | null;
  c: string | null;
  k: string | null;
  o: string;
  rec: string;
  d: string;
  m: string;
  ph: string;
  h: string;
}

/**
 * Loads an events.ndjson file into an empty PostgreSQL event store, row for row: the same event ids, stream
 * revisions, global positions, instants and hashes. One transaction: a malformed line, a broken chain or a hash
 * the database does not recompute stops it with the line number, and nothing is written (a killed import leaves
 * nothing behind either; run it again). The events table is locked against appends meanwhile.
 *
 * Memory stays flat whatever the file's size: nothing the import keeps lives longer than one line, except per stream
 * its last revision and hash (bytes in one buffer) and per batch the COPY text (in one of two buffers used in turn)
 * with each row's position and line number. Objects that outlive a line outlive V8's young-generation collections and
 * pile up in the old generation as garbage until a full collection, which comes later the larger the process's heap.
 */
export async function importEvents(db: SqlDatabase, file: string, options: ImportOptions = {}): Promise<ImportResult> {
  const progress = options.onProgress ?? (() => undefined);
  const total = options.manifest?.events.count;
  return db.transaction(async (tx) => {
    await tx.query('LOCK TABLE events, streams IN EXCLUSIVE MODE');
    const occupied = (
      await tx.query<{ n: boolean }>('SELECT EXISTS (SELECT 1 FROM events) OR EXISTS (SELECT 1 FROM streams) AS n')
    ).rows[0].n;
    if (occupied)
      throw new ImportRefusedError(null, 'the event store is not empty: an import only goes into an empty store');

    const heads = new StreamHeads();
    const fileHash = createHash('sha256');
    let lastPosition = 0;
    let count = 0;
    // Two batches in turn: the database takes one while the next is read and checked here; the earlier batch's
    // refusal comes first.
    const batches = [new ImportBatch(!!tx.copyIn), new ImportBatch(!!tx.copyIn)];
    let batch = batches[0];
    let inserting: Promise<void> = Promise.resolve();
    const flush = async () => {
      await inserting;
      if (batch.size === 0) return;
      const full = batch;
      batch = batches[batches.indexOf(full) ^ 1];
      batch.clear();
      inserting = insertVerified(tx, full, file).then(() => {
        count += full.size;
        progress({ phase: 'events', done: count, total });
      });
      inserting.catch(() => undefined); // awaited at the next flush, or below
    };

    try {
      await readLines();
    } catch (error) {
      await inserting;
      throw error;
    }
    await flush();
    await inserting;

    async function readLines(): Promise<void> {
      let lineNumber = 0;
      for await (const text of fileLines(file, fileHash)) {
        lineNumber++;
        const row = parseLine(text, lineNumber);
        if (row.p <= lastPosition)
          throw new ImportRefusedError(lineNumber, `global position ${row.p} does not follow ${lastPosition}`);
        const head = heads.indexOf(row.s);
        const expectedRevision = head === undefined ? 0 : heads.revision(head) + 1;
        if (row.r !== expectedRevision) {
          throw new ImportRefusedError(
            lineNumber,
            `stream ${row.s} revision ${row.r}, expected revision ${expectedRevision} (an event is missing or out of order)`,
          );
        }
        if (row.ph !== (head === undefined ? GENESIS_HASH : heads.hash(head))) {
          throw new ImportRefusedError(
            lineNumber,
            `event ${row.id}: prevHash does not link to the hash of stream ${row.s}'s previous event (chain broken)`,
          );
        }
        heads.set(head ?? row.s, row.r, row.h);
        lastPosition = row.p;
        batch.add(row);
        if (batch.size >= BATCH) await flush();
      }
    }

    const headMap = heads.toMap();
    if (options.manifest) checkAgainstManifest(options.manifest, count, headMap, fileHash.digest('hex'));
    if (count > 0) {
      await tx.query(
        'INSERT INTO streams (stream_id, revision) SELECT stream_id, max(stream_revision) FROM events GROUP BY stream_id',
      );
      // Later appends continue after the imported positions.
      await tx.query(`SELECT setval('events_global_position_seq'::regclass, $1)`, [lastPosition]);
    }
    return { events: count, streams: headMap.size, lastGlobalPosition: lastPosition };
  });
}

/** Each stream's last revision and hash: one Map entry per stream, the hashes as bytes in one growing buffer. */
class StreamHeads {
  private readonly index = new Map<string, number>();
  private revisions: number[] = [];
  private hashes = Buffer.alloc(32 * 1024);

  indexOf(streamId: string): number | undefined {
    return this.index.get(streamId);
  }

  revision(i: number): number {
    return this.revisions[i];
  }

  hash(i: number): string {
    return this.hashes.toString('hex', i * 32, i * 32 + 32);
  }

  /** Updates a known stream (its index) or adds a new one (its id). */
  set(stream: number | string, revision: number, hash: string): void {
    let i = stream as number;
    if (typeof stream === 'string') {
      i = this.index.size;
      this.index.set(stream, i);
      if ((i + 1) * 32 > this.hashes.length) {
        const grown = Buffer.alloc(this.hashes.length * 2);
        this.hashes.copy(grown);
        this.hashes = grown;
      }
    }
    this.revisions[i] = revision;
    this.hashes.write(hash, i * 32, 32, 'hex');
  }

  toMap(): Map<string, StreamHead> {
    const map = new Map<string, StreamHead>();
    for (const [streamId, i] of this.index) map.set(streamId, { revision: this.revisions[i], hash: this.hash(i) });
    return map;
  }
}

/**
 * Up to BATCH rows on their way into the database. Through COPY (a PostgreSQL server) only their COPY text is kept,
 * written into a buffer reused batch after batch; without COPY (PGlite) the rows themselves. Either way each row's
 * position and line number, to name the line of a refusal.
 */
class ImportBatch {
  readonly positions = new Float64Array(BATCH);
  readonly lines = new Float64Array(BATCH);
  size = 0;
  rows: ImportRow[] = [];
  private copy = Buffer.alloc(0);
  private copyLength = 0;

  constructor(readonly throughCopy: boolean) {
    if (throughCopy) this.copy = Buffer.allocUnsafe(2 * 1024 * 1024);
  }

  add(row: ImportRow): void {
    this.positions[this.size] = row.p;
    this.lines[this.size] = row.line;
    this.size++;
    if (!this.throughCopy) {
      this.rows.push(row);
      return;
    }
    const text = copyLine(row);
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    if (this.copyLength + text.length * 3 > this.copy.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.copy.length * 2, this.copyLength + text.length * 3));
      this.copy.copy(grown, 0, 0, this.copyLength);
      this.copy = grown;
    }
    this.copyLength += this.copy.write(text, this.copyLength, 'utf8');
  }

  copyText(): Buffer {
    return this.copy.subarray(0, this.copyLength);
  }

  clear(): void {
    this.size = 0;
    this.rows = [];
    this.copyLength = 0;
  }

  get firstLine(): number {
    return this.lines[0];
  }

  get lastLine(): number {
    return this.lines[this.size - 1];
  }

  lineOf(position: number): number {
    for (let i = 0; i < this.size; i++) if (this.positions[i] === position) return this.lines[i];
    return this.firstLine;
  }
}

/**
 * The lines of a file (without \n or \r\n), each decoded as it is consumed from one buffer that is read into again
 * only when the consumer asks for more: nothing is read ahead while the consumer waits (readline queues up to 1,024
 * lines and their chunks meanwhile). `hash`, when given, takes each line's bytes and a \n.
 */
export async function* fileLines(file: string, hash?: Hash, chunkBytes = 1024 * 1024): AsyncGenerator<string> {
  const handle = await open(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(chunkBytes);
    let start = 0; // the first byte not yet given out
    let end = 0; // bytes in the buffer
    let eof = false;
    for (;;) {
      const newline = buffer.indexOf(NEWLINE, start);
      if (newline !== -1 && newline < end) {
        const stop = newline > start && buffer[newline - 1] === RETURN ? newline - 1 : newline;
        if (hash) hash.update(buffer.subarray(start, stop)).update(LF);
        const text = buffer.toString('utf8', start, stop);
        start = newline + 1;
        yield text;
        continue;
      }
      if (eof) {
        // A last line without its \n.
        if (end > start) {
          if (hash) hash.update(buffer.subarray(start, end)).update(LF);
          yield buffer.toString('utf8', start, end);
        }
        return;
      }
      // Keep the unfinished line at the front (a line longer than the buffer doubles it), then read after it.
      if (start > 0) {
        buffer.copy(buffer, 0, start, end);
        end -= start;
        start = 0;
      }
      if (end === buffer.length) {
        const grown = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(grown, 0, 0, end);
        buffer = grown;
      }
      const { bytesRead } = await handle.read(buffer, end, buffer.length - end, null);
      if (bytesRead === 0) eof = true;
      end += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

const NEWLINE = 0x0a;
const RETURN = 0x0d;
const LF = Buffer.from('\n');

export function parseLine(text: string, line: number): ImportRow {
  let value: Record<string, unknown>;
  let raw: Map<string, string>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
    raw = rawMembers(text);
  } catch (error) {
    throw new ImportRefusedError(line, `not a JSON object (${error instanceof Error ? error.message : String(error)})`);
  }
  const bad = (field: string, what: string) => new ImportRefusedError(line, `${field}: expected ${what}`);
  const int = (field: string, min: number) => {
    const n = value[field];
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min) throw bad(field, `an integer ≥ ${min}`);
    return n;
  };
  const str = (field: string, pattern?: RegExp) => {
    const s = value[field];
    if (typeof s !== 'string' || (pattern && !pattern.test(s)))
      throw bad(field, pattern ? `a string matching ${pattern.source}` : 'a string');
    return s;
  };
  const optional = (field: string) => {
    const s = value[field];
    if (s !== null && typeof s !== 'string') throw bad(field, 'a string or null');
    return s;
  };
  const json = (field: string) => {
    const text = raw.get(field);
    if (text === undefined) throw bad(field, 'a JSON value');
    return text;
  };
  return {
    line,
    p: int('globalPosition', 1),
    id: str('eventId', UUID),
    s: str('streamId'),
    r: int('revision', 0),
    t: str('type'),
    v: int('schemaVersion', 0),
    a: optional('actorId'),
    why: optional('reason'),
    c: optional('correlationId'),
    k: optional('idempotencyKey'),
    o: str('occurredAt', MICRO_INSTANT),
    rec: str('recordedAt', MICRO_INSTANT),
    d: json('data'),
    m: json('metadata'),
    ph: str('prevHash', HEX_HASH),
    h: str('hash', HEX_HASH),
  };
}

// The rows go in verbatim, hash included (the chain trigger only fills a missing hash); then the database recomputes
// each hash from the stored row with the same function verify uses, so a line whose content was changed is refused.
async function insertVerified(tx: SqlExecutor, batch: ImportBatch, file: string): Promise<void> {
  try {
    if (tx.copyIn) await tx.copyIn(COPY_EVENTS, batch.copyText());
    else
      await tx.query(
        `INSERT INTO events (global_position, event_id, stream_id, stream_revision, type, schema_version, data, metadata,
           actor_id, reason, correlation_id, idempotency_key, occurred_at, recorded_at, prev_hash, hash)
       SELECT x.p, x.id, x.s, x.r, x.t, x.v, x.d::jsonb, x.m::jsonb, x.a, x.why, x.c, x.k, x.o::timestamptz,
           x.rec::timestamptz, decode(x.ph, 'hex'), decode(x.h, 'hex')
         FROM jsonb_to_recordset($1::jsonb) AS x(p bigint, id uuid, s text, r integer, t text, v integer, a text,
           why text, c text, k text, o text, rec text, d text, m text, ph text, h text)
        ORDER BY x.p`,
        [JSON.stringify(batch.rows)],
      );
  } catch (error) {
    throw await refusalOf(error, batch, file);
  }
  const { rows } = await tx.query<{ p: string | number; id: string; s: string; r: number }>(
    `SELECT e.global_position AS p, e.event_id AS id, e.stream_id AS s, e.stream_revision AS r FROM events AS e
      WHERE e.global_position BETWEEN $1 AND $2
        AND e.hash <> sha256(e.prev_hash || convert_to(event_chain_content(e), 'UTF8'))
      ORDER BY e.global_position LIMIT 1`,
    [batch.positions[0], batch.positions[batch.size - 1]],
  );
  if (rows.length) {
    const { p, id, s, r } = rows[0];
    throw new ImportRefusedError(
      batch.lineOf(Number(p)),
      `event ${id} (stream ${s} revision ${r}): its content does not match its hash (altered)`,
    );
  }
}

// The server takes the rows through COPY (several times faster than rows unpacked from one JSON parameter).
const COPY_EVENTS = `COPY events (global_position, event_id, stream_id, stream_revision, type, schema_version, data, metadata,
  actor_id, reason, correlation_id, idempotency_key, occurred_at, recorded_at, prev_hash, hash) FROM STDIN`;

/** The rows in COPY's text format: tab between fields, \N for NULL, backslash, tab, newline and return escaped. */
export function copyText(batch: ImportRow[]): Buffer {
  return Buffer.from(batch.map(copyLine).join(''), 'utf8');
}

function copyLine(r: ImportRow): string {
  const field = (value: string | null) =>
    value === null ? '\\N' : COPY_SPECIAL_ANY.test(value) ? value.replace(COPY_SPECIAL, escapeCopy) : value;
  return (
    `${r.p}\t${r.id}\t${field(r.s)}\t${r.r}\t${field(r.t)}\t${r.v}\t${field(r.d)}\t${field(r.m)}\t${field(r.a)}\t${field(r.why)}\t` +
    `${field(r.c)}\t${field(r.k)}\t${r.o}\t${r.rec}\t\\\\x${r.ph}\t\\\\x${r.h}\n`
  );
}

const COPY_SPECIAL = /[\\\t\n\r]/g;
const COPY_SPECIAL_ANY = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escapeCopy = (c: string) => COPY_ESCAPES[c];

// The database refused a row: name the line where it can be told (a repeated event id, a value out of range). The
// batch keeps no event ids: the repeated one's line is found by reading the batch's lines again.
async function refusalOf(error: unknown, batch: ImportBatch, file: string): Promise<Error> {
  const e = error as { code?: string; detail?: string; message?: string };
  const id = /\(event_id\)=\(([^)]+)\)/.exec(e.detail ?? '')?.[1];
  const first = batch.firstLine;
  const last = batch.lastLine;
  const named = id ? await lastLineOfEvent(file, id, first, last) : undefined;
  if (named) return new ImportRefusedError(named, `event id ${id} occurs twice`);
  if (e.code && /^(22|23)/.test(e.code)) {
    return new ImportRefusedError(
      first,
      `a value in lines ${first}–${last} was refused by the database: ${e.message ?? String(error)}`,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

async function lastLineOfEvent(file: string, eventId: string, first: number, last: number): Promise<number | undefined> {
  let line = 0;
  let found: number | undefined;
  for await (const text of fileLines(file)) {
    if (++line > last) break;
    if (line >= first && (JSON.parse(text) as { eventId?: unknown }).eventId === eventId) found = line;
  }
  return found;
}

/**
 * sha256(prevHash ‖ event_chain_content's text) of a line, recomputed from the line alone as scripts/verify-export.mjs
 * does: where the database cannot recompute it (an EventStoreDB target), the importer does.
 */
export function chainHashOf(row: ImportRow): string {
  const quoted = (value: string | null) => (value === null ? 'null' : JSON.stringify(value));
  const content =
    `[${row.p}, ${quoted(row.id)}, ${quoted(row.s)}, ${row.r}, ${quoted(row.t)}, ${row.v}, ${row.d}, ${row.m}, ${quoted(row.a)}, ` +
    `${quoted(row.why)}, ${quoted(row.c)}, ${quoted(row.k)}, ${epochMicros(row.o)}, ${epochMicros(row.rec)}]`;
  return createHash('sha256').update(Buffer.from(row.ph, 'hex')).update(content, 'utf8').digest('hex');
}

/** 2025-01-10T08:00:00.123456Z as µs since 1970 (negative before). */
export function epochMicros(instant: string): string {
  const ms = Date.parse(`${instant.slice(0, 23)}Z`);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${instant}`);
  return (BigInt(ms) * 1000n + BigInt(instant.slice(23, 26))).toString();
}

export function checkAgainstManifest(
  manifest: ExportManifest,
  count: number,
  heads: Map<string, StreamHead>,
  fileHash: string,
): void {
  if (manifest.events.count !== count) {
    throw new ImportRefusedError(
      null,
      `the manifest counts ${manifest.events.count} events, the file holds ${count} (truncated or extended)`,
    );
  }
  if (manifest.events.sha256 && manifest.events.sha256 !== fileHash) {
    throw new ImportRefusedError(null, 'the events file is not the one the manifest describes (sha256 differs)');
  }
  const expected = Object.entries(manifest.streams.heads);
  if (expected.length !== heads.size)
    throw new ImportRefusedError(null, `the manifest names ${expected.length} streams, the file ${heads.size}`);
  for (const [streamId, head] of expected) {
    const got = heads.get(streamId);
    if (!got || got.revision !== head.revision || got.hash !== head.hash) {
      throw new ImportRefusedError(
        null,
        `stream ${streamId}: its last event differs from the manifest's (revision ${head.revision}, hash ${head.hash})`,
      );
    }
  }
}
