// Scenario 4: rebuild every read model from position 0, through the real ProjectionRunner (one pass over the
// log into fresh copies of the tables, batch by batch, then the switch), on the server and on PGlite.
import { Logger } from '@nestjs/common';
import { migrateEventStore, migrateProjections, PostgresEventStore, ProjectionRunner } from '@app/event-store';
import { PgliteDatabase, PostgresDatabase, SqlDatabase } from '@app/platform';
import { migrateReadModels, PIPELINE_PROJECTIONS } from '@app/pipeline';
import { generatePipeline, GeneratorSpec } from '../generate';
import type { Report } from '../lib/report';

export interface RebuildResult {
  events: number;
  seconds: number;
  projections: string[];
  /** Per read model: seconds spent applying the pages, and the events of the log per such second. */
  perReadModel: Record<string, { applySeconds: number; eventsPerApplySecond: number }>;
}

/** Rebuilds all read models on `db` (which holds the events) in one pass, as `POST /admin/projections/all/rebuild` does. */
export async function rebuildAll(db: SqlDatabase, only?: readonly string[]): Promise<RebuildResult> {
  Logger.overrideLogger(['error']);
  await migrateProjections(db);
  await migrateReadModels(db);
  const store = new PostgresEventStore(db, { notifications: false });
  const runner = new ProjectionRunner(db, store, only ? PIPELINE_PROJECTIONS.filter((p) => only.includes(p.name)) : PIPELINE_PROJECTIONS);
  const { rows } = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM events');
  const started = Date.now();
  const [progress] = await runner.rebuildAndWait('all');
  const seconds = (Date.now() - started) / 1000;
  await runner.stop();
  await store.close();
  const events = Number(rows[0].n);
  const perReadModel = Object.fromEntries(
    Object.entries(progress.applyMs).map(([name, ms]) => [name, { applySeconds: ms / 1000, eventsPerApplySecond: Math.round(events / Math.max(ms / 1000, 0.001)) }]),
  );
  return { events, seconds, projections: runner.names, perReadModel };
}

export async function runServerRebuild(url: string, report: Report): Promise<void> {
  const db = new PostgresDatabase({ connectionString: url, max: 4 });
  try {
    const r = await rebuildAll(db);
    addRows(report, 'server', r, '≥ 25,000 events/s');
    report.details.rebuildServer = r;
  } finally {
    await db.close();
  }
}

/** The read models the dashboard reads (board, funnel, time in stage, stalled, activity, ideas), for scenario 7 alone. */
export const DASHBOARD_READ_MODELS = ['pipeline_board', 'stage_transitions', 'activity_feed', 'idea_register'] as const;

/** Scenario 7 without 4: only the dashboard's read models, so the board can be timed on the full data set sooner. */
export async function buildDashboardReadModels(url: string, report: Report): Promise<void> {
  const db = new PostgresDatabase({ connectionString: url, max: 4 });
  try {
    report.details.dashboardReadModels = await rebuildAll(db, DASHBOARD_READ_MODELS);
  } finally {
    await db.close();
  }
}

/** PGlite is one WASM session: the same rebuild on a smaller data set, loaded through the same SQL. */
export async function runPgliteRebuild(spec: GeneratorSpec, report: Report): Promise<void> {
  const db = await PgliteDatabase.open();
  try {
    await migrateEventStore(db);
    const { events } = generatePipeline(spec);
    let batch: unknown[][] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const values = batch.map((_, i) => `(${Array.from({ length: 11 }, (_, j) => `$${i * 11 + j + 1}`).join(', ')})`).join(', ');
      await db.query(
        `INSERT INTO events (event_id, stream_id, stream_revision, type, schema_version, data, metadata, actor_id, reason, occurred_at, recorded_at) VALUES ${values}`,
        batch.flat(),
      );
      batch = [];
    };
    for (const g of events) {
      const m = g.event.metadata;
      batch.push([g.event.eventId, g.streamId, g.revision, g.event.type, g.event.schemaVersion, JSON.stringify(g.event.data), JSON.stringify(m), m.actor.id, m.reason ?? null, m.occurredAt, g.recordedAt.toISOString()]);
      if (batch.length === 500) await flush();
    }
    await flush();
    await db.query('INSERT INTO streams (stream_id, revision) SELECT stream_id, max(stream_revision) FROM events GROUP BY stream_id');
    const r = await rebuildAll(db);
    addRows(report, 'PGlite', r, null, `data set of ${r.events.toLocaleString('en-US')} events (PGlite is single-session WASM; 1M would take too long here)`);
    report.details.rebuildPglite = r;
  } finally {
    await db.close();
  }
}

function addRows(report: Report, where: string, r: RebuildResult, goal: string | null, note?: string): void {
  const rate = r.events / r.seconds;
  report.add({
    scenario: '4 rebuild',
    metric: `all ${r.projections.length} read models in one pass from ${r.events.toLocaleString('en-US')} events, ${where}: events / wall time`,
    unit: 'events/s',
    ours: rate,
    oursText: `${Math.round(rate).toLocaleString('en-US')} events/s (${r.seconds.toFixed(1)} s)`,
    goal,
    met: goal ? rate >= 25_000 : null,
    note,
  });
}
