import { Logger } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { PostgresDatabase, SqlDatabase, SqlExecutor } from '@app/platform';
import { compareCheckpoints, EVENT_COLUMNS, EventRow, toDecimalString, toRecordedEvent, toSafeInteger } from '../event-row.mapping';
import type { Checkpoint, EventStore, RecordedEvent, Subscription } from '../event-store.port';
import { Projection, PROJECTION_NAME, ProjectionStatus, RebuildProgress } from './projection';

export interface ProjectionRunnerOptions {
  batchSize?: number;
  pollIntervalMs?: number;
  /** How often a standby process retries a projection lock held elsewhere (server only). */
  lockRetryMs?: number;
  /** Test hook: runs inside the batch transaction after the rows, before the checkpoint. */
  afterApply?: (projection: string, events: readonly RecordedEvent[]) => Promise<void> | void;
}

// Advisory lock namespaces (first key); the second key is hashtext(projection name).
const RUN_LOCK = 7_310_002;
const REBUILD_LOCK = 7_310_003;
const SWITCH_BATCH = 1_000;
const PROGRESS_LOG_MS = 2_000;

interface CheckpointRow {
  version: number;
  checkpoint: Checkpoint | null;
  eventsApplied: number;
  updatedAt: string | null;
}

interface Target {
  /** The checkpoint row. */
  row: string;
  /** Schema holding the tables written (search_path), or null for the live tables. */
  schema: string | null;
}

export class ProjectionAlreadyRebuildingError extends Error {
  constructor(readonly projection: string) {
    super(`Projection ${projection} is already being rebuilt`);
    this.name = 'ProjectionAlreadyRebuildingError';
  }
}

export class UnknownProjectionError extends Error {
  constructor(readonly projection: string) {
    super(`No projection named ${projection}`);
    this.name = 'UnknownProjectionError';
  }
}

export function rebuildRowName(name: string): string {
  return `${name}__rebuild`;
}

export function rebuildSchemaName(name: string): string {
  return `rebuild_${name}`;
}

/**
 * Feeds each projection from its checkpoint: one subscription per projection, one transaction per batch
 * (rows + checkpoint). Events at or before the stored checkpoint are skipped inside that transaction, so
 * redelivery after a crash, a second runner or a rebuild switch changes nothing. On the server, a session
 * advisory lock per projection lets one process work it while others stand by.
 */
export class ProjectionRunner {
  private readonly logger = new Logger('Projections');
  private readonly projections = new Map<string, Projection>();
  private readonly live = new Map<string, Subscription>();
  private readonly errors = new Map<string, string>();
  private readonly rebuilds = new Map<string, RebuildProgress>();
  private readonly rebuilding = new Map<string, Promise<void>>();
  private lockClient: PoolClient | null = null;
  private supervisor: Promise<void> | null = null;
  private wakeSupervisor: (() => void) | null = null;
  private running = false;

  constructor(
    private readonly db: SqlDatabase,
    private readonly store: EventStore,
    projections: readonly Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    for (const p of projections) {
      if (!PROJECTION_NAME.test(p.name)) throw new Error(`Projection name ${p.name} must match ${PROJECTION_NAME}`);
      if (this.projections.has(p.name)) throw new Error(`Two projections named ${p.name}`);
      this.projections.set(p.name, p);
    }
  }

  get names(): string[] {
    return [...this.projections.keys()];
  }

