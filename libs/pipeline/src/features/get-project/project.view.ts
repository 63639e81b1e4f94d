import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { evidenceFor, evidenceMessage, EVIDENCE_CODES, goTargets, missingEvidence, nextStage, ProjectState, RECORD_KINDS, STAGES, PROJECT_STATUSES } from '../../domain';
import type { ConditionStatus, EvidenceCode, ProjectProfile, RecordKind, Role, Stage, ProjectStatus } from '../../domain';
import { CONDITION_STATUSES, isOverdue, ROLES } from '../../domain';
import { AUTHORITIES, describeTrack, PATHWAYS, regulatoryTracks, TRACK_STATUSES } from '../../domain';
import type { Authority, TrackStatus } from '../../domain';
import { DESIGNATION_PROGRAMMES, TRIAL_AUTHORISATIONS } from '../../domain/templates';
import { conditionHolds, evaluateRequirements, gateBetween, nextStageOf, openGatesFrom, phaseOf } from '../../domain/templates';
import { ApprovalRuleView, TemplateStageView } from '../templates/template.view';

class MissingEvidenceView {
  @ApiProperty({ example: 'ethics_approval' }) code: string;
  @ApiProperty({ example: 'An ethics committee approval for the clinical study' }) message: string;
}

class EvidenceRecordView {
  @ApiProperty({ enum: RECORD_KINDS }) kind: RecordKind;
  @ApiProperty({ description: "The record's id (for an approval, its submission's)" }) id: string;
  @ApiProperty({ description: 'What the record is called, as typed (title, version, standard, committee, predicate device, authority and pathway…)' }) title: string;
  @ApiProperty({ nullable: true, type: String, description: 'Its reference as typed (application, report, approval, registry or certificate number)' }) reference: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-01-12', description: 'The date the record carries (filed, built, tested, held, approved, completed…)' }) date: string | null;
}

class GateRequirementView {
  @ApiProperty({ example: EVIDENCE_CODES[0], description: "One of the fixed model's evidence codes, or the code the project's template gives the requirement" })
  code: string;
  @ApiProperty() message: string;
  @ApiProperty({ description: 'Records on file satisfy it' }) met: boolean;
  @ApiProperty({ type: [EvidenceRecordView], description: 'The records that satisfy it, by the gate rules' }) records: EvidenceRecordView[];
}

class GoTargetView {
  @ApiProperty({ enum: STAGES, description: 'The pipeline phase the go enters' }) stage: Stage;
  @ApiProperty({ nullable: true, type: String, description: "Under a template, the bound version's stage id the go enters (send it as targetTemplateStage); null under the fixed model" })
  templateStage: string | null;
  @ApiProperty({ type: [GateRequirementView], description: 'Every requirement of the gate to this stage, met or not, with the records that satisfy it' })
  requirements: GateRequirementView[];
}

class TemplateNextGateView {
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: "The gate's evidence requirements that apply to this project, as the template states them, in the order of nextGateEvidence",
  })
  evidence: object[];
  @ApiProperty({ type: ApprovalRuleView }) approval: ApprovalRuleView;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'A skip: the project facts under which it may be taken' })
  when?: object;
}

class TemplateBindingView {
  @ApiProperty({ example: 'fda_pma' }) templateId: string;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() name: string;
  @ApiProperty({ description: "The template stage the project is at (`stage` is that stage's pipeline phase)" }) stage: string;
  @ApiProperty({ nullable: true, type: String, description: 'The template stage a "go" would take it to' }) nextStage: string | null;
  @ApiProperty({ type: [TemplateStageView], description: "The bound version's stages in order (the project's path)" }) stages: TemplateStageView[];
  @ApiProperty({ type: () => TemplateNextGateView, nullable: true, description: "The bound version's gate to nextStage; null when there is none" })
  nextGate: TemplateNextGateView | null;
}

class ConditionPersonView {
  @ApiProperty({ example: 'dr-tan' }) id: string;
  @ApiProperty({ example: 'Dr. Tan Mei' }) name: string;
}

