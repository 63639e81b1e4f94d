// Scenario 1: appends to the event store, beside the ceiling (a bare INSERT) and the peer (Emmett),
// on the same server and settings, each in a fresh database, interleaved so noise hits all alike.
import { randomUUID } from 'node:crypto';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { Pool } from 'pg';
import { migrateEventStore, NewEvent, PostgresEventStore } from '@app/event-store';
import { PostgresDatabase } from '@app/platform';
import type { BenchDatabases } from '../lib/databases';
import type { Report } from '../lib/report';
import { summarize } from '../lib/stats';
import { postgresTicks, TICKS_PER_SECOND } from '../lib/cpu-accounting';

export interface AppendsOptions {
  durationMs: number;
  warmupMs: number;
  rounds: number;
}

// Same pool size for every contender: enough for the 8 writers.
const POOL_SIZE = 8;
const STREAMS_PER_WRITER = 50;

interface Appender {
  name: string;
  /** Appends `events` to the writer's stream `stream`, which already holds `revision + 1` events (-1: none). */
  append(stream: string, revision: number, events: NewEvent[]): Promise<void>;
  close(): Promise<void>;
}

interface RunResult {
  eventsPerSecond: number;
  latenciesMs: number[];
  /** CPU milliseconds per event appended (warm-up included) of PostgreSQL's processes and of this process. */
  postgresMsPerEvent: number;
  clientMsPerEvent: number;
}

const VARIANTS = [
  { writers: 1, batch: 1 },
  { writers: 1, batch: 10 },
  { writers: 8, batch: 1 },
  { writers: 8, batch: 10 },
] as const;

