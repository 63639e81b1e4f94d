import { randomUUID } from 'node:crypto';
import { WrongExpectedRevisionError } from '../event-store.errors';
import { Checkpoint, EventMetadata, EventStore, NewEvent, RecordedEvent } from '../event-store.port';

// The behaviour every EventStore adapter must show. Run it from an adapter's *.int-spec.ts.

export interface EventStoreUnderTest {
  store: EventStore;
  cleanup(): Promise<void>;
}

const WAIT_MS = 5_000;

type NewEventOverrides = Partial<Omit<NewEvent, 'metadata'>> & { metadata?: Partial<EventMetadata> };

export function newEvent(overrides: NewEventOverrides = {}): NewEvent {
  return {
    eventId: overrides.eventId ?? randomUUID(),
    type: overrides.type ?? 'MilestoneLogged',
    schemaVersion: overrides.schemaVersion ?? 1,
    data: 'data' in overrides ? overrides.data : { milestone: 'prototype v2', enrolled: 12 },
    metadata: {
      occurredAt: '2024-05-06T07:08:09.123Z',
      actor: { id: 'u-lin', name: 'Dr Lin Wei', role: 'clinician' },
      ...overrides.metadata,
    },
  };
}

export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const into = (sink: RecordedEvent[]) => async (batch: RecordedEvent[]) => void sink.push(...batch);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function expectWrongRevision(attempt: Promise<unknown>, actual: number | null): Promise<void> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  expect((error as WrongExpectedRevisionError).actual).toBe(actual);
}

