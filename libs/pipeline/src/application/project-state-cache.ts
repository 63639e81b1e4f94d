import type { EventStore, RecordedEvent } from '@app/event-store';
import { evolveAll, initialState, ProjectState } from '../domain';
import { toDomainEvent } from './project-stream';

/** A project's folded state and, per Idempotency-Key, the events that key wrote. */
export interface ProjectStream {
  state: ProjectState;
  byIdempotencyKey: ReadonlyMap<string, readonly RecordedEvent[]>;
}

// Enough for every project a hospital group has; an evicted one is simply folded again.
const DEFAULT_LIMIT = 5_000;
// A folded state takes about 400 bytes per event it folded: 100,000 events keep the cache near 40 MiB, where
// the stream count alone let it grow past 200 MiB (measured with the bench's projects, ~100 events each).
const DEFAULT_EVENT_BUDGET = 100_000;

/**
 * Keeps each project's folded state in the process so a command reads only the events appended since
 * (by any process), instead of reading and folding the whole stream every time. States are immutable
 * (evolve is pure), so concurrent commands may share an entry; the newest one read wins the slot.
 */
export class ProjectStateCache {
  private readonly entries = new Map<string, ProjectStream>();
  // Events folded into the kept states (a state at revision r folded r + 1).
  private events = 0;

  constructor(
    private readonly limit = DEFAULT_LIMIT,
    private readonly eventBudget = DEFAULT_EVENT_BUDGET,
  ) {}

  async load(store: EventStore, streamId: string): Promise<ProjectStream> {
    const cached = this.entries.get(streamId);
    const fresh = await store.readStream(streamId, cached ? { fromRevision: cached.state.revision + 1 } : {});
    if (cached && fresh.length === 0) return cached;
    const state = evolveAll(cached?.state ?? initialState(), fresh.map(toDomainEvent));
    // Copied once per load (never written in place: a cached entry may be in use by another command).
    let byIdempotencyKey = cached?.byIdempotencyKey ?? new Map<string, readonly RecordedEvent[]>();
    const keyed = fresh.filter((event) => event.metadata.idempotencyKey);
    if (keyed.length > 0) {
      const copy = new Map(byIdempotencyKey);
      for (const event of keyed) {
        const key = event.metadata.idempotencyKey as string;
        copy.set(key, [...(copy.get(key) ?? []), event]);
      }
      byIdempotencyKey = copy;
    }
    const entry = { state, byIdempotencyKey };
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

  private forget(streamId: string, stream: ProjectStream): void {
    this.entries.delete(streamId);
    this.events -= stream.state.revision + 1;
  }
}
