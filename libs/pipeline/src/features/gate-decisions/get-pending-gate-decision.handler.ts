import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE } from '@app/event-store';
import type { EventStore } from '@app/event-store';
import { foldProject, projectStreamId } from '../../application';
import { DomainError } from '../../domain';
import { GetPendingGateDecisionQuery } from './get-pending-gate-decision.query';
import { PendingGateDecisionView, toPendingGateDecisionView } from './pending-gate-decision.view';

@QueryHandler(GetPendingGateDecisionQuery)
export class GetPendingGateDecisionHandler implements IQueryHandler<GetPendingGateDecisionQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ projectId, atRevision }: GetPendingGateDecisionQuery): Promise<PendingGateDecisionView> {
    const events = await this.store.readStream(projectStreamId(projectId));
    const state = foldProject(atRevision === undefined ? events : events.filter((e) => e.revision <= atRevision));
    if (!state.profile) throw new DomainError('project_not_found', `No project ${projectId}`, { projectId });
    return toPendingGateDecisionView(state);
  }
}
