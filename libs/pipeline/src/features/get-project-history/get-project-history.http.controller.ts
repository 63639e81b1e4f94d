import { Controller, Get, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { etag, ProjectIdParam, QueryEndpoint } from '../../application';
import { GetProjectHistoryQuery } from './get-project-history.query';
import { ProjectHistory } from './project-history.view';

@ApiTags('projects')
@Controller('projects')
export class GetProjectHistoryHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':projectId/history')
  @QueryEndpoint("A project's full audit trail", ProjectHistory, 'Every event, oldest first, with who, when, why; nothing is ever removed.')
  async history(@ProjectIdParam() projectId: string, @Res({ passthrough: true }) res: Response): Promise<ProjectHistory> {
    const history = await this.queries.execute(new GetProjectHistoryQuery(projectId));
    res.setHeader('ETag', etag(history.revision));
    return history;
  }
}
