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
import { RecordEquivalenceEvaluationRequest } from './record-equivalence-evaluation.request.dto';

@ApiTags('trials')
@Controller('projects')
export class RecordEquivalenceEvaluationHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':projectId/equivalence-evaluations')
  @CommandEndpoint('Record a clinical evaluation by equivalence', {
    description: 'Class I and II only: lets the project go from prototype straight to regulatory_review.',
  })
  async record(
    @ProjectIdParam() projectId: string,
    @Body() body: RecordEquivalenceEvaluationRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const evaluationId = body.evaluationId ?? randomUUID();
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        { type: 'RecordEquivalenceEvaluation', data: { ...body, projectId, evaluationId } },
        context,
        onDay(body.evaluatedOn),
      ),
    );
    res.location(`/projects/${projectId}/equivalence-evaluations/${evaluationId}`);
    return withEtag(res, result);
  }
}
