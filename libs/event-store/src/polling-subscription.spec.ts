import { Checkpoint, ReadAllOptions, RecordedEvent } from './event-store.port';
import { PollingSubscription, SubscriptionSource } from './polling-subscription';

// An in-memory log in delivery order; its "head" is simply its last event.
class FakeLog implements SubscriptionSource {
  readonly events: RecordedEvent[] = [];
  failReads = 0;

  add(count: number): void {
    for (let i = 0; i < count; i++) {
      const position = this.events.length + 1;
      this.events.push({
        eventId: `e${position}`,
        type: 'Probe',
        schemaVersion: 1,
        data: null,
        metadata: { occurredAt: '2024-01-01T00:00:00.000Z', actor: { id: 'a', name: 'A', role: 'admin' } },
        streamId: 's',
        revision: position - 1,
        globalPosition: position,
        recordedAt: '2024-01-01T00:00:00.000Z',
        checkpoint: { transactionId: String(position), globalPosition: position },
      });
    }
  }

  async readAll({ after, maxCount }: ReadAllOptions) {
    if (this.failReads > 0) {
      this.failReads--;
      throw new Error('read failed');
    }
    const from = after ? after.globalPosition : 0;
    const events = this.events.slice(from, from + maxCount);
    return { events, isEnd: events.length < maxCount };
  }

  async headCheckpoint(): Promise<Checkpoint | null> {
    return this.events.at(-1)?.checkpoint ?? null;
  }
}

const positions = (batches: RecordedEvent[][]) => batches.flat().map((e) => e.globalPosition);
const into = (batches: RecordedEvent[][]) => async (batch: RecordedEvent[]) => void batches.push(batch);
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('PollingSubscription', () => {
  let subscription: PollingSubscription | undefined;
  afterEach(() => subscription?.stop());

  it('delivers the log in batches, in order, and follows new events', async () => {
    const log = new FakeLog();
    log.add(7);
    const batches: RecordedEvent[][] = [];
    const options = { after: null, batchSize: 3, pollIntervalMs: 5, handler: into(batches) };
    subscription = new PollingSubscription(log, options);
    await subscription.caughtUp();
    expect(batches.map((b) => b.length)).toEqual([3, 3, 1]);
    log.add(2);
    await subscription.caughtUp();
    expect(positions(batches)).toEqual(range(9));
    expect(subscription.checkpoint).toEqual({ transactionId: '9', globalPosition: 9 });
  });

  it('starts after the given checkpoint', async () => {
    const log = new FakeLog();
    log.add(5);
    const batches: RecordedEvent[][] = [];
    const after = log.events[2].checkpoint;
    subscription = new PollingSubscription(log, { after, pollIntervalMs: 5, handler: into(batches) });
    await subscription.caughtUp();
    expect(positions(batches)).toEqual([4, 5]);
  });

  it('retries a failing batch until the handler accepts it, never skipping', async () => {
    const log = new FakeLog();
    log.add(4);
    const attempts: number[][] = [];
    const errors: unknown[] = [];
    subscription = new PollingSubscription(log, {
      after: null,
      batchSize: 2,
      pollIntervalMs: 5,
      handler: async (batch) => {
        attempts.push(batch.map((e) => e.globalPosition));
        if (attempts.length <= 2) throw new Error(`attempt ${attempts.length}`);
      },
      onError: (e) => errors.push(e),
    });
    await subscription.caughtUp();
    expect(attempts).toEqual([[1, 2], [1, 2], [1, 2], [3, 4]]);
    expect(errors).toHaveLength(2);
  });

  it('keeps polling after a failed read', async () => {
    const log = new FakeLog();
    log.add(2);
    log.failReads = 1;
    const errors: unknown[] = [];
    const seen: RecordedEvent[][] = [];
    const onError = (e: unknown) => void errors.push(e);
    subscription = new PollingSubscription(log, { after: null, pollIntervalMs: 5, handler: into(seen), onError });
    await subscription.caughtUp();
    expect(positions(seen)).toEqual([1, 2]);
    expect(errors).toHaveLength(1);
  });

  it('stop() waits for the batch in flight and keeps its checkpoint', async () => {
    const log = new FakeLog();
    log.add(3);
    let release!: () => void;
    let started!: () => void;
    const inFlight = new Promise<void>((r) => (started = r));
    let finished = false;
    subscription = new PollingSubscription(log, {
      after: null,
      pollIntervalMs: 5,
      handler: async () => {
        started();
        await new Promise<void>((r) => (release = r));
        finished = true;
      },
    });
    await inFlight;
    const stopped = subscription.stop();
    setTimeout(() => release(), 20);
    await stopped;
    expect(finished).toBe(true);
    expect(subscription.checkpoint?.globalPosition).toBe(3);
  });

  it('wakes from an idle sleep at once', async () => {
    const log = new FakeLog();
    const seen: RecordedEvent[][] = [];
    subscription = new PollingSubscription(log, { after: null, pollIntervalMs: 60_000, handler: into(seen) });
    await new Promise((r) => setTimeout(r, 20));
    log.add(1);
    subscription.wake();
    await subscription.caughtUp();
    expect(positions(seen)).toEqual([1]);
  });

  it('rejects a pending caughtUp when stopped short of its target', async () => {
    const log = new FakeLog();
    log.add(2);
    let release!: () => void;
    subscription = new PollingSubscription(log, {
      after: null,
      batchSize: 1,
      pollIntervalMs: 5,
      handler: () => new Promise<void>((r) => (release = r)),
    });
    const waiting = subscription.caughtUp();
    await new Promise((r) => setTimeout(r, 20));
    const stopping = subscription.stop();
    release();
    await expect(waiting).rejects.toThrow('stopped');
    await stopping;
    expect(subscription.checkpoint?.globalPosition).toBe(1);
  });
});
