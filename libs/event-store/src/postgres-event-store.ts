import { PostgresDatabase, SqlDatabase } from '@app/platform';
import { EventNotifier } from './event-notifier';
import { EVENT_COLUMNS, EventRow, toRecordedEvent, toSafeInteger } from './event-row.mapping';
import {
  DatabaseUnavailableError,
  DuplicateEventError,
  InvalidAppendError,
  isConnectionFailure,
  WrongExpectedRevisionError,
} from './event-store.errors';
import { WRONG_REVISION_SQLSTATE } from './event-store.migrations';
import {
  AppendResult,
  Checkpoint,
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
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PostgresEventStoreOptions {
  /** LISTEN for appends on a dedicated connection (server only; PGlite always polls). Default true. */
  notifications?: boolean;
}

/** The statement that appends through `append_events`; exported so tests can run it inside their own transaction. */
export function appendEventsStatement(
  streamId: string,
  events: readonly NewEvent[],
  expectedRevision: ExpectedRevision,
): { text: string; values: unknown[] } {
  const payload = events.map((e) => ({ ...e, data: e.data ?? null }));
  return {
    text: 'SELECT * FROM append_events($1, $2, $3::jsonb)',
    values: [streamId, String(expectedRevision), JSON.stringify(payload)],
  };
}

/** The event store on PostgreSQL: the server through `pg`, or the embedded PGlite. The caller owns `db`. */
export class PostgresEventStore implements EventStore, SubscriptionSource {
  private readonly subscriptions = new SubscriptionSet<PollingSubscription>();
  private readonly notifier: EventNotifier | null;

  constructor(
    private readonly db: SqlDatabase,
    options: PostgresEventStoreOptions = {},
  ) {
    this.notifier =
      db instanceof PostgresDatabase && options.notifications !== false
        ? new EventNotifier(db.pool.options, () => this.subscriptions.forEach((s) => s.wake()))
        : null;
  }

  async append(
    streamId: string,
    events: NewEvent[],
    { expectedRevision }: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    validateAppend(streamId, events, expectedRevision);
    const { text, values } = appendEventsStatement(streamId, events, expectedRevision);
    let rows: (EventRow & { deduplicated: boolean })[];
    try {
      rows = (await this.run(() => this.db.query<EventRow & { deduplicated: boolean }>(text, values))).rows;
    } catch (error) {
      if (sqlState(error) === WRONG_REVISION_SQLSTATE) {
        const detail = (error as { detail?: string }).detail;
        throw new WrongExpectedRevisionError(streamId, expectedRevision, detail ? Number(detail) : null);
      }
      // A concurrent retry of this append committed first; once more, the function finds and returns it.
      if (sqlState(error) !== UNIQUE_VIOLATION) throw error;
      rows = (await this.run(() => this.db.query<EventRow & { deduplicated: boolean }>(text, values))).rows;
    }
    const recorded = rows.map(toRecordedEvent);
    const deduplicated = rows[0].deduplicated;
    if (deduplicated && !isSameAppend(streamId, events, recorded)) {
      const taken = events.map((e) => e.eventId).filter((id) => recorded.some((r) => r.eventId === id));
      throw new DuplicateEventError(streamId, taken);
    }
    const last = recorded[recorded.length - 1];
    return {
      streamId,
      nextExpectedRevision: last.revision,
      firstRevision: recorded[0].revision,
      globalPosition: last.globalPosition,
      events: recorded,
      deduplicated,
    };
  }

  // recorded_at is taken at insert; an append is one statement, so it commits moments later at most.
  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const result = await this.run(() =>
      this.db.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events
          WHERE stream_id = $1 AND stream_revision >= $2
            AND ($3::timestamptz IS NULL OR recorded_at <= $3::timestamptz)
          ORDER BY stream_revision`,
        [streamId, options.fromRevision ?? 0, options.recordedUntil ?? null],
      ),
    );
    return result.rows.map(toRecordedEvent);
  }

  // Reads only below the oldest transaction still running (the snapshot's xmin), in commit-safe
  // (transaction_id, global_position) order. That prefix is final: a transaction still open can never
  // land behind a reader's checkpoint, and a rolled-back one simply leaves nothing. The price: a
  // long-running transaction anywhere in the cluster (any database, even a forgotten prepared one)
  // delays delivery until it ends; it never loses an event.
  async readAll({ after, maxCount, streamPrefix }: ReadAllOptions): Promise<ReadAllResult> {
    if (!Number.isSafeInteger(maxCount) || maxCount < 1) {
      throw new RangeError(`maxCount must be a positive integer, got ${maxCount}`);
    }
    const result = await this.run(() =>
      this.db.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM events
          WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
            AND (transaction_id, global_position) > ($1::xid8, $2::bigint)
            AND ($4::text IS NULL OR starts_with(stream_id, $4::text))
          ORDER BY transaction_id, global_position
          LIMIT $3`,
        [after?.transactionId ?? '0', after?.globalPosition ?? 0, maxCount, streamPrefix ?? null],
      ),
    );
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

  private async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw isConnectionFailure(error) ? new DatabaseUnavailableError(error) : error;
    }
  }
}

function validateAppend(streamId: string, events: NewEvent[], expected: ExpectedRevision): void {
  if (!streamId) throw new InvalidAppendError('Stream id is empty');
  if (events.length === 0) throw new InvalidAppendError(`Stream ${streamId}: nothing to append`);
  if (typeof expected === 'number' && !(Number.isSafeInteger(expected) && expected >= 0)) {
    throw new InvalidAppendError(`Stream ${streamId}: expected revision ${expected} is not a revision`);
  }
  for (const e of events) {
    if (!UUID.test(e.eventId)) throw new InvalidAppendError(`Stream ${streamId}: event id ${e.eventId} is not a uuid`);
    if (!e.type) throw new InvalidAppendError(`Stream ${streamId}: event ${e.eventId} has no type`);
    if (!e.metadata?.actor?.id) throw new InvalidAppendError(`Stream ${streamId}: event ${e.eventId} has no actor`);
    if (Number.isNaN(Date.parse(e.metadata.occurredAt))) {
      throw new InvalidAppendError(`Stream ${streamId}: event ${e.eventId} has no valid occurredAt`);
    }
  }
  // The key identifies the command, so every event the command appends carries the same one (or none).
  const key = events[0].metadata.idempotencyKey;
  if (events.some((e) => e.metadata.idempotencyKey !== key)) {
    throw new InvalidAppendError(`Stream ${streamId}: events of one append carry different idempotency keys`);
  }
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
