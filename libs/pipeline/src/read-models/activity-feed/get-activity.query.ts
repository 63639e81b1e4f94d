import { Query } from '@nestjs/cqrs';
import type { GetActivityRequest } from './activity-feed.request.dto';
import type { ActivityFeedView } from './activity-feed.view';

export class GetActivityQuery extends Query<ActivityFeedView> {
  constructor(readonly request: GetActivityRequest) {
    super();
  }
}
