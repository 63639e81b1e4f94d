import { Query } from '@nestjs/cqrs';
import type { ListProjectsRequest } from './board-filters.request.dto';
import type { ProjectListView } from './pipeline-board.view';

export class ListProjectsQuery extends Query<ProjectListView> {
  /** memberKey: the caller's person key when the request asks for member=me. */
  constructor(
    readonly request: ListProjectsRequest,
    readonly memberKey?: string,
  ) {
    super();
  }
}