class ConditionClosedByView extends ConditionPersonView {
  @ApiProperty({ enum: ROLES }) role: Role;
}

/** A condition of a conditional go, open or closed. */
class ConditionView {
  @ApiProperty({ format: 'uuid' }) conditionId: string;
  @ApiProperty() text: string;
  @ApiProperty({ type: ConditionPersonView }) owner: ConditionPersonView;
  @ApiProperty({ type: String, format: 'date', example: '2026-06-30' }) dueOn: string;
  @ApiProperty({ enum: CONDITION_STATUSES }) status: ConditionStatus;
  @ApiProperty({ description: 'Open and past its due day (on the day viewed, UTC; as of asOf for a past view)' }) overdue: boolean;
  @ApiProperty({ enum: STAGES, description: 'The go that set it: from this stage' }) fromStage: Stage;
  @ApiProperty({ enum: STAGES, description: 'The go that set it: to this stage' }) toStage: Stage;
  @ApiPropertyOptional({ description: 'For a template-bound project: the template stage the go led to' }) toTemplateStage?: string;
  @ApiProperty({ format: 'date-time' }) setAt: string;
  @ApiProperty({ description: 'The revision of its ConditionSet event' }) revision: number;
  @ApiProperty({ nullable: true, type: String }) evidence: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'A document on the record that shows it' }) documentId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) closedAt: string | null;
  @ApiProperty({ nullable: true, type: ConditionClosedByView }) closedBy: ConditionClosedByView | null;
}

class TrackDesignationView {
  @ApiProperty({ format: 'uuid' }) designationId: string;
  @ApiProperty({ enum: DESIGNATION_PROGRAMMES }) programme: string;
  @ApiProperty({ example: 'Q250456' }) reference: string;
  @ApiProperty({ type: String, format: 'date' }) grantedOn: string;
}

class TrackTrialAuthorisationView {
  @ApiProperty({ format: 'uuid' }) authorisationId: string;
  @ApiProperty({ enum: TRIAL_AUTHORISATIONS }) form: string;
  @ApiProperty({ example: 'G250123' }) reference: string;
  @ApiProperty({ type: String, format: 'date' }) grantedOn: string;
  @ApiProperty({ nullable: true, type: String, description: 'The registered trial it covers' }) trialId: string | null;
}

class TrackSubmissionView {
  @ApiProperty() submissionId: string;
  @ApiProperty({ enum: PATHWAYS }) pathway: string;
  @ApiProperty() reference: string;
  @ApiProperty({ enum: ['under_review', 'deficiency_open', 'approved', 'rejected'] }) status: string;
  @ApiProperty({ type: String, format: 'date' }) filedOn: string;
  @ApiProperty({ description: 'Deficiency letters not yet answered' }) openDeficiencies: number;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'Approved or rejected on' }) decidedOn: string | null;
}

class TrackApprovalView {
  @ApiProperty() submissionId: string;
  @ApiProperty() certificateNumber: string;
  @ApiProperty({ type: String, format: 'date' }) approvedOn: string;
  @ApiProperty() deviceClass: string;
}

/** One target authority's regulatory track, derived from the record (domain/submissions/regulatory-tracks.ts). */
export class RegulatoryTrackView {
  @ApiProperty({ enum: AUTHORITIES }) authority: Authority;
  @ApiProperty({ enum: PATHWAYS, description: 'The pathway the project targets with this authority' }) pathway: string;
  @ApiProperty({
    enum: TRACK_STATUSES,
    description:
      'approved (an approval stands), deficiency_open (a deficiency letter awaits its answer), in_review (a submission is with the authority), rejected (every submission rejected, none pending), designated (a programme granted, nothing filed), trial_authorised (a study authorised, nothing filed), not_started',
  })
  status: TrackStatus;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'The day of the fact that set the status' }) since: string | null;
  @ApiProperty({ example: 'approved by NMPA', description: 'The status in words' }) summary: string;
  @ApiProperty({ type: [TrackDesignationView] }) designations: TrackDesignationView[];
  @ApiProperty({ type: [TrackTrialAuthorisationView] }) trialAuthorisations: TrackTrialAuthorisationView[];
  @ApiProperty({ type: [TrackSubmissionView], description: 'Submissions to this authority, oldest first' }) submissions: TrackSubmissionView[];
  @ApiProperty({ type: TrackApprovalView, nullable: true }) approval: TrackApprovalView | null;
}

