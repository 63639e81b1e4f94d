import type { RecordedEvent } from '@app/event-store';
import { evolveAll, initialState, ProjectEvent, ProjectState } from '../domain';

export const PROJECT_STREAM_PREFIX = 'project-';

export function projectStreamId(projectId: string): string {
  return `${PROJECT_STREAM_PREFIX}${projectId}`;
}

export function toDomainEvent(event: RecordedEvent): ProjectEvent {
  return { type: event.type, data: event.data } as ProjectEvent;
}

/** Folds a stream's recorded events into the project's state. */
export function foldProject(events: readonly RecordedEvent[]): ProjectState {
  return evolveAll(initialState(), events.map(toDomainEvent));
}
