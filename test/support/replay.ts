import { migrateReadModels, PIPELINE_PROJECTIONS } from '@app/pipeline';
import { migrateEventStore, migrateProjections, PostgresEventStore, ProjectionRunner } from '@app/event-store';
import { createTestDatabase, TestDatabase } from '../../libs/platform/src/testing';

/** Every read-model table and the key that orders its rows for comparison. */
export const READ_MODEL_TABLES: Record<string, string> = {
  pipeline_board: 'project_id',
  pipeline_board_history: 'project_id, global_position',
  stage_transitions: 'project_id, entered_position',
  patent_register: 'patent_id',
  trial_tracker: 'trial_id',
  activity_feed: 'global_position',
  idea_register: 'project_id',
  notification_projects: 'project_id',
  notifications: 'id',
};

/** A table's rows as JSON, in key order. */
export async function dumpTable(db: TestDatabase, table: string): Promise<unknown> {
  const key = READ_MODEL_TABLES[table];
  return (await db.db.query<{ rows: unknown }>(`SELECT coalesce(json_agg(t ORDER BY ${key}), '[]') AS rows FROM ${table} t`)).rows[0].rows;
}

export async function headPosition(db: TestDatabase): Promise<number> {
  return Number((await db.db.query<{ p: string | null }>('SELECT coalesce(max(global_position), 0) AS p FROM events')).rows[0].p);
}

/**
 * A fresh replay: the same events, copied verbatim into an empty server database, projected from position 0.
 * Returns each read-model table's rows there, for comparison with the live database's.
 */
export async function freshReplay(source: TestDatabase): Promise<Record<string, unknown>> {
  const head = await headPosition(source);
  const replay = await createTestDatabase('postgres');
  try {
    await migrateEventStore(replay.db);
    await migrateProjections(replay.db);
    await migrateReadModels(replay.db);
    const events = (await source.db.query<{ rows: unknown }>(`SELECT coalesce(json_agg(e ORDER BY global_position), '[]') AS rows FROM events e`)).rows[0].rows;
    await replay.db.query('INSERT INTO events SELECT * FROM json_populate_recordset(NULL::events, $1::json)', [JSON.stringify(events)]);
    const runner = new ProjectionRunner(replay.db, new PostgresEventStore(replay.db, { notifications: false }), PIPELINE_PROJECTIONS, { pollIntervalMs: 20 });
    await runner.start();
    if (head > 0 && !(await runner.waitFor(head, 120_000))) throw new Error(`the fresh replay did not reach position ${head}`);
    await runner.stop();
    const tables: Record<string, unknown> = {};
    for (const table of Object.keys(READ_MODEL_TABLES)) tables[table] = await dumpTable(replay, table);
    return tables;
  } finally {
    await replay.drop();
  }
}

/** Expects every read-model table of `live` to equal a fresh replay of its events (one expectation per table). */
export async function expectReadModelsEqualFreshReplay(live: TestDatabase): Promise<void> {
  const replayed = await freshReplay(live);
  for (const table of Object.keys(READ_MODEL_TABLES)) {
    expect({ table, rows: await dumpTable(live, table) }).toEqual({ table, rows: replayed[table] });
  }
}
