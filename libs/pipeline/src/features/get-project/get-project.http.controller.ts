import { Controller, Get, Query as QueryParams, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { etag, ProjectIdParam, QueryEndpoint } from '../../application';
import { GetProjectRequest } from './get-project.request.dto';
import { GetProjectQuery } from './get-project.query';
import { ProjectView } from './project.view';

@ApiTags('projects')
@Controller('projects')
export class GetProjectHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':projectId')
  @QueryEndpoint(
    "A project's current state and the evidence its next gate still needs",
    ProjectView,
    'With `asOf`, the project as the record showed it at that instant (what a gatekeeper saw when signing). ETag is the revision.',
  )
  async get(
    @ProjectIdParam() projectId: string,
    @QueryParams() params: GetProjectRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ProjectView> {
    const view = await this.queries.execute(new GetProjectQuery(projectId, params.asOf));
    res.setHeader('ETag', etag(view.revision));
    return view;
  }
}
