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
import { PersonIdParam, RecordIdParam } from '../command-parts/command-parts';
import { PartnerDto } from '../propose-project/propose-project.request.dto';
import { AddTeamMemberRequest, RemovalRequest } from './team-and-partners.request.dto';

// Who works on the project: clinicians and staff (by person id) and partner organisations.
@ApiTags('team')
@Controller('projects')
export class TeamAndPartnersHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':projectId/team-members')
  @CommandEndpoint('Add a team member', { description: 'Clinicians may log milestones once on the team.' })
  async addMember(
    @ProjectIdParam() projectId: string,
    @Body() body: AddTeamMemberRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const result = await this.commands.execute(
      new ExecuteProjectCommand({ type: 'AddTeamMember', data: { ...body, projectId } }, context),
    );
    res.location(`/projects/${projectId}/team-members/${encodeURIComponent(body.member.id)}`);
    return withEtag(res, result);
  }

  @Post(':projectId/team-members/:memberId/removal')
  @CommandEndpoint('Remove a team member', { description: 'The lead clinician cannot be removed.' })
  async removeMember(
    @ProjectIdParam() projectId: string,
    @PersonIdParam('memberId') memberId: string,
    @Body() body: RemovalRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        { type: 'RemoveTeamMember', data: { projectId, memberId, reason: body.reason ?? null } },
        context,
      ),
    );
    return withEtag(res, result);
  }

  @Post(':projectId/partners')
  @CommandEndpoint('Add a partner organisation')
  async addPartner(
    @ProjectIdParam() projectId: string,
    @Body() body: PartnerDto,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const partnerId = body.partnerId ?? randomUUID();
    const result = await this.commands.execute(
      new ExecuteProjectCommand({ type: 'AddPartner', data: { projectId, partner: { ...body, partnerId } } }, context),
    );
    res.location(`/projects/${projectId}/partners/${partnerId}`);
    return withEtag(res, result);
  }

  @Post(':projectId/partners/:partnerId/removal')
  @CommandEndpoint('Remove a partner organisation')
  async removePartner(
    @ProjectIdParam() projectId: string,
    @RecordIdParam('partnerId') partnerId: string,
    @Body() body: RemovalRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        { type: 'RemovePartner', data: { projectId, partnerId, reason: body.reason ?? null } },
        context,
      ),
    );
    return withEtag(res, result);
  }
}
