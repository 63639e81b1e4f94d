import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { QueryEndpoint } from '../../application';
import { GetFunnelQuery } from './get-funnel.query';
import { GetTimeInStageQuery } from './get-time-in-stage.query';
import { GetFunnelRequest, GetTimeInStageRequest } from './stage-transitions.request.dto';
import { FunnelView, TimeInStageReportView } from './stage-transitions.view';

@ApiTags('pipeline')
@Controller('pipeline')
export class StageTransitionsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('funnel')
  @QueryEndpoint('Per stage: reached, currently in, killed there, conversion to the next', FunnelView, 'With `asOf`, computed from the events as the record stood then.')
  funnel(@QueryParams() params: GetFunnelRequest): Promise<FunnelView> {
    return this.queries.execute(new GetFunnelQuery(params));
  }

  @Get('time-in-stage')
  @QueryEndpoint('Median and p90 days per stage, current ages, idea → approval cycle time', TimeInStageReportView)
  timeInStage(@QueryParams() params: GetTimeInStageRequest): Promise<TimeInStageReportView> {
    return this.queries.execute(new GetTimeInStageQuery(params));
  }
}
