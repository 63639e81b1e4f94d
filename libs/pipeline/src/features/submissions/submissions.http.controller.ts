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
import { onDay, RecordIdParam } from '../command-parts/command-parts';
import {
  AnswerSubmissionDeficiencyRequest,
  FileSubmissionRequest,
  RecordSubmissionApprovalRequest,
  RecordSubmissionDeficiencyRequest,
  RecordSubmissionRejectionRequest,
} from './submissions.request.dto';

// A submission's life: filed → (deficiency received ⇄ answered) → approved or rejected.
@ApiTags('submissions')
@Controller('projects')
export class SubmissionsHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':projectId/submissions')
  @CommandEndpoint('File a regulatory submission', {
    description: "NMPA's innovative special review needs a published or granted Chinese invention patent.",
  })
  async file(
    @ProjectIdParam() projectId: string,
    @Body() body: FileSubmissionRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const submissionId = body.submissionId ?? randomUUID();
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        { type: 'FileSubmission', data: { ...body, projectId, submissionId } },
        context,
        onDay(body.filedOn),
      ),
    );
    res.location(`/projects/${projectId}/submissions/${submissionId}`);
    return withEtag(res, result);
  }

  @Post(':projectId/submissions/:submissionId/deficiencies')
  @CommandEndpoint('Record a deficiency letter from the authority')
  async deficiency(
    @ProjectIdParam() projectId: string,
    @RecordIdParam('submissionId') submissionId: string,
    @Body() body: RecordSubmissionDeficiencyRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        { type: 'RecordSubmissionDeficiency', data: { ...body, projectId, submissionId } },
        context,
        onDay(body.receivedOn),
      ),
    );
    return withEtag(res, result);
  }

  @Post(':projectId/submissions/:submissionId/deficiency-answers')
  @CommandEndpoint('Record the answer to an open deficiency letter')
  async answer(
    @ProjectIdParam() projectId: string,
    @RecordIdParam('submissionId') submissionId: string,
    @Body() body: AnswerSubmissionDeficiencyRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        { type: 'AnswerSubmissionDeficiency', data: { ...body, projectId, submissionId } },
        context,
        onDay(body.answeredOn),
      ),
    );
    return withEtag(res, result);
  }

  @Post(':projectId/submissions/:submissionId/approval')
  @CommandEndpoint('Record the authority’s approval', {
    description: 'Certificate number, date and device class; only once every deficiency is answered.',
  })
  async approve(
    @ProjectIdParam() projectId: string,
    @RecordIdParam('submissionId') submissionId: string,
    @Body() body: RecordSubmissionApprovalRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        { type: 'RecordSubmissionApproval', data: { ...body, projectId, submissionId } },
        context,
        onDay(body.approvedOn),
      ),
    );
    return withEtag(res, result);
  }

  @Post(':projectId/submissions/:submissionId/rejection')
  @CommandEndpoint('Record the authority’s rejection', { description: 'A reason is required.' })
  async reject(
    @ProjectIdParam() projectId: string,
    @RecordIdParam('submissionId') submissionId: string,
    @Body() body: RecordSubmissionRejectionRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        { type: 'RecordSubmissionRejection', data: { ...body, projectId, submissionId } },
        context,
        onDay(body.rejectedOn),
      ),
    );
    return withEtag(res, result);
  }
}
