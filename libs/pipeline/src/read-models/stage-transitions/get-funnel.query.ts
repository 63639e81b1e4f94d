import { Query } from '@nestjs/cqrs';
import type { GetFunnelRequest } from './stage-transitions.request.dto';
import type { FunnelView } from './stage-transitions.view';

export class GetFunnelQuery extends Query<FunnelView> {
  constructor(readonly request: GetFunnelRequest) {
    super();
  }
}
