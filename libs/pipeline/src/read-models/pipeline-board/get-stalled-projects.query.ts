import { Query } from '@nestjs/cqrs';
import type { GetStalledProjectsRequest } from './board-filters.request.dto';
import type { StalledProjectsView } from './pipeline-board.view';

export class GetStalledProjectsQuery extends Query<StalledProjectsView> {
  constructor(
    readonly request: GetStalledProjectsRequest,
    /** The instant "now" is, so tests and reports can pin it. */
    readonly now: Date = new Date(),
  ) {
    super();
  }
}
