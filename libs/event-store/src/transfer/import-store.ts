import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
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

    // Per stream only its last revision and hash: memory grows with streams, not events.
    const heads = new Map<string, StreamHead>();
    const fileHash = createHash('sha256');
    let lastPosition = 0;
    let count = 0;
    let batch: ImportRow[] = [];
    // The database takes one batch while the next is read and checked here; the earlier batch's refusal comes first.
    let inserting: Promise<void> = Promise.resolve();
    const flush = async () => {
      await inserting;
      if (batch.length === 0) return;
      const rows = batch;
      batch = [];
      inserting = insertVerified(tx, rows).then(() => {
        count += rows.length;
        progress({ phase: 'events', done: count, total });
      });
      inserting.catch(() => undefined); // awaited at the next flush, or below
    };

    const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    let lineNumber = 0;
    try {
      await readLines();
    } catch (error) {
      await inserting;
      throw error;
    }
    await flush();
    await inserting;

    async function readLines(): Promise<void> {
      for await (const text of lines) {
        lineNumber++;
        fileHash.update(text + '\n', 'utf8');
        const row = parseLine(text, lineNumber);
        if (row.p <= lastPosition)
          throw new ImportRefusedError(lineNumber, `global position ${row.p} does not follow ${lastPosition}`);
        const head = heads.get(row.s);
        const expectedRevision = head ? head.revision + 1 : 0;
        if (row.r !== expectedRevision) {
          throw new ImportRefusedError(
            lineNumber,
            `stream ${row.s} revision ${row.r}, expected revision ${expectedRevision} (an event is missing or out of order)`,
          );
        }
        if (row.ph !== (head?.hash ?? GENESIS_HASH)) {
          throw new ImportRefusedError(
            lineNumber,
            `event ${row.id}: prevHash does not link to the hash of stream ${row.s}'s previous event (chain broken)`,
          );
        }
        heads.set(row.s, { revision: row.r, hash: row.h });
        lastPosition = row.p;
        batch.push(row);
        if (batch.length >= BATCH) await flush();
      }
    }

    if (options.manifest) checkAgainstManifest(options.manifest, count, heads, fileHash.digest('hex'));
    if (count > 0) {
      await tx.query(
        'INSERT INTO streams (stream_id, revision) SELECT stream_id, max(stream_revision) FROM events GROUP BY stream_id',
      );
      // Later appends continue after the imported positions.
      await tx.query(`SELECT setval('events_global_position_seq'::regclass, $1)`, [lastPosition]);
    }
    return { events: count, streams: heads.size, lastGlobalPosition: lastPosition };
  });
}

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
async function insertVerified(tx: SqlExecutor, batch: ImportRow[]): Promise<void> {
  try {
    if (tx.copyIn) await tx.copyIn(COPY_EVENTS, copyText(batch));
    else
      await tx.query(
        `INSERT INTO events (global_position, event_id, stream_id, stream_revision, type, schema_version, data, metadata,
           actor_id, reason, correlation_id, idempotency_key, occurred_at, recorded_at, prev_hash, hash)
       SELECT x.p, x.id, x.s, x.r, x.t, x.v, x.d::jsonb, x.m::jsonb, x.a, x.why, x.c, x.k, x.o::timestamptz,
           x.rec::timestamptz, decode(x.ph, 'hex'), decode(x.h, 'hex')
         FROM jsonb_to_recordset($1::jsonb) AS x(p bigint, id uuid, s text, r integer, t text, v integer, a text,
           why text, c text, k text, o text, rec text, d text, m text, ph text, h text)
        ORDER BY x.p`,
        [JSON.stringify(batch)],
      );
  } catch (error) {
    throw refusalOf(error, batch);
  }
  const { rows } = await tx.query<{ p: string | number }>(
    `SELECT e.global_position AS p FROM events AS e
      WHERE e.global_position BETWEEN $1 AND $2
        AND e.hash <> sha256(e.prev_hash || convert_to(event_chain_content(e), 'UTF8'))
      ORDER BY e.global_position LIMIT 1`,
    [batch[0].p, batch[batch.length - 1].p],
  );
  if (rows.length) {
    const row = batch.find((r) => r.p === Number(rows[0].p))!;
    throw new ImportRefusedError(
      row.line,
      `event ${row.id} (stream ${row.s} revision ${row.r}): its content does not match its hash (altered)`,
    );
  }
}

// The server takes the rows through COPY (several times faster than rows unpacked from one JSON parameter).
const COPY_EVENTS = `COPY events (global_position, event_id, stream_id, stream_revision, type, schema_version, data, metadata,
  actor_id, reason, correlation_id, idempotency_key, occurred_at, recorded_at, prev_hash, hash) FROM STDIN`;

/** The rows in COPY's text format: tab between fields, \N for NULL, backslash, tab, newline and return escaped. */
export function copyText(batch: ImportRow[]): Buffer {
  const field = (value: string | null) =>
    value === null ? '\\N' : COPY_SPECIAL_ANY.test(value) ? value.replace(COPY_SPECIAL, escapeCopy) : value;
  const lines = batch.map(
    (r) =>
      `${r.p}\t${r.id}\t${field(r.s)}\t${r.r}\t${field(r.t)}\t${r.v}\t${field(r.d)}\t${field(r.m)}\t${field(r.a)}\t${field(r.why)}\t` +
      `${field(r.c)}\t${field(r.k)}\t${r.o}\t${r.rec}\t\\\\x${r.ph}\t\\\\x${r.h}\n`,
  );
  return Buffer.from(lines.join(''), 'utf8');
}

const COPY_SPECIAL = /[\\\t\n\r]/g;
const COPY_SPECIAL_ANY = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escapeCopy = (c: string) => COPY_ESCAPES[c];

// The database refused a row: name the line where it can be told (a repeated event id, a value out of range).
function refusalOf(error: unknown, batch: ImportRow[]): Error {
  const e = error as { code?: string; detail?: string; message?: string };
  const id = /\(event_id\)=\(([^)]+)\)/.exec(e.detail ?? '')?.[1];
  const named = id ? batch.filter((r) => r.id === id).pop() : undefined;
  const first = batch[0].line;
  const last = batch[batch.length - 1].line;
  if (named) return new ImportRefusedError(named.line, `event id ${id} occurs twice`);
  if (e.code && /^(22|23)/.test(e.code)) {
    return new ImportRefusedError(
      first,
      `a value in lines ${first}–${last} was refused by the database: ${e.message ?? String(error)}`,
    );
  }
  return error instanceof Error ? error : new Error(String(error));
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
