import { migrate, Migration, SqlDatabase } from '@app/platform';

// Error code the append function raises when the stream is not at the expected revision;
// DETAIL carries the actual revision ('' when the stream does not exist).
export const WRONG_REVISION_SQLSTATE = 'ES409';

// The append function NOTIFYs this channel (payload: the stream id) for LISTENing subscribers.
export const EVENTS_CHANNEL = 'events';

const CREATE_EVENT_TABLES = `
CREATE TABLE streams (
  stream_id text PRIMARY KEY,
  revision integer NOT NULL
);

-- Append-only: rows are never updated or deleted (a trigger below enforces it).
-- transaction_id orders delivery to readers, see readAll.
CREATE TABLE events (
  global_position bigserial PRIMARY KEY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  event_id uuid NOT NULL UNIQUE,
  stream_id text NOT NULL,
  stream_revision integer NOT NULL,
  type text NOT NULL,
  schema_version integer NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  actor_id text NOT NULL,
  reason text,
  correlation_id text,
  idempotency_key text,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
  CONSTRAINT events_stream_revision_key UNIQUE (stream_id, stream_revision)
);

-- The key is stored on the first event of an append only, so one command may append several events.
CREATE UNIQUE INDEX events_stream_idempotency_key ON events (stream_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

CREATE INDEX events_transaction_order ON events (transaction_id, global_position);

CREATE FUNCTION events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are append-only: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_are_append_only();

CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_are_append_only();
`;

// One round trip per append. p_expected: 'no_stream' | 'stream_exists' | 'any' | a revision as text.
// p_events: jsonb array of NewEvent. Runs in the caller's transaction (autocommit from the store);
// concurrent appenders to one stream serialise on its streams row.
const CREATE_APPEND_FUNCTION = `
CREATE FUNCTION append_events(p_stream_id text, p_expected text, p_events jsonb)
RETURNS TABLE (
  deduplicated boolean, global_position bigint, transaction_id xid8, event_id uuid, stream_id text,
  stream_revision integer, type text, schema_version integer, data jsonb, metadata jsonb, recorded_at timestamptz
)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_count integer := jsonb_array_length(p_events);
  v_key text := p_events -> 0 -> 'metadata' ->> 'idempotencyKey';
  v_ids uuid[] := ARRAY(SELECT (e ->> 'eventId')::uuid FROM jsonb_array_elements(p_events) AS e);
  v_revision integer;
  v_original events;
BEGIN
  -- Checked twice: before taking the stream row, and after losing a race for it. Each statement of a
  -- volatile function sees a fresh snapshot (READ COMMITTED), so the second check sees the winner.
  FOR v_pass IN 1..2 LOOP
    SELECT * INTO v_original FROM events AS e
      WHERE e.event_id = ANY (v_ids)
         OR (v_key IS NOT NULL AND e.stream_id = p_stream_id AND e.idempotency_key = v_key)
      LIMIT 1;
    IF FOUND THEN
      -- A retry: hand back the original append (one append = one transaction on one stream).
      RETURN QUERY SELECT true, e.global_position, e.transaction_id, e.event_id, e.stream_id, e.stream_revision,
          e.type, e.schema_version, e.data, e.metadata, e.recorded_at
        FROM events AS e
        WHERE e.stream_id = v_original.stream_id AND e.transaction_id = v_original.transaction_id
        ORDER BY e.stream_revision;
      RETURN;
    END IF;
    EXIT WHEN v_pass = 2;

    IF p_expected = 'no_stream' THEN
      INSERT INTO streams AS s (stream_id, revision) VALUES (p_stream_id, v_count - 1)
        ON CONFLICT (stream_id) DO NOTHING
        RETURNING s.revision INTO v_revision;
    ELSIF p_expected = 'any' THEN
      INSERT INTO streams AS s (stream_id, revision) VALUES (p_stream_id, v_count - 1)
        ON CONFLICT (stream_id) DO UPDATE SET revision = s.revision + v_count
        RETURNING s.revision INTO v_revision;
    ELSIF p_expected = 'stream_exists' THEN
      UPDATE streams AS s SET revision = s.revision + v_count WHERE s.stream_id = p_stream_id
        RETURNING s.revision INTO v_revision;
    ELSE
      UPDATE streams AS s SET revision = s.revision + v_count
        WHERE s.stream_id = p_stream_id AND s.revision = p_expected::integer
        RETURNING s.revision INTO v_revision;
    END IF;
    EXIT WHEN v_revision IS NOT NULL;
  END LOOP;

  IF v_revision IS NULL THEN
    SELECT s.revision INTO v_revision FROM streams AS s WHERE s.stream_id = p_stream_id;
    RAISE EXCEPTION 'wrong expected revision on stream %: expected %, actual %', p_stream_id, p_expected,
        coalesce(v_revision::text, 'no stream')
      USING ERRCODE = '${WRONG_REVISION_SQLSTATE}', DETAIL = coalesce(v_revision::text, '');
  END IF;

  RETURN QUERY WITH inserted AS (
    INSERT INTO events (event_id, stream_id, stream_revision, type, schema_version, data, metadata,
        actor_id, reason, correlation_id, idempotency_key, occurred_at)
      SELECT (x.e ->> 'eventId')::uuid, p_stream_id, v_revision - v_count + x.i::integer, x.e ->> 'type',
          (x.e ->> 'schemaVersion')::integer, x.e -> 'data', x.e -> 'metadata',
          x.e -> 'metadata' -> 'actor' ->> 'id', x.e -> 'metadata' ->> 'reason',
          x.e -> 'metadata' ->> 'correlationId', CASE WHEN x.i = 1 THEN v_key END,
          (x.e -> 'metadata' ->> 'occurredAt')::timestamptz
        FROM jsonb_array_elements(p_events) WITH ORDINALITY AS x(e, i)
        ORDER BY x.i
      RETURNING *
  )
  SELECT false, n.global_position, n.transaction_id, n.event_id, n.stream_id, n.stream_revision, n.type,
      n.schema_version, n.data, n.metadata, n.recorded_at
    FROM inserted AS n ORDER BY n.stream_revision;

  -- Wakes LISTENing subscribers at commit. Notifying commits serialise on a global lock,
  -- which is fine at this system's write rate.
  PERFORM pg_notify('${EVENTS_CHANNEL}', p_stream_id);
END;
$$;
`;

