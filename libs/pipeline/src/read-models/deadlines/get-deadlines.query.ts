import { Query } from '@nestjs/cqrs';
import type { DeadlinesAsOfRequest, GetDeadlinesRequest } from './deadlines.request.dto';
import type { DeadlinesView, ProjectDeadlinesView } from './deadlines.view';

export class GetDeadlinesQuery extends Query<DeadlinesView> {
  /** `personId`: the caller, for `mine`. */
  constructor(
    readonly request: GetDeadlinesRequest,
    readonly personId: string | null = null,
  ) {
    super();
  }
}

export class GetProjectDeadlinesQuery extends Query<ProjectDeadlinesView> {
  constructor(
    readonly projectId: string,
    readonly request: DeadlinesAsOfRequest,
  ) {
    super();
  }
}
