import type { ProjectProfile } from '../projects/projects.payloads';
import { DomainError } from '../shared/errors';
import { isPastDate, required, requireReason } from '../shared/rules';
import type { CommandMetadata } from '../shared/shapes';
import { personKey, Stage, STAGES } from '../shared/values';
import type { ProjectState } from '../state';
import { decideTemplateGo, THIS_SIGNATURE } from '../templates/template-go';
import { collectedOf, decideRevocation, standingSignatures } from './gate-signatures';
import { stageIndex } from '../templates/template.gates';
import { evidenceFor, gateEvidence, isClassIIISkip, missingEvidence, nextStage } from './gate-evidence';
import type {
  AdvanceStage,
  GateCommand,
  GateDecision,
  GateEvent,
  GateSignatureCollected,
  GateSignatureRevoked,
  RecordPaperGateDecision,
  Signature,
  SignatureInput,
  StageAdvanced,
} from './gates.payloads';

export function decideGate(
  command: GateCommand,
  state: ProjectState,
  project: ProjectProfile,
): (GateEvent | GateSignatureCollected | GateSignatureRevoked)[] {
  switch (command.type) {
    case 'AdvanceStage': {
      // Under a template every signature of a go is bound to the record as last changed, not to signature events.
      const signedRevision = state.template ? state.evidenceRevision : state.revision;
      const signature = sign(command.data.signature, command.metadata, state, project, signedRevision);
      if (state.template) return [templateGo(command, state, project, signature)];
      const from = state.stage;
      const to = command.data.targetStage ?? nextStage(state);
      if (to && isClassIIISkip(state, from, to)) {
        throw new DomainError(
          'class_iii_cannot_skip_clinical_validation',
          'A class III device must pass clinical validation before regulatory review.',
          { riskClass: project.riskClass },
        );
      }
      if (!to || !gateEvidence(from, to)) {
        throw new DomainError('invalid_stage_transition', `No gate leads from ${from} to ${to ?? 'nowhere'}.`, {
          fromStage: from,
          toStage: to,
        });
      }
      const missing = missingEvidence(state, to);
      if (missing.length > 0) {
        throw new DomainError('gate_evidence_missing', `The ${from} → ${to} gate lacks evidence.`, {
          fromStage: from,
          toStage: to,
          missing,
        });
      }
      const evidence = evidenceFor(state, to);
      return [{ type: 'StageAdvanced', data: gate(project, state, 'go', to, null, signature, { evidence }) }];
    }
    case 'KillProject': {
      const reason = requireReason(command.data.reason);
      const signature = sign(command.data.signature, command.metadata, state, project);
      return [{ type: 'ProjectKilled', data: gate(project, state, 'kill', state.stage, reason, signature, {}) }];
    }
    case 'PutProjectOnHold': {
      const reason = requireReason(command.data.reason);
      const signature = sign(command.data.signature, command.metadata, state, project);
      return [{ type: 'ProjectPutOnHold', data: gate(project, state, 'hold', state.stage, reason, signature, {}) }];
    }
    case 'ResumeProject': {
      if (state.status !== 'on_hold') {
        throw new DomainError('project_not_on_hold', 'Only a project on hold can be resumed.', {
          status: state.status,
        });
      }
      const signature = sign(command.data.signature, command.metadata, state, project);
      const reason = command.data.reason?.trim() || null;
      return [{ type: 'ProjectResumed', data: gate(project, state, 'resume', state.stage, reason, signature, {}) }];
    }
    case 'RecycleProject': {
      const reason = requireReason(command.data.reason);
      const { toStage } = command.data;
      if (state.template) {
        const back = templateRecycleTarget(state, command.data.toTemplateStage ?? toStage);
        const signature = sign(command.data.signature, command.metadata, state, project);
        const stages = { fromTemplateStage: state.templateStage, toTemplateStage: back.toTemplateStage };
        return [
          { type: 'ProjectRecycled', data: gate(project, state, 'recycle', back.toStage, reason, signature, stages) },
        ];
      }
      if (!(STAGES.indexOf(toStage) < STAGES.indexOf(state.stage))) {
        throw new DomainError('invalid_recycle_target', `A recycle goes back to a stage before ${state.stage}.`, {
          fromStage: state.stage,
          toStage,
        });
      }
      const signature = sign(command.data.signature, command.metadata, state, project);
      return [{ type: 'ProjectRecycled', data: gate(project, state, 'recycle', toStage, reason, signature, {}) }];
    }
    case 'RecordPaperGateDecision':
      return [paperGateDecision(command, state, project)];
    case 'RevokeGateSignature':
      return decideRevocation(command, state, project);
    default: {
      const unhandled: never = command;
      throw new Error(`Unhandled command ${(unhandled as { type: string }).type}`);
    }
  }
}

