import { IsoInstant, OneOf, Text } from '@app/platform';
import { AUTHORITIES, PATHWAYS } from '../../domain';
import type { Authority, Pathway } from '../../domain';
import { ReadPositionRequest } from '../shared/paging.request.dto';

export class GetFunnelRequest extends ReadPositionRequest {
  @IsoInstant({ optional: true, description: 'The funnel as the record stood at this instant, computed from the events (by recordedAt)' })
  asOf?: string;

  // Which projects the funnel counts, by their targets and template (fixed at the proposal, so the same as of any instant).
  @OneOf(AUTHORITIES, { optional: true, description: 'Only projects targeting this authority' }) authority?: Authority;
  @OneOf(PATHWAYS, { optional: true, description: 'Only projects targeting this pathway' }) pathway?: Pathway;
  @Text({ optional: true, max: 100, description: 'Only projects following this pathway template (fixed_model for projects without one)' })
  template?: string;
}

export class GetTimeInStageRequest extends ReadPositionRequest {}