/** A project as its stream folds today, or as the record showed it at `asOf`. */
export class ProjectView {
  @ApiProperty({ format: 'uuid' }) projectId: string;
  @ApiProperty({ example: 7, description: 'Stream revision; also the ETag' }) revision: number;
  @ApiPropertyOptional({ format: 'date-time', description: 'Present when the view is of a past instant' }) asOf?: string;
  @ApiProperty({ enum: STAGES }) stage: Stage;
  @ApiProperty({ enum: PROJECT_STATUSES }) status: ProjectStatus;
  @ApiProperty({ enum: STAGES, nullable: true, description: 'Where a "go" would take the project' }) nextStage: Stage | null;
  @ApiProperty({ type: [MissingEvidenceView], description: 'Evidence the next gate still needs' })
  missingEvidence: MissingEvidenceView[];
  @ApiProperty({ type: [GateRequirementView], description: "Every requirement of the next gate (to nextStage), met or not, with the records on file that satisfy it (the domain's gate rules)" })
  nextGateEvidence: GateRequirementView[];
  @ApiProperty({
    type: [GoTargetView],
    description:
      "Each stage a go may lead to, the next first, with its gate's requirements; any other target is refused. Under the fixed model: prototype → regulatory review for class I and II only. Under a template: the bound version's gates out of the current stage whose conditions hold (a skip among them). Empty unless the project is active",
  })
  goTargets: GoTargetView[];
  @ApiProperty({ type: () => TemplateBindingView, nullable: true, description: 'The pathway template version the project follows; null: the fixed model' })
  template: TemplateBindingView | null;
  @ApiProperty({ description: 'Title, device, risk class, targets, institution, lead clinician' })
  profile: ProjectProfile;
  @ApiProperty({ description: 'Every record by kind: disclosures, patents, prototypes, verificationTests, designReviews, ethicsApprovals, trials, equivalenceEvaluations, submissions, approvals, milestones, trialAuthorisations, designations', type: Object })
  records: Record<string, unknown[]>;
  @ApiProperty({ type: [Object] }) team: unknown[];
  @ApiProperty({ type: [Object] }) partners: unknown[];
  @ApiProperty({ type: [Object], description: 'Signed gate decisions, oldest first' }) gateDecisions: unknown[];
  @ApiProperty({ type: [Object], description: 'Stages entered, with when' }) stageHistory: unknown[];
  @ApiProperty({ type: [Object], description: 'Corrections: field, old value, new value, reason' }) corrections: unknown[];
  @ApiProperty({ type: [Object] }) retractions: unknown[];
  @ApiProperty({ type: [RegulatoryTrackView], description: 'One track per target authority, in the order of profile.targets' })
  regulatoryTracks: RegulatoryTrackView[];
  @ApiProperty({ type: [ConditionView], description: 'Conditions of conditional gos, oldest first; the next go is refused while one is open' })
  conditions: ConditionView[];
}

const RECORD_REGISTRIES = [
  'disclosures',
  'patents',
  'prototypes',
  'verificationTests',
  'designReviews',
  'ethicsApprovals',
  'trials',
  'equivalenceEvaluations',
  'submissions',
  'approvals',
  'milestones',
  'trialAuthorisations',
  'designations',
] as const;