// The same gates as the signed decisions (stage order, class III through clinical validation, a reason to kill, hold
// or recycle, resume only from hold), taken on paper on a past day: the paper's reference and decider are kept, no
// signature is made. The evidence on the record then is listed; a paper decision is not refused for records the
// portfolio does not hold.
function paperGateDecision(command: RecordPaperGateDecision, state: ProjectState, project: ProjectProfile): GateEvent {
  const d = command.data;
  const { now } = command.metadata;
  required({
    'paper.reference': d.paper?.reference,
    'paper.decidedBy': d.paper?.decidedBy,
    'paper.decidedOn': d.paper?.decidedOn,
  });
  if (!isPastDate(d.paper.decidedOn, now)) {
    throw new DomainError('invalid_date', `paper.decidedOn ${d.paper.decidedOn} is not a past day (YYYY-MM-DD).`, {
      field: 'paper.decidedOn',
      value: d.paper.decidedOn,
    });
  }
  const paper = {
    reference: d.paper.reference.trim(),
    decidedBy: d.paper.decidedBy.trim(),
    decidedOn: d.paper.decidedOn,
  };
  const base = { projectId: project.projectId, fromStage: state.stage, paper };
  // Imports bring fixed-model projects only: a template's stages are never moved by paper.
  if (state.template && (d.decision === 'go' || d.decision === 'recycle')) {
    throw new DomainError('invalid_stage_transition', 'A paper decision moves only a project under the fixed model.', {
      templateId: state.template.templateId,
    });
  }
  switch (d.decision) {
    case 'go': {
      const from = state.stage;
      const to = d.toStage ?? nextStage(state);
      if (to && isClassIIISkip(state, from, to)) {
        throw new DomainError(
          'class_iii_cannot_skip_clinical_validation',
          'A class III device must pass clinical validation before regulatory review.',
          { riskClass: project.riskClass },
        );
      }
      if (!to || !gateEvidence(from, to)) {
        throw new DomainError('invalid_stage_transition', `No gate leads from ${from} to ${to ?? 'nowhere'}.`, {
          fromStage: from,
          toStage: to,
        });
      }
      const evidence = evidenceFor(state, to);
      return {
        type: 'StageAdvanced',
        data: { ...base, decision: 'go', toStage: to, reason: d.reason?.trim() || null, evidence },
      };
    }
    case 'kill':
      return {
        type: 'ProjectKilled',
        data: { ...base, decision: 'kill', toStage: state.stage, reason: requireReason(d.reason) },
      };
    case 'hold':
      return {
        type: 'ProjectPutOnHold',
        data: { ...base, decision: 'hold', toStage: state.stage, reason: requireReason(d.reason) },
      };
    case 'resume':
      if (state.status !== 'on_hold') {
        throw new DomainError('project_not_on_hold', 'Only a project on hold can be resumed.', {
          status: state.status,
        });
      }
      return {
        type: 'ProjectResumed',
        data: { ...base, decision: 'resume', toStage: state.stage, reason: d.reason?.trim() || null },
      };
    case 'recycle': {
      const reason = requireReason(d.reason);
      const toStage = d.toStage;
      if (!toStage || !(STAGES.indexOf(toStage) < STAGES.indexOf(state.stage))) {
        throw new DomainError('invalid_recycle_target', `A recycle goes back to a stage before ${state.stage}.`, {
          fromStage: state.stage,
          toStage,
        });
      }
      return { type: 'ProjectRecycled', data: { ...base, decision: 'recycle', toStage, reason } };
    }
    default: {
      const unknown: never = d.decision;
      throw new DomainError('invalid_stage_transition', `Unknown gate decision ${String(unknown)}.`);
    }
  }
}

