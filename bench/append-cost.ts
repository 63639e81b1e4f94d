// Where an append's PostgreSQL time goes (issue 19: appends against the bare INSERT and the peer). One connection
// appends to 200 streams through the store's own statement (append_events), in a fresh database per run, and the
// backend's CPU per event is read from /proc (PostgreSQL on this machine). The same appends run against the store as
// shipped and against copies with one guarantee taken out, so the difference is what that guarantee costs:
//   - no hash chain: the function keeps the previous hash instead of hashing the event's canonical text;
//   - no extra indexes: without the unique event id, the unique idempotency key and the commit-order index;
//   - neither.
// synchronous_commit is off in these sessions, so the figures are CPU, not the WAL flush's wait. Rounds alternate the
// variants; the median of the rounds is printed. Not a goal of its own: it explains the append rows of the bench.
//   npx nest build api --config bench/nest-cli.json && node node_modules/.cache/bench/bench/append-cost.js [rounds]
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { appendEventsStatement, migrateEventStore } from '@app/event-store';
import type { NewEvent } from '@app/event-store';
import { PostgresDatabase } from '@app/platform';
import { percentile } from './lib/stats';

const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const STREAMS = 200;
const EVENTS_PER_RUN = 30_000;

interface Variant {
  name: string;
  change: (c: Client) => Promise<void>;
}

const NO_HASH: Variant['change'] = async (c) => {
  const { rows } = await c.query<{ def: string }>("SELECT pg_get_functiondef('append_events'::regproc) AS def");
  const def = rows[0].def;
  const start = def.indexOf('v_hash := sha256(');
  const end = def.indexOf("'UTF8'));", start);
  if (start < 0 || end < 0) throw new Error('append_events no longer computes v_hash as this script expects: update it');
  await c.query(`${def.slice(0, start)}v_hash := v_prev;${def.slice(end + "'UTF8'));".length)}`);
};
const NO_INDEXES: Variant['change'] = async (c) => {
  await c.query('DROP INDEX events_transaction_order');
  await c.query('DROP INDEX events_stream_idempotency_key');
  await c.query('ALTER TABLE events DROP CONSTRAINT events_event_id_key');
};

const VARIANTS: Variant[] = [
  { name: 'as shipped', change: async () => undefined },
  { name: 'no hash chain', change: NO_HASH },
  { name: 'no extra indexes', change: NO_INDEXES },
  { name: 'neither', change: async (c) => (await NO_HASH(c), await NO_INDEXES(c)) },
];

function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

// A milestone as the bench's data set has them: about 600 bytes of data and metadata.
function milestone(i: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'MilestoneLogged',
    schemaVersion: 1,
    data: { projectId: randomUUID(), milestoneId: randomUUID(), title: `Clinical advisory board met (${i})`, occurredOn: '2026-01-15', description: 'Notes and follow-up actions filed in the project folder.' },
    metadata: { occurredAt: new Date().toISOString(), actor: { id: 'office-05', name: 'Siti Rahma', role: 'office' }, correlationId: randomUUID(), causationId: randomUUID() },
  };
}

async function run(variant: Variant, batch: number): Promise<{ postgresUs: number; clientUs: number; wallUs: number }> {
  const name = `append_cost_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: BASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  try {
    const db = new PostgresDatabase({ connectionString: url.toString(), max: 1 });
    await migrateEventStore(db);
    await db.close();
    const c = new Client({ connectionString: url.toString() });
    await c.connect();
    try {
      await variant.change(c);
      await c.query('SET synchronous_commit = off');
      const { rows } = await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const streams = Array.from({ length: STREAMS }, () => ({ id: `project-${randomUUID()}`, revision: -1 }));
      const append = async (appends: number) => {
        for (let i = 0; i < appends; i++) {
          const s = streams[i % STREAMS];
          const { text, values } = appendEventsStatement(s.id, Array.from({ length: batch }, (_, k) => milestone(k)), s.revision < 0 ? 'no_stream' : s.revision);
          await c.query({ name: 'append', text, values });
          s.revision += batch;
        }
      };
      await append(500);
      const appends = Math.round(EVENTS_PER_RUN / batch);
      const pg0 = cpuMs(rows[0].pid);
      const client0 = process.cpuUsage();
      const t0 = performance.now();
      await append(appends);
      const wall = performance.now() - t0;
      const client = process.cpuUsage(client0);
      const events = appends * batch;
      return { postgresUs: ((cpuMs(rows[0].pid) - pg0) * 1000) / events, clientUs: (client.user + client.system) / events, wallUs: (wall * 1000) / events };
    } finally {
      await c.end();
    }
  } finally {
    await admin.query(`DROP DATABASE ${name}`);
    await admin.end();
  }
}

const median = (samples: readonly number[]) => percentile([...samples].sort((a, b) => a - b), 50);

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 3);
  const results = new Map<string, { postgresUs: number[]; clientUs: number[]; wallUs: number[] }>();
  for (let round = 1; round <= rounds; round++) {
    for (const batch of [1, 10]) {
      for (const variant of VARIANTS) {
        const r = await run(variant, batch);
        const key = `${batch}\t${variant.name}`;
        const kept = results.get(key) ?? { postgresUs: [], clientUs: [], wallUs: [] };
        kept.postgresUs.push(r.postgresUs);
        kept.clientUs.push(r.clientUs);
        kept.wallUs.push(r.wallUs);
        results.set(key, kept);
        process.stderr.write(`round ${round}, batches of ${batch}, ${variant.name}: PostgreSQL ${r.postgresUs.toFixed(1)} µs/event\n`);
      }
    }
  }
  console.log(`\nOne connection, ${EVENTS_PER_RUN.toLocaleString('en-US')} events per run, median of ${rounds} rounds (synchronous_commit off):\n`);
  console.log('| events per append | store | PostgreSQL CPU per event | client CPU per event | wall per event |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const [key, r] of results) {
    const [batch, name] = key.split('\t');
    console.log(`| ${batch} | ${name} | ${median(r.postgresUs).toFixed(0)} µs | ${median(r.clientUs).toFixed(0)} µs | ${median(r.wallUs).toFixed(0)} µs |`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
