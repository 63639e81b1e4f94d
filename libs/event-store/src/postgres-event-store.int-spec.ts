import { Client } from 'pg';
import { migrate, PostgresDatabase, SqlDatabase } from '@app/platform';
import { availableEngines, createTestDatabase, TestDatabase, TestEngine } from '@app/platform/testing';
import { DatabaseUnavailableError, WrongExpectedRevisionError } from './event-store.errors';
import { EVENT_STORE_MIGRATIONS, EVENTS_CHANNEL, migrateEventStore } from './event-store.migrations';
import { ANNOUNCE_INTERVAL_MS } from './event-notifier';
import { verifyEventStore } from './integrity';
import { AppendResult, RecordedEvent } from './event-store.port';
import { appendEventsStatement, PostgresEventStore } from './postgres-event-store';
import { eventStoreContract, newEvent, sleep, within } from './testing';

const WAIT_MS = 10_000;

// Creating a database is slow (PGlite boots in seconds), so each suite shares one and every test
// gets a freshly migrated event store in it instead.
async function recreateEventStoreSchema(db: SqlDatabase): Promise<void> {
  await dropEventStoreSchema(db);
  await migrateEventStore(db);
}

async function dropEventStoreSchema(db: SqlDatabase): Promise<void> {
  await db.exec(`
    DROP TABLE IF EXISTS events, streams CASCADE;
    DROP FUNCTION IF EXISTS append_events(text, text, jsonb);
    DROP FUNCTION IF EXISTS events_are_append_only();
    DROP FUNCTION IF EXISTS events_hash_chain();
    DROP FUNCTION IF EXISTS event_chain_text(bigint, uuid, text, integer, text, integer, jsonb, jsonb, text, text, text, text,
      timestamptz, timestamptz);
    DELETE FROM schema_migrations WHERE component = 'event_store';`);
}

function sharedDatabase(engine: TestEngine, poolSize?: number): { current: () => TestDatabase } {
  let t: TestDatabase | undefined;
  beforeAll(async () => {
    t = await createTestDatabase(engine, poolSize);
    await migrateEventStore(t.db);
  }, 30_000);
  afterAll(() => t?.drop());
  return { current: () => t! };
}

