// Scenario 2: "log a milestone" over HTTP end to end (autocannon on loopback) on existing projects,
// beside a bare Nest endpoint doing one INSERT; scenario 6's memory figures are sampled meanwhile.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import autocannon = require('autocannon');
import { actorHeaders, AUTH_ENV } from '../lib/actor';
import { fmt, Report } from '../lib/report';
import { BENCH_WEB_DIST } from './web-app.scenario';
import { API_MAIN, BARE_ENDPOINT_MAIN, rssMiB, sampleRss, Server, startServer } from '../lib/processes';
import { describeCost, statsSettled, withCost } from '../lib/cpu-accounting';
import { PostgresEventStore } from '@app/event-store';
import { ProjectSnapshots, projectStreamId } from '@app/pipeline';
import { PostgresDatabase } from '@app/platform';
import { Pool } from 'pg';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';

export interface HttpOptions {
  durationSeconds: number;
  warmupSeconds: number;
  connections: readonly number[];
}

const API_PORT = 3901;
const BARE_PORT = 3902;
const PEER_PORT = 3904;
const PEER_MAIN = join(__dirname, '..', 'peer-emmett', 'emmett-http.main.js');

/**
 * The API as deployed on a server (projections in apps/projector, so not in this process), signed in;
 * its memory at rest is taken before any load.
 */
export async function startApi(url: string, report: Report): Promise<{ api: Server; headers: Record<string, string> }> {
  // The web app it serves is the bench's own build (scenario 7), when there is one.
  const web: Record<string, string> = existsSync(join(BENCH_WEB_DIST, 'index.html')) ? { WEB_DIST: BENCH_WEB_DIST } : {};
  const api = await startServer(API_MAIN, { DATABASE_URL: url, LOG_LEVEL: 'silent', DEMO_DATA: 'false', RUN_PROJECTIONS: 'false', ...AUTH_ENV, ...web }, API_PORT);
  try {
    const headers = { 'content-type': 'application/json', ...(await actorHeaders(api.baseUrl)) };
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const restMiB = rssMiB(api.process.pid as number);
    report.add({ scenario: '6 memory', metric: 'API resident memory at rest (server database)', unit: 'MiB', ours: restMiB, goal: '< 300 MiB', met: restMiB < 300 });
    return { api, headers };
  } catch (error) {
    await api.stop();
    throw error;
  }
}

export async function runHttpCommand(api: Server, headers: Record<string, string>, url: string, projectIds: readonly string[], report: Report, options: HttpOptions): Promise<void> {
  await copyToEmmett(url, report);
  await storeSnapshots(url, projectIds, report);
  // The copy and the snapshots leave a gigabyte of dirty pages and tables for autovacuum: flushed and vacuumed
  // now, so neither lands in the middle of whichever load runs first.
  await settleDatabase(url);
  const bare = await startServer(BARE_ENDPOINT_MAIN, { DATABASE_URL: url }, BARE_PORT);
  const peer = await startServer(PEER_MAIN, { DATABASE_URL: url }, PEER_PORT);
  try {

    let next = 0;
    const load = (baseUrl: string, connections: number, duration: number) =>
      autocannon({
        url: baseUrl,
        connections,
        duration,
        requests: [
          {
            method: 'POST',
            // Round-robin over every writable project: a milestone each, as clinicians spread over the pipeline would.
            setupRequest: (req) => ({
              ...req,
              path: `/projects/${projectIds[next++ % projectIds.length]}/milestones`,
              headers,
              body: JSON.stringify({ title: 'Usability study with nurses', description: 'Twelve nurses, two wards; findings filed.', occurredOn: '2026-05-20' }),
            }),
          },
        ],
      });
    await load(api.baseUrl, 8, options.warmupSeconds);
    await load(bare.baseUrl, 8, options.warmupSeconds);
    await load(peer.baseUrl, 8, options.warmupSeconds);
    await statsSettled();

    let peakMiB = 0;
    const details: Record<string, unknown> = {};
    for (const connections of options.connections) {
      const sampler = sampleRss(api.process.pid as number);
      const served = (r: autocannon.Result) => r['2xx'];
      const measured = (server: Server) => withCost(url, server.process.pid as number, () => load(server.baseUrl, connections, options.durationSeconds), served);
      const { result: ours, cost: oursCost } = await measured(api);
      peakMiB = Math.max(peakMiB, sampler.stop());
      const { result: ceiling, cost: ceilingCost } = await measured(bare);
      const { result: emmett, cost: peerCost } = await measured(peer);
      const peerRate = emmett['2xx'] / options.durationSeconds;
      const peerFailures = emmett.non2xx + emmett.errors + emmett.timeouts;
      const oursRate = ours['2xx'] / options.durationSeconds;
      const ceilingRate = ceiling['2xx'] / options.durationSeconds;
      const failures = ours.non2xx + ours.errors + ours.timeouts;
      details[`${connections} connections`] = { ours: summary(ours), ceiling: summary(ceiling), peer: summary(emmett), costPerRequest: { ours: oursCost, ceiling: ceilingCost, peer: peerCost } };
      report.add({
        scenario: '2 HTTP command',
        metric: `log a milestone, ${connections} connections: throughput vs peer (signed in, validated, idempotent, full envelope vs none of these)`,
        unit: 'req/s',
        ours: oursRate,
        reference: peerRate,
        referenceName: 'Emmett 0.42 over Express',
        referenceText: `${fmt(peerRate)} req/s, p50 / p99 ${emmett.latency.p50} / ${emmett.latency.p99} ms (Emmett 0.42 over Express)${peerFailures ? `, ${peerFailures} failed` : ''}`,
        ratio: oursRate / Math.max(peerRate, 0.001),
        goal: '≥ 1.5×',
        met: oursRate / Math.max(peerRate, 0.001) >= 1.5 && failures === 0,
      });
      report.add({
        scenario: '2 HTTP command',
        metric: `log a milestone, ${connections} connections: throughput`,
        unit: 'req/s',
        ours: oursRate,
        reference: ceilingRate,
        referenceName: 'bare Nest INSERT',
        ratio: oursRate / ceilingRate,
        goal: '≥ 0.50×',
        met: oursRate / ceilingRate >= 0.5 && failures === 0,
        note: failures ? `${failures} failed requests` : undefined,
        ...(failures ? { oursText: `${fmt(oursRate)} req/s (${failures} failed)` } : {}),
      });
      report.add({
        scenario: '2 HTTP command',
        metric: `log a milestone, ${connections} connections: latency p50 / p99`,
        unit: 'ms',
        ours: ours.latency.p99,
        oursText: `${ours.latency.p50} / ${ours.latency.p99} ms`,
        reference: ceiling.latency.p99,
        referenceText: `${ceiling.latency.p50} / ${ceiling.latency.p99} ms (bare)`,
        ratio: ceiling.latency.p99 / Math.max(ours.latency.p99, 0.001),
        goal: 'p99 < 25 ms',
        met: ours.latency.p99 < 25,
      });
      // What one request costs each side: why the throughput ratio is what it is on a machine whose cores the
      // server, PostgreSQL and the load generator share.
      report.add({
        scenario: '2 HTTP command',
        metric: `log a milestone, ${connections} connections: CPU and database work per request (ours; bare endpoint and peer beside)`,
        unit: 'ms',
        ours: oursCost.serverMs + oursCost.postgresMs,
        oursText: describeCost(oursCost, 'API'),
        reference: ceilingCost.serverMs + ceilingCost.postgresMs,
        referenceText: `${describeCost(ceilingCost, 'bare')} | ${describeCost(peerCost, 'Emmett')}`,
        ratio: (ceilingCost.serverMs + ceilingCost.postgresMs) / Math.max(oursCost.serverMs + oursCost.postgresMs, 0.001),
      });
    }
    report.add({ scenario: '6 memory', metric: 'API resident memory under scenario 2 (peak)', unit: 'MiB', ours: peakMiB, goal: '< 300 MiB', met: peakMiB < 300 });
    report.details.http = details;
  } finally {
    await bare.stop();
    await peer.stop();
  }
}

