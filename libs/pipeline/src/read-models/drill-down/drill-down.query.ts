import { Query } from '@nestjs/cqrs';
import type { DrillDownRequest } from './drill-down.request.dto';
import type { DrillDownView } from './drill-down.view';

export class DrillDownQuery extends Query<DrillDownView> {
  constructor(
    readonly request: DrillDownRequest,
    readonly now: Date = new Date(),
  ) {
    super();
  }
}
