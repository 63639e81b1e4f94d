import type { Pool } from 'pg';
import type { GeneratedEvent } from '../generate';

const BATCH = 5_000;

// Multi-row INSERT of prepared events, in recording order: the same rows append_events writes (its
// checks are skipped, the decider already ran), with recorded_at set to the generated instant so that
// "as of" and time-in-stage queries see a real history instead of one bulk-load moment.
const INSERT = `
INSERT INTO events (event_id, stream_id, stream_revision, type, schema_version, data, metadata,
    actor_id, reason, correlation_id, occurred_at, recorded_at)
SELECT e.event_id, e.stream_id, e.stream_revision, e.type, e.schema_version, e.data::jsonb, e.metadata::jsonb,
    e.actor_id, e.reason, e.correlation_id, e.occurred_at, e.recorded_at
  FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[],
              $9::text[], $10::text[], $11::timestamptz[], $12::timestamptz[])
       WITH ORDINALITY AS e(event_id, stream_id, stream_revision, type, schema_version, data, metadata,
              actor_id, reason, correlation_id, occurred_at, recorded_at, n)
 ORDER BY e.n`;

/**
 * Inserts the events batch by batch, building the next batch while the server writes the last one,
 * then sets every stream's revision. Returns the number of events written.
 */
export async function loadEvents(
  pool: Pool,
  events: Iterable<GeneratedEvent>,
  onProgress: (written: number) => void = () => undefined,
): Promise<number> {
  let written = 0;
  let inFlight: Promise<unknown> = Promise.resolve();
  let columns = emptyColumns();
  for (const g of events) {
    const m = g.event.metadata;
    columns[0].push(g.event.eventId);
    columns[1].push(g.streamId);
    columns[2].push(g.revision);
    columns[3].push(g.event.type);
    columns[4].push(g.event.schemaVersion);
    columns[5].push(JSON.stringify(g.event.data ?? null));
    columns[6].push(JSON.stringify(m));
    columns[7].push(m.actor.id);
    columns[8].push(m.reason ?? null);
    columns[9].push(m.correlationId ?? null);
    columns[10].push(m.occurredAt);
    columns[11].push(g.recordedAt.toISOString());
    if (columns[0].length === BATCH) {
      await inFlight;
      const batch = columns;
      inFlight = pool.query(INSERT, batch).then(() => onProgress((written += batch[0].length)));
      columns = emptyColumns();
    }
  }
  await inFlight;
  if (columns[0].length > 0) {
    await pool.query(INSERT, columns);
    onProgress((written += columns[0].length));
  }
  await pool.query(
    `INSERT INTO streams (stream_id, revision)
     SELECT stream_id, max(stream_revision) FROM events GROUP BY stream_id
     ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision`,
  );
  // A live system would have been vacuumed and analysed by now; a fresh bulk load has not.
  await pool.query('VACUUM (ANALYZE) events');
  await pool.query('VACUUM (ANALYZE) streams');
  return written;
}

function emptyColumns(): unknown[][] {
  return Array.from({ length: 12 }, () => []);
}
