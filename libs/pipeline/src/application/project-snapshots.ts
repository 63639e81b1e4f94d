import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import { migrate, Migration, PostgresDatabase, SQL_DATABASE } from '@app/platform';
import type { SqlDatabase } from '@app/platform';
import { EVENT_COLUMNS, PostgresEventStore, toRecordedEvent } from '@app/event-store';
import type { EventRow, EventStore, RecordedEvent } from '@app/event-store';
import { initialState, ProjectState } from '../domain';
import { ProjectStateCache } from './project-state-cache';

/**
 * The version of the fold (`evolve` and `initialState`) that a stored snapshot was made by. A snapshot of
 * another version is ignored, so a change to what `evolve` makes of an event must move this number:
 * project-snapshots.spec.ts fails, naming it, when the fold's results over a fixed corpus change and it has not.
 * 3: the state keeps the conditions of conditional gos.
 */
export const PROJECT_FOLD_VERSION = 3;
/** Injection token overriding the fold version (tests of what another version's snapshot does). */
export const FOLD_VERSION = Symbol('FOLD_VERSION');

/** What a command replaying an Idempotency-Key needs of the events that key wrote. */
export interface KeyedEvent {
  eventId: string;
  type: string;
  revision: number;
  globalPosition: number;
  metadata: { idempotency?: unknown; [key: string]: unknown };
}

/** A project's folded state at `revision` and, per Idempotency-Key, the events that key wrote up to it. */
export interface ProjectSnapshot {
  state: ProjectState;
  byIdempotencyKey: ReadonlyMap<string, readonly KeyedEvent[]>;
  /** The id of the event at `state.revision`: a snapshot whose event is not in the store is not this stream's. */
  lastEventId: string;
}

const SNAPSHOT_TABLES = `
CREATE TABLE project_snapshots (
  stream_id text PRIMARY KEY,
  revision integer NOT NULL,
  last_event_id uuid NOT NULL,
  fold_version integer NOT NULL,
  body text NOT NULL,
  checksum text NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
`;

// The state of a long project is large (2,000 milestones: 590 kB of JSON): pglz on the server took longer to undo
// than the rest of a command, so the client deflates it and the server stores the bytes as they come.
const COMPRESSED_SNAPSHOTS = `
DROP TABLE project_snapshots;
CREATE TABLE project_snapshots (
  stream_id text PRIMARY KEY,
  revision integer NOT NULL,
  last_event_id uuid NOT NULL,
  fold_version integer NOT NULL,
  body bytea NOT NULL,
  checksum text NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE project_snapshots ALTER COLUMN body SET STORAGE EXTERNAL;
`;

export const PROJECT_SNAPSHOT_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'project snapshots', sql: SNAPSHOT_TABLES },
  { version: 2, name: 'project snapshots deflated by the client', sql: COMPRESSED_SNAPSHOTS },
];

// zlib in one call on this thread. The callback forms work in 16 kB pieces, each a trip through libuv's thread pool
// and back: inflating the 2,000-event project's 590 kB state took 7.5 ms that way on a loaded machine, 0.4 ms in one
// call (a typical project's 30 kB, a few tens of microseconds).
// JSON deflates 6-10 times: an output buffer of 16 times the input holds a state in one piece.
const inflate = (body: Uint8Array): Buffer => inflateRawSync(body, { chunkSize: Math.min(Math.max(64 * 1024, body.length * 16), 64 * 1024 * 1024) });
// Level 1: most of the size gone at a fraction of the time of the default level.
const deflate = (text: string): Buffer => deflateRawSync(text, { level: 1, chunkSize: Math.min(Math.max(16 * 1024, text.length >> 2), 16 * 1024 * 1024) });

export function migrateProjectSnapshots(db: SqlDatabase): Promise<number[]> {
  return migrate(db, 'command_snapshots', PROJECT_SNAPSHOT_MIGRATIONS);
}

// The body travels as base64 text, 4/3 of its bytes, not as bytea's hex form, twice them: on loopback TCP a row's time
// grows faster than its size (the 2,000-event project's 80 kB body: 3.6 ms p50 as hex, 2.6 ms as base64).
const LOAD = "SELECT revision, last_event_id, encode(body, 'base64') AS body, checksum FROM project_snapshots WHERE stream_id = $1 AND fold_version = $2";
// A newer snapshot or one of another fold version replaces the stored one; an older one never does.
const SAVE = `INSERT INTO project_snapshots AS s (stream_id, revision, last_event_id, fold_version, body, checksum)
  VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, last_event_id = excluded.last_event_id,
    fold_version = excluded.fold_version, body = excluded.body, checksum = excluded.checksum, written_at = now()
  WHERE s.fold_version <> excluded.fold_version OR s.revision < excluded.revision`;

