import { Logger } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { execute, isDatabaseUnavailable, PipelinedTransactions, PostgresDatabase, SqlDatabase, SqlExecutor } from '@app/platform';
import { compareCheckpoints, toDecimalString, toSafeInteger } from '../event-row.mapping';
import type { Checkpoint, EventStore, RecordedEvent, Subscription } from '../event-store.port';
import { Projection, ProjectionMemo, PROJECTION_NAME, ProjectionStatus, RebuildProgress, StuckEvent } from './projection';
import { lagBehind } from './projection-lag';

export interface ProjectionRunnerOptions {
  /** Events per batch when feeding live (default 500). */
  batchSize?: number;
  /**
   * Events per batch when rebuilding (default 20,000): fewer, larger transactions, and each project's kept state is
   * folded and re-kept once per page it appears in, so larger pages fold more events per project at once.
   */
  rebuildBatchSize?: number;
  pollIntervalMs?: number;
  /** How often a standby process retries a projection lock held elsewhere (server only). */
  lockRetryMs?: number;
  /** Failed attempts at the same batch before the runner looks for the event that fails it (default 3). */
  stuckAfterFailures?: number;
  /** First wait before a stuck projection tries its event again (default 30 s); it doubles up to 15 minutes. */
  stuckRetryMs?: number;
  /** Test hook: runs inside the batch transaction after the rows, before the checkpoint. */
  afterApply?: (projection: string, events: readonly RecordedEvent[]) => Promise<void> | void;
}

// Advisory lock namespaces (first key); the second key is hashtext(projection name).
const RUN_LOCK = 7_310_002;
const REBUILD_LOCK = 7_310_003;
const REBUILD_BATCH = 20_000;
// The switch waits for the rebuild to be at or past the live checkpoint; it catches up between attempts.
const SWITCH_ATTEMPTS = 20;
const PROGRESS_LOG_MS = 2_000;
const STUCK_AFTER_FAILURES = 3;
const STUCK_RETRY_MS = 30_000;
const MAX_STUCK_RETRY_MS = 15 * 60_000;

interface CheckpointRow {
  version: number;
  checkpoint: Checkpoint | null;
  eventsApplied: number;
  updatedAt: string | null;
  stuck: StuckEvent | null;
}

interface Target {
  /** The checkpoint row. */
  row: string;
  /** Schema holding the tables written (search_path), or null for the live tables. */
  schema: string | null;
}

