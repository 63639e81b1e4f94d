import { IsoInstant } from '@app/platform';
import { ReadPositionRequest } from '../shared/paging.request.dto';

export class GetFunnelRequest extends ReadPositionRequest {
  @IsoInstant({ optional: true, description: 'The funnel as the record stood at this instant, computed from the events (by recordedAt)' })
  asOf?: string;
}

export class GetTimeInStageRequest extends ReadPositionRequest {}