// Tamper evidence: each event stores sha256(prev_hash || canonical content), chained per stream from 32 zero
// bytes. A BEFORE INSERT trigger computes it, so every writer gets it; it runs after append_events has taken
// the stream's row lock, so the previous event it reads is final (rows of the same INSERT are visible to it).
// The canonical content is jsonb text (key order and spacing fixed by jsonb), instants as epoch microseconds
// so the session's time zone cannot change it. `verify` recomputes it from the stored row (integrity/).
const ADD_HASH_CHAIN = `
ALTER TABLE events ADD COLUMN prev_hash bytea, ADD COLUMN hash bytea;

CREATE FUNCTION event_chain_content(e events) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_array(e.global_position, e.event_id, e.stream_id, e.stream_revision, e.type, e.schema_version,
    e.data, e.metadata, e.actor_id, e.reason, e.correlation_id, e.idempotency_key,
    (extract(epoch FROM e.occurred_at) * 1000000)::bigint, (extract(epoch FROM e.recorded_at) * 1000000)::bigint)::text
$$;

CREATE FUNCTION events_hash_chain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.stream_revision = 0 THEN
    NEW.prev_hash := decode(repeat('00', 32), 'hex');
  ELSE
    SELECT e.hash INTO NEW.prev_hash FROM events AS e
      WHERE e.stream_id = NEW.stream_id AND e.stream_revision = NEW.stream_revision - 1;
    IF NEW.prev_hash IS NULL THEN
      RAISE EXCEPTION 'hash chain: stream % has no event at revision %', NEW.stream_id, NEW.stream_revision - 1;
    END IF;
  END IF;
  NEW.hash := sha256(NEW.prev_hash || convert_to(event_chain_content(NEW), 'UTF8'));
  RETURN NEW;
END;
$$;

-- Events recorded before this migration are chained once, in stream order.
ALTER TABLE events DISABLE TRIGGER events_append_only;

DO $$
DECLARE
  r record;
  v_prev bytea;
  v_stream text := NULL;
BEGIN
  FOR r IN SELECT e.global_position, e.stream_id FROM events AS e ORDER BY e.stream_id, e.stream_revision LOOP
    IF v_stream IS DISTINCT FROM r.stream_id THEN
      v_prev := decode(repeat('00', 32), 'hex');
      v_stream := r.stream_id;
    END IF;
    UPDATE events AS e SET prev_hash = v_prev, hash = sha256(v_prev || convert_to(event_chain_content(e), 'UTF8'))
      WHERE e.global_position = r.global_position
      RETURNING e.hash INTO v_prev;
  END LOOP;
END;
$$;

ALTER TABLE events ENABLE TRIGGER events_append_only;

ALTER TABLE events ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL;

CREATE TRIGGER events_hash_chain BEFORE INSERT ON events
  FOR EACH ROW EXECUTE FUNCTION events_hash_chain();
`;

