import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { availableEngines, createTestDatabase, TestDatabase } from '@app/platform/testing';
import { migrateEventStore } from '../event-store.migrations';
import { EVENTS_FILE } from './export-format';
import { exportStore } from './export-store';

// The export builds each line from the COPY's binary fields; here PostgreSQL writes the same line from the same row
// by itself (to_json's escapes, to_char's instants, jsonb's text, hex hashes), for every event: they must be equal.
const EVENTS = 10_050; // past PGlite's COPY page of 10,000
const STREAMS = 7;

// Inserted without a hash: the chain trigger computes each from the previous one, as for any bulk load.
const SEED = `
INSERT INTO events (global_position, event_id, stream_id, stream_revision, type, schema_version, data, metadata, actor_id,
    reason, correlation_id, idempotency_key, occurred_at, recorded_at)
  SELECT g, md5('event' || g)::uuid, 'project-' || ((g - 1) % ${STREAMS}) || E' \\t"质子"', (g - 1) / ${STREAMS}, 'Type' || (g % 3), 1 + g % 2,
      '{"zz": 1.50, "big": 12345678901234567890123, "e": 1e21, "t": "Perangkat \\"medis\\" \\\\ \\u0001 🩺"}'::jsonb || jsonb_build_object('n', g),
      jsonb_build_object('actor', jsonb_build_object('id', 'a' || g % 5, 'name', '导入者')),
      'a' || g % 5, CASE WHEN g % 2 = 0 THEN NULL ELSE E'why\\n"' || g END, CASE WHEN g % 3 = 0 THEN NULL ELSE 'c-' || g END,
      CASE WHEN g % 11 = 0 THEN 'key-' || g END,
      timestamptz '1969-12-31 18:59:59.999999+00' + g * interval '1 hour 0.000007 seconds',
      timestamptz '2025-01-10 00:00:00.000001+00' + g * interval '1.000001 seconds'
    FROM generate_series(1, ${EVENTS}) AS g ORDER BY g;
INSERT INTO streams (stream_id, revision) SELECT stream_id, max(stream_revision) FROM events GROUP BY stream_id;`;

const MICROS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;
const LINES_BY_POSTGRESQL = `
SELECT '{"globalPosition":' || global_position || ',"eventId":"' || event_id || '","streamId":' || to_json(stream_id)
    || ',"revision":' || stream_revision || ',"type":' || to_json(type) || ',"schemaVersion":' || schema_version
    || ',"actorId":' || coalesce(to_json(actor_id)::text, 'null') || ',"reason":' || coalesce(to_json(reason)::text, 'null')
    || ',"correlationId":' || coalesce(to_json(correlation_id)::text, 'null')
    || ',"idempotencyKey":' || coalesce(to_json(idempotency_key)::text, 'null')
    || ',"occurredAt":"' || to_char(occurred_at AT TIME ZONE 'UTC', ${MICROS}) || '","recordedAt":"' || to_char(recorded_at AT TIME ZONE 'UTC', ${MICROS})
    || '","data":' || data::text || ',"metadata":' || metadata::text
    || ',"prevHash":"' || encode(prev_hash, 'hex') || '","hash":"' || encode(hash, 'hex') || '"}' AS line
  FROM events ORDER BY global_position`;

describe.each(availableEngines())('exportStore on %s', (engine) => {
  let database: TestDatabase;
  let work: string;

  beforeAll(async () => {
    database = await createTestDatabase(engine, 2);
    await migrateEventStore(database.db);
    await database.db.exec(SEED);
    work = await mkdtemp(join(tmpdir(), 'export-lines-'));
  }, 120_000);

  afterAll(async () => {
    await database?.drop();
    await rm(work, { recursive: true, force: true });
  });

  it('writes every event line exactly as PostgreSQL writes it from the row, and finds the chain intact', async () => {
    const manifest = await exportStore(database.db, join(work, 'out'), { readModelTables: [] });
    const written = (await readFile(join(work, 'out', EVENTS_FILE), 'utf8')).split('\n');
    expect(written.pop()).toBe('');
    const expected = (await database.db.query<{ line: string }>(LINES_BY_POSTGRESQL)).rows.map((r) => r.line);
    expect(written).toHaveLength(EVENTS);
    for (let i = 0; i < EVENTS; i++)
      if (written[i] !== expected[i])
        expect({ line: i + 1, text: written[i] }).toEqual({ line: i + 1, text: expected[i] });
    expect(manifest.chainCheck).toMatchObject({ ok: true, events: EVENTS, streams: STREAMS });
    expect(manifest.events).toMatchObject({ count: EVENTS, lastGlobalPosition: EVENTS });
    const heads = (
      await database.db.query<{ s: string; r: number; h: string }>(
        `SELECT DISTINCT ON (stream_id) stream_id AS s, stream_revision AS r, encode(hash, 'hex') AS h FROM events ORDER BY stream_id, stream_revision DESC`,
      )
    ).rows;
    expect(manifest.streams.heads).toEqual(Object.fromEntries(heads.map((h) => [h.s, { revision: h.r, hash: h.h }])));
  }, 120_000);

  it('writes a read-model table as RFC 4180 CSV (the server through COPY, PGlite through a cursor: the same bytes)', async () => {
    await database.db.exec(`
      CREATE TABLE csv_edge (id integer PRIMARY KEY, a text, b text, "we,ird ""col""" text, n numeric, j jsonb);
      INSERT INTO csv_edge VALUES (10, '\\.', ' spaced ', 'a,b', -0.0, '"str"'),
        (1, 'plain', NULL, '', 1.50, '{"a": [1, "x,y"]}'), (2, E'line1\\nline2', 'say "hi"', E'cr\\ronly', NULL, NULL);`);
    const manifest = await exportStore(database.db, join(work, 'csv'), { readModelTables: ['csv_edge'] });
    expect(await readFile(join(work, 'csv', 'csv_edge.csv'), 'utf8')).toBe(
      'id,a,b,"we,ird ""col""",n,j\r\n' +
        '1,plain,,"",1.50,"{""a"": [1, ""x,y""]}"\r\n' +
        '2,"line1\nline2","say ""hi""","cr\ronly",,\r\n' +
        '10,\\., spaced ,"a,b",0.0,"""str"""\r\n',
    );
    expect(manifest.readModels).toEqual([
      { table: 'csv_edge', file: 'csv_edge.csv', rows: 3, columns: ['id', 'a', 'b', 'we,ird "col"', 'n', 'j'] },
    ]);
  }, 60_000);
});