export function sign(
  input: SignatureInput,
  metadata: CommandMetadata,
  state: ProjectState,
  project: ProjectProfile,
  signedRevision: number = state.revision,
): Signature {
  const { actor, now } = metadata;
  if (!input.meaning?.trim() || !input.printedName?.trim()) {
    throw new DomainError(
      'signature_incomplete',
      'A gate decision needs a printed name and the meaning of the signature.',
    );
  }
  // Independent review: whoever champions the project may not pass its gates, under any of their accounts.
  if (personKey(actor.id) === personKey(project.leadClinician.id)) {
    throw new DomainError('signer_is_lead_clinician', "The lead clinician cannot sign this project's gate decisions.", {
      signerId: actor.id,
    });
  }
  return {
    signerId: actor.id,
    printedName: input.printedName.trim(),
    role: actor.role,
    meaning: input.meaning.trim(),
    signedAt: now,
    signedRevision,
    ...(actor.account ? { account: actor.account } : {}),
  };
}

function gate<D extends GateDecision, Extra extends object>(
  project: ProjectProfile,
  state: ProjectState,
  decision: D,
  toStage: Stage,
  reason: string | null,
  signature: Signature,
  extra: Extra,
) {
  const data = { projectId: project.projectId, decision, fromStage: state.stage, toStage, reason, signature, ...extra };
  return data as Extract<GateEvent, { data: { decision: D } }>['data'];
}

// A project bound to a pathway template: the version it is bound to decides the gate (templates/), on the day signed.
// A gate whose rule this signature does not complete collects it (GateSignatureCollected); the one that completes
// it moves the stage, listing every signature counted.
function templateGo(
  command: AdvanceStage,
  state: ProjectState,
  project: ProjectProfile,
  signature: Signature,
): StageAdvanced | GateSignatureCollected {
  const { actor, now } = command.metadata;
  const target = command.data.targetTemplateStage ?? command.data.targetStage ?? null;
  const standing = standingSignatures(state);
  const go = decideTemplateGo(
    state.template!.template,
    state,
    project.leadClinician.id,
    state.templateStage!,
    target ?? standing[0]?.toTemplateStage ?? null,
    actor,
    now.slice(0, 10),
    { collected: collectedOf(standing), revision: state.evidenceRevision },
  );
  // One decision at a time: signatures standing toward another gate are revoked (or invalidated) first.
  const other = standing.find((p) => p.toTemplateStage !== go.toTemplateStage);
  if (other) {
    throw new DomainError(
      'gate_decision_pending',
      `A go to ${other.toTemplateStage} is collecting signatures; it must be completed or its signatures revoked first.`,
      { fromStage: other.fromTemplateStage, toStage: other.toTemplateStage },
    );
  }
  const stages = { fromTemplateStage: go.fromTemplateStage, toTemplateStage: go.toTemplateStage };
  if (!go.approval.met) {
    return {
      type: 'GateSignatureCollected',
      data: {
        projectId: project.projectId,
        decision: 'go',
        fromStage: go.fromStage,
        toStage: go.toStage,
        ...stages,
        signature,
        evidence: go.evidence,
        missing: go.approval.missing,
      },
    };
  }
  const extra = { evidence: go.evidence, ...stages };
  if (standing.length === 0) {
    return { type: 'StageAdvanced', data: gate(project, state, 'go', go.toStage, null, signature, extra) };
  }
  const byId = new Map(standing.map((p) => [String(p.revision), p.signature]));
  const signatures = go.approval.counted.map((c) =>
    c.signatureId === THIS_SIGNATURE ? signature : byId.get(c.signatureId)!,
  );
  return {
    type: 'StageAdvanced',
    data: gate(project, state, 'go', go.toStage, null, signature, { ...extra, signatures }),
  };
}

function templateRecycleTarget(state: ProjectState, target: string): { toStage: Stage; toTemplateStage: string } {
  const template = state.template!.template;
  const to = stageIndex(template, target);
  if (to < 0 || to >= stageIndex(template, state.templateStage!)) {
    throw new DomainError('invalid_recycle_target', `A recycle goes back to a stage before ${state.templateStage}.`, {
      fromStage: state.templateStage,
      toStage: target,
    });
  }
  return { toStage: template.stages[to].phase, toTemplateStage: target };
}
