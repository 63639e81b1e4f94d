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
import { CorrectRecordRequest, RetractRecordRequest } from './corrections.request.dto';

// Events are never changed: a mistake is fixed by a new event naming the old value, the new one and why.
@ApiTags('corrections')
@Controller('projects')
export class CorrectionsHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':projectId/corrections')
  @CommandEndpoint('Correct a field of a record', {
    roles: OFFICE_OR_CLINICIAN,
    description: 'Names the old value, the new one and the reason. Clinicians may correct only milestones they logged.',
  })
  async correct(
    @ProjectIdParam() projectId: string,
    @Body() body: CorrectRecordRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const result = await this.commands.execute(
      new ExecuteProjectCommand({ type: 'CorrectRecord', data: { ...body, projectId } }, context),
    );
    return withEtag(res, result);
  }

  @Post(':projectId/retractions')
  @CommandEndpoint('Retract a record entered in error', {
    roles: OFFICE_OR_CLINICIAN,
    description: 'The record stays in the history, marked retracted, and stops counting as gate evidence.',
  })
  async retract(
    @ProjectIdParam() projectId: string,
    @Body() body: RetractRecordRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const result = await this.commands.execute(
      new ExecuteProjectCommand({ type: 'RetractRecord', data: { ...body, projectId } }, context),
    );
    return withEtag(res, result);
  }
}
