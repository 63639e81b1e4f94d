// A go collecting several signatures (a template gate's approval rule): which signatures stand, revoking one, and
// the invalidation of all of them when the record changes before the rule is met.
import type { ProjectProfile } from '../projects/projects.payloads';
import { DomainError } from '../shared/errors';
import { requireReason } from '../shared/rules';
import { personKey } from '../shared/values';
import type { ProjectState } from '../state';
import type { CollectedSignature } from '../templates/approval-rule';
import type {
  GateSignaturesInvalidated,
  GateSignatureRevoked,
  PendingGateSignature,
  RevokeGateSignature,
} from './gates.payloads';

/** Events of a decision's signing; every other event changes the record a go signs. */
export const SIGNATURE_EVENT_TYPES: ReadonlySet<string> = new Set([
  'GateSignatureCollected',
  'GateSignatureRevoked',
  'GateSignaturesInvalidated',
]);

export function changesRecord(event: { type: string }): boolean {
  return !SIGNATURE_EVENT_TYPES.has(event.type);
}

/** The signatures standing toward the pending go: bound to the record as it is now (evidenceRevision). */
export function standingSignatures(state: ProjectState): PendingGateSignature[] {
  return state.pendingSignatures.filter((p) => p.signature.signedRevision === state.evidenceRevision);
}

/** As the approval rule counts them; the id is the revision of the signature's event. */
export function collectedOf(pending: readonly PendingGateSignature[]): CollectedSignature[] {
  return pending.map((p) => ({
    signatureId: String(p.revision),
    signerId: p.signature.signerId,
    role: p.signature.role,
    signedRevision: p.signature.signedRevision,
    contentHash: p.signature.contentHash,
    revoked: false,
  }));
}

export function decideRevocation(
  command: RevokeGateSignature,
  state: ProjectState,
  project: ProjectProfile,
): GateSignatureRevoked[] {
  const reason = requireReason(command.data.reason);
  const { actor, now } = command.metadata;
  const mine = standingSignatures(state).find((p) => personKey(p.signature.signerId) === personKey(actor.id));
  if (!mine) {
    throw new DomainError(
      'no_signature_to_revoke',
      'You have no signature standing on a gate decision of this project: none was given, or the decision was taken.',
      { signerId: personKey(actor.id) },
    );
  }
  const { signature, revision, fromStage, toStage, fromTemplateStage, toTemplateStage } = mine;
  return [
    {
      type: 'GateSignatureRevoked',
      data: {
        projectId: project.projectId,
        decision: 'go',
        fromStage,
        toStage,
        fromTemplateStage,
        toTemplateStage,
        signatureRevision: revision,
        signerId: signature.signerId,
        printedName: signature.printedName,
        role: signature.role,
        ...(signature.account ? { account: signature.account } : {}),
        signedRevision: signature.signedRevision,
        reason,
        revokedAt: now,
      },
    },
  ];
}

/**
 * `events` as decided, followed by a GateSignaturesInvalidated when one of them changes the record while signatures
 * stand toward a go: they no longer cover what the record shows, and the history says so where it happened. The go
 * that the signatures complete (StageAdvanced) consumes them instead.
 */
export function invalidatingSignatures<E extends { type: string }>(
  state: ProjectState,
  events: E[],
): (E | GateSignaturesInvalidated)[] {
  const pending = state.pendingSignatures;
  if (pending.length === 0 || events.some((e) => e.type === 'StageAdvanced')) return events;
  const cause = events.findIndex(changesRecord);
  if (cause < 0 || !state.profile) return events;
  const { fromStage, toStage, fromTemplateStage, toTemplateStage } = pending[0];
  const invalidated: GateSignaturesInvalidated = {
    type: 'GateSignaturesInvalidated',
    data: {
      projectId: state.profile.projectId,
      decision: 'go',
      fromStage,
      toStage,
      fromTemplateStage,
      toTemplateStage,
      invalidated: pending.map(({ revision, signature }) => ({
        signatureRevision: revision,
        signerId: signature.signerId,
        printedName: signature.printedName,
        role: signature.role,
        signedRevision: signature.signedRevision,
        ...(signature.contentHash ? { contentHash: signature.contentHash } : {}),
      })),
      causedBy: { type: events[cause].type, revision: state.revision + 1 + cause },
      reason: `The record changed (${events[cause].type}) before the decision had every signature its rule asks for: each signer must sign again.`,
    },
  };
  return [...events, invalidated];
}