interface RebuildTarget {
  projection: Projection;
  target: Target & { schema: string };
  /** Primary and unique keys of appended tables (server), added to the fresh tables once they are filled. */
  deferredKeys: string[];
  /** Secondary indexes of the live tables, created on the fresh tables once they are filled. */
  deferredIndexes: string[];
  /** What the projection keeps in memory across the pass (rows it would otherwise read back per page). */
  memo: ProjectionMemo;
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

/** A projection met an event it cannot apply: it stopped just before it (see StuckEvent). */
export class ProjectionStuckError extends Error {
  constructor(
    readonly projection: string,
    readonly stuck: StuckEvent,
  ) {
    super(`Projection ${projection} is stuck at event ${stuck.eventId} (position ${stuck.position}, ${stuck.type}): ${stuck.error}`);
    this.name = 'ProjectionStuckError';
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
 * advisory lock per projection lets one process work it while others stand by. Everything it needs from
 * the event store goes through the port (reads of $all, subscriptions, the head checkpoint).
 */
export class ProjectionRunner {
  private readonly logger = new Logger('Projections');
  private readonly projections = new Map<string, Projection>();
  private readonly live = new Map<string, Subscription>();
  private readonly errors = new Map<string, string>();
  private readonly rebuilds = new Map<string, RebuildProgress>();
  private readonly rebuilding = new Map<string, Promise<void>>();
  // Stuck projections this process has parked (subscription stopped, lock kept) and when each tries again.
  private readonly parked = new Map<string, number>();
  private readonly parking = new Set<Promise<void>>();
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

  /** Starts feeding every projection (those whose version changed are rebuilt in the background, in one pass). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    // A (re)start tries a stuck projection's event at once: the release that fixes it has just been deployed.
    this.parked.clear();
    const outdated: string[] = [];
    for (const p of this.projections.values()) {
      const row = await this.ensureRow(this.db, p.name, p.version);
      if (row.version !== p.version) outdated.push(p.name);
    }
    this.supervisor = this.supervise();
    if (outdated.length > 0) {
      this.logger.warn(`Projections ${outdated.join(', ')} changed version: rebuilding them from position 0`);
      void this.startRebuilds(outdated).catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeSupervisor?.();
    await this.supervisor;
    await Promise.allSettled([...this.rebuilding.values()]);
    await this.stopSubscriptions();
    await Promise.allSettled([...this.parking]);
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
    const head = await this.store.headCheckpoint();
    const out: ProjectionStatus[] = [];
    for (const p of this.projections.values()) {
      const row = await this.readRow(this.db, p.name);
      const checkpoint = row?.checkpoint ?? null;
      out.push({
        name: p.name,
        version: p.version,
        checkpoint,
        position: checkpoint?.globalPosition ?? 0,
        headPosition: head?.globalPosition ?? 0,
        lag: lagBehind(checkpoint, head),
        running: this.live.has(p.name),
        lastError: this.errors.get(p.name) ?? null,
        updatedAt: row?.updatedAt ?? null,
        rebuild: this.rebuilds.get(p.name) ?? null,
        stuck: row?.stuck ?? null,
      });
    }
    return out;
  }

  // ---- rebuild --------------------------------------------------------------------------------------

  /**
   * Starts rebuilding in the background; resolves with the progress record of each projection. 'all'
   * rebuilds every projection in one pass over the log (one read, every projection's fresh tables).
   */
  startRebuild(name: string): Promise<RebuildProgress[]> {
    const names = name === 'all' ? this.names : [this.projection(name).name];
    return this.startRebuilds(names);
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

  private startRebuilds(names: readonly string[]): Promise<RebuildProgress[]> {
    for (const n of names) {
      if (this.rebuilding.has(n)) return Promise.reject(new ProjectionAlreadyRebuildingError(n));
    }
    // One pass feeds them all, so they share one progress record.
    const progress = newProgress();
    for (const n of names) this.rebuilds.set(n, progress);
    const tracked = this.rebuild(names.map((n) => this.projection(n)), progress)
      .catch(() => undefined)
      .finally(() => names.forEach((n) => this.rebuilding.delete(n)));
    for (const n of names) this.rebuilding.set(n, tracked);
    return Promise.resolve(names.map(() => progress));
  }

  private async rebuild(projections: readonly Projection[], progress: RebuildProgress): Promise<void> {
    const started = Date.now();
    const label = projections.map((p) => p.name).join(', ');
    let release: (() => Promise<void>) | null = null;
    let pages: RebuildPages | null = null;
    try {
      release = await this.acquireRebuildGuard(projections.map((p) => p.name));
      const targets: RebuildTarget[] = [];
      for (const p of projections) targets.push(await this.prepareRebuild(p));
      progress.headPosition = (await this.store.headCheckpoint())?.globalPosition ?? 0;
      this.logger.log(`Rebuilding ${label} in one pass into fresh tables, up to position ${progress.headPosition}`);
      let after: Checkpoint | null = null;
      let lastLog = Date.now();
      const read = (from: Checkpoint | null) => this.store.readAll({ after: from, maxCount: this.options.rebuildBatchSize ?? REBUILD_BATCH });
      // On the server, a connection of the rebuild's own writes each page while the next one is read and applied.
      pages = this.db instanceof PostgresDatabase ? new PipelinedPages(await this.db.pipeline()) : new PageTransactions(this.db);
      const writer = pages;
      const catchUp = async () => {
        let next = read(after);
        for (;;) {
          const page = await next;
          // The next page is read (and parsed) while this one is written.
          if (!page.isEnd) {
            next = read(page.events[page.events.length - 1].checkpoint);
            // Its failure surfaces when awaited; if writing this page fails first, it is not left unhandled.
            next.catch(() => undefined);
          }
          if (page.events.length > 0) {
            await writer
              .write(page.events, async (tx) => {
                // Every fresh table by its own name (no two read models share a table name): one setting per page.
                await useSchemas(tx, targets.map((t) => t.target.schema));
                for (const t of targets) {
                  const t0 = performance.now();
                  await t.projection.apply(tx, page.events, t.memo);
                  await this.options.afterApply?.(t.projection.name, page.events);
                  const name = t.projection.name;
                  progress.applyMs[name] = (progress.applyMs[name] ?? 0) + performance.now() - t0;
                  // Pipelined, the connection sends its next queued statement only when this process turns to I/O.
                  await new Promise((resolve) => setImmediate(resolve));
                }
                // The rebuild's pages are in order and it alone writes its tables (the rebuild guard): the checkpoints
                // are written, not read (a read would wait for every page queued before it).
                await this.writeCheckpoints(tx, targets.map((t) => t.target.row), page.events);
              })
              .catch((failed: PageFailure) => this.nameFailingEvent(targets, failed.events, failed.error));
            after = page.events[page.events.length - 1].checkpoint;
            updateProgress(progress, page.events.length, after.globalPosition, started);
          }
          if (Date.now() - lastLog >= PROGRESS_LOG_MS) {
            lastLog = Date.now();
            this.logger.log(`Rebuilding ${label}: ${progress.processed} events (${progress.percent.toFixed(1)}%), ${progress.eventsPerSecond} events/s`);
          }
          if (page.isEnd) return writer.written().catch((failed: PageFailure) => this.nameFailingEvent(targets, failed.events, failed.error));
          // Each batch is its own transaction; yielding lets queued API work through (PGlite's lock is FIFO).
          await new Promise((resolve) => setImmediate(resolve));
        }
      };
      await catchUp();
      // The tables of read models that keep nothing in memory are whole once the pages are in: the server builds their
      // indexes while this process writes out what the others kept (PGlite, one session, does one thing at a time).
      const whole = this.db.engine === 'postgres' ? targets.filter((t) => !t.projection.flush) : [];
      const finishing = this.finishTables(whole);
      finishing.catch(() => undefined);
      await this.flushMemos(writer, targets, progress);
      await this.finishTables(targets.filter((t) => !whole.includes(t)));
      await finishing;
      progress.state = 'switching';
      for (let attempt = 1; !(await this.switchOver(targets, after)); attempt++) {
        if (attempt >= SWITCH_ATTEMPTS) throw new Error('the rebuild stayed behind the live checkpoints; not switching');
        await catchUp();
        await this.flushMemos(writer, targets, progress);
      }
      // The rebuild applied every event, the one a projection was stuck at included: a parked one resumes now.
      for (const p of projections) this.parked.delete(p.name);
      this.wakeSupervisor?.();
      progress.percent = 100;
      progress.state = 'done';
      progress.finishedAt = new Date().toISOString();
      this.logger.log(
        `Rebuilt ${label}: ${progress.processed} events in ${((Date.now() - started) / 1000).toFixed(1)} s (${progress.eventsPerSecond} events/s); new tables are live`,
      );
    } catch (error) {
      progress.state = 'failed';
      progress.error = error instanceof Error ? error.message : String(error);
      progress.finishedAt = new Date().toISOString();
      this.logger.error(`Rebuild of ${label} failed: ${progress.error}`);
      // Only our own half-built tables: without the guard they may be another process's.
      if (release) await this.dropRebuildSchemas(projections).catch(() => undefined);
      throw error;
    } finally {
      await pages?.close();
      await release?.();
    }
  }

  private async writeCheckpoints(tx: SqlExecutor, rows: readonly string[], applied: readonly RecordedEvent[]): Promise<void> {
    const last = applied[applied.length - 1].checkpoint;
    await execute(
      tx,
      `UPDATE projection_checkpoints
          SET transaction_id = $2::xid8, global_position = $3, events_applied = events_applied + $4, updated_at = now()
        WHERE name = ANY($1::text[])`,
      [rows, last.transactionId, last.globalPosition, applied.length],
    );
  }

  // What the projections kept in memory over the pages, written into their fresh tables (before indexes and switch).
  private async flushMemos(pages: RebuildPages, targets: readonly RebuildTarget[], progress: RebuildProgress): Promise<void> {
    const flushed = async (tx: SqlExecutor) => {
      await useSchemas(tx, targets.map((t) => t.target.schema));
      for (const { projection: p, memo } of targets) {
        if (!p.flush) continue;
        const t0 = performance.now();
        await p.flush(tx, memo);
        progress.applyMs[p.name] = (progress.applyMs[p.name] ?? 0) + performance.now() - t0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await pages
      .write([], flushed)
      .then(() => pages.written())
      .catch((failed: PageFailure) => Promise.reject(failed.error));
  }

  // Secondary indexes are built once over the filled tables: cheaper than maintaining them row by row.
  private async finishTables(targets: readonly RebuildTarget[]): Promise<void> {
    for (const t of targets) {
      for (const sql of [...t.deferredKeys, ...t.deferredIndexes]) await this.db.query(sql);
      // Fresh tables have no statistics: without them the planner guesses (a bitmap scan and a sort where the
      // board's per-stage index gives its newest cards in order) until autovacuum comes by.
      for (const table of t.projection.tables) await this.db.query(`ANALYZE ${t.target.schema}.${table}`);
    }
  }

  // A page the rebuild cannot apply: replays it event by event in a transaction that is rolled back, to say
  // which event and which projection failed (the admin's next step), then fails the rebuild with that. It runs
  // without the memos (what they keep unwritten is not in the tables), so it names the first event that fails alone.
  private async nameFailingEvent(targets: readonly RebuildTarget[], events: readonly RecordedEvent[], error: unknown): Promise<never> {
    if (isDatabaseUnavailable(error)) throw error;
    let named: Error | null = null;
    await this.db
      .transaction(async (tx) => {
        // Without the memo, the projections upsert: the keys deferred for appending are needed (rolled back with the rest).
        for (const t of targets) for (const sql of t.deferredKeys) await tx.query(sql);
        for (const event of events) {
          for (const t of targets) {
            try {
              await this.applyIn(tx, t.projection, [event], t.target);
            } catch (cause) {
              const message = cause instanceof Error ? cause.message : String(cause);
              named = new Error(`${t.projection.name} cannot apply event ${event.eventId} (position ${event.globalPosition}, ${event.type}): ${message}`, { cause });
              throw named;
            }
          }
        }
        throw new Error('the page applied event by event; nothing named');
      })
      .catch(() => undefined);
    throw named ?? error;
  }

  // Fresh, empty copies of the tables in a schema of their own: same columns, defaults, checks, primary and
  // unique keys (under the live tables' names); the other indexes come once the copies are filled.
  private async prepareRebuild(p: Projection): Promise<RebuildTarget> {
    const target = { row: rebuildRowName(p.name), schema: rebuildSchemaName(p.name) };
    const schema = target.schema;
    const deferredIndexes: string[] = [];
    const deferredKeys: string[] = [];
    await this.db.transaction(async (tx) => {
      await tx.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await tx.query(`CREATE SCHEMA ${schema}`);
      for (const table of p.tables) {
        await tx.query(
          `CREATE TABLE ${schema}.${table} (LIKE public.${table}
             INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING IDENTITY INCLUDING STORAGE)`,
        );
        const { rows: keys } = await tx.query<{ name: string; def: string }>(
          `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
            WHERE conrelid = $1::regclass AND contype IN ('p', 'u') ORDER BY contype, conname`,
          [`public.${table}`],
        );
        // Appended tables need no key while they fill (no upsert looks for one): on the server, it comes afterwards.
        const keysLater = this.db.engine === 'postgres' && p.appendedTables?.includes(table);
        for (const k of keys) {
          const sql = `ALTER TABLE ${schema}.${table} ADD CONSTRAINT ${quoteIdent(k.name)} ${k.def}`;
          if (keysLater) deferredKeys.push(sql);
          else await tx.query(sql);
        }
        const { rows: indexes } = await tx.query<{ name: string; def: string }>(
          `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = $1::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
            ORDER BY i.indexrelid`,
          [`public.${table}`],
        );
        for (const { name, def } of indexes) {
          const on = ` ON public.${table} `;
          if (!def.includes(on)) throw new Error(`Cannot copy index of ${table}: ${def}`);
          const copy = def.replace(on, ` ON ${schema}.${table} `);
          if (p.applyIndexes?.includes(name)) await tx.query(copy);
          else deferredIndexes.push(copy);
        }
      }
      await tx.query('DELETE FROM projection_checkpoints WHERE name = $1', [target.row]);
      await this.ensureRow(tx, target.row, p.version);
    });
    return { projection: p, target, deferredKeys, deferredIndexes, memo: new Map() };
  }

  // One transaction: under the live checkpoints' row locks (the live runners wait), swap the new tables in
  // and hand each rebuild's checkpoint to its live row (an upsert: a rebuild on a fresh database has none).
  // Readers keep the old tables until commit. False when a live checkpoint is ahead of the rebuild (it
  // kept applying meanwhile): the caller reads further and tries again.
  private async switchOver(targets: readonly RebuildTarget[], after: Checkpoint | null): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const ordered = [...targets].sort((a, b) => a.projection.name.localeCompare(b.projection.name));
      for (const t of ordered) {
        const live = await this.readRow(tx, t.projection.name, true);
        if (live?.checkpoint && (!after || compareCheckpoints(after, live.checkpoint) < 0)) return false;
      }
      for (const { projection: p, target } of ordered) {
        for (const table of p.tables) {
          await tx.query(`DROP TABLE IF EXISTS public.${table}`);
          await tx.query(`ALTER TABLE ${target.schema}.${table} SET SCHEMA public`);
        }
        await tx.query(`DROP SCHEMA ${target.schema}`);
        const rebuilt = await this.readRow(tx, target.row);
        await tx.query(
          `INSERT INTO projection_checkpoints (name, version, transaction_id, global_position, events_applied, updated_at)
           VALUES ($1, $2, $3::xid8, $4, $5, now())
           ON CONFLICT (name) DO UPDATE
             SET version = EXCLUDED.version, transaction_id = EXCLUDED.transaction_id, global_position = EXCLUDED.global_position,
                 events_applied = EXCLUDED.events_applied, updated_at = EXCLUDED.updated_at, ${CLEAR_STUCK}`,
          [p.name, p.version, after?.transactionId ?? null, after?.globalPosition ?? null, rebuilt?.eventsApplied ?? 0],
        );
        await tx.query('DELETE FROM projection_checkpoints WHERE name = $1', [target.row]);
      }
      return true;
    });
  }

  private async dropRebuildSchemas(projections: readonly Projection[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const p of projections) {
        await tx.query(`DROP SCHEMA IF EXISTS ${rebuildSchemaName(p.name)} CASCADE`);
        await tx.query('DELETE FROM projection_checkpoints WHERE name = $1', [rebuildRowName(p.name)]);
      }
    });
  }