export function toProjectView(state: ProjectState, asOf?: string): ProjectView {
  const profile = state.profile as ProjectProfile;
  // A project bound to a template: its next gate is the bound version's, judged on the day viewed.
  const bound = state.template ? templateGate(state, (asOf ?? new Date().toISOString()).slice(0, 10)) : null;
  return {
    projectId: profile.projectId,
    revision: state.revision,
    ...(asOf ? { asOf } : {}),
    stage: state.stage,
    status: state.status,
    nextStage: bound ? bound.nextPhase : state.status === 'active' ? nextStage(state) : null,
    missingEvidence: bound ? bound.missing : state.status === 'active' ? missingEvidence(state) : [],
    nextGateEvidence: bound ? bound.requirements : gateRequirements(state),
    goTargets: bound ? bound.targets : goTargets(state).map((stage) => ({ stage, templateStage: null, requirements: gateRequirements(state, stage) })),
    template: bound?.binding ?? null,
    profile,
    records: Object.fromEntries(RECORD_REGISTRIES.map((r) => [r, Object.values(state[r])])),
    team: Object.values(state.team),
    partners: Object.values(state.partners),
    gateDecisions: state.gateDecisions,
    stageHistory: state.stageHistory,
    corrections: state.corrections,
    retractions: state.retractions,
    regulatoryTracks: regulatoryTracks(state).map((t) => ({ ...t, summary: describeTrack(t) })),
    conditions: conditionsOf(state, (asOf ?? new Date().toISOString()).slice(0, 10)),
  };
}

function conditionsOf(state: ProjectState, today: string): ConditionView[] {
  return Object.values(state.conditions ?? {})
    .sort((a, b) => a.revision - b.revision)
    .map(({ gate, ...c }) => ({
      ...c,
      fromStage: gate.fromStage,
      toStage: gate.toStage,
      ...(gate.toTemplateStage ? { toTemplateStage: gate.toTemplateStage } : {}),
      overdue: isOverdue({ ...c, gate }, today),
    }));
}

// Where each kind of evidence lives, and how its record reads: kind, id, title, reference, date.
type Reader = (r: Record<string, unknown>) => Omit<EvidenceRecordView, 'kind'>;
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const EVIDENCE_RECORDS: Record<EvidenceCode, { kind: RecordKind; registry: keyof ProjectState; read: Reader }> = {
  invention_disclosure: { kind: 'invention_disclosure', registry: 'disclosures', read: (r) => ({ id: String(r.disclosureId), title: String(r.title), reference: null, date: text(r.disclosedOn) }) },
  patent_application_filed: { kind: 'patent', registry: 'patents', read: (r) => ({ id: String(r.patentId), title: String(r.title), reference: text(r.applicationNumber), date: text(r.filedOn) }) },
  prototype_built: { kind: 'prototype', registry: 'prototypes', read: (r) => ({ id: String(r.prototypeId), title: String(r.version), reference: null, date: text(r.builtOn) }) },
  verification_passed: { kind: 'verification_test', registry: 'verificationTests', read: (r) => ({ id: String(r.testId), title: String(r.standard), reference: text(r.reportReference), date: text(r.testedOn) }) },
  design_review_held: { kind: 'design_review', registry: 'designReviews', read: (r) => ({ id: String(r.reviewId), title: String(r.summary), reference: null, date: text(r.heldOn) }) },
  ethics_approval: { kind: 'ethics_approval', registry: 'ethicsApprovals', read: (r) => ({ id: String(r.ethicsApprovalId), title: String(r.committee), reference: text(r.reference), date: text(r.approvedOn) }) },
  equivalence_evaluation: { kind: 'equivalence_evaluation', registry: 'equivalenceEvaluations', read: (r) => ({ id: String(r.evaluationId), title: String(r.predicateDevice), reference: text(r.predicateReference), date: text(r.evaluatedOn) }) },
  trial_completed_endpoint_met: { kind: 'trial', registry: 'trials', read: (r) => ({ id: String(r.trialId), title: String(r.title), reference: text(r.registryId), date: text(r.completedOn) }) },
  submission_filed: { kind: 'submission', registry: 'submissions', read: (r) => ({ id: String(r.submissionId), title: `${String(r.authority)} ${String(r.pathway)}`, reference: text(r.reference), date: text(r.filedOn) }) },
  approval_granted: { kind: 'approval', registry: 'approvals', read: (r) => ({ id: String(r.submissionId), title: String(r.authority), reference: text(r.certificateNumber), date: text(r.approvedOn) }) },
};

