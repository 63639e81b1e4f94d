import type { SqlExecutor } from '@app/platform';
import type { Checkpoint, RecordedEvent } from '../event-store.port';

/**
 * A read model fed from the event store. `apply` runs inside the runner's transaction, which also moves the
 * checkpoint, so rows and checkpoint commit together. It must use unqualified table names (a rebuild points
 * search_path at a schema of fresh copies) and should write with upserts.
 */
export interface Projection {
  /** Lower-case identifier; also the checkpoint name. */
  readonly name: string;
  /** Bump when `apply` changes meaning: the runner then rebuilds the tables from position 0. */
  readonly version: number;
  /** The tables `apply` writes (all of them, so a rebuild can copy and switch them). */
  readonly tables: readonly string[];
  /**
   * Indexes `apply` reads by (beyond primary and unique keys): a rebuild creates them on the fresh tables at
   * once; every other index only after the fill, which is cheaper than maintaining it row by row.
   */
  readonly applyIndexes?: readonly string[];
  /**
   * Tables a rebuild only appends to (each row once, never read back or upserted while `memo` is given): on the
   * server, where the rows go in by COPY, a rebuild adds their primary and unique keys after the fill as well (a
   * sorted build instead of a probe per row). A repeated key then fails the rebuild at that step, and the old tables
   * keep serving.
   */
  readonly appendedTables?: readonly string[];
  /**
   * `memo` is given by a rebuild only (fresh, empty tables from position 0): the same one for every page of the
   * pass, so a projection may keep rows and folded state in it instead of reading them back and rewriting them per
   * page. What it keeps unwritten it writes in `flush`.
   */
  apply(tx: SqlExecutor, events: readonly RecordedEvent[], memo?: ProjectionMemo): Promise<void>;
  /** Writes what `apply` kept in `memo` unwritten; a rebuild calls it before building indexes and switching. */
  flush?(tx: SqlExecutor, memo: ProjectionMemo): Promise<void>;
}

/** What a projection keeps in memory across the pages of one rebuild: its own business (see Projection.apply). */
export type ProjectionMemo = Map<string, unknown>;

export interface RebuildProgress {
  state: 'running' | 'switching' | 'done' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  /** Events applied to the new tables so far. */
  processed: number;
  /** Global position of the last event applied to the new tables. */
  position: number;
  /** The store's head position when the rebuild started. */
  headPosition: number;
  /** position / headPosition. */
  percent: number;
  eventsPerSecond: number;
  /** Milliseconds each projection spent applying the pages so far (where a rebuild's time goes). */
  applyMs: Record<string, number>;
  error: string | null;
}

export interface ProjectionStatus {
  name: string;
  version: number;
  /** The last event applied, in delivery order; null before the first. */
  checkpoint: Checkpoint | null;
  /** Global position of the checkpoint (0 before the first event). */
  position: number;
  headPosition: number;
  /** How far behind the head it is, in the store's positions (PostgreSQL: events; EventStoreDB: log bytes); 0 when caught up. */
  lag: number;
  /** True when this process is feeding the projection (holds its lock). */
  running: boolean;
  lastError: string | null;
  updatedAt: string | null;
  rebuild: RebuildProgress | null;
  /** The event the projection stopped at, when it could not apply it; null while it keeps up. */
  stuck: StuckEvent | null;
}

/**
 * An event a projection failed to apply, again and again, alone in its own transaction. The projection stops
 * just before it (everything earlier is applied) and never skips it: a read model that skipped an event would
 * disagree with a fresh replay. It resumes once the event applies: at a retry (with backoff, after the cause is
 * fixed: a new release, a widened column) or after an admin's rebuild.
 */
export interface StuckEvent {
  eventId: string;
  /** Global position of the event. */
  position: number;
  type: string;
  streamId: string | null;
  /** What applying it raised (the database's message, say). */
  error: string;
  /** First failure at this event. */
  since: string;
  /** Failed attempts at this event so far. */
  attempts: number;
  /** When the runner tries it again (null when not known here). */
  retryAt: string | null;
}

/** Nest token: the projections this process knows. */
export const PROJECTIONS = Symbol('PROJECTIONS');

export const PROJECTION_NAME = /^[a-z][a-z0-9_]{0,40}$/;