async function settleDatabase(url: string): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    await pool.query('SET statement_timeout = 0');
    await pool.query('VACUUM (ANALYZE) emt_messages, emt_streams, project_snapshots');
    await pool.query('CHECKPOINT');
  } finally {
    await pool.end();
  }
}

/**
 * The same data set in Emmett's own tables (emt_streams, emt_messages, in the same database): every stream and
 * event, in recording order, as if Emmett had appended them, so its command reads streams just as long and as
 * scattered as ours.
 */
async function copyToEmmett(url: string, report: Report): Promise<void> {
  const started = Date.now();
  // Emmett's migration leaves a statement_timeout on the connection it used: the copy gets a pool of its own.
  const migration = new Pool({ connectionString: url, max: 1 });
  try {
    await getPostgreSQLEventStore(url, { connectionOptions: { pool: migration } } as never).schema.migrate();
  } finally {
    await migration.end();
  }
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    await pool.query('SET statement_timeout = 0');
    await pool.query(`INSERT INTO emt_streams (stream_id, stream_position, partition, stream_type, stream_metadata)
      SELECT stream_id, revision + 1, 'emt:default', 'project', '{}' FROM streams`);
    await pool.query(`INSERT INTO emt_messages (stream_id, stream_position, partition, message_kind, message_data, message_metadata,
        message_schema_version, message_type, message_id, transaction_id, created)
      SELECT stream_id, stream_revision + 1, 'emt:default', 'E', data, metadata, schema_version::text, type, event_id::text, transaction_id, recorded_at
        FROM events ORDER BY global_position`);
  } finally {
    await pool.end();
  }
  const seconds = (Date.now() - started) / 1000;
  report.add({ scenario: '2 HTTP command', metric: 'the data set copied into the peer’s tables (Emmett’s schema)', unit: 's', ours: seconds, oursText: `${seconds.toFixed(1)} s` });
}

/**
 * Every project's snapshot, as a running API keeps them (it stores one every 16 events a command folds): the
 * load then meets the record in its steady state, not the first command on each project after an upgrade.
 */
async function storeSnapshots(url: string, projectIds: readonly string[], report: Report): Promise<void> {
  const db = new PostgresDatabase({ connectionString: url, max: 4 });
  const store = new PostgresEventStore(db, { notifications: false });
  const snapshots = new ProjectSnapshots(db);
  const started = Date.now();
  try {
    await snapshots.onModuleInit();
    let next = 0;
    const worker = async () => {
      while (next < projectIds.length) await snapshots.refresh(store, projectStreamId(projectIds[next++]));
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
  } finally {
    await store.close();
    await db.close();
  }
  const seconds = (Date.now() - started) / 1000;
  report.add({
    scenario: '2 HTTP command',
    metric: `snapshots of the ${projectIds.length.toLocaleString('en-US')} projects it writes to, stored before the load`,
    unit: 's',
    ours: seconds,
    oursText: `${seconds.toFixed(1)} s`,
  });
}

function summary(r: autocannon.Result) {
  return { ok: r['2xx'], non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, latency: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max }, requestsPerSecond: r.requests.average };
}
