// A "go" on a project bound to a template: the bound version decides which gate leads where, under which
// condition, on what evidence, and whose signatures it needs. Refusals are the decider's typed errors.
import { DomainError } from '../shared/errors';
import { personKey } from '../shared/values';
import type { Role, Stage } from '../shared/values';
import { evaluateApproval, refuseSignature } from './approval-rule';
import type { ApprovalOutcome, CollectedSignature } from './approval-rule';
import type { EvidenceRecords, EvidenceResult } from './template.evidence';
import { checkGate, stageIndex } from './template.gates';
import type { PathwayTemplate, TemplateGate } from './template.model';

export interface TemplateGo {
  gate: TemplateGate;
  /** Template stage ids, and the pipeline phases they sit in. */
  fromTemplateStage: string;
  toTemplateStage: string;
  fromStage: Stage;
  toStage: Stage;
  evidence: { code: string; recordIds: string[] }[];
  /** The rule over the signatures standing plus this one: met, or what it still lacks. */
  approval: ApprovalOutcome;
}

/** The signatures already standing toward this go, and the revision every signature of it is bound to. */
export interface GoSigning {
  collected: readonly CollectedSignature[];
  revision: number;
}

/** The id `approval.counted` gives the signature being added now. */
export const THIS_SIGNATURE = 'this';

export function phaseOf(template: PathwayTemplate, stageId: string): Stage {
  const stage = template.stages[stageIndex(template, stageId)];
  if (!stage)
    throw new DomainError('invalid_stage_transition', `Template ${template.templateId} has no stage ${stageId}.`, {
      stage: stageId,
    });
  return stage.phase;
}

const messageOnly = (missing: EvidenceResult[]) => missing.map(({ code, message }) => ({ code, message }));

/**
 * The gate from `from` to `target` (null: the next stage) as of `day`, or the refusal: no such gate, its condition
 * unmet for this project, evidence missing, or a signature the rule refuses (the lead clinician, a role it does not
 * count, a person who already signed). Whether the rule is met with this signature is in `approval`.
 */
export function decideTemplateGo(
  template: PathwayTemplate,
  records: EvidenceRecords & { team: Record<string, { active: boolean }> },
  leadClinicianId: string,
  from: string,
  target: string | null,
  signer: { id: string; role: Role },
  day: string,
  signing: GoSigning = { collected: [], revision: 0 },
): TemplateGo {
  const check = checkGate(template, records, from, target, day);
  if (!check.ok) {
    const { refusal } = check;
    switch (refusal.code) {
      case 'no_gate':
        throw new DomainError('invalid_stage_transition', refusal.message, {
          fromStage: refusal.from,
          toStage: refusal.to,
        });
      case 'condition_not_met':
        throw new DomainError('gate_condition_not_met', refusal.message, {
          fromStage: refusal.from,
          toStage: refusal.to,
          condition: refusal.condition,
        });
      case 'evidence_missing':
        throw new DomainError('gate_evidence_missing', refusal.message, {
          fromStage: refusal.from,
          toStage: refusal.to,
          missing: messageOnly(refusal.missing),
        });
    }
  }
  const { gate, evidence } = check;
  const team = Object.entries(records.team)
    .filter(([, member]) => member.active)
    .map(([id]) => id);
  const context = { revision: signing.revision, leadClinicianId, team };
  const refusal = refuseSignature(gate.approval, signing.collected, context, signer);
  if (refusal) {
    const { code, message, ...rest } = refusal;
    throw new DomainError(code, message, {
      fromStage: gate.from,
      toStage: gate.to,
      signerId: personKey(signer.id),
      ...rest,
    });
  }
  const self: CollectedSignature = {
    signatureId: THIS_SIGNATURE,
    signerId: signer.id,
    role: signer.role,
    signedRevision: signing.revision,
    revoked: false,
  };
  const approval = evaluateApproval(gate.approval, [...signing.collected, self], context);
  return {
    gate,
    fromTemplateStage: gate.from,
    toTemplateStage: gate.to,
    fromStage: phaseOf(template, gate.from),
    toStage: phaseOf(template, gate.to),
    evidence: evidence.map(({ code, recordIds }) => ({ code, recordIds })),
    approval,
  };
}
