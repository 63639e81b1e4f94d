import { Query } from '@nestjs/cqrs';
import type { GetTrialsRequest } from './trial-tracker.request.dto';
import type { TrialTrackerView } from './trial-tracker.view';

export class GetTrialsQuery extends Query<TrialTrackerView> {
  constructor(readonly request: GetTrialsRequest) {
    super();
  }
}