  // ---- feeding --------------------------------------------------------------------------------------

  /** Applies a batch in one transaction with its checkpoint; events at or before the checkpoint are skipped. */
  async applyBatch(p: Projection, events: readonly RecordedEvent[]): Promise<void> {
    await this.db.transaction((tx) => this.applyIn(tx, p, events, { row: p.name, schema: null }));
  }

  private async applyIn(tx: SqlExecutor, p: Projection, events: readonly RecordedEvent[], target: Target, memo?: ProjectionMemo): Promise<void> {
    if (events.length === 0) return;
    const current = (await this.readRow(tx, target.row, true))?.checkpoint ?? null;
    // Events come in order: when the first is past the checkpoint (a rebuild's every page), all of them are.
    const fresh = !current || compareCheckpoints(events[0].checkpoint, current) > 0 ? events : events.filter((e) => compareCheckpoints(e.checkpoint, current) > 0);
    if (fresh.length === 0) return;
    // A rebuild's target (only when naming a failing event, in a transaction rolled back): its fresh tables.
    if (target.schema) await useSchemas(tx, [target.schema]);
    await p.apply(tx, fresh, memo);
    await this.options.afterApply?.(p.name, fresh);
    await this.writeCheckpoints(tx, [target.row], fresh);
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
          if (this.parked.has(p.name) && !(await this.mayRetry(p.name))) continue;
          if (this.lockClient && !this.parked.has(p.name)) {
            const { rows } = await this.lockClient.query<{ ok: boolean }>(
              'SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok',
              [RUN_LOCK, p.name],
            );
            if (!rows[0].ok) continue;
          }
          this.parked.delete(p.name);
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
    const row = await this.readRow(this.db, p.name);
    let stuck = row?.stuck != null;
    let failures = 0;
    const subscription: Subscription = this.store.subscribe({
      after: row?.checkpoint ?? null,
      batchSize: this.options.batchSize,
      pollIntervalMs: this.options.pollIntervalMs,
      handler: async (events) => {
        try {
          await this.applyBatch(p, events);
        } catch (error) {
          // An outage is the subscription's to wait out (with its backoff); a batch failing again and again
          // (or at once, when the projection was stuck already) is narrowed down to its event.
          if (isDatabaseUnavailable(error) || (!stuck && ++failures < (this.options.stuckAfterFailures ?? STUCK_AFTER_FAILURES))) throw error;
          failures = 0;
          await this.applyOneByOne(p, events, subscription);
        }
        failures = 0;
        this.errors.delete(p.name);
        if (stuck) {
          stuck = false;
          await this.clearStuck(p.name);
        }
      },
      onError: (error) => {
        const message = error instanceof Error ? error.message : String(error);
        this.errors.set(p.name, message);
        // A stuck projection was reported once, as such, by markStuck.
        if (!(error instanceof ProjectionStuckError)) this.logger.error(`Projection ${p.name}: ${message}`);
      },
    });
    this.live.set(p.name, subscription);
  }

