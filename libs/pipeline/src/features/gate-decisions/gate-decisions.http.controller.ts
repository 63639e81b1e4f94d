import { randomUUID } from 'node:crypto';
import { Body, Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { principalOf, problem, ProblemError, SIGNATURE_VERIFIER } from '@app/platform';
import type { Principal, SignatureVerifier } from '@app/platform';
import {
  CommandAcceptedBody,
  CommandContext,
  CommandEndpoint,
  ExecuteProjectCommand,
  ProjectIdParam,
  withEtag,
} from '../../application';
import type { ProjectCommandInput, RequestContext } from '../../application';
import { DomainError } from '../../domain';
import { GateDecisionRequest } from './gate-decisions.request.dto';
import { GateDecisionAcceptedResponse } from './gate-decision-accepted.response';
import type { GateSigningOutcome } from './gate-decision-accepted.response';
import { GATE_SIGNERS } from './gate-decisions.roles';
import { GetPendingGateDecisionQuery } from './get-pending-gate-decision.query';

@ApiTags('gates')
@Controller('projects')
export class GateDecisionsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(SIGNATURE_VERIFIER) private readonly signatures: SignatureVerifier,
  ) {}

  @Post(':projectId/gate-decisions')
  @ApiOkResponse({ description: 'Recorded; ETag is the new revision', type: GateDecisionAcceptedResponse })
  @CommandEndpoint('Record a signed gate decision: go, kill, hold, resume or recycle', {
    roles: GATE_SIGNERS,
    description:
      'go advances the stage when the gate’s evidence is on the record (else 409 gate_evidence_missing with `missing`); ' +
      'kill terminates, hold pauses, resume restarts a paused project, recycle sends it back to an earlier stage. ' +
      'The decision is an electronic signature: the record keeps the signer (the actor), printed name, role, meaning, ' +
      'time, the revision signed and the sha256 content hash of the record up to that revision. The signer re-authenticates ' +
      'in the same request: `signature.password` (builtin sign-in) or `signature.token`, a token freshly issued by the identity ' +
      'provider (oidc); without it, or when it is wrong, 401 signature_authentication_failed and nothing is written. ' +
      'A later correction or retraction of evidence the signature covered marks it superseded in the history. ' +
      'If-Match with the revision on the signer’s screen is required (428 precondition_required without it, 412 when the project changed meanwhile), ' +
      'so a signature never covers a revision its signer did not see. The printed name is the signer’s account name: ' +
      '`signature.printedName` may be left out, and one that differs is refused (400). ' +
      'The project’s lead clinician may not sign under any of their accounts (409 signer_is_lead_clinician). ' +
      'Under a pathway template a gate’s approval rule may ask for several signers (roles, minimum per role, an independent ' +
      'reviewer outside the team): each go by another person adds one signature (`signing.outcome` signature_collected, ' +
      '`signing.missing` what the rule still lacks) until the one that meets the rule moves the stage (stage_advanced). ' +
      'All signatures of a decision sign the same revision (the last change to the record); any change to the record before ' +
      'the rule is met invalidates them (GateSignaturesInvalidated) and each signer signs again. 409 already_signed: this ' +
      'person (any account) has signed this decision; 409 role_cannot_sign: the rule does not count this role; 409 ' +
      'gate_decision_pending: signatures stand toward another gate. Clinicians (on the team) and management sign only ' +
      'where a template rule counts them; every other decision, and a go under the fixed model, is the office’s (403).',
  })
  @ApiResponse({ status: 428, description: 'No If-Match: a signature must name the revision its signer saw; nothing was written' })
  async decide(
    @ProjectIdParam() projectId: string,
    @Body() body: GateDecisionRequest,
    @CommandContext() context: RequestContext,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandAcceptedBody & { signing?: GateSigningOutcome }> {
    const principal = principalOf(req);
    // Only a go may count another role's signature (a template gate's rule): the rest is refused before any password.
    if (body.decision !== 'go' && principal.actor.role !== 'innovation_office') throw officeOnly(principal, body.decision);
    if (context.expectedRevision === undefined) throw signedRevisionUnknown();
    const printedName = printedNameOf(principal, body.signature.printedName);
    await this.signatures.verify(principal, { password: body.signature.password, token: body.signature.token }, { projectId, requestId: context.requestId });
    const result = await this.commands.execute(new ExecuteProjectCommand(gateCommand(projectId, body, printedName), context));
    if (body.decision !== 'go') return withEtag(res, result);
    // Read at the go's own revision, so a replay answers the same.
    const view = await this.queries.execute(new GetPendingGateDecisionQuery(projectId, result.revision));
    if (view.templateStage === null) return withEtag(res, result);
    const collected = result.events.some((e) => e.type === 'GateSignatureCollected');
    const signing: GateSigningOutcome = collected
      ? { outcome: 'signature_collected', missing: view.pending?.missing ?? [] }
      : { outcome: 'stage_advanced', missing: [] };
    return { ...withEtag(res, result), signing };
  }
}

// 21 CFR 11.50: the signature shows the signer's printed name, which is the account's, never what a client typed.
export function printedNameOf(principal: Principal, given: string | undefined): string {
  const name = principal.actor.name;
  if (given === undefined || given.normalize('NFC').replace(/\s+/g, ' ').trim() === name.normalize('NFC').replace(/\s+/g, ' ').trim()) return name;
  const message = `must be your name as your account has it (${name}), or be left out`;
  throw new ProblemError(
    problem(400, 'validation_failed', 'Invalid request', {
      detail: `signature.printedName ${message}`,
      errors: [{ field: 'signature.printedName', messages: [message] }],
    }),
  );
}

function officeOnly(principal: Principal, decision: string): DomainError {
  return new DomainError('role_not_permitted', `Role ${principal.actor.role} may not ${decision} a project: the innovation office decides.`, {
    role: principal.actor.role,
    decision,
  });
}

// A signature covers the revision its signer saw; without If-Match the server cannot know which that was.
export function signedRevisionUnknown(): ProblemError {
  return new ProblemError(
    problem(428, 'precondition_required', 'Precondition required', {
      detail: 'A gate decision is a signature: send If-Match with the project revision (its ETag) on your screen.',
    }),
  );
}

// The DTO guarantees the fields each decision requires; the domain still enforces reasons and stages.
function gateCommand(projectId: string, body: GateDecisionRequest, printedName: string): ProjectCommandInput {
  const signature = { meaning: body.signature.meaning, printedName };
  const reason = body.reason ?? '';
  switch (body.decision) {
    case 'go':
      return {
        type: 'AdvanceStage',
        data: {
          projectId,
          targetStage: body.targetStage ?? null,
          ...(body.targetTemplateStage ? { targetTemplateStage: body.targetTemplateStage } : {}),
          signature,
          // A condition's id is the client's or made here; a retry with the same Idempotency-Key replays the first answer.
          ...(body.conditions ? { conditions: body.conditions.map((c) => ({ ...c, conditionId: c.conditionId ?? randomUUID() })) } : {}),
        },
      };
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
