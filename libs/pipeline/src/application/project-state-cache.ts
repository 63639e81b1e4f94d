import type { EventStore, RecordedEvent } from '@app/event-store';
import { evolveAll, initialState } from '../domain';
import { toDomainEvent } from './project-stream';
import type { KeyedEvent, ProjectSnapshot, ProjectSnapshots } from './project-snapshots';

/** A project's folded state and, per Idempotency-Key, the events that key wrote. */
export interface ProjectStream extends ProjectSnapshot {
  /** The revision of the newest snapshot stored (or found) for it; -1 for none. */
  snapshotRevision: number;
}

// Enough for every project a hospital group has; an evicted one is simply folded again.
const DEFAULT_LIMIT = 5_000;
// A folded state takes about 1 kB of heap per event it folded (its JSON, 300 bytes an event on the bench's projects,
// as objects). With snapshots a project that is not kept costs one row to start again, so the cache keeps only the
// busiest projects: 5,000 events, about 5 MiB (the 2,000-event project among them). What it keeps also sets the
// API's peak memory beyond its own size: under commands spread over thousands of projects every kept state is soon
// replaced, the replaced ones are garbage in the old generation, and V8 lets that grow in proportion to what is live
// before collecting it. Bench scenario 2 (full data set, 2026-12-04): 25,000 events peaked at 474 MiB (old space
// 271 MiB of it), 10,000 at 303-317 MiB (old space 199 MiB), 5,000 at 238 MiB (old space 126 MiB).
// The API runs with --max-old-space-size=1536 (deploy/Dockerfile), which makes V8 grow the old space by a smaller factor:
// 5,000 events then peaked at 192-200 MiB (314-318 without the flag, same machine and load).
const DEFAULT_EVENT_BUDGET = 5_000;
// A snapshot is stored once a state has folded this many events past the last one: a cold command then reads
// at most this many events besides the snapshot.
export const SNAPSHOT_EVERY = 16;

const EMPTY: ProjectStream = { state: initialState(), byIdempotencyKey: new Map(), lastEventId: '', snapshotRevision: -1 };

/**
 * Keeps each project's folded state in the process so a command reads only the events appended since
 * (by any process), instead of reading and folding the whole stream every time. A project not kept here
 * starts from its stored snapshot, when there is a valid one, and reads only the events after it.
 * States are immutable (evolve is pure), so concurrent commands may share an entry; the newest one read
 * wins the slot.
 */
export class ProjectStateCache {
  private readonly entries = new Map<string, ProjectStream>();
  // Events folded into the kept states (a state at revision r folded r + 1).
  private events = 0;

  constructor(
    private readonly snapshots: ProjectSnapshots | null = null,
    private readonly limit = DEFAULT_LIMIT,
    private readonly eventBudget = DEFAULT_EVENT_BUDGET,
  ) {}

  async load(store: EventStore, streamId: string): Promise<ProjectStream> {
    const cached = this.entries.get(streamId);
    const { base, fresh } = cached
      ? { base: cached, fresh: await store.readStream(streamId, { fromRevision: cached.state.revision + 1 }) }
      : await this.start(store, streamId);
    if (cached && fresh.length === 0) return cached;
    const state = evolveAll(base.state, fresh.map(toDomainEvent));
    const entry: ProjectStream = {
      state,
      byIdempotencyKey: withKeys(base.byIdempotencyKey, fresh),
      lastEventId: fresh.length ? fresh[fresh.length - 1].eventId : base.lastEventId,
      snapshotRevision: base.snapshotRevision,
    };
    if (this.snapshots && state.revision - entry.snapshotRevision >= SNAPSHOT_EVERY) {
      this.snapshots.save(streamId, entry);
      entry.snapshotRevision = state.revision;
    }
    const current = this.entries.get(streamId);
    if (!current || current.state.revision <= state.revision) {
      if (current) this.forget(streamId, current);
      this.entries.set(streamId, entry);
      this.events += state.revision + 1;
      // The oldest go first; the entry just made always stays.
      while (this.entries.size > 1 && (this.entries.size > this.limit || this.events > this.eventBudget)) {
        const [oldest, stream] = this.entries.entries().next().value as [string, ProjectStream];
        this.forget(oldest, stream);
      }
    }
    return entry;
  }

  // A project not in memory: its snapshot and the events after it, when the store still holds the snapshot's
  // last event at its revision; else the whole stream.
  private async start(store: EventStore, streamId: string): Promise<{ base: ProjectStream; fresh: RecordedEvent[] }> {
    if (this.snapshots?.readsEventsOf(store)) {
      // On the server: the snapshot row and the events from its revision in one statement.
      const { snapshot, storedRevision, events } = await this.snapshots.loadWithEvents(streamId);
      if (snapshot && events[0]?.eventId === snapshot.lastEventId && events[0].revision === snapshot.state.revision) {
        return { base: { ...snapshot, snapshotRevision: snapshot.state.revision }, fresh: events.slice(1) };
      }
      // No row: the statement read the whole stream. A row that cannot be used: read the stream from its start.
      return { base: EMPTY, fresh: (storedRevision ?? 0) === 0 ? events : await store.readStream(streamId) };
    }
    const snapshot = this.snapshots ? await this.snapshots.load(streamId) : null;
    if (snapshot) {
      const events = await store.readStream(streamId, { fromRevision: snapshot.state.revision });
      if (events[0]?.eventId === snapshot.lastEventId && events[0].revision === snapshot.state.revision) {
        return { base: { ...snapshot, snapshotRevision: snapshot.state.revision }, fresh: events.slice(1) };
      }
    }
    return { base: EMPTY, fresh: await store.readStream(streamId) };
  }

  private forget(streamId: string, stream: ProjectStream): void {
    this.entries.delete(streamId);
    this.events -= stream.state.revision + 1;
  }
}

// What a replay of each Idempotency-Key needs, copied once per load (never written in place: a cached entry
// may be in use by another command).
function withKeys(known: ReadonlyMap<string, readonly KeyedEvent[]>, fresh: readonly RecordedEvent[]): ReadonlyMap<string, readonly KeyedEvent[]> {
  const keyed = fresh.filter((event) => event.metadata.idempotencyKey);
  if (keyed.length === 0) return known;
  const copy = new Map(known);
  for (const { eventId, type, revision, globalPosition, metadata } of keyed) {
    const key = metadata.idempotencyKey as string;
    const slim: KeyedEvent = { eventId, type, revision, globalPosition, metadata: metadata.idempotency === undefined ? {} : { idempotency: metadata.idempotency } };
    copy.set(key, [...(copy.get(key) ?? []), slim]);
  }
  return copy;
}