  // Each event in its own transaction (with the checkpoint): those before the failing one are kept, and the
  // failing one is named. Throws ProjectionStuckError after parking the projection; returns when all applied.
  private async applyOneByOne(p: Projection, events: readonly RecordedEvent[], subscription: Subscription): Promise<void> {
    for (const event of events) {
      try {
        await this.applyBatch(p, [event]);
      } catch (error) {
        if (isDatabaseUnavailable(error)) throw error;
        const stuck = await this.markStuck(p.name, event, error);
        this.park(p.name, subscription, Date.parse(stuck.retryAt as string));
        throw new ProjectionStuckError(p.name, stuck);
      }
    }
  }

  // Stops feeding the projection (the subscription would retry its batch for ever) and keeps its lock, so no
  // other process picks the same event up in a loop; the supervisor tries again at `retryAt`.
  private park(name: string, subscription: Subscription, retryAt: number): void {
    if (this.live.get(name) === subscription) this.live.delete(name);
    this.parked.set(name, retryAt);
    // Not awaited here: stop() waits for the handler that is calling us.
    const stopping = subscription.stop().finally(() => this.parking.delete(stopping));
    this.parking.add(stopping);
  }

  /** A parked projection tries again when its retry is due, or at once when a rebuild elsewhere cleared it. */
  private async mayRetry(name: string): Promise<boolean> {
    if (Date.now() >= (this.parked.get(name) ?? 0)) return true;
    return (await this.readRow(this.db, name))?.stuck == null;
  }

