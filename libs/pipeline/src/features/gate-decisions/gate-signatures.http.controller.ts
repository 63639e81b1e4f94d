import { Body, Controller, Get, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CommandAcceptedBody,
  CommandContext,
  CommandEndpoint,
  etag,
  ExecuteProjectCommand,
  ProjectIdParam,
  QueryEndpoint,
  withEtag,
} from '../../application';
import type { RequestContext } from '../../application';
import { GATE_SIGNERS } from './gate-decisions.roles';
import { GetPendingGateDecisionQuery } from './get-pending-gate-decision.query';
import { RevokeGateSignatureRequest } from './gate-signatures.request.dto';
import { PendingGateDecisionView } from './pending-gate-decision.view';

// A go whose template gate asks for several signers: what it has collected, and a signer's withdrawal of theirs.
@ApiTags('gates')
@Controller('projects')
export class GateSignaturesHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':projectId/gate-decisions/pending')
  @QueryEndpoint(
    'The go collecting signatures, if any: its signatures, the rule and what it still lacks',
    PendingGateDecisionView,
    'Under a pathway template a gate may ask for several signers (`rule`). Each `POST gate-decisions` go adds one ' +
      'signature (GateSignatureCollected) until the rule is met, when the stage moves (StageAdvanced). `pending` is null ' +
      'when no signature stands (and always under the fixed model); `nextGates` names the rule of each gate out of the ' +
      'current template stage. ETag is the revision to send as If-Match when signing.',
  )
  async pending(
    @ProjectIdParam() projectId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PendingGateDecisionView> {
    const view = await this.queries.execute(new GetPendingGateDecisionQuery(projectId));
    res.setHeader('ETag', etag(view.revision));
    return view;
  }

  @Post(':projectId/gate-decisions/signature-revocations')
  @CommandEndpoint('Withdraw your own signature from a go still collecting signatures', {
    roles: GATE_SIGNERS,
    description:
      'Only the signer withdraws a signature, from any of their accounts (409 no_signature_to_revoke when they have ' +
      'none standing: never given, invalidated by a change to the record, or the rule was met and the stage moved). ' +
      'A reason is required (400 when missing, 409 reason_required when blank). The history keeps the signature and its ' +
      'withdrawal (GateSignatureRevoked).',
  })
  async revoke(
    @ProjectIdParam() projectId: string,
    @Body() body: RevokeGateSignatureRequest,
    @CommandContext() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    const command = { type: 'RevokeGateSignature' as const, data: { projectId, reason: body.reason } };
    return withEtag(res, await this.commands.execute(new ExecuteProjectCommand(command, context)));
  }
}
