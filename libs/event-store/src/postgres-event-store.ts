import { PostgresDatabase, SqlDatabase, SqlResult } from '@app/platform';
import { appendResult, validateAppend } from './append-rules';
import { EventNotifier } from './event-notifier';
import { EVENT_COLUMNS, EventRow, toDecimalString, toIsoTimestamp, toRecordedEvent, toSafeInteger } from './event-row.mapping';
import {
  DatabaseUnavailableError,
  DuplicateEventError,
  isConnectionFailure,
  WrongExpectedRevisionError,
} from './event-store.errors';
import { EVENTS_CHANNEL, WRONG_REVISION_SQLSTATE } from './event-store.migrations';
import {
  AppendResult,
  Checkpoint,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from './event-store.port';
import { PollingSubscription, SubscriptionSource } from './polling-subscription';
import { SubscriptionSet } from './subscription-support';

const UNIQUE_VIOLATION = '23505';

export interface PostgresEventStoreOptions {
  /**
   * Server only (PGlite is one process). Default true: LISTEN for other processes' appends on a dedicated
   * connection once something subscribes, and tell them of this one's (one NOTIFY per burst, outside the
   * append). Either way, this store's own appends wake its subscriptions at once, and subscriptions poll.
   */
  notifications?: boolean;
}

/** What append_events answers for a fresh append: the rest of each event the caller already has. */
interface AppendedRow {
  transaction_id: unknown;
  first_revision: unknown;
  recorded_at: unknown;
  positions: unknown[];
}

/** The statement that appends through `append_events`; exported so tests can run it inside their own transaction. */
export function appendEventsStatement(
  streamId: string,
  events: readonly NewEvent[],
  expectedRevision: ExpectedRevision,
): { text: string; values: unknown[] } {
  return appendStatement(streamId, serialize(events), expectedRevision);
}

// Each event's data and metadata as the JSON text stored, so the result can carry exactly what was stored.
interface SerializedEvent {
  event: NewEvent;
  data: string;
  metadata: string;
}

function serialize(events: readonly NewEvent[]): SerializedEvent[] {
  return events.map((event) => ({
    event,
    data: JSON.stringify(event.data ?? null),
    metadata: JSON.stringify(event.metadata),
  }));
}

function appendStatement(
  streamId: string,
  events: readonly SerializedEvent[],
  expectedRevision: ExpectedRevision,
): { text: string; values: unknown[] } {
  const payload = events.map(
    ({ event, data, metadata }) =>
      `{"eventId":${JSON.stringify(event.eventId)},"type":${JSON.stringify(event.type)},` +
      `"schemaVersion":${JSON.stringify(event.schemaVersion)},"data":${data},"metadata":${metadata}}`,
  );
  return {
    text: 'SELECT transaction_id, first_revision, recorded_at, positions FROM append_events($1, $2, $3::jsonb)',
    values: [streamId, String(expectedRevision), `[${payload.join(',')}]`],
  };
}

// The original of a repeated append: the whole append (one transaction on one stream) that holds one of the
// event ids, or the idempotency key on this stream.
const ORIGINAL_APPEND = `SELECT ${EVENT_COLUMNS} FROM events
  WHERE (stream_id, transaction_id) IN (
    SELECT o.stream_id, o.transaction_id FROM events AS o
     WHERE o.event_id = ANY ($1::uuid[]) OR ($3::text IS NOT NULL AND o.stream_id = $2 AND o.idempotency_key = $3)
     LIMIT 1)
  ORDER BY stream_revision`;

const STREAM = `SELECT ${EVENT_COLUMNS} FROM events
  WHERE stream_id = $1 AND stream_revision >= $2
    AND ($3::timestamptz IS NULL OR recorded_at <= $3::timestamptz)
  ORDER BY stream_revision`;

// Reads only below the oldest transaction still running (the snapshot's xmin), in commit-safe
// (transaction_id, global_position) order. That prefix is final: a transaction still open can never
// land behind a reader's checkpoint, and a rolled-back one simply leaves nothing. The price: a
// long-running transaction anywhere in the cluster (any database, even a forgotten prepared one)
// delays delivery until it ends; it never loses an event.
const ALL = `SELECT ${EVENT_COLUMNS} FROM events
  WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
    AND (transaction_id, global_position) > ($1::xid8, $2::bigint)
    AND ($4::text IS NULL OR starts_with(stream_id, $4::text))
  ORDER BY transaction_id, global_position
  LIMIT $3`;

/** The event store on PostgreSQL: the server through `pg`, or the embedded PGlite. The caller owns `db`. */
export class PostgresEventStore implements EventStore, SubscriptionSource {
  private readonly subscriptions = new SubscriptionSet<PollingSubscription>();
  private readonly notifier: EventNotifier | null;
  // On the server, statements go straight to the pool as named prepared statements: parsed and planned once
  // per connection instead of on every call.
  private readonly pool: PostgresDatabase['pool'] | null;

  constructor(
    private readonly db: SqlDatabase,
    options: PostgresEventStoreOptions = {},
  ) {
    this.pool = db instanceof PostgresDatabase ? db.pool : null;
    this.notifier =
      db instanceof PostgresDatabase && options.notifications !== false
        ? new EventNotifier(
            db.pool.options,
            () => this.wakeSubscriptions(),
            () => db.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, '']),
          )
        : null;
  }

  async append(
    streamId: string,
    events: NewEvent[],
    { expectedRevision }: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    validateAppend(streamId, events, expectedRevision);
    const serialized = serialize(events);
    const { text, values } = appendStatement(streamId, serialized, expectedRevision);
    let row: AppendedRow;
    try {
      row = (await this.query<AppendedRow>('es_append', text, values)).rows[0];
    } catch (error) {
      const state = sqlState(error);
      if (state !== WRONG_REVISION_SQLSTATE && state !== UNIQUE_VIOLATION) throw error;
      // Refused as stale or as a repeat: either way it may be a retry of an append that is stored.
      const original = await this.originalAppend(streamId, events);
      if (original.length > 0) return repeated(streamId, events, original);
      if (state === UNIQUE_VIOLATION) throw error;
      const detail = (error as { detail?: string }).detail;
      throw new WrongExpectedRevisionError(streamId, expectedRevision, detail ? Number(detail) : null);
    }
    const transactionId = toDecimalString(row.transaction_id, 'transaction_id');
    const firstRevision = toSafeInteger(row.first_revision, 'first_revision');
    const recordedAt = toIsoTimestamp(row.recorded_at, 'recorded_at');
    const recorded = serialized.map(({ event, data, metadata }, i): RecordedEvent => {
      const globalPosition = toSafeInteger(row.positions[i], 'global_position');
      return {
        eventId: event.eventId,
        type: event.type,
        schemaVersion: event.schemaVersion,
        // As stored, as readStream would return them (not the caller's objects, which it may change).
        data: JSON.parse(data) as unknown,
        metadata: JSON.parse(metadata) as EventMetadata,
        streamId,
        revision: firstRevision + i,
        globalPosition,
        recordedAt,
        checkpoint: { transactionId, globalPosition },
      };
    });
    this.wakeSubscriptions();
    this.notifier?.announce();
    return appendResult(streamId, recorded, false);
  }

  // recorded_at is taken at insert; an append is one statement, so it commits moments later at most.
  /** Whether this store keeps its events in `db` (a query joining them with another table of `db` sees them). */
  keepsEventsIn(db: SqlDatabase): boolean {
    return this.db === db;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const values = [streamId, options.fromRevision ?? 0, options.recordedUntil ?? null];
    return (await this.query<EventRow>('es_read_stream', STREAM, values)).rows.map(toRecordedEvent);
  }

  async readAll({ after, maxCount, streamPrefix }: ReadAllOptions): Promise<ReadAllResult> {
    if (!Number.isSafeInteger(maxCount) || maxCount < 1) {
      throw new RangeError(`maxCount must be a positive integer, got ${maxCount}`);
    }
    const values = [after?.transactionId ?? '0', after?.globalPosition ?? 0, maxCount, streamPrefix ?? null];
    const result = await this.query<EventRow>('es_read_all', ALL, values);
    return { events: result.rows.map(toRecordedEvent), isEnd: result.rows.length < maxCount };
  }

  async streamRevision(streamId: string): Promise<number | null> {
    const result = await this.run(() =>
      this.db.query<{ revision: unknown }>('SELECT revision FROM streams WHERE stream_id = $1', [streamId]),
    );
    return result.rows.length ? toSafeInteger(result.rows[0].revision, 'revision') : null;
  }

  async headPosition(): Promise<number> {
    const result = await this.run(() =>
      this.db.query<{ head: unknown }>('SELECT coalesce(max(global_position), 0) AS head FROM events'),
    );
    return toSafeInteger(result.rows[0].head, 'head');
  }

  /** The last committed event in delivery order, whether or not readers may see it yet. */
  async headCheckpoint(): Promise<Checkpoint | null> {
    const result = await this.run(() =>
      this.db.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
      ),
    );
    return result.rows.length ? toRecordedEvent(result.rows[0]).checkpoint : null;
  }

  async hasProcessed(checkpoint: Checkpoint | null, globalPosition: number): Promise<boolean> {
    if (!checkpoint) return false;
    // Delivery is in (transaction_id, global_position) order, so the event is behind the checkpoint or not yet.
    const result = await this.run(() =>
      this.db.query<{ processed: boolean }>(
        `SELECT (transaction_id, global_position) <= ($1::xid8, $2::bigint) AS processed
           FROM events WHERE global_position = $3`,
        [checkpoint.transactionId, checkpoint.globalPosition, globalPosition],
      ),
    );
    return result.rows[0]?.processed === true;
  }

  subscribe(options: SubscribeOptions): Subscription {
    const subscription = new PollingSubscription(this, options);
    this.notifier?.start();
    return this.subscriptions.track(subscription);
  }

  /** Stops every subscription and the LISTEN connection; does not close the database. */
  async close(): Promise<void> {
    await this.subscriptions.stopAll();
    await this.notifier?.close();
  }

  private wakeSubscriptions(): void {
    this.subscriptions.forEach((s) => s.wake());
  }

  private async originalAppend(streamId: string, events: readonly NewEvent[]): Promise<RecordedEvent[]> {
    const values = [events.map((e) => e.eventId), streamId, events[0].metadata.idempotencyKey ?? null];
    return (await this.query<EventRow>('es_original_append', ORIGINAL_APPEND, values)).rows.map(toRecordedEvent);
  }

  private query<R>(name: string, text: string, values: unknown[]): Promise<SqlResult<R>> {
    const pool = this.pool;
    return this.run(async () => {
      if (!pool) return this.db.query<R>(text, values);
      const result = await pool.query({ name, text, values });
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    });
  }

  private async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw isConnectionFailure(error) ? new DatabaseUnavailableError(error) : error;
    }
  }
}

// A repeated append returns the original's result; event ids that belong to a different append are refused.
function repeated(streamId: string, events: NewEvent[], original: RecordedEvent[]): AppendResult {
  if (!isSameAppend(streamId, events, original)) {
    const taken = events.map((e) => e.eventId).filter((id) => original.some((r) => r.eventId === id));
    throw new DuplicateEventError(streamId, taken);
  }
  return appendResult(streamId, original, true);
}

// A retry is the same command again: same stream, and either the same idempotency key or the same event ids.
function isSameAppend(streamId: string, events: NewEvent[], original: RecordedEvent[]): boolean {
  if (original[0].streamId !== streamId) return false;
  const key = events[0].metadata.idempotencyKey;
  if (key !== undefined && original[0].metadata.idempotencyKey === key) return true;
  return events.length === original.length && events.every((e, i) => e.eventId === original[i].eventId);
}

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