export async function runAppends(databases: BenchDatabases, report: Report, options: AppendsOptions): Promise<void> {
  const appenders = [
    await ceilingAppender(await databases.create('ceiling')),
    await ourAppender('ours', await databases.create('ours'), true),
    await ourAppender('ours without notifications', await databases.create('ours_quiet'), false),
    await peerAppender(await databases.create('peer')),
  ];
  const results = new Map<string, RunResult[]>();
  try {
    for (let round = 0; round < options.rounds; round++) {
      for (const variant of VARIANTS) {
        for (const appender of appenders) {
          const key = `${appender.name}|${variant.writers}|${variant.batch}`;
          const result = await drive(appender, variant.writers, variant.batch, options, `${round}`);
          results.set(key, [...(results.get(key) ?? []), result]);
        }
      }
    }
  } finally {
    for (const a of appenders) await a.close();
  }

  const combined = (name: string, writers: number, batch: number) => {
    const runs = results.get(`${name}|${writers}|${batch}`) ?? [];
    const mean = (pick: (r: RunResult) => number) => runs.reduce((s, r) => s + pick(r), 0) / runs.length;
    return {
      eventsPerSecond: mean((r) => r.eventsPerSecond),
      latency: summarize(runs.flatMap((r) => r.latenciesMs)),
      postgresMsPerEvent: mean((r) => r.postgresMsPerEvent),
      clientMsPerEvent: mean((r) => r.clientMsPerEvent),
    };
  };
  const details: Record<string, unknown> = {};
  for (const { writers, batch } of VARIANTS) {
    const label = `${writers} writer${writers > 1 ? 's' : ''}, ${batch === 1 ? 'single events' : `batches of ${batch}`}`;
    const ours = combined('ours', writers, batch);
    const quiet = combined('ours without notifications', writers, batch);
    const ceiling = combined('ceiling', writers, batch);
    const peer = combined('peer', writers, batch);
    details[label] = { ours, oursWithoutNotify: quiet, ceiling, peer };
    const atGoal = writers === 8;
    report.add({
      scenario: '1 appends',
      metric: `${label}: throughput vs ceiling`,
      unit: 'events/s',
      ours: ours.eventsPerSecond,
      reference: ceiling.eventsPerSecond,
      referenceName: 'bare INSERT',
      ratio: ours.eventsPerSecond / ceiling.eventsPerSecond,
      goal: atGoal ? '≥ 0.70×' : null,
      met: atGoal ? ours.eventsPerSecond / ceiling.eventsPerSecond >= 0.7 : null,
    });
    report.add({
      scenario: '1 appends',
      metric: `${label}: throughput vs peer`,
      unit: 'events/s',
      ours: ours.eventsPerSecond,
      reference: peer.eventsPerSecond,
      referenceName: 'Emmett',
      ratio: ours.eventsPerSecond / peer.eventsPerSecond,
      goal: atGoal ? '≥ 1.5×' : null,
      met: atGoal ? ours.eventsPerSecond / peer.eventsPerSecond >= 1.5 : null,
    });
    report.add({
      scenario: '1 appends',
      metric: `${label}: latency p50 / p99 per append (peer's beside)`,
      unit: 'ms',
      ours: ours.latency.p99,
      oursText: `${ours.latency.p50.toFixed(2)} / ${ours.latency.p99.toFixed(2)} ms`,
      reference: peer.latency.p99,
      referenceText: `${peer.latency.p50.toFixed(2)} / ${peer.latency.p99.toFixed(2)} ms (Emmett); ceiling ${ceiling.latency.p50.toFixed(2)} / ${ceiling.latency.p99.toFixed(2)}`,
      ratio: peer.latency.p99 / ours.latency.p99,
    });
    // What an event costs PostgreSQL (all its processes: backends, WAL writer) and the appending process: where
    // the throughput ratios come from when both share the machine's cores.
    const cpu = (c: { postgresMsPerEvent: number; clientMsPerEvent: number }) => `PostgreSQL ${(c.postgresMsPerEvent * 1000).toFixed(0)} + client ${(c.clientMsPerEvent * 1000).toFixed(0)} µs`;
    report.add({
      scenario: '1 appends',
      metric: `${label}: CPU per event (ceiling and peer beside)`,
      unit: 'µs',
      ours: (ours.postgresMsPerEvent + ours.clientMsPerEvent) * 1000,
      oursText: cpu(ours),
      reference: (ceiling.postgresMsPerEvent + ceiling.clientMsPerEvent) * 1000,
      referenceText: `${cpu(ceiling)} (bare INSERT); ${cpu(peer)} (Emmett)`,
      ratio: (ceiling.postgresMsPerEvent + ceiling.clientMsPerEvent) / Math.max(ours.postgresMsPerEvent + ours.clientMsPerEvent, 1e-9),
    });
    report.add({
      scenario: '1 appends',
      metric: `${label}: announcing to other processes (coalesced NOTIFY) vs not`,
      unit: 'events/s',
      ours: ours.eventsPerSecond,
      reference: quiet.eventsPerSecond,
      referenceName: 'store without notifications',
      ratio: ours.eventsPerSecond / quiet.eventsPerSecond,
    });
  }
  report.details.appends = details;
}

/** `writers` concurrent loops, each on its own streams, for the warm-up and then the measured time. */
async function drive(appender: Appender, writers: number, batch: number, options: AppendsOptions, tag: string): Promise<RunResult> {
  const latencies: number[] = [];
  let events = 0;
  let allEvents = 0;
  const cpuBefore = { postgres: postgresTicks(), client: process.cpuUsage() };
  const start = Date.now();
  const measureFrom = start + options.warmupMs;
  const end = measureFrom + options.durationMs;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const streams = Array.from({ length: STREAMS_PER_WRITER }, (_, k) => ({ id: `bench-${tag}-${writers}x${batch}-${w}-${k}`, revision: -1 }));
      for (let i = 0; Date.now() < end; i++) {
        const stream = streams[i % streams.length];
        const payload = milestoneEvents(stream.id, batch);
        const t0 = process.hrtime.bigint();
        await appender.append(stream.id, stream.revision, payload);
        const t1 = process.hrtime.bigint();
        stream.revision += batch;
        allEvents += batch;
        if (Date.now() >= measureFrom) {
          latencies.push(Number(t1 - t0) / 1e6);
          events += batch;
        }
      }
    }),
  );
  const client = process.cpuUsage(cpuBefore.client);
  return {
    eventsPerSecond: events / (options.durationMs / 1000),
    latenciesMs: latencies,
    postgresMsPerEvent: ((postgresTicks() - cpuBefore.postgres) * 1000) / TICKS_PER_SECOND / Math.max(allEvents, 1),
    clientMsPerEvent: (client.user + client.system) / 1000 / Math.max(allEvents, 1),
  };
}

