import { Body, Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { principalOf, SIGNATURE_VERIFIER } from '@app/platform';
import type { SignatureVerifier } from '@app/platform';
import {
  CommandAcceptedBody,
  CommandContext,
  CommandEndpoint,
  ExecuteProjectCommand,
  ProjectIdParam,
  withEtag,
} from '../../application';
import type { ProjectCommandInput, RequestContext } from '../../application';
import { GateDecisionRequest } from './gate-decisions.request.dto';

@ApiTags('gates')
@Controller('projects')
export class GateDecisionsHttpController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(SIGNATURE_VERIFIER) private readonly signatures: SignatureVerifier,
  ) {}

  @Post(':projectId/gate-decisions')
  @CommandEndpoint('Record a signed gate decision: go, kill, hold, resume or recycle', {
    description:
      'go advances the stage when the gate’s evidence is on the record (else 409 gate_evidence_missing with `missing`); ' +
      'kill terminates, hold pauses, resume restarts a paused project, recycle sends it back to an earlier stage. ' +
      'The decision is an electronic signature: the record keeps the signer (the actor), printed name, role, meaning, ' +
      'time, the revision signed and the sha256 content hash of the record up to that revision. The signer re-authenticates ' +
      'in the same request: `signature.password` (builtin sign-in) or `signature.token`, a token freshly issued by the identity ' +
      'provider (oidc); without it, or when it is wrong, 401 signature_authentication_failed and nothing is written. ' +
      'A later correction or retraction of evidence the signature covered marks it superseded in the history. Send If-Match with the revision the signer saw, so a project that changed ' +
      'meanwhile is refused (412) rather than signed unseen. The project’s lead clinician may not sign (409 signer_is_lead_clinician).',
  })
  async decide(
    @ProjectIdParam() projectId: string,
    @Body() body: GateDecisionRequest,
    @CommandContext() context: RequestContext,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody> {
    await this.signatures.verify(principalOf(req), { password: body.signature.password, token: body.signature.token }, { projectId });
    const result = await this.commands.execute(new ExecuteProjectCommand(gateCommand(projectId, body), context));
    return withEtag(res, result);
  }
}

// The DTO guarantees the fields each decision requires; the domain still enforces reasons and stages.
function gateCommand(projectId: string, body: GateDecisionRequest): ProjectCommandInput {
  const signature = { meaning: body.signature.meaning, printedName: body.signature.printedName };
  const reason = body.reason ?? '';
  switch (body.decision) {
    case 'go':
      return { type: 'AdvanceStage', data: { projectId, targetStage: body.targetStage ?? null, signature } };
    case 'kill':
      return { type: 'KillProject', data: { projectId, reason, signature } };
    case 'hold':
      return { type: 'PutProjectOnHold', data: { projectId, reason, signature } };
    case 'resume':
      return { type: 'ResumeProject', data: { projectId, reason: body.reason ?? null, signature } };
    case 'recycle':
      return { type: 'RecycleProject', data: { projectId, toStage: body.toStage!, reason, signature } };
    default: {
      const unknown: never = body.decision;
      throw new Error(`Unhandled gate decision ${String(unknown)}`);
    }
  }
}