  private async markStuck(name: string, event: RecordedEvent, error: unknown): Promise<StuckEvent> {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 2_000);
    const stuck = await this.db.transaction(async (tx) => {
      const before = (await this.readRow(tx, name, true))?.stuck ?? null;
      const same = before?.eventId === event.eventId;
      const attempts = same ? before.attempts + 1 : 1;
      const delay = Math.min(MAX_STUCK_RETRY_MS, (this.options.stuckRetryMs ?? STUCK_RETRY_MS) * 2 ** (attempts - 1));
      const { rows } = await tx.query<{ since: unknown; retry_at: unknown }>(
        `UPDATE projection_checkpoints
            SET stuck_event_id = $2, stuck_position = $3, stuck_event_type = $4, stuck_stream_id = $5, stuck_error = $6,
                stuck_since = CASE WHEN $7::boolean THEN stuck_since ELSE now() END, stuck_attempts = $8,
                stuck_retry_at = now() + $9 * interval '1 millisecond'
          WHERE name = $1
          RETURNING stuck_since AS since, stuck_retry_at AS retry_at`,
        [name, event.eventId, event.globalPosition, event.type, event.streamId, message, same, attempts, delay],
      );
      return { eventId: event.eventId, position: event.globalPosition, type: event.type, streamId: event.streamId, error: message, since: instant(rows[0].since), attempts, retryAt: instant(rows[0].retry_at) };
    });
    this.logger.error(
      `Projection ${name} is stuck at event ${stuck.eventId} (position ${stuck.position}, ${stuck.type}, attempt ${stuck.attempts}): ${message}. ` +
        `It stops there and never skips the event; it tries again at ${stuck.retryAt}. Fix the cause, then rebuild it (POST /admin/projections/${name}/rebuild) or let the retry resume it.`,
    );
    return stuck;
  }

