import { Controller, Get, Query as QueryParams, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { principalOf } from '@app/platform';
import { personKey } from '../../domain';
import { QueryEndpoint } from '../../application';
import { AnswerBytes } from '../shared/answer-bytes';
import { GetPipelineBoardRequest, GetStalledProjectsRequest, ListProjectsRequest } from './board-filters.request.dto';
import { GetPipelineBoardQuery } from './get-pipeline-board.query';
import { GetStalledProjectsQuery } from './get-stalled-projects.query';
import { ListProjectsQuery } from './list-projects.query';
import { PipelineBoardView, ProjectListView, StalledProjectsView } from './pipeline-board.view';

@ApiTags('pipeline')
@Controller()
export class PipelineBoardHttpController {
  // The board's answer is kept per checkpoint (AnswerCache) and 175 KB of JSON on the full data set: its bytes are kept with it.
  private readonly bodies = new AnswerBytes();

  constructor(private readonly queries: QueryBus) {}

  @Get('pipeline/board')
  @QueryEndpoint(
    'Every project by stage, with counts',
    PipelineBoardView,
    'Filterable by stage, status, institution, deviceType, riskClass, authority, therapeuticArea, leadClinician. ' +
      'With `asOf`, computed from the events as the record stood then. `position` waits for the read model (503 projection_behind).',
  )
  async board(@QueryParams() params: GetPipelineBoardRequest, @Res() res: Response): Promise<void> {
    const view: PipelineBoardView = await this.queries.execute(new GetPipelineBoardQuery(params));
    this.bodies.send(res, view);
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
