import { Query } from '@nestjs/cqrs';
import type { ListProjectsRequest } from './board-filters.request.dto';
import type { ProjectListView } from './pipeline-board.view';

export class ListProjectsQuery extends Query<ProjectListView> {
  constructor(readonly request: ListProjectsRequest) {
    super();
  }
}