/** The payload every contender appends: milestone events as the API records them. */
function milestoneEvents(streamId: string, count: number): NewEvent[] {
  const occurredAt = new Date().toISOString();
  const requestId = randomUUID();
  return Array.from({ length: count }, () => ({
    eventId: randomUUID(),
    type: 'MilestoneLogged',
    schemaVersion: 1,
    data: {
      projectId: streamId,
      milestoneId: randomUUID(),
      title: 'Bench accuracy study completed',
      description: 'Bench accuracy study completed; notes and follow-up actions filed in the project folder.',
      occurredOn: occurredAt.slice(0, 10),
      loggedBy: 'dr-0042',
    },
    metadata: {
      occurredAt,
      actor: { id: 'dr-0042', name: 'Dr. Chen Wei', role: 'clinician' },
      correlationId: requestId,
      causationId: requestId,
    },
  }));
}

async function ourAppender(name: string, url: string, notify: boolean): Promise<Appender> {
  const db = new PostgresDatabase({ connectionString: url, max: POOL_SIZE });
  await migrateEventStore(db);
  // As deployed, the store tells other processes of its appends (one NOTIFY per burst, outside the append);
  // its LISTEN connection opens only for subscribers, and there are none here. Without: nothing is announced.
  const store = new PostgresEventStore(db, { notifications: notify });
  return {
    name,
    append: async (stream, revision, events) => {
      await store.append(stream, events, { expectedRevision: revision < 0 ? 'no_stream' : revision });
    },
    close: async () => {
      await store.close();
      await db.close();
    },
  };
}

async function ceilingAppender(url: string): Promise<Appender> {
  const pool = new Pool({ connectionString: url, max: POOL_SIZE });
  await pool.query(`CREATE TABLE bare_events (
    global_position bigserial PRIMARY KEY,
    stream_id text NOT NULL,
    type text NOT NULL,
    data jsonb NOT NULL,
    metadata jsonb NOT NULL)`);
  return {
    name: 'ceiling',
    // One autocommit statement: one transaction per append, like the others.
    append: async (stream, _revision, events) => {
      const values = events.map((_, i) => `($1, $${i * 3 + 2}, $${i * 3 + 3}, $${i * 3 + 4})`).join(', ');
      const params = events.flatMap((e) => [e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)]);
      await pool.query(`INSERT INTO bare_events (stream_id, type, data, metadata) VALUES ${values}`, [stream, ...params]);
    },
    close: () => pool.end(),
  };
}

async function peerAppender(url: string): Promise<Appender> {
  const pool = new Pool({ connectionString: url, max: POOL_SIZE });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
  await store.schema.migrate();
  return {
    name: 'peer',
    append: async (stream, revision, events) => {
      // Emmett counts stream positions from 1; 0 means "a new stream". Same optimistic check as ours.
      await store.appendToStream(
        stream,
        events.map((e) => ({ type: e.type, data: e.data as Record<string, unknown>, metadata: e.metadata })),
        { expectedStreamVersion: BigInt(revision + 1) },
      );
    },
    close: async () => {
      await store.close();
      await pool.end().catch(() => undefined);
    },
  };
}
