import { randomUUID } from 'node:crypto';
import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CommandAcceptedBody,
  CommandContext,
  CommandEndpoint,
  ExecuteProjectCommand,
  ProjectIdParam,
  withEtag,
  OFFICE_OR_CLINICIAN,
} from '../../application';
import type { RequestContext } from '../../application';
import { onDay } from '../command-parts/command-parts';
import { LogMilestoneRequest } from './log-milestone.request.dto';

@ApiTags('milestones')
@Controller('projects')
export class LogMilestoneHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':projectId/milestones')
  @CommandEndpoint('Log a milestone', {
    roles: OFFICE_OR_CLINICIAN,
    description: 'The innovation office, or a clinician on the project team; the record keeps who logged it.',
  })
  async log(
    @ProjectIdParam() projectId: string,
    @Body() body: LogMilestoneRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const milestoneId = body.milestoneId ?? randomUUID();
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        { type: 'LogMilestone', data: { ...body, projectId, milestoneId } },
        context,
        onDay(body.occurredOn),
      ),
    );
    res.location(`/projects/${projectId}/milestones/${milestoneId}`);
    return withEtag(res, result);
  }
}
