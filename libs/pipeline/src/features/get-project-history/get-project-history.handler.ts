import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE } from '@app/event-store';
import type { EventStore } from '@app/event-store';
import { projectStreamId } from '../../application';
import { DomainError } from '../../domain';
import { GetProjectHistoryQuery } from './get-project-history.query';
import { ProjectHistory, toHistoryEntry, withSignatureStatus } from './project-history.view';

@QueryHandler(GetProjectHistoryQuery)
export class GetProjectHistoryHandler implements IQueryHandler<GetProjectHistoryQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ projectId }: GetProjectHistoryQuery): Promise<ProjectHistory> {
    const events = await this.store.readStream(projectStreamId(projectId));
    if (events.length === 0) throw new DomainError('project_not_found', `No project ${projectId}`, { projectId });
    return { projectId, revision: events[events.length - 1].revision, events: withSignatureStatus(events, events.map(toHistoryEntry)) };
  }
}