describe.each(availableEngines())('PostgresEventStore on %s', (engine) => {
  const database = sharedDatabase(engine);
  const freshStore = async () => {
    await recreateEventStoreSchema(database.current().db);
    const store = new PostgresEventStore(database.current().db);
    return { store, cleanup: () => store.close() };
  };

  eventStoreContract(engine, freshStore);

  it('refuses to update or delete an event', async () => {
    const { store, cleanup } = await freshStore();
    const { db } = database.current();
    try {
      await store.append('p-1', [newEvent()], { expectedRevision: 'no_stream' });
      await expect(db.query(`UPDATE events SET type = 'Forged'`)).rejects.toThrow(/append-only/);
      await expect(db.query('DELETE FROM events')).rejects.toThrow(/append-only/);
      await expect(db.query('TRUNCATE events')).rejects.toThrow(/append-only/);
      expect(await store.readStream('p-1')).toHaveLength(1);
    } finally {
      await cleanup();
    }
  });

  it('continues every hash chain across the lean-append migration, and chains rows inserted without a hash', async () => {
    const { db } = database.current();
    await dropEventStoreSchema(db);
    await migrate(db, 'event_store', EVENT_STORE_MIGRATIONS.filter((m) => m.version <= 3));
    // Appended by the function of migration 2 with the per-row trigger of migration 3, as an existing database was.
    for (const events of [[newEvent(), newEvent()], [newEvent()]]) {
      const { values } = appendEventsStatement('p-1', events, 'any');
      await db.query('SELECT * FROM append_events($1, $2, $3::jsonb)', values);
    }
    await migrateEventStore(db);
    const store = new PostgresEventStore(db);
    try {
      await store.append('p-1', [newEvent(), newEvent()], { expectedRevision: 2 });
      await store.append('p-2', [newEvent()], { expectedRevision: 'no_stream' });
      // A bulk load writes rows directly; the trigger chains them.
      await db.query(
        `INSERT INTO events (event_id, stream_id, stream_revision, type, schema_version, data, metadata, actor_id, occurred_at)
         VALUES ($1, 'p-2', 1, 'MilestoneLogged', 1, '{}', '{}', 'u-lin', now())`,
        [newEvent().eventId],
      );
      await db.query(`UPDATE streams SET revision = 1 WHERE stream_id = 'p-2'`);
      await store.append('p-2', [newEvent()], { expectedRevision: 1 });
      expect((await store.readStream('p-1')).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
      expect(await verifyEventStore(db)).toMatchObject({ ok: true, streams: 2, events: 8, problems: [] });
    } finally {
      await store.close();
    }
  });

  it('wakes its own idle subscriptions on append, long before their next poll', async () => {
    const { store, cleanup } = await freshStore();
    try {
      const delivered: RecordedEvent[] = [];
      const handler = async (batch: RecordedEvent[]) => void delivered.push(...batch);
      const subscription = store.subscribe({ after: null, pollIntervalMs: 60_000, handler });
      await sleep(300); // the first, empty poll is done
      await store.append('p-1', [newEvent()], { expectedRevision: 'no_stream' });
      await within(subscription.caughtUp(), 3_000, 'the append to wake the subscription');
      await subscription.stop();
      expect(delivered).toHaveLength(1);
    } finally {
      await cleanup();
    }
  });

  it('rejects an append that names one event id twice', async () => {
    const { store, cleanup } = await freshStore();
    try {
      const event = newEvent();
      await expect(store.append('p-1', [event, event], { expectedRevision: 'any' })).rejects.toMatchObject({ code: 'INVALID_APPEND' });
      expect(await store.streamRevision('p-1')).toBeNull();
    } finally {
      await cleanup();
    }
  });

  it('rejects an append whose events carry different idempotency keys', async () => {
    const { store, cleanup } = await freshStore();
    try {
      const events = [newEvent({ metadata: { idempotencyKey: 'a' } }), newEvent({ metadata: { idempotencyKey: 'b' } })];
      await expect(store.append('p-1', events, { expectedRevision: 'any' })).rejects.toMatchObject({
        code: 'INVALID_APPEND',
      });
    } finally {
      await cleanup();
    }
  });
});

describe('PostgresEventStore without a reachable server', () => {
  it('fails with DatabaseUnavailableError', async () => {
    const db = new PostgresDatabase({ connectionString: 'postgres://postgres@127.0.0.1:1/none' });
    const store = new PostgresEventStore(db, { notifications: false });
    try {
      const append = store.append('p-1', [newEvent()], { expectedRevision: 'any' });
      await expect(append).rejects.toBeInstanceOf(DatabaseUnavailableError);
      await expect(store.readAll({ maxCount: 1 })).rejects.toBeInstanceOf(DatabaseUnavailableError);
    } finally {
      await db.close();
    }
  });
});

const onServer = Boolean(process.env.DATABASE_URL);
if (!onServer) {
  console.log('PostgresEventStore concurrency suite skipped: set DATABASE_URL to run it against a PostgreSQL server');
}

(onServer ? describe : describe.skip)('PostgresEventStore under concurrency (server)', () => {
  const database = sharedDatabase('postgres', 25);
  let store: PostgresEventStore;
  const clients: Client[] = [];
  const closers: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    await recreateEventStoreSchema(database.current().db);
    store = new PostgresEventStore(database.current().db);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.end().catch(() => undefined)));
    await Promise.all(closers.splice(0).map((close) => close()));
    await store.close();
  });

  async function rawClient(): Promise<Client> {
    const client = new Client({ connectionString: database.current().url });
    clients.push(client);
    await client.connect();
    return client;
  }

  async function appendInOpenTransaction(client: Client, streamId: string): Promise<number> {
    await client.query('BEGIN');
    const { text, values } = appendEventsStatement(streamId, [newEvent()], 'any');
    const result = await client.query<{ positions: string[] }>(text, values);
    return Number(result.rows[0].positions[0]);
  }

  function collect(batchSize = 500) {
    const delivered: RecordedEvent[] = [];
    const handler = async (batch: RecordedEvent[]) => void delivered.push(...batch);
    const subscription = store.subscribe({ after: null, batchSize, pollIntervalMs: 10, handler });
    return { delivered, subscription };
  }

  it('keeps one unbroken hash chain per stream under 40 concurrent appends of 1-3 events', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        store.append(`chain-${n % 2}`, Array.from({ length: 1 + (n % 3) }, () => newEvent()), { expectedRevision: 'any' }),
      ),
    );
    const report = await verifyEventStore(database.current().db);
    expect(report).toMatchObject({ ok: true, streams: 2, problems: [] });
    expect(report.events).toBe(Array.from({ length: 40 }, (_, n) => 1 + (n % 3)).reduce((a, b) => a + b, 0));
  });

  it.each([['a revision', 0] as const, ["'no_stream'", 'no_stream'] as const])(
    'lets exactly one of 20 concurrent appends at %s win',
    async (_, expected) => {
      if (expected !== 'no_stream') await store.append('p-1', [newEvent()], { expectedRevision: 'no_stream' });
      const before = (await store.readStream('p-1')).length;
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, () => store.append('p-1', [newEvent()], { expectedRevision: expected })),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(19);
      for (const error of lost) {
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect((error as WrongExpectedRevisionError).actual).toBe(before);
      }
      expect(await store.readStream('p-1')).toHaveLength(before + 1);
    },
  );

  it.each(['any', 'no_stream'] as const)('stores one of 10 concurrent retries of a command (%s)', async (expected) => {
    const key = { idempotencyKey: 'cmd-1' };
    const byKey = () => [newEvent({ metadata: key }), newEvent({ metadata: key })];
    const sameIds = [newEvent()];
    for (const [streamId, events] of [
      ['by-key', byKey],
      ['by-id', () => sameIds],
    ] as const) {
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.append(streamId, events(), { expectedRevision: expected })),
      );
      const originals = results.filter((r) => !r.deduplicated);
      expect(originals).toHaveLength(1);
      const stored = await store.readStream(streamId);
      expect(stored).toEqual(originals[0].events);
      for (const r of results) expect(r).toEqual<AppendResult>({ ...originals[0], deduplicated: r.deduplicated });
    }
  });

  it('does not deliver a commit ahead of an open transaction with a lower position, then delivers both', async () => {
    const { delivered, subscription } = collect();
    const a = await rawClient();
    const p = await appendInOpenTransaction(a, 'slow');
    const b = await store.append('fast', [newEvent()], { expectedRevision: 'no_stream' });
    expect(b.globalPosition).toBe(p + 1);

    // B is committed and visible to readStream, but readers of the log must wait for A.
    expect(await store.readStream('fast')).toHaveLength(1);
    expect((await store.readAll({ maxCount: 10 })).events).toEqual([]);
    await sleep(200);
    expect(delivered).toEqual([]);
    expect(await store.hasProcessed(subscription.checkpoint, b.globalPosition)).toBe(false);

    await a.query('COMMIT');
    await within(subscription.caughtUp(), WAIT_MS, 'delivery after A commits');
    await subscription.stop();
    expect(delivered.map((e) => e.globalPosition)).toEqual([p, p + 1]);
    expect(await store.hasProcessed(subscription.checkpoint, b.globalPosition)).toBe(true);
  });

  it('proceeds past a transaction that rolls back', async () => {
    const { delivered, subscription } = collect();
    const a = await rawClient();
    const p = await appendInOpenTransaction(a, 'doomed');
    const b = await store.append('fast', [newEvent()], { expectedRevision: 'no_stream' });
    await sleep(200);
    expect(delivered).toEqual([]);

    await a.query('ROLLBACK');
    await within(subscription.caughtUp(), WAIT_MS, 'delivery after A rolls back');
    await subscription.stop();
    expect(delivered.map((e) => e.globalPosition)).toEqual([b.globalPosition]);
    expect(b.globalPosition).toBe(p + 1);
  });

  /** Another process: its own pool and store on the same database. */
  async function otherProcess(): Promise<PostgresEventStore> {
    const db = new PostgresDatabase({ connectionString: database.current().url, max: 2 });
    const other = new PostgresEventStore(db);
    closers.push(async () => {
      await other.close();
      await db.close();
    });
    return other;
  }

  it('wakes an idle subscription by NOTIFY when another process appends, long before its next poll', async () => {
    const delivered: RecordedEvent[] = [];
    const handler = async (batch: RecordedEvent[]) => void delivered.push(...batch);
    const subscription = store.subscribe({ after: null, pollIntervalMs: 60_000, handler });
    await sleep(300); // the first, empty poll is done and the LISTEN connection is up
    await (await otherProcess()).append('p-1', [newEvent()], { expectedRevision: 'no_stream' });
    await within(subscription.caughtUp(), 3_000, 'NOTIFY to wake the subscription');
    await subscription.stop();
    expect(delivered).toHaveLength(1);
  });

  it('announces a burst of appends with one NOTIFY per interval, the last one after the last append', async () => {
    const listener = await rawClient();
    const heard: number[] = [];
    listener.on('notification', () => heard.push(Date.now()));
    await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
    const started = Date.now();
    for (let i = 0; i < 60; i++) await store.append('burst', [newEvent()], { expectedRevision: 'any' });
    const lastAppended = Date.now();
    await sleep(5 * ANNOUNCE_INTERVAL_MS + 200);
    expect(heard.length).toBeGreaterThanOrEqual(1);
    expect(heard.length).toBeLessThanOrEqual(Math.ceil((lastAppended - started) / ANNOUNCE_INTERVAL_MS) + 2);
    expect(Math.max(...heard)).toBeGreaterThanOrEqual(lastAppended);
  });

  it('keeps waking subscriptions after its LISTEN connection is killed', async () => {
    const { db } = database.current();
    const listenerPid = async () => {
      const result = await db.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity
          WHERE datname = current_database() AND query = 'LISTEN events' AND pid <> pg_backend_pid()`,
      );
      return result.rows[0]?.pid;
    };
    const waitForListener = async (other?: number) => {
      for (let i = 0; i < 50; i++) {
        const pid = await listenerPid();
        if (pid !== undefined && pid !== other) return pid;
        await sleep(100);
      }
      throw new Error('No LISTEN connection appeared');
    };
    const delivered: RecordedEvent[] = [];
    const handler = async (batch: RecordedEvent[]) => void delivered.push(...batch);
    const subscription = store.subscribe({ after: null, pollIntervalMs: 60_000, handler });
    const killed = await waitForListener();
    await db.query('SELECT pg_terminate_backend($1)', [killed]);
    await waitForListener(killed);
    await (await otherProcess()).append('p-1', [newEvent()], { expectedRevision: 'no_stream' });
    await within(subscription.caughtUp(), 3_000, 'NOTIFY on the new connection to wake the subscription');
    await subscription.stop();
    expect(delivered).toHaveLength(1);
  });

  it('delivers exactly the committed events, each once, while writers commit out of order', async () => {
    const { delivered, subscription } = collect(7);
    const committed: string[] = [];
    const writer = async (w: number) => {
      const client = await rawClient();
      for (let i = 0; i < 10; i++) {
        await client.query('BEGIN');
        await client.query('SELECT pg_sleep($1)', [Math.random() * 0.01]);
        const events = Array.from({ length: 1 + (i % 3) }, () => newEvent());
        const { text, values } = appendEventsStatement(`stress-${w}`, events, 'any');
        await client.query(text, values);
        await client.query('SELECT pg_sleep($1)', [Math.random() * 0.02]);
        if (Math.random() < 0.2) {
          await client.query('ROLLBACK');
        } else {
          await client.query('COMMIT');
          committed.push(...events.map((e) => e.eventId));
        }
      }
    };
    const autocommitWriter = async () => {
      for (let i = 0; i < 10; i++) {
        const events = [newEvent()];
        await store.append('stress-pool', events, { expectedRevision: 'any' });
        committed.push(events[0].eventId);
        await sleep(Math.random() * 10);
      }
    };
    await Promise.all([...Array.from({ length: 8 }, (_, w) => writer(w)), autocommitWriter()]);
    await within(subscription.caughtUp(), WAIT_MS, 'stress subscription to catch up');
    await subscription.stop();

    const ids = delivered.map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...committed].sort());
    const stored = await database.current().db.query<{ n: string }>('SELECT count(*) AS n FROM events');
    expect(Number(stored.rows[0].n)).toBe(committed.length);
    // Commit order differed from position order, yet every stream arrives gap-free and in order.
    const byStream = new Map<string, number[]>();
    for (const e of delivered) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e.revision]);
    for (const revisions of byStream.values()) expect(revisions).toEqual(revisions.map((_, i) => i));
  });
});
