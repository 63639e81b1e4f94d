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
  withEtag,
} from '../../application';
import type { RequestContext } from '../../application';
import { ProposeProjectRequest } from './propose-project.request.dto';

@ApiTags('projects')
@Controller('projects')
export class ProposeProjectHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @CommandEndpoint('Propose a device project', { created: true, description: 'Starts the project at stage idea.' })
  async propose(
    @Body() body: ProposeProjectRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const projectId = body.projectId ?? randomUUID();
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        {
          type: 'ProposeProject',
          data: {
            ...body,
            projectId,
            targets: body.targets.map((t) => ({
              ...t,
              deviceClass: t.deviceClass ?? null,
              breakthrough: t.breakthrough ?? false,
              notifiedBody: t.notifiedBody ?? null,
            })),
            partners: (body.partners ?? []).map((p) => ({ ...p, partnerId: p.partnerId ?? randomUUID() })),
          },
        },
        context,
      ),
    );
    res.location(`/projects/${projectId}`);
    return withEtag(res, result);
  }
}