// On the server, with the events in the same database: the snapshot row and the stream's events from its revision in
// one statement, one round trip and one transaction instead of two (socket writes were 14 % of the API's CPU under
// scenario 2's load). Without a row of this fold version, the events from revision 0: the whole stream.
const LOAD_WITH_EVENTS = `
WITH s AS (SELECT revision, last_event_id, body, checksum FROM project_snapshots WHERE stream_id = $1 AND fold_version = $2)
SELECT NULL::integer AS s_revision, NULL::uuid AS s_last_event_id, NULL::text AS s_body, NULL::text AS s_checksum, ${EVENT_COLUMNS}
  FROM events WHERE stream_id = $1 AND stream_revision >= COALESCE((SELECT revision FROM s), 0)
UNION ALL
SELECT revision, last_event_id, encode(body, 'base64'), checksum, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM s
ORDER BY stream_revision NULLS FIRST`;

interface SnapshotRow {
  revision: unknown;
  last_event_id: string;
  body: string;
  checksum: string;
}

/** A stored snapshot as found (null when none may be used) and the stream's events from the stored row's revision on. */
export interface SnapshotAndEvents {
  snapshot: ProjectSnapshot | null;
  /** The revision of the stored row of this fold version (used or not); null without one, the events then being all. */
  storedRevision: number | null;
  events: RecordedEvent[];
}

/**
 * Snapshots of projects' folded states, so a command on a project no process has in memory reads one row and the
 * events after it instead of the whole stream. Never the source of truth: a snapshot is used only if it was made
 * by this fold version, its checksum holds and the store still has its last event at its revision; anything else
 * is ignored and the stream folded afresh. Written after the command, off its path; a lost write costs nothing.
 */
