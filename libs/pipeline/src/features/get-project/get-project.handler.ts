import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE } from '@app/event-store';
import type { EventStore } from '@app/event-store';
import { foldProject, projectStreamId } from '../../application';
import { DomainError } from '../../domain';
import { GetProjectQuery } from './get-project.query';
import { ProjectView, toProjectView } from './project.view';

@QueryHandler(GetProjectQuery)
export class GetProjectHandler implements IQueryHandler<GetProjectQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ projectId, asOf }: GetProjectQuery): Promise<ProjectView> {
    const events = await this.store.readStream(projectStreamId(projectId), asOf ? { recordedUntil: asOf } : {});
    // A stream that is still an idea (submitted, or declined) is no project yet: GET /ideas/{id} shows it.
    const state = foldProject(events);
    if (!state.profile) {
      throw new DomainError('project_not_found', asOf ? `Project ${projectId} did not exist at ${asOf}` : `No project ${projectId}`, {
        projectId,
      });
    }
    return toProjectView(state, asOf);
  }
}