/** The next gate's requirements with the records that satisfy each, as the domain's rules find them (evidenceFor). */
function gateRequirements(state: ProjectState, target: Stage | null = state.status === 'active' ? nextStage(state) : null): GateRequirementView[] {
  if (!target || !state.profile) return [];
  return evidenceFor(state, target).map(({ code, recordIds }) => {
    const where = EVIDENCE_RECORDS[code];
    const registry = state[where.registry] as unknown as Record<string, Record<string, unknown>>;
    const records = recordIds.filter((id) => Object.prototype.hasOwnProperty.call(registry, id)).map((id) => ({ kind: where.kind, ...where.read(registry[id]) }));
    return { code, message: evidenceMessage(code), met: recordIds.length > 0, records };
  });
}

function templateGate(state: ProjectState, day: string) {
  const { templateId, version, template } = state.template!;
  const at = state.templateStage!;
  const next = state.status === 'active' ? nextStageOf(template, at) : null;
  const gate = next ? gateBetween(template, at, next) : undefined;
  const results = gate ? evaluateRequirements(state, gate.evidence, day) : [];
  const requirementsOf = (evaluated: typeof results): GateRequirementView[] =>
    evaluated.map((r) => ({ code: r.code, message: r.message, met: r.recordIds.length > 0, records: r.recordIds.flatMap((id) => recordById(state, id)) }));
  // The gates a go may take from here: the next stage's first, then any other whose condition holds (a skip).
  const open = next ? openGatesFrom(template, state, at).sort((a, b) => Number(b.to === next) - Number(a.to === next)) : [];
  return {
    binding: {
      templateId,
      version,
      name: template.name,
      stage: at,
      nextStage: next,
      stages: template.stages,
      // The requirements evaluateRequirements reports, in its order, so each lines up with nextGateEvidence.
      nextGate: gate ? { evidence: gate.evidence.filter((r) => !r.when || conditionHolds(state, r.when)), approval: gate.approval, ...(gate.when ? { when: gate.when } : {}) } : null,
    },
    nextPhase: next ? phaseOf(template, next) : null,
    missing: results.filter((r) => r.recordIds.length === 0).map(({ code, message }) => ({ code, message })),
    requirements: requirementsOf(results),
    targets: open.map((g) => ({ stage: phaseOf(template, g.to), templateStage: g.to, requirements: requirementsOf(evaluateRequirements(state, g.evidence, day)) })),
  };
}

// Records only templates ask for (the fixed model's codes name none of them).
const TEMPLATE_RECORDS: { kind: RecordKind; registry: keyof ProjectState; read: Reader }[] = [
  { kind: 'trial_authorisation', registry: 'trialAuthorisations', read: (r) => ({ id: String(r.authorisationId), title: `${String(r.authority)} ${String(r.form)}`, reference: text(r.reference), date: text(r.grantedOn) }) },
  { kind: 'designation', registry: 'designations', read: (r) => ({ id: String(r.designationId), title: String(r.programme), reference: text(r.reference), date: text(r.grantedOn) }) },
];

// A record the template's evidence named, found in whichever registry holds its id (documents and such are left out).
function recordById(state: ProjectState, id: string): EvidenceRecordView[] {
  for (const where of [...Object.values(EVIDENCE_RECORDS), ...TEMPLATE_RECORDS]) {
    const registry = state[where.registry] as unknown as Record<string, Record<string, unknown>>;
    if (Object.prototype.hasOwnProperty.call(registry, id)) return [{ kind: where.kind, ...where.read(registry[id]) }];
  }
  return [];
}
