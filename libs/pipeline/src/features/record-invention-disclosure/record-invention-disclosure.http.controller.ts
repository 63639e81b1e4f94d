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
import { RecordInventionDisclosureRequest } from './record-invention-disclosure.request.dto';

@ApiTags('ideas')
@Controller('projects')
export class RecordInventionDisclosureHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':projectId/invention-disclosures')
  @CommandEndpoint('Record an invention disclosure', { description: 'The evidence for the idea → patent gate.' })
  async record(
    @ProjectIdParam() projectId: string,
    @Body() body: RecordInventionDisclosureRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const disclosureId = body.disclosureId ?? randomUUID();
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        { type: 'RecordInventionDisclosure', data: { ...body, projectId, disclosureId } },
        context,
        onDay(body.disclosedOn),
      ),
    );
    res.location(`/projects/${projectId}/invention-disclosures/${disclosureId}`);
    return withEtag(res, result);
  }
}