  /** Starts feeding every projection (those whose version changed are rebuilt in the background). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const outdated: string[] = [];
    for (const p of this.projections.values()) {
      const row = await this.ensureRow(this.db, p.name, p.version);
      if (row.version !== p.version) outdated.push(p.name);
    }
    this.supervisor = this.supervise();
    for (const name of outdated) {
      this.logger.warn(`Projection ${name} changed version: rebuilding it from position 0`);
      void this.startRebuild(name).catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeSupervisor?.();
    await this.supervisor;
    await Promise.allSettled([...this.rebuilding.values()]);
    await this.stopSubscriptions();
    this.releaseLockClient();
  }

  // ---- read-your-writes and status ------------------------------------------------------------------

  async checkpointOf(name: string, executor: SqlExecutor = this.db): Promise<Checkpoint | null> {
    return (await this.readRow(executor, name))?.checkpoint ?? null;
  }

  /** Resolves true once every named projection (default: all) has applied the event at `globalPosition`. */
  async waitFor(globalPosition: number, timeoutMs: number, names: readonly string[] = this.names): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const pending = new Set(names);
    for (const name of pending) this.projection(name);
    for (;;) {
      for (const name of [...pending]) {
        // Read from the table, not memory: the runner may live in another process (apps/projector).
        if (await this.store.hasProcessed(await this.checkpointOf(name), globalPosition)) pending.delete(name);
      }
      if (pending.size === 0) return true;
      if (Date.now() >= deadline) return false;
      await sleep(Math.min(25, Math.max(1, deadline - Date.now())));
    }
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.store.headPosition();
    const out: ProjectionStatus[] = [];
    for (const p of this.projections.values()) {
      const row = await this.readRow(this.db, p.name);
      const checkpoint = row?.checkpoint ?? null;
      out.push({
        name: p.name,
        version: p.version,
        checkpoint,
        position: checkpoint?.globalPosition ?? 0,
        headPosition: head,
        lag: await this.eventsAfter(checkpoint),
        running: this.live.has(p.name),
        lastError: this.errors.get(p.name) ?? null,
        updatedAt: row?.updatedAt ?? null,
        rebuild: this.rebuilds.get(p.name) ?? null,
      });
    }
    return out;
  }

  // ---- rebuild --------------------------------------------------------------------------------------

  /** Starts rebuilding in the background; resolves with its progress record. 'all' rebuilds one after another. */
  startRebuild(name: string): Promise<RebuildProgress[]> {
    const names = name === 'all' ? this.names : [this.projection(name).name];
    for (const n of names) {
      if (this.rebuilding.has(n)) return Promise.reject(new ProjectionAlreadyRebuildingError(n));
    }
    let chain = Promise.resolve();
    for (const n of names) {
      this.rebuilds.set(n, newProgress());
      const run = chain.then(() => this.rebuild(n));
      const tracked = run.catch(() => undefined).finally(() => this.rebuilding.delete(n));
      this.rebuilding.set(n, tracked);
      chain = tracked;
    }
    return Promise.resolve(names.map((n) => this.rebuilds.get(n) as RebuildProgress));
  }

  /** Rebuilds one projection (or 'all') and resolves when the new tables are live. */
  async rebuildAndWait(name: string): Promise<RebuildProgress[]> {
    const started = await this.startRebuild(name);
    const names = name === 'all' ? this.names : [name];
    await Promise.all(names.map((n) => this.rebuilding.get(n)));
    const failed = names.map((n) => this.rebuilds.get(n)).find((p) => p?.state === 'failed');
    if (failed) throw new Error(`Rebuild failed: ${failed.error}`);
    return started;
  }

  private async rebuild(name: string): Promise<void> {
    const p = this.projection(name);
    const progress = this.rebuilds.get(name) ?? newProgress();
    this.rebuilds.set(name, progress);
    const started = Date.now();
    const guard = await this.acquireRebuildGuard(name);
    try {
      const target: Target = { row: rebuildRowName(name), schema: rebuildSchemaName(name) };
      await this.prepareRebuild(p, target);
      progress.total = await this.countEvents();
      this.logger.log(`Rebuilding ${name} (version ${p.version}) into ${target.schema}: ${progress.total} events`);
      let after: Checkpoint | null = null;
      let lastLog = Date.now();
      for (;;) {
        const page = await this.store.readAll({ after, maxCount: this.options.batchSize ?? 500 });
        if (page.events.length > 0) {
          await this.applyBatch(p, page.events, target);
          after = page.events[page.events.length - 1].checkpoint;
          updateProgress(progress, progress.processed + page.events.length, started);
        }
        if (Date.now() - lastLog >= PROGRESS_LOG_MS) {
          lastLog = Date.now();
          this.logger.log(
            `Rebuilding ${name}: ${progress.processed}/${progress.total} events (${progress.percent.toFixed(1)}%), ${progress.eventsPerSecond} events/s`,
          );
        }
        if (page.isEnd) break;
        // Each batch is its own transaction; yielding lets queued API work through (PGlite's lock is FIFO).
        await new Promise((resolve) => setImmediate(resolve));
      }
      progress.state = 'switching';
      const switched = await this.switchOver(p, target);
      updateProgress(progress, progress.processed + switched, started);
      progress.percent = 100;
      progress.state = 'done';
      progress.finishedAt = new Date().toISOString();
      this.logger.log(
        `Rebuilt ${name}: ${progress.processed} events in ${((Date.now() - started) / 1000).toFixed(1)} s (${progress.eventsPerSecond} events/s); new tables are live`,
      );
    } catch (error) {
      progress.state = 'failed';
      progress.error = error instanceof Error ? error.message : String(error);
      progress.finishedAt = new Date().toISOString();
      this.logger.error(`Rebuild of ${name} failed: ${progress.error}`);
      throw error;
    } finally {
      await guard();
    }
  }

  // Fresh, empty copies of the tables (same columns, constraints and indexes) in a schema of their own.
  private async prepareRebuild(p: Projection, target: Target): Promise<void> {
    const schema = target.schema as string;
    await this.db.transaction(async (tx) => {
      await tx.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await tx.query(`CREATE SCHEMA ${schema}`);
      for (const table of p.tables) {
        await tx.query(`CREATE TABLE ${schema}.${table} (LIKE public.${table} INCLUDING ALL)`);
      }
      await tx.query('DELETE FROM projection_checkpoints WHERE name = $1', [target.row]);
      await this.ensureRow(tx, target.row, p.version);
    });
  }

  // One transaction: catch the new tables up under the live checkpoint's row lock (the live runner waits),
  // swap them in, and hand the rebuild's checkpoint to the live row. Readers keep the old tables until commit.
  private async switchOver(p: Projection, target: Target): Promise<number> {
    const schema = target.schema as string;
    return this.db.transaction(async (tx) => {
      const live = await this.readRow(tx, p.name, true);
      let after = (await this.readRow(tx, target.row, true))?.checkpoint ?? null;
      let applied = 0;
      for (;;) {
        const { rows } = await tx.query<EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM events
            WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
              AND (transaction_id, global_position) > ($1::xid8, $2::bigint)
            ORDER BY transaction_id, global_position LIMIT $3`,
          [after?.transactionId ?? '0', after?.globalPosition ?? 0, SWITCH_BATCH],
        );
        const events = rows.map(toRecordedEvent);
        if (events.length > 0) {
          await this.withSearchPath(tx, schema, () => p.apply(tx, events));
          after = events[events.length - 1].checkpoint;
          applied += events.length;
        }
        if (events.length < SWITCH_BATCH) break;
      }
      if (live?.checkpoint && (!after || compareCheckpoints(after, live.checkpoint) < 0)) {
        throw new Error(`Rebuild of ${p.name} ended behind the live checkpoint; not switching`);
      }
      for (const table of p.tables) {
        await tx.query(`DROP TABLE public.${table}`);
        await tx.query(`ALTER TABLE ${schema}.${table} SET SCHEMA public`);
      }
      await tx.query(`DROP SCHEMA ${schema}`);
      const rebuilt = await this.readRow(tx, target.row);
      await tx.query(
        `UPDATE projection_checkpoints
            SET version = $2, transaction_id = $3::xid8, global_position = $4, events_applied = $5, updated_at = now()
          WHERE name = $1`,
        [p.name, p.version, after?.transactionId ?? null, after?.globalPosition ?? null, (rebuilt?.eventsApplied ?? 0) + applied],
      );
      await tx.query('DELETE FROM projection_checkpoints WHERE name = $1', [target.row]);
      return applied;
    });
  }

  // ---- feeding --------------------------------------------------------------------------------------

  /** Applies a batch in one transaction with its checkpoint; events at or before the checkpoint are skipped. */
  async applyBatch(p: Projection, events: readonly RecordedEvent[], target: Target = { row: p.name, schema: null }): Promise<void> {
    await this.db.transaction(async (tx) => {
      const current = (await this.readRow(tx, target.row, true))?.checkpoint ?? null;
      const fresh = current ? events.filter((e) => compareCheckpoints(e.checkpoint, current) > 0) : [...events];
      if (fresh.length === 0) return;
      if (target.schema) await this.withSearchPath(tx, target.schema, () => p.apply(tx, fresh));
      else await p.apply(tx, fresh);
      await this.options.afterApply?.(p.name, fresh);
      const last = fresh[fresh.length - 1].checkpoint;
      await tx.query(
        `UPDATE projection_checkpoints
            SET transaction_id = $2::xid8, global_position = $3, events_applied = events_applied + $4, updated_at = now()
          WHERE name = $1`,
        [target.row, last.transactionId, last.globalPosition, fresh.length],
      );
    });
  }

  private async withSearchPath<T>(tx: SqlExecutor, schema: string, work: () => Promise<T>): Promise<T> {
    const { rows } = await tx.query<{ path: string }>("SELECT current_setting('search_path') AS path");
    await tx.query("SELECT set_config('search_path', $1, true)", [`${schema}, public`]);
    const result = await work();
    await tx.query("SELECT set_config('search_path', $1, true)", [rows[0].path]);
    return result;
  }

  // Keeps trying to take each projection's lock (server) and subscribes the ones it holds.
  private async supervise(): Promise<void> {
    const server = this.db instanceof PostgresDatabase ? this.db : null;
    while (this.running) {
      try {
        if (server && !this.lockClient) {
          const client = await server.pool.connect();
          client.on('error', () => void this.lockLost('lock connection failed'));
          this.lockClient = client;
        }
        for (const p of this.projections.values()) {
          if (!this.running || this.live.has(p.name)) continue;
          if (this.lockClient) {
            const { rows } = await this.lockClient.query<{ ok: boolean }>(
              'SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok',
              [RUN_LOCK, p.name],
            );
            if (!rows[0].ok) continue;
          }
          await this.subscribe(p);
        }
        // A lost lock connection means another process may take over: stop writing at once.
        if (this.lockClient) await this.lockClient.query('SELECT 1');
      } catch (error) {
        this.logger.warn(`Projection supervisor: ${error instanceof Error ? error.message : String(error)}`);
        await this.lockLost('error');
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.lockRetryMs ?? 5_000);
        this.wakeSupervisor = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private async subscribe(p: Projection): Promise<void> {
    const after = await this.checkpointOf(p.name);
    const subscription = this.store.subscribe({
      after,
      batchSize: this.options.batchSize,
      pollIntervalMs: this.options.pollIntervalMs,
      handler: async (events) => {
        await this.applyBatch(p, events);
        this.errors.delete(p.name);
      },
      onError: (error) => {
        const message = error instanceof Error ? error.message : String(error);
        this.errors.set(p.name, message);
        this.logger.error(`Projection ${p.name}: ${message}`);
      },
    });
    this.live.set(p.name, subscription);
  }

  private async lockLost(reason: string): Promise<void> {
    if (this.live.size > 0) this.logger.warn(`Projection locks lost (${reason}): stopping until they are retaken`);
    await this.stopSubscriptions();
    this.releaseLockClient();
  }

  private async stopSubscriptions(): Promise<void> {
    const running = [...this.live.values()];
    this.live.clear();
    await Promise.allSettled(running.map((s) => s.stop()));
  }

  private releaseLockClient(): void {
    // Releasing as broken closes the connection, which drops its session locks.
    this.lockClient?.release(true);
    this.lockClient = null;
  }

  private async acquireRebuildGuard(name: string): Promise<() => Promise<void>> {
    if (!(this.db instanceof PostgresDatabase)) return async () => undefined;
    const client = await this.db.pool.connect();
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [REBUILD_LOCK, name]);
    if (!rows[0].ok) {
      client.release();
      throw new ProjectionAlreadyRebuildingError(name);
    }
    return async () => client.release(true);
  }

  // ---- rows -----------------------------------------------------------------------------------------

  private projection(name: string): Projection {
    const p = this.projections.get(name);
    if (!p) throw new UnknownProjectionError(name);
    return p;
  }

  private async ensureRow(executor: SqlExecutor, name: string, version: number): Promise<CheckpointRow> {
    await executor.query(
      'INSERT INTO projection_checkpoints (name, version) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
      [name, version],
    );
    return (await this.readRow(executor, name)) as CheckpointRow;
  }

  private async readRow(executor: SqlExecutor, name: string, forUpdate = false): Promise<CheckpointRow | null> {
    const { rows } = await executor.query<{
      version: unknown;
      transaction_id: unknown;
      global_position: unknown;
      events_applied: unknown;
      updated_at: unknown;
    }>(
      `SELECT version, transaction_id::text AS transaction_id, global_position, events_applied, updated_at
         FROM projection_checkpoints WHERE name = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [name],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      version: toSafeInteger(row.version, 'version'),
      checkpoint:
        row.transaction_id === null || row.global_position === null
          ? null
          : {
              transactionId: toDecimalString(row.transaction_id, 'transaction_id'),
              globalPosition: toSafeInteger(row.global_position, 'global_position'),
            },
      eventsApplied: toSafeInteger(row.events_applied, 'events_applied'),
      updatedAt: row.updated_at instanceof Date ? row.updated_at.toISOString() : row.updated_at ? String(row.updated_at) : null,
    };
  }

  private async eventsAfter(checkpoint: Checkpoint | null): Promise<number> {
    const { rows } = await this.db.query<{ n: unknown }>(
      'SELECT count(*) AS n FROM events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)',
      [checkpoint?.transactionId ?? '0', checkpoint?.globalPosition ?? 0],
    );
    return toSafeInteger(rows[0].n, 'count');
  }

  private async countEvents(): Promise<number> {
    const { rows } = await this.db.query<{ n: unknown }>('SELECT count(*) AS n FROM events');
    return toSafeInteger(rows[0].n, 'count');
  }
}

function newProgress(): RebuildProgress {
  return {
    state: 'running',
    startedAt: new Date().toISOString(),
    finishedAt: null,
    processed: 0,
    total: 0,
    percent: 0,
    eventsPerSecond: 0,
    error: null,
  };
}

function updateProgress(progress: RebuildProgress, processed: number, started: number): void {
  progress.processed = processed;
  progress.percent = progress.total > 0 ? Math.min(100, (processed / progress.total) * 100) : 100;
  const seconds = Math.max(0.001, (Date.now() - started) / 1000);
  progress.eventsPerSecond = Math.round(processed / seconds);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
