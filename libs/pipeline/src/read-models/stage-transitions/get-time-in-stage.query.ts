import { Query } from '@nestjs/cqrs';
import type { GetTimeInStageRequest } from './stage-transitions.request.dto';
import type { TimeInStageReportView } from './stage-transitions.view';

export class GetTimeInStageQuery extends Query<TimeInStageReportView> {
  constructor(
    readonly request: GetTimeInStageRequest,
    readonly now: Date = new Date(),
  ) {
    super();
  }
}
