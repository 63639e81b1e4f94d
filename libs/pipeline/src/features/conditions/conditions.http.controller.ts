import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CommandAcceptedBody,
  CommandContext,
  CommandEndpoint,
  ExecuteProjectCommand,
  OFFICE_OR_CLINICIAN,
  ProjectIdParam,
  withEtag,
} from '../../application';
import type { RequestContext } from '../../application';
import { CloseConditionRequest } from './conditions.request.dto';

@ApiTags('gates')
@Controller('projects')
export class ConditionsHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':projectId/conditions/:conditionId/close')
  @CommandEndpoint('Close a condition of a conditional go, with evidence', {
    roles: OFFICE_OR_CLINICIAN,
    description:
      'A go may carry conditions (text, owner, due day); the next go is refused (409 conditions_open, listing them) ' +
      'while any is open. The condition’s owner (a clinician on the team) or the innovation office closes it with ' +
      'evidence, and optionally a document on the record. 409 condition_not_found, condition_already_closed, ' +
      'document_not_found; 403 not_condition_owner for a clinician who does not own it.',
  })
  @ApiParam({ name: 'conditionId', description: 'The condition, as GET /projects/{id} lists it under conditions' })
  async close(
    @ProjectIdParam() projectId: string,
    @ProjectIdParam('conditionId') conditionId: string,
    @Body() body: CloseConditionRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        {
          type: 'CloseCondition',
          data: { projectId, conditionId, evidence: body.evidence, documentId: body.documentId ?? null },
        },
        context,
      ),
    );
    return withEtag(res, result);
  }
}