export function eventStoreContract(name: string, factory: () => Promise<EventStoreUnderTest>): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });
    afterEach(() => cleanup());

    const seed = (streamId: string, count: number) =>
      store.append(streamId, Array.from({ length: count }, () => newEvent()), { expectedRevision: 'any' });

    async function readEverything(maxCount: number, streamPrefix?: string) {
      const pages: { events: RecordedEvent[]; isEnd: boolean }[] = [];
      let after: Checkpoint | null = null;
      for (;;) {
        const page = await store.readAll({ after, maxCount, streamPrefix });
        pages.push(page);
        if (page.isEnd) return pages;
        after = page.events[page.events.length - 1].checkpoint;
      }
    }

    describe('expected revision', () => {
      it("'no_stream' creates a stream and rejects an existing one", async () => {
        const first = await store.append('p-1', [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
        expect(first).toMatchObject({ firstRevision: 0, nextExpectedRevision: 1, deduplicated: false });
        await expectWrongRevision(store.append('p-1', [newEvent()], { expectedRevision: 'no_stream' }), 1);
      });

      it('a revision accepts the current one and rejects a stale one or a missing stream', async () => {
        await seed('p-1', 2);
        const next = await store.append('p-1', [newEvent()], { expectedRevision: 1 });
        expect(next).toMatchObject({ firstRevision: 2, nextExpectedRevision: 2 });
        await expectWrongRevision(store.append('p-1', [newEvent()], { expectedRevision: 1 }), 2);
        await expectWrongRevision(store.append('p-1', [newEvent()], { expectedRevision: 3 }), 2);
        await expectWrongRevision(store.append('p-2', [newEvent()], { expectedRevision: 0 }), null);
      });

      it("'stream_exists' accepts an existing stream and rejects a missing one", async () => {
        await expectWrongRevision(store.append('p-1', [newEvent()], { expectedRevision: 'stream_exists' }), null);
        await seed('p-1', 1);
        const next = await store.append('p-1', [newEvent()], { expectedRevision: 'stream_exists' });
        expect(next.nextExpectedRevision).toBe(1);
      });

      it("'any' accepts a missing and an existing stream", async () => {
        expect((await store.append('p-1', [newEvent()], { expectedRevision: 'any' })).nextExpectedRevision).toBe(0);
        expect((await store.append('p-1', [newEvent()], { expectedRevision: 'any' })).nextExpectedRevision).toBe(1);
      });

      it('a rejected append stores nothing', async () => {
        await seed('p-1', 1);
        await expectWrongRevision(store.append('p-1', [newEvent()], { expectedRevision: 'no_stream' }), 0);
        expect(await store.readStream('p-1')).toHaveLength(1);
        expect(await store.streamRevision('p-1')).toBe(0);
      });
    });

    it('returns the appended events with revisions and increasing positions', async () => {
      const events = [newEvent(), newEvent(), newEvent()];
      const result = await store.append('p-1', events, { expectedRevision: 'no_stream' });
      expect(result.events.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
      expect(result.events.map((e) => e.revision)).toEqual([0, 1, 2]);
      const positions = result.events.map((e) => e.globalPosition);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(result.globalPosition).toBe(positions[2]);
      expect(await store.streamRevision('p-1')).toBe(2);
      expect(await store.streamRevision('p-unknown')).toBeNull();
    });

    it('reads a stream from a revision; an unknown stream is empty', async () => {
      await seed('p-1', 5);
      await seed('p-2', 1);
      expect((await store.readStream('p-1')).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
      expect((await store.readStream('p-1', { fromRevision: 3 })).map((e) => e.revision)).toEqual([3, 4]);
      expect(await store.readStream('p-1', { fromRevision: 5 })).toEqual([]);
      expect(await store.readStream('p-unknown')).toEqual([]);
    });

    it('reads a stream as it was recorded at an instant', async () => {
      const first = await seed('p-1', 1);
      await sleep(5);
      const second = await seed('p-1', 1);
      const t1 = first.events[0].recordedAt;
      const t2 = second.events[0].recordedAt;
      expect(t2 > t1).toBe(true);
      expect(await store.readStream('p-1', { recordedUntil: new Date(Date.parse(t1) - 1).toISOString() })).toEqual([]);
      expect((await store.readStream('p-1', { recordedUntil: t1 })).map((e) => e.revision)).toEqual([0]);
      expect((await store.readStream('p-1', { recordedUntil: t2 })).map((e) => e.revision)).toEqual([0, 1]);
    });

    it('reads all events in batches, in order, ending with isEnd', async () => {
      const appended: RecordedEvent[] = [];
      for (const [streamId, count] of [['p-1', 2], ['p-2', 2], ['p-1', 1]] as const) {
        appended.push(...(await seed(streamId, count)).events);
      }
      const pages = await readEverything(2);
      expect(pages.map((p) => [p.events.length, p.isEnd])).toEqual([
        [2, false],
        [2, false],
        [1, true],
      ]);
      expect(pages.flatMap((p) => p.events)).toEqual(appended);
      expect(await store.readAll({ after: appended[4].checkpoint, maxCount: 10 })).toEqual({ events: [], isEnd: true });
    });

    it('filters all events by stream prefix', async () => {
      await seed('project-1', 2);
      await seed('user-1', 3);
      await seed('project-2', 1);
      const events = (await readEverything(2, 'project-')).flatMap((p) => p.events);
      expect(events.map((e) => e.streamId)).toEqual(['project-1', 'project-1', 'project-2']);
    });

    describe('idempotency', () => {
      it('a repeated event id stores nothing and returns the original result', async () => {
        const events = [newEvent(), newEvent()];
        const original = await store.append('p-1', events, { expectedRevision: 'no_stream' });
        await seed('p-1', 1);
        const repeat = await store.append('p-1', events, { expectedRevision: 'no_stream' });
        expect(repeat).toEqual({ ...original, deduplicated: true });
        expect(await store.readStream('p-1')).toHaveLength(3);
      });

      it('a repeated idempotency key on the stream stores nothing and returns the original result', async () => {
        const key = { idempotencyKey: 'cmd-42' };
        const original = await store.append('p-1', [newEvent({ metadata: key }), newEvent({ metadata: key })], {
          expectedRevision: 'no_stream',
        });
        const repeat = await store.append('p-1', [newEvent({ metadata: key })], { expectedRevision: 1 });
        expect(repeat).toEqual({ ...original, deduplicated: true });
        expect(await store.readStream('p-1')).toHaveLength(2);
        // Keys are per stream: another stream may use the same one.
        const elsewhere = await store.append('p-2', [newEvent({ metadata: key })], { expectedRevision: 'any' });
        expect(elsewhere.deduplicated).toBe(false);
      });

      it('refuses an event id already stored on another stream', async () => {
        const event = newEvent();
        await store.append('p-1', [event], { expectedRevision: 'any' });
        const reuse = store.append('p-2', [event], { expectedRevision: 'any' });
        await expect(reuse).rejects.toMatchObject({ code: 'DUPLICATE_EVENT' });
        expect(await store.readStream('p-2')).toEqual([]);
      });
    });

    it('keeps the whole envelope', async () => {
      const event = newEvent({
        type: 'GateDecisionRecorded',
        schemaVersion: 3,
        data: { outcome: 'kill', stage: 'prototype', nested: { list: [1, 'two', null] } },
        metadata: {
          occurredAt: '2023-12-31T23:59:59.999Z',
          actor: { id: 'u-io', name: 'Zhang Min', role: 'innovation_office' },
          reason: 'Endpoint not met',
          correlationId: 'req-1',
          causationId: 'cmd-1',
          idempotencyKey: 'key-1',
          signatureMeaning: 'approved to terminate',
        },
      });
      const before = Date.now();
      const [recorded] = (await store.append('p-1', [event], { expectedRevision: 'no_stream' })).events;
      const [read] = await store.readStream('p-1');
      expect(read).toEqual(recorded);
      expect(read).toMatchObject({ ...event, streamId: 'p-1', revision: 0 });
      expect(read.metadata).toEqual(event.metadata);
      expect(read.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Math.abs(Date.parse(read.recordedAt) - before)).toBeLessThan(60_000);
      expect(read.checkpoint.transactionId).toMatch(/^\d+$/);
      expect(read.checkpoint.globalPosition).toBe(read.globalPosition);
      expect((await store.readAll({ maxCount: 10 })).events).toEqual([recorded]);
    });

    it('reports the head position and whether a checkpoint has processed an event', async () => {
      expect(await store.headPosition()).toBe(0);
      const a = await seed('p-1', 1);
      const b = await seed('p-2', 2);
      expect(await store.headPosition()).toBe(b.globalPosition);
      expect(await store.hasProcessed(null, a.globalPosition)).toBe(false);
      expect(await store.hasProcessed(a.events[0].checkpoint, a.globalPosition)).toBe(true);
      expect(await store.hasProcessed(a.events[0].checkpoint, b.globalPosition)).toBe(false);
      expect(await store.hasProcessed(b.events[1].checkpoint, a.globalPosition)).toBe(true);
      expect(await store.hasProcessed(b.events[1].checkpoint, b.globalPosition + 100)).toBe(false);
    });

    describe('subscription', () => {
      it('delivers everything, then resumes from a saved checkpoint without duplicates', async () => {
        const appended = [...(await seed('p-1', 3)).events, ...(await seed('p-2', 2)).events];
        const delivered: RecordedEvent[] = [];
        const first = store.subscribe({ after: null, batchSize: 2, pollIntervalMs: 10, handler: into(delivered) });
        await within(first.caughtUp(), WAIT_MS, 'first subscription to catch up');
        const more = (await seed('p-1', 2)).events;
        await within(first.caughtUp(), WAIT_MS, 'first subscription to see new events');
        await first.stop();
        const saved = first.checkpoint;
        expect(delivered).toEqual([...appended, ...more]);
        expect(await store.hasProcessed(saved, more[1].globalPosition)).toBe(true);

        const later = (await seed('p-3', 2)).events;
        const resumed: RecordedEvent[] = [];
        const second = store.subscribe({ after: saved, pollIntervalMs: 10, handler: into(resumed) });
        await within(second.caughtUp(), WAIT_MS, 'resumed subscription to catch up');
        await second.stop();
        expect(resumed).toEqual(later);
      });

      it('redelivers a batch its handler failed, reporting the error', async () => {
        const appended = (await seed('p-1', 2)).events;
        const errors: unknown[] = [];
        const delivered: RecordedEvent[] = [];
        let failures = 1;
        const subscription = store.subscribe({
          after: null,
          pollIntervalMs: 10,
          handler: async (batch) => {
            if (failures-- > 0) throw new Error('projection down');
            delivered.push(...batch);
          },
          onError: (e) => errors.push(e),
        });
        await within(subscription.caughtUp(), WAIT_MS, 'subscription to recover');
        await subscription.stop();
        expect(delivered).toEqual(appended);
        expect(errors).toEqual([new Error('projection down')]);
      });

      it('catches up at once on an empty store', async () => {
        const subscription = store.subscribe({ after: null, handler: async () => undefined });
        await within(subscription.caughtUp(), WAIT_MS, 'empty store');
        await subscription.stop();
        expect(subscription.checkpoint).toBeNull();
      });
    });
  });
}
