import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { QueryEndpoint } from '../../application';
import { DrillDownQuery } from './drill-down.query';
import { DrillDownRequest } from './drill-down.request.dto';
import { DrillDownView } from './drill-down.view';

@ApiTags('pipeline')
@Controller('pipeline')
export class DrillDownHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('drill-down')
  @QueryEndpoint(
    'The projects and event ids behind a number',
    DrillDownView,
    'metric: board | stalled | funnel.reached | funnel.currentlyIn | funnel.killed | funnel.advanced | timeInStage.completed | timeInStage.current | cycleTime; ' +
      '`stage` for funnel.* and timeInStage.*; `asOf` for board and funnel.*; board filters for board and stalled.',
  )
  drillDown(@QueryParams() params: DrillDownRequest): Promise<DrillDownView> {
    return this.queries.execute(new DrillDownQuery(params));
  }
}