@Injectable()
export class ProjectSnapshots implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ProjectSnapshots');
  private readonly pending = new Set<Promise<void>>();
  private readonly pool: PostgresDatabase['pool'] | null;
  private readonly foldVersion: number;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Optional() @Inject(FOLD_VERSION) foldVersion?: number,
  ) {
    this.foldVersion = foldVersion ?? PROJECT_FOLD_VERSION;
    this.pool = db instanceof PostgresDatabase ? db.pool : null;
  }

  async onModuleInit(): Promise<void> {
    await migrateProjectSnapshots(this.db);
  }

  async onModuleDestroy(): Promise<void> {
    await this.settled();
  }

  /** The stored snapshot of `streamId` by this fold version, if its checksum holds; null otherwise. */
  async load(streamId: string): Promise<ProjectSnapshot | null> {
    const rows = await this.query<SnapshotRow>('ps_load_b64', LOAD, [streamId, this.foldVersion]);
    return rows[0] ? this.fromRow(streamId, rows[0]) : null;
  }

  /** Whether `loadWithEvents` may read `store`'s events: on the server, with them in this database. */
  readsEventsOf(store: EventStore): boolean {
    return this.pool !== null && store instanceof PostgresEventStore && store.keepsEventsIn(this.db);
  }

  /** The snapshot, as `load` finds it, and the stream's events from its revision (from 0 without a row), in one statement. */
  async loadWithEvents(streamId: string): Promise<SnapshotAndEvents> {
    const rows = await this.query<SnapshotRow & EventRow & { s_revision: unknown; s_last_event_id: string; s_body: string; s_checksum: string }>(
      'ps_load_with_events',
      LOAD_WITH_EVENTS,
      [streamId, this.foldVersion],
    );
    // The snapshot's row comes first (its stream_revision is null), then the events in order.
    const stored = rows[0] && rows[0].s_revision !== null ? rows[0] : undefined;
    const events = (stored ? rows.slice(1) : rows).map(toRecordedEvent);
    if (!stored) return { snapshot: null, storedRevision: null, events };
    const row = { revision: stored.s_revision, last_event_id: stored.s_last_event_id, body: stored.s_body, checksum: stored.s_checksum };
    return { snapshot: this.fromRow(streamId, row), storedRevision: Number(row.revision), events };
  }

  private fromRow(streamId: string, row: SnapshotRow): ProjectSnapshot | null {
    const revision = Number(row.revision);
    // PostgreSQL breaks base64 into lines; Buffer.from skips the line breaks.
    const body = Buffer.from(row.body, 'base64');
    if (row.checksum !== checksum(streamId, revision, row.last_event_id, this.foldVersion, body)) {
      this.logger.warn(`Snapshot of ${streamId} at revision ${revision} fails its checksum: ignored, the stream is folded afresh`);
      return null;
    }
    let text: string;
    try {
      text = inflate(body).toString('utf8');
    } catch {
      return null;
    }
    const snapshot = parseSnapshot(text, row.last_event_id);
    return snapshot?.state.revision === revision ? snapshot : null;
  }

  /** Stores `snapshot` in the background (unless a newer one is there); `settled()` waits for such writes. */
  save(streamId: string, snapshot: ProjectSnapshot): void {
    // After the current turn: serialising and deflating a large state (2 ms for 590 kB) then overlaps the command's
    // own append instead of delaying it.
    const write = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.write(streamId, snapshot))
      .catch((error: unknown) => this.logger.warn(`Snapshot of ${streamId} not stored: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
  }

  async write(streamId: string, snapshot: ProjectSnapshot): Promise<void> {
    const body = deflate(serializeSnapshot(snapshot));
    const { revision } = snapshot.state;
    await this.query('ps_save', SAVE, [streamId, revision, snapshot.lastEventId, this.foldVersion, body, checksum(streamId, revision, snapshot.lastEventId, this.foldVersion, body)]);
  }

  /** Folds `streamId` afresh from the store and stores its snapshot (the CLI and the bench, for every project). */
  async refresh(store: EventStore, streamId: string): Promise<number> {
    const events = await store.readStream(streamId);
    if (events.length === 0) return -1;
    const { state, byIdempotencyKey, lastEventId } = await new ProjectStateCache(null).load({ readStream: async () => events } as unknown as EventStore, streamId);
    await this.write(streamId, { state, byIdempotencyKey, lastEventId });
    return state.revision;
  }

  /**
   * Checks the stored snapshot of `streamId` against a fresh fold of the stream up to its revision: 'none' when
   * there is none this fold version may use, else whether state and keyed events are exactly the fresh fold's.
   */
  async verify(store: EventStore, streamId: string): Promise<'none' | 'agrees' | 'differs'> {
    const snapshot = await this.load(streamId);
    if (!snapshot) return 'none';
    const events = await store.readStream(streamId);
    const upTo = events.filter((e) => e.revision <= snapshot.state.revision);
    const fresh = await new ProjectStateCache(null).load({ readStream: async () => upTo } as unknown as EventStore, streamId);
    const same = serializeSnapshot(fresh) === serializeSnapshot(snapshot) && fresh.lastEventId === snapshot.lastEventId;
    return same ? 'agrees' : 'differs';
  }

  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async query<R>(name: string, text: string, values: unknown[]): Promise<R[]> {
    // On the server a named prepared statement: parsed and planned once per connection.
    if (this.pool) return (await this.pool.query({ name, text, values })).rows as R[];
    return (await this.db.query<R>(text, values)).rows;
  }
}

function checksum(streamId: string, revision: number, lastEventId: string, foldVersion: number, body: Uint8Array): string {
  return createHash('sha256').update(`${streamId}\n${revision}\n${lastEventId}\n${foldVersion}\n`).update(body).digest('base64');
}

const NON_ASCII = /[\u0080-\uffff]/g;
const escapeCodeUnit = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * The stored text of a snapshot: its state and keyed events as JSON, every character outside ASCII written as a
 * `\uXXXX` escape. Pure ASCII bytes decode into a one-byte string in a fraction of the time: one curly apostrophe
 * in the 2,000-event project's 553 kB made its decoding take 2.1 ms instead of 0.4 (paired, same machine). JSON.parse
 * reads the escapes back to the same characters, surrogate pairs included.
 */
export function serializeSnapshot({ state, byIdempotencyKey }: ProjectSnapshot): string {
  return JSON.stringify({ state, keys: [...byIdempotencyKey] }).replace(NON_ASCII, escapeCodeUnit);
}

/**
 * A snapshot read back from its text: a state just as the fold makes it (registries without a prototype, see
 * `registry`), or null when the text is not a snapshot.
 */
export function parseSnapshot(body: string, lastEventId: string): ProjectSnapshot | null {
  let parsed: { state?: Record<string, unknown>; keys?: [string, KeyedEvent[]][] };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return null;
  }
  const { state, keys } = parsed;
  if (!state || typeof state !== 'object' || !Array.isArray(keys) || typeof state.revision !== 'number') return null;
  // Every field the fold starts as a registry is one again; JSON.parse gives plain objects.
  const initial = initialState() as unknown as Record<string, unknown>;
  for (const [field, value] of Object.entries(initial)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.getPrototypeOf(value) === null) {
      const stored = state[field];
      if (stored === null || typeof stored !== 'object') return null;
      // In place: copying a 2,000-milestone registry key by key took as long as parsing it.
      Object.setPrototypeOf(stored, null);
    }
  }
  return { state: state as unknown as ProjectState, byIdempotencyKey: new Map(keys), lastEventId };
}
