import type { RecordedEvent } from '@app/event-store';
import { PROJECT_STREAM_PREFIX } from '../../application/project-stream';
import { isProjectEventType, ProjectEvent } from '../../domain';

export interface ProjectRecordedEvent {
  projectId: string;
  event: RecordedEvent;
  domain: ProjectEvent;
}

/**
 * The batch's events of project streams, typed; everything else in the log is none of these read models' business.
 * The list is shared (read it, do not change it): every projection of a batch or rebuild page is given the same
 * events, so the last list is given again for the same events (same objects, same order) instead of made once per
 * projection.
 */
export function projectEventsOf(events: readonly RecordedEvent[]): readonly ProjectRecordedEvent[] {
  if (last && sameEvents(last.events, events)) return last.result;
  const result = events
    .filter((e) => e.streamId.startsWith(PROJECT_STREAM_PREFIX) && isProjectEventType(e.type))
    .map((event) => ({
      projectId: event.streamId.slice(PROJECT_STREAM_PREFIX.length),
      event,
      domain: { type: event.type, data: event.data } as ProjectEvent,
    }));
  last = { events: [...events], result };
  return result;
}

/** The distinct project ids of a batch, in order of first event: worked out once per list (shared, see projectEventsOf). */
export function projectIdsOf(batch: readonly ProjectRecordedEvent[]): readonly string[] {
  let ids = PROJECT_IDS.get(batch);
  if (!ids) PROJECT_IDS.set(batch, (ids = [...new Set(batch.map((e) => e.projectId))]));
  return ids;
}

const PROJECT_IDS = new WeakMap<readonly ProjectRecordedEvent[], readonly string[]>();

let last: { events: readonly RecordedEvent[]; result: readonly ProjectRecordedEvent[] } | null = null;

function sameEvents(a: readonly RecordedEvent[], b: readonly RecordedEvent[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export const GATE_EVENT_TYPES = ['StageAdvanced', 'ProjectKilled', 'ProjectPutOnHold', 'ProjectResumed', 'ProjectRecycled'] as const;
