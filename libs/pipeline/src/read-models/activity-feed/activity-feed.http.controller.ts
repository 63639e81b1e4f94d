import { Controller, Get, Query as QueryParams } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { QueryEndpoint } from '../../application';
import { GetActivityRequest } from './activity-feed.request.dto';
import { ActivityFeedView } from './activity-feed.view';
import { GetActivityQuery } from './get-activity.query';

@ApiTags('pipeline')
@Controller('pipeline')
export class ActivityFeedHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('activity')
  @QueryEndpoint('Who did what when, most recent first', ActivityFeedView, 'Paged by the `before` cursor (nextBefore of the previous page).')
  activity(@QueryParams() params: GetActivityRequest): Promise<ActivityFeedView> {
    return this.queries.execute(new GetActivityQuery(params));
  }
}