  private async clearStuck(name: string): Promise<void> {
    await this.db.query(`UPDATE projection_checkpoints SET ${CLEAR_STUCK} WHERE name = $1`, [name]);
    this.logger.log(`Projection ${name} applied the event it was stuck at and resumed`);
  }

  private async lockLost(reason: string): Promise<void> {
    if (this.live.size > 0) this.logger.warn(`Projection locks lost (${reason}): stopping until they are retaken`);
    await this.stopSubscriptions();
    this.releaseLockClient();
    // Their locks went with the connection: they retake them like the others (and try their event again).
    this.parked.clear();
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

  // One connection holds the rebuild locks of every projection in the pass (a pool may be small).
  private async acquireRebuildGuard(names: readonly string[]): Promise<() => Promise<void>> {
    if (!(this.db instanceof PostgresDatabase)) return async () => undefined;
    const client = await this.db.pool.connect();
    try {
      for (const name of names) {
        const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [REBUILD_LOCK, name]);
        if (!rows[0].ok) throw new ProjectionAlreadyRebuildingError(name);
      }
    } catch (error) {
      client.release(true);
      throw error;
    }
    // Releasing as broken closes the connection, which drops its session locks.
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
      stuck_event_id: string | null;
      stuck_position: unknown;
      stuck_event_type: string | null;
      stuck_stream_id: string | null;
      stuck_error: string | null;
      stuck_since: unknown;
      stuck_attempts: unknown;
      stuck_retry_at: unknown;
    }>(
      `SELECT version, transaction_id::text AS transaction_id, global_position, events_applied, updated_at,
              stuck_event_id, stuck_position, stuck_event_type, stuck_stream_id, stuck_error, stuck_since, stuck_attempts, stuck_retry_at
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
      stuck:
        row.stuck_event_id === null
          ? null
          : {
              eventId: row.stuck_event_id,
              position: toSafeInteger(row.stuck_position, 'stuck_position'),
              type: row.stuck_event_type ?? '',
              streamId: row.stuck_stream_id,
              error: row.stuck_error ?? '',
              since: instant(row.stuck_since),
              attempts: toSafeInteger(row.stuck_attempts, 'stuck_attempts'),
              retryAt: row.stuck_retry_at === null ? null : instant(row.stuck_retry_at),
            },
    };
  }
}

function newProgress(): RebuildProgress {
  return {
    state: 'running',
    startedAt: new Date().toISOString(),
    finishedAt: null,
    processed: 0,
    position: 0,
    headPosition: 0,
    percent: 0,
    eventsPerSecond: 0,
    applyMs: {},
    error: null,
  };
}

/** A page the rebuild could not write (`error` says why). */
class PageFailure extends Error {
  constructor(
    readonly events: readonly RecordedEvent[],
    readonly error: unknown,
  ) {
    super(error instanceof Error ? error.message : String(error));
    this.name = 'PageFailure';
  }
}

/** How a rebuild writes its pages: each page in a transaction of its own, committed in order. */
interface RebuildPages {
  /** Writes a page (`apply` on the page's transaction); rejects with a PageFailure, this page's or an earlier one's. */
  write(events: readonly RecordedEvent[], apply: (tx: SqlExecutor) => Promise<void>): Promise<void>;
  /** Once every page written so far is committed; rejects with the PageFailure of one that was not. */
  written(): Promise<void>;
  close(): Promise<void>;
}

/** PGlite: one session in this very thread, so nothing to overlap: each page is a transaction, awaited. */
class PageTransactions implements RebuildPages {
  constructor(private readonly db: SqlDatabase) {}

  async write(events: readonly RecordedEvent[], apply: (tx: SqlExecutor) => Promise<void>): Promise<void> {
    await this.db.transaction(apply).catch((error: unknown) => Promise.reject(new PageFailure(events, error)));
  }

  async written(): Promise<void> {}

  async close(): Promise<void> {}
}

/**
 * The server: the pages' transactions pipelined on one connection (PipelinedTransactions), so PostgreSQL writes a page
 * while this process folds the next one. A page's COMMIT is queued only once the page before it is known to have
 * committed: a page never commits after one that failed.
 */
class PipelinedPages implements RebuildPages {
  private committing: { events: readonly RecordedEvent[]; done: Promise<void> } | null = null;

  constructor(private readonly pipeline: PipelinedTransactions) {}

  async write(events: readonly RecordedEvent[], apply: (tx: SqlExecutor) => Promise<void>): Promise<void> {
    this.pipeline.begin();
    try {
      await apply(this.pipeline.executor);
    } catch (error) {
      await this.written().catch(() => undefined);
      await this.fail();
      throw new PageFailure(events, error);
    }
    try {
      await this.written();
    } catch (failure) {
      await this.fail();
      throw failure;
    }
    const done = this.pipeline.commit();
    // Its failure is reported by the next write() or written().
    done.catch(() => undefined);
    this.committing = { events, done };
  }

  async written(): Promise<void> {
    const committing = this.committing;
    this.committing = null;
    if (committing) await committing.done.catch((error: unknown) => Promise.reject(new PageFailure(committing.events, error)));
  }

  async close(): Promise<void> {
    await this.written().catch(() => undefined);
    await this.pipeline.close();
  }

  private async fail(): Promise<void> {
    await this.pipeline.rollback();
  }
}

/**
 * Points the transaction's unqualified table names at these schemas' fresh tables (then the live ones in public, the
 * checkpoints among them) until it ends: projections name their tables unqualified.
 */
function useSchemas(tx: SqlExecutor, schemas: readonly string[]): Promise<void> {
  return execute(tx, "SELECT set_config('search_path', $1, true)", [`${schemas.join(', ')}, public`]);
}

function updateProgress(progress: RebuildProgress, applied: number, position: number, started: number): void {
  progress.processed += applied;
  progress.position = position;
  // By position: the store's positions grow with the log (PostgreSQL: one per event; EventStoreDB: bytes).
  progress.percent = progress.headPosition > 0 ? Math.min(100, (position / progress.headPosition) * 100) : 100;
  const seconds = Math.max(0.001, (Date.now() - started) / 1000);
  progress.eventsPerSecond = Math.round(progress.processed / seconds);
}

const CLEAR_STUCK = `stuck_event_id = NULL, stuck_position = NULL, stuck_event_type = NULL, stuck_stream_id = NULL,
  stuck_error = NULL, stuck_since = NULL, stuck_attempts = 0, stuck_retry_at = NULL`;

function instant(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

// pg_constraint names as they may appear in DDL.
function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
