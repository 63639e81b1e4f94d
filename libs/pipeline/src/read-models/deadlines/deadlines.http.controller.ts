import { Controller, Get, Query as QueryParams, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { principalOf } from '@app/platform';
import { ProjectIdParam, QueryEndpoint } from '../../application';
import { DeadlinesAsOfRequest, GetDeadlinesRequest } from './deadlines.request.dto';
import { DeadlinesView, ProjectDeadlinesView } from './deadlines.view';
import { GetDeadlinesQuery, GetProjectDeadlinesQuery } from './get-deadlines.query';

@ApiTags('deadlines')
@Controller()
export class DeadlinesHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('deadlines')
  @QueryEndpoint(
    'Upcoming and overdue deadlines of the portfolio',
    DeadlinesView,
    'Deadlines the record implies (priority year, PCT national phase, trial registration, results, deficiency answers, expected decisions, green channel, ethics renewal, conditions of a conditional go), still open and due within the horizon or overdue. Filter by kind, project, owner (lead clinician, or the owner of a condition) or mine (projects whose team has the caller).',
  )
  deadlines(@QueryParams() params: GetDeadlinesRequest, @Req() req: Request): Promise<DeadlinesView> {
    return this.queries.execute(new GetDeadlinesQuery(params, principalOf(req).actor.id));
  }

  @Get('projects/:projectId/deadlines')
  @QueryEndpoint("A project's deadlines: the next ones still open, and every one met, missed or open", ProjectDeadlinesView)
  projectDeadlines(@ProjectIdParam() projectId: string, @QueryParams() params: DeadlinesAsOfRequest): Promise<ProjectDeadlinesView> {
    return this.queries.execute(new GetProjectDeadlinesQuery(projectId, params));
  }
}
