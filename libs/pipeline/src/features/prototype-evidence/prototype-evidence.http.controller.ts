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
import {
  RecordDesignReviewRequest,
  RecordEthicsApprovalRequest,
  RecordPrototypeBuiltRequest,
  RecordVerificationTestRequest,
} from './prototype-evidence.request.dto';

// The evidence for the prototype → clinical_validation gate.
@ApiTags('prototypes')
@Controller('projects')
export class PrototypeEvidenceHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':projectId/prototypes')
  @CommandEndpoint('Record a prototype version built', { roles: OFFICE_OR_CLINICIAN })
  async build(
    @ProjectIdParam() projectId: string,
    @Body() body: RecordPrototypeBuiltRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const prototypeId = body.prototypeId ?? randomUUID();
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        { type: 'RecordPrototypeBuilt', data: { ...body, projectId, prototypeId } },
        context,
        onDay(body.builtOn),
      ),
    );
    res.location(`/projects/${projectId}/prototypes/${prototypeId}`);
    return withEtag(res, result);
  }

  @Post(':projectId/verification-tests')
  @CommandEndpoint('Record a verification test of a prototype', {
    description: 'E.g. ISO 10993 biocompatibility, IEC 60601 electrical safety, type testing by an accredited lab.',
  })
  async test(
    @ProjectIdParam() projectId: string,
    @Body() body: RecordVerificationTestRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const testId = body.testId ?? randomUUID();
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        { type: 'RecordVerificationTest', data: { ...body, projectId, testId } },
        context,
        onDay(body.testedOn),
      ),
    );
    res.location(`/projects/${projectId}/verification-tests/${testId}`);
    return withEtag(res, result);
  }

  @Post(':projectId/design-reviews')
  @CommandEndpoint('Record a design review held')
  async review(
    @ProjectIdParam() projectId: string,
    @Body() body: RecordDesignReviewRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const reviewId = body.reviewId ?? randomUUID();
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        { type: 'RecordDesignReview', data: { ...body, projectId, reviewId } },
        context,
        onDay(body.heldOn),
      ),
    );
    res.location(`/projects/${projectId}/design-reviews/${reviewId}`);
    return withEtag(res, result);
  }

  @Post(':projectId/ethics-approvals')
  @CommandEndpoint('Record an ethics committee approval', {
    description: 'Needed before a first patient is enrolled and for the prototype → clinical_validation gate.',
  })
  async approveEthics(
    @ProjectIdParam() projectId: string,
    @Body() body: RecordEthicsApprovalRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const ethicsApprovalId = body.ethicsApprovalId ?? randomUUID();
    const result = await this.commands.execute(
      new ExecuteProjectCommand(
        { type: 'RecordEthicsApproval', data: { ...body, projectId, ethicsApprovalId } },
        context,
        onDay(body.approvedOn),
      ),
    );
    res.location(`/projects/${projectId}/ethics-approvals/${ethicsApprovalId}`);
    return withEtag(res, result);
  }
}
