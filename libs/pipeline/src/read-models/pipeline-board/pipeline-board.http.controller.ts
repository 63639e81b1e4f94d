import { Controller, Get, Query as QueryParams, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { principalOf } from '@app/platform';
import { personKey } from '../../domain';
import { QueryEndpoint } from '../../application';
import { GetPipelineBoardRequest, GetStalledProjectsRequest, ListProjectsRequest } from './board-filters.request.dto';
import { GetPipelineBoardQuery } from './get-pipeline-board.query';
import { GetStalledProjectsQuery } from './get-stalled-projects.query';
import { ListProjectsQuery } from './list-projects.query';
import { PipelineBoardView, ProjectListView, StalledProjectsView } from './pipeline-board.view';

@ApiTags('pipeline')
@Controller()
export class PipelineBoardHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('pipeline/board')
  @QueryEndpoint(
    'Every project by stage, with counts',
    PipelineBoardView,
    'Filterable by stage, status, institution, deviceType, riskClass, authority, therapeuticArea, leadClinician. ' +
      'With `asOf`, computed from the events as the record stood then. `position` waits for the read model (503 projection_behind).',
  )
  board(@QueryParams() params: GetPipelineBoardRequest): Promise<PipelineBoardView> {
    return this.queries.execute(new GetPipelineBoardQuery(params));
  }

  @Get('projects')
  @QueryEndpoint(
    'The projects, paged and filtered',
    ProjectListView,
    'Same filters as the board, plus `q` (title search), `sort` and `member=me` (the caller’s projects: those whose team they are on).',
  )
  list(@QueryParams() params: ListProjectsRequest, @Req() req: Request): Promise<ProjectListView> {
    const memberKey = params.member === 'me' ? personKey(principalOf(req).actor.id) : undefined;
    return this.queries.execute(new ListProjectsQuery(params, memberKey));
  }

  @Get('pipeline/stalled')
  @QueryEndpoint('Open projects with no activity for N days', StalledProjectsView, 'Active or on hold, last event (occurredAt) at least `days` ago; longest silent first.')
  stalled(@QueryParams() params: GetStalledProjectsRequest): Promise<StalledProjectsView> {
    return this.queries.execute(new GetStalledProjectsQuery(params));
  }
}