// The append path, leaner (migration 4). The same guarantees with less work per append:
// - no pg_notify: a notifying commit holds a global lock through its WAL flush, which serialised every append
//   in the cluster. The appending process wakes its own subscriptions and tells other processes with one
//   coalesced NOTIFY outside the append (EventNotifier); they also poll.
// - no duplicate probe up front: the unique indexes on event_id and (stream_id, idempotency_key) refuse a
//   repeated append, and only then does the store look for the original (findOriginalAppend). The probe cost more
//   than the rest of the append: its plan was made afresh on every call (or, cached, kept scanning the table).
// - the hash chain is computed here, per append: one lookup of the previous hash instead of one per row, and no
//   trigger call per row. The trigger stays for rows inserted by other means (bulk loads), which come without
//   a hash. A supplied hash that is wrong is what verify names, so nothing is lost by taking it.
// - it returns what the caller does not already have (positions, transaction id, revision, instant), not the rows.
// One definition of the canonical text serves the function, the trigger and verify (event_chain_content).
const LEAN_APPEND = `
CREATE FUNCTION event_chain_text(p_global_position bigint, p_event_id uuid, p_stream_id text, p_stream_revision integer,
    p_type text, p_schema_version integer, p_data jsonb, p_metadata jsonb, p_actor_id text, p_reason text,
    p_correlation_id text, p_idempotency_key text, p_occurred_at timestamptz, p_recorded_at timestamptz)
  RETURNS text LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_array(p_global_position, p_event_id, p_stream_id, p_stream_revision, p_type, p_schema_version,
    p_data, p_metadata, p_actor_id, p_reason, p_correlation_id, p_idempotency_key,
    (extract(epoch FROM p_occurred_at) * 1000000)::bigint, (extract(epoch FROM p_recorded_at) * 1000000)::bigint)::text
$$;

CREATE OR REPLACE FUNCTION event_chain_content(e events) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT event_chain_text(e.global_position, e.event_id, e.stream_id, e.stream_revision, e.type, e.schema_version,
    e.data, e.metadata, e.actor_id, e.reason, e.correlation_id, e.idempotency_key, e.occurred_at, e.recorded_at)
$$;

DROP TRIGGER events_hash_chain ON events;

CREATE TRIGGER events_hash_chain BEFORE INSERT ON events
  FOR EACH ROW WHEN (NEW.hash IS NULL) EXECUTE FUNCTION events_hash_chain();

DROP FUNCTION append_events(text, text, jsonb);

-- Raises ${WRONG_REVISION_SQLSTATE} on a wrong expected revision and unique_violation on a repeated event id or
-- idempotency key; the store then looks for the original append (a retry) before reporting either.
CREATE FUNCTION append_events(p_stream_id text, p_expected text, p_events jsonb,
    OUT transaction_id xid8, OUT first_revision integer, OUT recorded_at timestamptz, OUT positions bigint[])
LANGUAGE plpgsql AS $$
DECLARE
  v_count integer := jsonb_array_length(p_events);
  v_revision integer;
  v_prev bytea;
  v_event jsonb;
  v_metadata jsonb;
  v_position bigint;
  v_hash bytea;
BEGIN
  IF p_expected = 'no_stream' THEN
    INSERT INTO streams AS s (stream_id, revision) VALUES (p_stream_id, v_count - 1)
      ON CONFLICT (stream_id) DO NOTHING
      RETURNING s.revision INTO v_revision;
  ELSIF p_expected = 'any' THEN
    INSERT INTO streams AS s (stream_id, revision) VALUES (p_stream_id, v_count - 1)
      ON CONFLICT (stream_id) DO UPDATE SET revision = s.revision + v_count
      RETURNING s.revision INTO v_revision;
  ELSIF p_expected = 'stream_exists' THEN
    UPDATE streams AS s SET revision = s.revision + v_count WHERE s.stream_id = p_stream_id
      RETURNING s.revision INTO v_revision;
  ELSE
    UPDATE streams AS s SET revision = s.revision + v_count
      WHERE s.stream_id = p_stream_id AND s.revision = p_expected::integer
      RETURNING s.revision INTO v_revision;
  END IF;

  IF v_revision IS NULL THEN
    SELECT s.revision INTO v_revision FROM streams AS s WHERE s.stream_id = p_stream_id;
    RAISE EXCEPTION 'wrong expected revision on stream %: expected %, actual %', p_stream_id, p_expected,
        coalesce(v_revision::text, 'no stream')
      USING ERRCODE = '${WRONG_REVISION_SQLSTATE}', DETAIL = coalesce(v_revision::text, '');
  END IF;

  transaction_id := pg_current_xact_id();
  first_revision := v_revision - v_count + 1;
  recorded_at := date_trunc('milliseconds', clock_timestamp());
  positions := '{}';
  -- The stream's row lock is ours (concurrent appenders to the stream wait on it), so the previous event is final.
  IF first_revision = 0 THEN
    v_prev := decode(repeat('00', 32), 'hex');
  ELSE
    SELECT e.hash INTO v_prev FROM events AS e WHERE e.stream_id = p_stream_id AND e.stream_revision = first_revision - 1;
    IF v_prev IS NULL THEN
      RAISE EXCEPTION 'hash chain: stream % has no event at revision %', p_stream_id, first_revision - 1;
    END IF;
  END IF;

  -- The key is stored on the first event of an append only, so one command may append several events.
  FOR i IN 0 .. v_count - 1 LOOP
    v_event := p_events -> i;
    v_metadata := v_event -> 'metadata';
    v_position := nextval('events_global_position_seq'::regclass);
    v_hash := sha256(v_prev || convert_to(event_chain_text(v_position, (v_event ->> 'eventId')::uuid, p_stream_id,
        first_revision + i, v_event ->> 'type', (v_event ->> 'schemaVersion')::integer, v_event -> 'data', v_metadata,
        v_metadata -> 'actor' ->> 'id', v_metadata ->> 'reason', v_metadata ->> 'correlationId',
        CASE WHEN i = 0 THEN v_metadata ->> 'idempotencyKey' END, (v_metadata ->> 'occurredAt')::timestamptz,
        recorded_at), 'UTF8'));
    INSERT INTO events (global_position, event_id, stream_id, stream_revision, type, schema_version, data, metadata,
        actor_id, reason, correlation_id, idempotency_key, occurred_at, recorded_at, prev_hash, hash)
      VALUES (v_position, (v_event ->> 'eventId')::uuid, p_stream_id, first_revision + i, v_event ->> 'type',
        (v_event ->> 'schemaVersion')::integer, v_event -> 'data', v_metadata, v_metadata -> 'actor' ->> 'id',
        v_metadata ->> 'reason', v_metadata ->> 'correlationId', CASE WHEN i = 0 THEN v_metadata ->> 'idempotencyKey' END,
        (v_metadata ->> 'occurredAt')::timestamptz, recorded_at, v_prev, v_hash);
    positions := positions || v_position;
    v_prev := v_hash;
  END LOOP;
END;
$$;
`;

export const EVENT_STORE_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'event tables', sql: CREATE_EVENT_TABLES },
  { version: 2, name: 'append function', sql: CREATE_APPEND_FUNCTION },
  { version: 3, name: 'hash chain', sql: ADD_HASH_CHAIN },
  { version: 4, name: 'lean append', sql: LEAN_APPEND },
];

export function migrateEventStore(db: SqlDatabase): Promise<number[]> {
  return migrate(db, 'event_store', EVENT_STORE_MIGRATIONS);
}
