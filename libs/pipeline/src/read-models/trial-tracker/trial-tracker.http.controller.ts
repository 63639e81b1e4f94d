import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { QueryEndpoint } from '../../application';
import { GetTrialsQuery } from './get-trials.query';
import { GetTrialsRequest } from './trial-tracker.request.dto';
import { TrialTrackerView } from './trial-tracker.view';

@ApiTags('pipeline')
@Controller('pipeline')
export class TrialTrackerHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('trials')
  @QueryEndpoint('The trial tracker: enrolment against target, endpoint outcome', TrialTrackerView, 'Corrected values shown, retracted trials left out.')
  trials(@QueryParams() params: GetTrialsRequest): Promise<TrialTrackerView> {
    return this.queries.execute(new GetTrialsQuery(params));
  }
}
