import { Query } from '@nestjs/cqrs';
import type { GetPipelineBoardRequest } from './board-filters.request.dto';
import type { PipelineBoardView } from './pipeline-board.view';

export class GetPipelineBoardQuery extends Query<PipelineBoardView> {
  constructor(readonly request: GetPipelineBoardRequest) {
    super();
  }
}
