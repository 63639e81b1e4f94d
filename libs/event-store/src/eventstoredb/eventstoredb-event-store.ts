import { randomUUID } from 'node:crypto';
import { appendResult } from '../append-rules';
import { SubscriptionSet } from '../subscription-support';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  START,
  streamNameFilter,
} from '@eventstore/db-client';
import type {
  AllStreamRecordedEvent,
  Direction,
  Position,
  ReadPosition,
  RecordedEvent as EsdbRecordedEvent,
  StreamingRead,
} from '@eventstore/db-client';
import { DatabaseUnavailableError, DuplicateEventError } from '../event-store.errors';
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
} from '../event-store.port';
import {
  appendIdOf,
  comparePositions,
  fromEsdbEvent,
  isEsdbConnectionError,
  isStreamNotFound,
  isSystemEvent,
  isWrongExpectedVersion,
  recordedAtOf,
  requirePosition,
  storedEventId,
  toEsdbExpectedRevision,
  toEventData,
  toPosition,
  toWrongExpectedRevision,
  validateAppend,
} from './eventstoredb.mapping';
import { EventStoreDbSubscription } from './eventstoredb-subscription';

export interface EventStoreDbEventStoreOptions {
  /**
   * Prefix of every stream this store writes and the only streams it reads from $all. Lets several
   * environments or test runs share one server; empty (the default) in production.
   */
  namespace?: string;
}

// Pages of $all read to find events on the client side (readAll in this client takes no filter).
const SCAN_PAGE = 500;

