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

/**
 * Keeps each project's folded state in the process so a command reads only the events appended since
 * (by any process), instead of reading and folding the whole stream every time. States are immutable
 * (evolve is pure), so concurrent commands may share an entry; the newest one read wins the slot.
 */
export class ProjectStateCache {
  private readonly entries = new Map<string, ProjectStream>();

  constructor(private readonly limit = DEFAULT_LIMIT) {}

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
      this.entries.delete(streamId);
      this.entries.set(streamId, entry);
      if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as string);
    }
    return entry;
  }
}
