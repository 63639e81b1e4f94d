import type { EventStore, RecordedEvent } from '@app/event-store';
import { evolve, initialState, ProjectState } from '../domain';
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
    let state = cached?.state ?? initialState();
    let byIdempotencyKey = cached?.byIdempotencyKey ?? new Map<string, readonly RecordedEvent[]>();
    for (const event of fresh) {
      state = evolve(state, toDomainEvent(event));
      const key = event.metadata.idempotencyKey;
      if (key) {
        const copy = new Map(byIdempotencyKey);
        copy.set(key, [...(copy.get(key) ?? []), event]);
        byIdempotencyKey = copy;
      }
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
