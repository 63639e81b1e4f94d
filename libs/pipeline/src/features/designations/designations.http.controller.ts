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
} from '../../application';
import type { RequestContext } from '../../application';
import { onDay } from '../command-parts/command-parts';
import { RecordDesignationRequest } from './designations.request.dto';

// A programme a regulator admits the product to ahead of its decision (Breakthrough Devices, NMPA innovative review...).
@ApiTags('designations')
@Controller('projects')
export class DesignationsHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':projectId/designations')
  @CommandEndpoint('Record a designation granted', {
    description:
      "The programme's authority must be one the project targets (409 authority_not_targeted); a pathway template's " +
      'designation_granted evidence counts it.',
  })
  async record(
    @ProjectIdParam() projectId: string,
    @Body() body: RecordDesignationRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const designationId = body.designationId ?? randomUUID();
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        { type: 'RecordDesignation', data: { ...body, projectId, designationId } },
        context,
        onDay(body.grantedOn),
      ),
    );
    res.location(`/projects/${projectId}/designations/${designationId}`);
    return withEtag(res, result);
  }
}
