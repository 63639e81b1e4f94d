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
  return (
    await db.db.query<{ rows: unknown }>(`SELECT coalesce(json_agg(t ORDER BY ${key}), '[]') AS rows FROM ${table} t`)
  ).rows[0].rows;
}

export async function headPosition(db: TestDatabase): Promise<number> {
  return Number(
    (await db.db.query<{ p: string | null }>('SELECT coalesce(max(global_position), 0) AS p FROM events')).rows[0].p,
  );
}

/**
 * A fresh replay: the same events, copied verbatim (but for their transaction ids, see inReplayTransactions) into an
 * empty server database, projected from position 0.
 * Returns each read-model table's rows there, for comparison with the live database's.
 */
export async function freshReplay(source: TestDatabase): Promise<Record<string, unknown>> {
  const head = await headPosition(source);
  const replay = await createTestDatabase('postgres');
  try {
    await migrateEventStore(replay.db);
    await migrateProjections(replay.db);
    await migrateReadModels(replay.db);
    const events = (
      await source.db.query<{ rows: Array<{ transaction_id: string }> }>(
        `SELECT coalesce(json_agg(e ORDER BY global_position), '[]') AS rows FROM events e`,
      )
    ).rows[0].rows;
    await replay.db.query('INSERT INTO events SELECT * FROM json_populate_recordset(NULL::events, $1::json)', [
      JSON.stringify(await inReplayTransactions(replay, events)),
    ]);
    const runner = new ProjectionRunner(
      replay.db,
      new PostgresEventStore(replay.db, { notifications: false }),
      PIPELINE_PROJECTIONS,
      { pollIntervalMs: 20 },
    );
    await runner.start();
    if (head > 0 && !(await runner.waitFor(head, 90_000))) {
      const { rows: checkpoints } = await replay.db.query(
        'SELECT name, global_position, stuck_error FROM projection_checkpoints ORDER BY name',
      );
      const { rows: sessions } = await replay.db.query(
        `SELECT state, wait_event_type, wait_event, left(query, 120) AS query FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      await runner.stop();
      throw new Error(
        `the fresh replay did not reach position ${head}: checkpoints ${JSON.stringify(checkpoints)}, sessions ${JSON.stringify(sessions)}`,
      );
    }
    await runner.stop();
    const tables: Record<string, unknown> = {};
    for (const table of Object.keys(READ_MODEL_TABLES)) tables[table] = await dumpTable(replay, table);
    return tables;
  } finally {
    await replay.drop();
  }
}

/**
 * The source's transaction ids in the replay server's terms. Readers take only events below the oldest running
 * transaction (the snapshot's xmin), so events copied from another cluster with ids ahead of this server's
 * counter would never be read: a fresh cluster of the test's own runs far ahead of a young shared server. The
 * ids become their rank (same order, same grouping), and the server's counter is moved past the highest.
 */
async function inReplayTransactions<T extends { transaction_id: string }>(
  replay: TestDatabase,
  events: readonly T[],
): Promise<T[]> {
  const ranks = new Map(
    [...new Set(events.map((e) => BigInt(e.transaction_id)))]
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((id, i) => [id, i + 3]),
  );
  const highest = ranks.size + 2;
  while (
    Number((await replay.db.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid')).rows[0].xid) <= highest
  );
  return events.map((e) => ({ ...e, transaction_id: String(ranks.get(BigInt(e.transaction_id))) }));
}

/** Expects every read-model table of `live` to equal a fresh replay of its events (one expectation per table). */
export async function expectReadModelsEqualFreshReplay(live: TestDatabase): Promise<void> {
  const replayed = await freshReplay(live);
  for (const table of Object.keys(READ_MODEL_TABLES)) {
    expect({ table, rows: await dumpTable(live, table) }).toEqual({ table, rows: replayed[table] });
  }
}
