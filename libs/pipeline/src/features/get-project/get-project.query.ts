import { Query } from '@nestjs/cqrs';
import type { ProjectView } from './project.view';

export class GetProjectQuery extends Query<ProjectView> {
  constructor(
    readonly projectId: string,
    /** ISO instant: the project as the record showed it then (by recordedAt). */
    readonly asOf?: string,
  ) {
    super();
  }
}
