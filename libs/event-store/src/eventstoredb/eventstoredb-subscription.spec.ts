import { PassThrough } from 'node:stream';
import type { AllStreamRecordedEvent, AllStreamSubscription } from '@eventstore/db-client';
import { UnavailableError } from '@eventstore/db-client';
import { DatabaseUnavailableError } from '../event-store.errors';
import { Checkpoint, RecordedEvent } from '../event-store.port';
import { newEvent, within } from '../testing';
import { comparePositions, fromEsdbEvent, isEsdbConnectionError, isSystemEvent, toCheckpoint, toEventData, toPosition } from './eventstoredb.mapping';
import { EventStoreDbSubscription, EventStoreDbSubscriptionSource } from './eventstoredb-subscription';

// $all in memory, served the way ESDB's catch-up subscription serves it: a push stream that replays
// from a position, then stays open for new events, and can be dropped.
class FakeAll implements EventStoreDbSubscriptionSource {
  readonly log: AllStreamRecordedEvent[] = [];
  readonly opened: (Checkpoint | null)[] = [];
  live: PassThrough[] = [];
  /** Replay the event at the resume position too (ESDB reads are inclusive there). */
  inclusive = false;
  private next = 1_000n;

  append(streamId: string, count: number, type = 'MilestoneLogged'): void {
    const commit = this.next;
    for (let i = 0; i < count; i++) {
      const event = newEvent({ type });
      const data = toEventData(event, event.eventId, 'attempt');
      const stored = {
        streamId,
        id: event.eventId,
        isJson: true,
        revision: BigInt(this.log.filter((e) => e.streamId === streamId).length),
        type: data.type,
        created: new Date(),
        data: data.data,
        metadata: data.metadata,
        position: { commit, prepare: this.next },
      } as AllStreamRecordedEvent;
      this.next += 97n;
      this.log.push(stored);
      for (const s of this.live) s.write({ event: stored });
    }
  }

  open(after: Checkpoint | null): AllStreamSubscription {
    this.opened.push(after);
    const stream = Object.assign(new PassThrough({ objectMode: true }), {
      unsubscribe: async () => void stream.end(),
    }) as unknown as PassThrough & AllStreamSubscription;
    const from = after && toPosition(after);
    for (const event of this.log) {
      const c = from ? comparePositions(event.position, from) : 1;
      if (c > 0 || (c === 0 && this.inclusive)) stream.write({ event });
    }
    this.live.push(stream);
    stream.on('close', () => (this.live = this.live.filter((s) => s !== stream)));
    return stream;
  }

  drop(error: Error): void {
    for (const s of this.live) s.destroy(error);
  }

  accept = (e: AllStreamRecordedEvent) => !isSystemEvent(e);
  toRecorded = (e: AllStreamRecordedEvent) => fromEsdbEvent(e);
  headCheckpoint = async () => {
    const last = this.log.filter(this.accept).at(-1);
    return last ? toCheckpoint(last.position) : null;
  };
  toStoreError = (e: unknown) => (isEsdbConnectionError(e) ? new DatabaseUnavailableError(e) : e);
}

function collect(all: FakeAll, options: { after?: Checkpoint | null; batchSize?: number; fail?: number } = {}) {
  const batches: RecordedEvent[][] = [];
  const errors: unknown[] = [];
  let failures = options.fail ?? 0;
  const subscription = new EventStoreDbSubscription(all, {
    after: options.after ?? null,
    batchSize: options.batchSize,
    handler: async (batch) => {
      if (failures-- > 0) throw new Error('projection down');
      batches.push(batch);
    },
    onError: (e) => errors.push(e),
  });
  const delivered = () => batches.flat().map((e) => e.eventId);
  return { subscription, batches, errors, delivered };
}

const ids = (all: FakeAll) => all.log.filter((e) => !isSystemEvent(e)).map((e) => (e.metadata as { eventId: string }).eventId);

describe('EventStoreDbSubscription', () => {
  it('delivers what has arrived in batches of at most batchSize, then what arrives later', async () => {
    const all = new FakeAll();
    all.append('p-1', 5);
    all.append('$stats-node', 1, '$statsCollected');
    const { subscription, batches, delivered } = collect(all, { batchSize: 2 });
    await within(subscription.caughtUp(), 2_000, 'catch up');
    all.append('p-2', 2);
    await within(subscription.caughtUp(), 2_000, 'live events');
    await subscription.stop();
    expect(delivered()).toEqual(ids(all));
    expect(batches.every((b) => b.length <= 2)).toBe(true);
    expect(subscription.checkpoint).toEqual(toCheckpoint(all.log.at(-1)!.position));
  });

  it('hands the same batch to a failing handler again, reporting the error', async () => {
    const all = new FakeAll();
    all.append('p-1', 3);
    const { subscription, errors, delivered } = collect(all, { fail: 2 });
    await within(subscription.caughtUp(), 5_000, 'recovery');
    await subscription.stop();
    expect(delivered()).toEqual(ids(all));
    expect(errors).toEqual([new Error('projection down'), new Error('projection down')]);
  });

  it('resubscribes after the last delivered event when the subscription drops, delivering each event once', async () => {
    const all = new FakeAll();
    all.inclusive = true;
    all.append('p-1', 3);
    const { subscription, errors, delivered } = collect(all);
    await within(subscription.caughtUp(), 2_000, 'first catch-up');
    const before = subscription.checkpoint;
    all.drop(new UnavailableError());
    all.append('p-1', 2);
    await within(subscription.caughtUp(), 5_000, 'catch-up after reconnecting');
    await subscription.stop();
    expect(delivered()).toEqual(ids(all));
    expect(all.opened).toEqual([null, before]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(DatabaseUnavailableError);
  });

  it('resumes after a saved checkpoint', async () => {
    const all = new FakeAll();
    all.append('p-1', 2);
    const saved = toCheckpoint(all.log[1].position);
    all.append('p-2', 2);
    const { subscription, delivered } = collect(all, { after: saved });
    await within(subscription.caughtUp(), 2_000, 'catch up');
    await subscription.stop();
    expect(delivered()).toEqual(ids(all).slice(2));
  });

  it('catches up at once on an empty store and stops while idle', async () => {
    const all = new FakeAll();
    const { subscription } = collect(all);
    await within(subscription.caughtUp(), 1_000, 'empty store');
    await within(subscription.stop(), 1_000, 'stop');
    expect(subscription.checkpoint).toBeNull();
    expect(all.live.every((s) => s.destroyed)).toBe(true);
    await expect(subscription.caughtUp()).resolves.toBeUndefined();
  });
});
