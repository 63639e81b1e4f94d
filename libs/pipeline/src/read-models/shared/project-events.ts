import type { RecordedEvent } from '@app/event-store';
import { PROJECT_STREAM_PREFIX } from '../../application/project-stream';
import { isProjectEventType, ProjectEvent } from '../../domain';

export interface ProjectRecordedEvent {
  projectId: string;
  event: RecordedEvent;
  domain: ProjectEvent;
}

/** The batch's events of project streams, typed; everything else in the log is none of these read models' business. */
export function projectEventsOf(events: readonly RecordedEvent[]): ProjectRecordedEvent[] {
  return events
    .filter((e) => e.streamId.startsWith(PROJECT_STREAM_PREFIX) && isProjectEventType(e.type))
    .map((event) => ({
      projectId: event.streamId.slice(PROJECT_STREAM_PREFIX.length),
      event,
      domain: { type: event.type, data: event.data } as ProjectEvent,
    }));
}

export const GATE_EVENT_TYPES = ['StageAdvanced', 'ProjectKilled', 'ProjectPutOnHold', 'ProjectResumed', 'ProjectRecycled'] as const;