/**
 * The event store on EventStoreDB / KurrentDB over gRPC. ESDB keeps the events; PostgreSQL still keeps
 * read models and the projection checkpoints (the caller stores `Checkpoint`s).
 *
 * An append costs three round trips: read the stream (idempotency check), append, read back the
 * appended events (their positions and `created` are needed for the result).
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly namespace: string;
  private readonly subscriptions = new SubscriptionSet();

  constructor(
    private readonly client: EventStoreDBClient,
    options: EventStoreDbEventStoreOptions = {},
  ) {
    this.namespace = options.namespace ?? '';
  }

  /** `esdb://host:2113?tls=false` or `esdb+discover://…` (see the client's connection string docs). */
  static connect(url: string, options: EventStoreDbEventStoreOptions = {}): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(url), options);
  }

  async append(
    streamId: string,
    events: NewEvent[],
    { expectedRevision }: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    validateAppend(streamId, events, expectedRevision);
    const stream = this.namespace + streamId;

    // A retry that arrives after the original has been stored (the usual case): answer with the original.
    const earlier = await this.findOriginal(streamId, events);
    if (earlier) return earlier;

    // A retry racing the original: both passed the check above. Same stored ids (the caller's, or derived
    // from the idempotency key) at the same expected revision make ESDB treat the second as the same
    // write; the appendId read back below tells which attempt stored it. With 'any', ESDB's id check is
    // best effort (recent writes only), so two racing retries with 'any' can in rare cases both be stored.
    const appendId = randomUUID();
    const data = events.map((e, i) => toEventData(e, storedEventId(streamId, e, i), appendId));
    let nextExpectedRevision: bigint;
    try {
      ({ nextExpectedRevision } = await this.run(() =>
        this.client.appendToStream(stream, data, { expectedRevision: toEsdbExpectedRevision(expectedRevision) }),
      ));
    } catch (error) {
      if (!isWrongExpectedVersion(error)) throw error;
      // Lost to a concurrent retry of the same command (possibly of another shape): that one is the original.
      const original = await this.findOriginal(streamId, events);
      if (original) return original;
      throw toWrongExpectedRevision(streamId, expectedRevision, error);
    }

    const count = BigInt(events.length);
    const written = await this.readStreamRaw(stream, nextExpectedRevision - count + 1n, count);
    if (written.length === events.length && written.every((e) => appendIdOf(e) === appendId)) {
      return appendResult(streamId, written.map((e) => fromEsdbEvent(e, streamId)), false);
    }
    const original = await this.findOriginal(streamId, events);
    if (original) return original;
    throw new Error(`Stream ${streamId}: the append succeeded but its events could not be read back`);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const until = options.recordedUntil === undefined ? undefined : Date.parse(options.recordedUntil);
    if (Number.isNaN(until)) throw new RangeError(`recordedUntil is not an instant: ${options.recordedUntil}`);
    const stored = await this.readStreamRaw(
      this.namespace + streamId,
      BigInt(options.fromRevision ?? 0),
      undefined,
      // Stream order is the record's order: an event after one recorded past `until` was not there at
      // `until` either, even if the server's clock stepped back.
      until === undefined ? undefined : (e) => Date.parse(recordedAtOf(e)) <= until,
    );
    return stored.map((e) => fromEsdbEvent(e, streamId));
  }

  async readAll({ after, maxCount, streamPrefix }: ReadAllOptions): Promise<ReadAllResult> {
    if (!Number.isSafeInteger(maxCount) || maxCount < 1) {
      throw new RangeError(`maxCount must be a positive integer, got ${maxCount}`);
    }
    const prefix = this.namespace + (streamPrefix ?? '');
    const { events, isEnd } = await this.scanAll(
      FORWARDS,
      after ? toPosition(after) : START,
      (e) => e.streamId.startsWith(prefix),
      maxCount,
    );
    return { events: events.map((e) => this.toRecorded(e)), isEnd };
  }

  async streamRevision(streamId: string): Promise<number | null> {
    const [last] = await this.readStreamRaw(this.namespace + streamId, END, 1n, undefined, BACKWARDS);
    return last ? fromEsdbEvent(last, streamId).revision : null;
  }

  // The prepare position of the last event: a log offset, so "0 when empty" and otherwise large.
  async headPosition(): Promise<number> {
    return (await this.headCheckpoint())?.globalPosition ?? 0;
  }

  /** The last event of this store in $all (system events and other namespaces left out). */
  async headCheckpoint(): Promise<Checkpoint | null> {
    const { events } = await this.scanAll(BACKWARDS, END, (e) => e.streamId.startsWith(this.namespace), 1);
    return events.length ? this.toRecorded(events[0]).checkpoint : null;
  }

  // Delivery follows $all, where prepare positions increase (events of one append are contiguous and
  // share the commit position), so comparing prepare positions is comparing places in delivery order.
  async hasProcessed(checkpoint: Checkpoint | null, globalPosition: number): Promise<boolean> {
    return checkpoint !== null && globalPosition <= checkpoint.globalPosition;
  }

  subscribe(options: SubscribeOptions): Subscription {
    const subscription = new EventStoreDbSubscription(
      {
        open: (after) =>
          this.client.subscribeToAll({
            fromPosition: after ? toPosition(after) : START,
            // Filtered on the server; the subscription filters again, since a filter only narrows.
            filter: this.namespace ? streamNameFilter({ prefixes: [this.namespace] }) : excludeSystemEvents(),
          }),
        accept: (e) => !isSystemEvent(e) && e.streamId.startsWith(this.namespace),
        toRecorded: (e) => this.toRecorded(e),
        headCheckpoint: () => this.headCheckpoint(),
        toStoreError: (e) => (isEsdbConnectionError(e) ? new DatabaseUnavailableError(e) : e),
      },
      options,
    );
    return this.subscriptions.track(subscription);
  }

  /** Stops every subscription and closes the gRPC channel. */
  async close(): Promise<void> {
    await this.subscriptions.stopAll();
    await this.client.dispose();
  }

  /** The earlier append this one repeats (same idempotency key, or same event ids), or null. */
  private async findOriginal(streamId: string, events: NewEvent[]): Promise<AppendResult | null> {
    const stored = await this.readStreamRaw(this.namespace + streamId, START);
    const key = events[0].metadata.idempotencyKey;
    const ids = new Set(events.map((e) => e.eventId));
    const callerId = (e: EsdbRecordedEvent) => fromEsdbEvent(e, streamId).eventId;
    const keyOf = (e: EsdbRecordedEvent) => (e.metadata as { idempotencyKey?: unknown } | undefined)?.idempotencyKey;
    const byKey = key !== undefined && stored.some((e) => keyOf(e) === key);
    const match = byKey ? (e: EsdbRecordedEvent) => keyOf(e) === key : (e: EsdbRecordedEvent) => ids.has(callerId(e));
    const first = stored.find(match);
    if (!first) return null;
    // One append = the events stored by one attempt (events written by other tools: those that match).
    const attempt = appendIdOf(first);
    const original = stored
      .filter((e) => (attempt ? appendIdOf(e) === attempt : match(e)))
      .map((e) => fromEsdbEvent(e, streamId));
    const sameIds = events.length === original.length && events.every((e, i) => e.eventId === original[i].eventId);
    if (!byKey && !sameIds) {
      throw new DuplicateEventError(streamId, events.map((e) => e.eventId).filter((id) => original.some((o) => o.eventId === id)));
    }
    return appendResult(streamId, original, true);
  }

  /** Events of one stream; [] when it does not exist. Stops early once `keep` says no. */
  private async readStreamRaw(
    stream: string,
    fromRevision: bigint | typeof START | typeof END,
    maxCount?: bigint,
    keep?: (e: EsdbRecordedEvent) => boolean,
    direction: Direction = FORWARDS,
  ): Promise<EsdbRecordedEvent[]> {
    if (typeof fromRevision === 'bigint' && fromRevision < 0n) return [];
    const read = this.client.readStream(stream, { fromRevision, maxCount, direction });
    const events: EsdbRecordedEvent[] = [];
    try {
      await this.run(() =>
        visit(read, (resolved) => {
          if (!resolved.event) return true;
          if (keep && !keep(resolved.event)) return false;
          events.push(resolved.event);
          return true;
        }),
      );
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
    return events;
  }

  /** Up to `want` events of $all that pass `accept`, reading page by page from `from` (exclusive). */
  private async scanAll(
    direction: Direction,
    from: ReadPosition,
    accept: (e: AllStreamRecordedEvent) => boolean,
    want: number,
  ): Promise<{ events: AllStreamRecordedEvent[]; isEnd: boolean }> {
    const found: AllStreamRecordedEvent[] = [];
    const pageSize = Math.max(want + 1, SCAN_PAGE);
    let cursor = from;
    for (;;) {
      let seen = 0;
      let last: Position | undefined;
      const start = cursor;
      const read = this.client.readAll({ fromPosition: start, maxCount: pageSize, direction });
      const full = await this.run(() =>
        visit(read, ({ event }) => {
          seen++;
          if (!event) return true;
          last = event.position;
          // A read from a position includes the event there; it was delivered by the previous page.
          if (typeof start === 'object' && (direction === FORWARDS ? 1 : -1) * comparePositions(event.position, start) <= 0) {
            return true;
          }
          if (isSystemEvent(event) || !accept(event)) return true;
          found.push(event);
          return found.length < want;
        }),
      );
      if (!full) return { events: found, isEnd: false };
      if (seen < pageSize || !last) return { events: found, isEnd: true };
      cursor = last;
    }
  }

  private toRecorded(event: AllStreamRecordedEvent): RecordedEvent {
    requirePosition(event);
    return fromEsdbEvent(event, event.streamId.slice(this.namespace.length));
  }

  private async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw isEsdbConnectionError(error) ? new DatabaseUnavailableError(error) : error;
    }
  }
}

/** Feeds a read to `step` until it returns false (then cancels the read); true when read to the end. */
async function visit<E>(read: StreamingRead<E>, step: (item: E) => boolean): Promise<boolean> {
  for await (const item of read) {
    if (!step(item)) {
      await read.cancel();
      read.destroy();
      return false;
    }
  }
  return true;
}
