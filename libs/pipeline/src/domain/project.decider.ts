import { AcceptIdea, CommandMetadata, DeclineIdea, ProjectCommand, ProjectCommandType, ProposeProject, RecordPaperGateDecision, ResubmitIdea, SubmitIdea } from './project.commands';
import { decideDocument } from './project.documents';
import { DomainError, DomainErrorCode } from './project.errors';
import { GateEvent, ProjectEvent, ProjectProposed } from './project.events';
import {
  evidenceFor,
  findRecord,
  gateEvidence,
  IdeaRecord,
  missingEvidence,
  nextStage,
  ProjectProfile,
  ProjectState,
} from './project.state';
import {
  Authority,
  CorrectableValue,
  DESIGN_REVIEW_OUTCOMES,
  DEVICE_CLASSES_BY_AUTHORITY,
  GateDecision,
  IdeaDisclosure,
  IdeaProposal,
  isValidPersonKey,
  PARTNER_KINDS,
  PARTNER_ROLES,
  PATENT_KINDS,
  PATHWAYS_BY_AUTHORITY,
  Pathway,
  Person,
  personKey,
  RecordKind,
  RegulatoryTarget,
  RiskClass,
  Role,
  Signature,
  SignatureInput,
  Stage,
  STAGES,
  TEST_RESULTS,
  TRIAL_REGISTRIES,
} from './project.values';

// Who may issue each command. Management only reads; admin runs the platform, not project records.
const OFFICE: readonly Role[] = ['innovation_office'];
const OFFICE_OR_CLINICIAN: readonly Role[] = ['innovation_office', 'clinician'];
export const PERMITTED_ROLES: Readonly<Record<ProjectCommandType, readonly Role[]>> = {
  ProposeProject: OFFICE,
  // Ideas come from the clinicians; the innovation office screens them.
  SubmitIdea: ['clinician'],
  ResubmitIdea: ['clinician'],
  AcceptIdea: OFFICE,
  DeclineIdea: OFFICE,
  RecordInventionDisclosure: OFFICE,
  FilePatent: OFFICE,
  RecordPatentPublished: OFFICE,
  RecordPatentGranted: OFFICE,
  AbandonPatent: OFFICE,
  RecordPrototypeBuilt: OFFICE_OR_CLINICIAN,
  RecordVerificationTest: OFFICE,
  RecordDesignReview: OFFICE,
  RecordEthicsApproval: OFFICE,
  RegisterTrial: OFFICE,
  RecordFirstPatientIn: OFFICE_OR_CLINICIAN,
  UpdateEnrolment: OFFICE_OR_CLINICIAN,
  CompleteTrial: OFFICE_OR_CLINICIAN,
  RecordEquivalenceEvaluation: OFFICE,
  FileSubmission: OFFICE,
  RecordSubmissionDeficiency: OFFICE,
  AnswerSubmissionDeficiency: OFFICE,
  RecordSubmissionApproval: OFFICE,
  RecordSubmissionRejection: OFFICE,
  AddTeamMember: OFFICE,
  RemoveTeamMember: OFFICE,
  AddPartner: OFFICE,
  RemovePartner: OFFICE,
  LogMilestone: OFFICE_OR_CLINICIAN,
  // Clinicians may correct or retract only milestones they logged themselves (checked below).
  CorrectRecord: OFFICE_OR_CLINICIAN,
  RetractRecord: OFFICE_OR_CLINICIAN,
  AdvanceStage: OFFICE,
  KillProject: OFFICE,
  PutProjectOnHold: OFFICE,
  ResumeProject: OFFICE,
  RecycleProject: OFFICE,
  // Who may attach to which record is decided per record kind (project.documents.ts).
  AttachDocument: OFFICE_OR_CLINICIAN,
  SupersedeDocument: OFFICE_OR_CLINICIAN,
  // Nobody issues it directly: only a portfolio import (below) brings in decisions taken on paper.
  RecordPaperGateDecision: [],
};

/**
 * What a portfolio import may bring in: the records of a project's past and its gate decisions taken on paper,
 * issued by an admin with the file and row named in the command (metadata.imported). Never a signature.
 */
export const IMPORTABLE: ReadonlySet<ProjectCommandType> = new Set<ProjectCommandType>([
  'ProposeProject',
  'RecordInventionDisclosure',
  'FilePatent',
  'RecordPatentPublished',
  'RecordPatentGranted',
  'AbandonPatent',
  'RecordPrototypeBuilt',
  'RecordVerificationTest',
  'RecordDesignReview',
  'RecordEthicsApproval',
  'RegisterTrial',
  'RecordFirstPatientIn',
  'UpdateEnrolment',
  'CompleteTrial',
  'RecordEquivalenceEvaluation',
  'FileSubmission',
  'RecordSubmissionDeficiency',
  'AnswerSubmissionDeficiency',
  'RecordSubmissionApproval',
  'RecordSubmissionRejection',
  'AddTeamMember',
  'AddPartner',
  'LogMilestone',
  'RecordPaperGateDecision',
]);

function permitted(command: ProjectCommand): boolean {
  const { actor, imported } = command.metadata;
  if (imported) return actor.role === 'admin' && IMPORTABLE.has(command.type);
  return PERMITTED_ROLES[command.type].includes(actor.role);
}

function notPermitted(command: ProjectCommand): DomainError {
  const { actor, imported } = command.metadata;
  if (command.type === 'RecordPaperGateDecision' && !imported) {
    return new DomainError('paper_decision_only_by_import', 'A gate decision taken on paper is recorded only by a portfolio import.');
  }
  return new DomainError('role_not_permitted', `Role ${actor.role} may not ${command.type}${imported ? ' in an import' : ''}.`, {
    role: actor.role,
    command: command.type,
  });
}

// A paused project takes only the way out (resume, kill) and fixes to its record: keeping the
// record accurate (ALCOA+) must never wait for the project to restart.
export const ALLOWED_ON_HOLD: ReadonlySet<ProjectCommandType> = new Set<ProjectCommandType>([
  'ResumeProject',
  'KillProject',
  'CorrectRecord',
  'RetractRecord',
  'AttachDocument',
  'SupersedeDocument',
]);

const GATE_COMMANDS: ReadonlySet<ProjectCommandType> = new Set<ProjectCommandType>([
  'AdvanceStage',
  'KillProject',
  'PutProjectOnHold',
  'ResumeProject',
  'RecycleProject',
  'RecordPaperGateDecision',
]);

type IdeaCommand = SubmitIdea | ResubmitIdea | AcceptIdea | DeclineIdea;
const IDEA_COMMANDS: ReadonlySet<ProjectCommandType> = new Set(['SubmitIdea', 'ResubmitIdea', 'AcceptIdea', 'DeclineIdea']);
const isIdeaCommand = (command: ProjectCommand): command is IdeaCommand => IDEA_COMMANDS.has(command.type);

export function decide(command: ProjectCommand, state: ProjectState): ProjectEvent[] {
  // An idea comes before the project: its commands find no profile yet.
  if (isIdeaCommand(command)) return decideIdea(command, state);
  const project = authorize(command, state);
  const { actor } = command.metadata;
  switch (command.type) {
    case 'ProposeProject':
      // An imported project began when its row says, not when it was typed in.
      return [{ type: 'ProjectProposed', data: proposal(command.data, command.metadata.imported?.occurredAt ?? command.metadata.now) }];

    case 'RecordInventionDisclosure':
      unique(state.disclosures, 'invention_disclosure', command.data.disclosureId);
      required({ title: command.data.title, disclosedOn: command.data.disclosedOn });
      return [{ type: 'InventionDisclosureRecorded', data: command.data }];

    case 'FilePatent': {
      const d = command.data;
      unique(state.patents, 'patent', d.patentId);
      required({ jurisdiction: d.jurisdiction, applicationNumber: d.applicationNumber, filedOn: d.filedOn });
      return [{ type: 'PatentFiled', data: d }];
    }
    case 'RecordPatentPublished':
      patentFor(state, command.data.patentId, 'publish');
      required({ publicationNumber: command.data.publicationNumber, publishedOn: command.data.publishedOn });
      return [{ type: 'PatentPublished', data: command.data }];
    case 'RecordPatentGranted':
      patentFor(state, command.data.patentId, 'grant');
      required({ patentNumber: command.data.patentNumber, grantedOn: command.data.grantedOn });
      return [{ type: 'PatentGranted', data: command.data }];
    case 'AbandonPatent':
      patentFor(state, command.data.patentId, 'abandon');
      requireReason(command.data.reason);
      return [{ type: 'PatentAbandoned', data: command.data }];

    case 'RecordPrototypeBuilt': {
      const d = command.data;
      unique(state.prototypes, 'prototype', d.prototypeId);
      required({ version: d.version, builtOn: d.builtOn });
      const sameVersion = Object.values(state.prototypes).find((p) => !p.retracted && p.version === d.version);
      if (sameVersion) {
        throw new DomainError('prototype_version_exists', `Prototype version ${d.version} is already recorded.`, {
          version: d.version,
          prototypeId: sameVersion.prototypeId,
        });
      }
      return [{ type: 'PrototypeBuilt', data: d }];
    }
    case 'RecordVerificationTest': {
      const d = command.data;
      unique(state.verificationTests, 'verification_test', d.testId);
      required({ standard: d.standard, lab: d.lab, testedOn: d.testedOn });
      const prototype = state.prototypes[d.prototypeId];
      if (!prototype) throw notFound('prototype_not_found', 'prototype', d.prototypeId);
      notRetracted(prototype, 'prototype', d.prototypeId);
      return [{ type: 'VerificationTestRecorded', data: d }];
    }
    case 'RecordDesignReview':
      unique(state.designReviews, 'design_review', command.data.reviewId);
      required({ heldOn: command.data.heldOn });
      return [{ type: 'DesignReviewHeld', data: command.data }];
    case 'RecordEthicsApproval': {
      const d = command.data;
      unique(state.ethicsApprovals, 'ethics_approval', d.ethicsApprovalId);
      required({ committee: d.committee, reference: d.reference, approvedOn: d.approvedOn });
      return [{ type: 'EthicsApprovalRecorded', data: d }];
    }

    case 'RegisterTrial': {
      const d = command.data;
      unique(state.trials, 'trial', d.trialId);
      required({ registryId: d.registryId, registeredOn: d.registeredOn });
      if (!Number.isInteger(d.targetEnrolment) || d.targetEnrolment < 1 || d.targetEnrolment > MAX_COUNT) {
        throw new DomainError('invalid_count', `Target enrolment must be a whole number from 1 to ${MAX_COUNT}.`, {
          field: 'targetEnrolment',
          value: d.targetEnrolment,
        });
      }
      return [{ type: 'TrialRegistered', data: d }];
    }
    case 'RecordFirstPatientIn': {
      trialFor(state, command.data.trialId, 'registered');
      // No patient may be enrolled before an ethics committee has approved the study.
      const approved = Object.values(state.ethicsApprovals).some((e) => !e.retracted);
      if (!approved) {
        throw new DomainError('ethics_approval_required', 'Record the ethics approval before the first patient in.');
      }
      return [{ type: 'FirstPatientEnrolled', data: command.data }];
    }
    case 'UpdateEnrolment': {
      const d = command.data;
      const trial = trialFor(state, d.trialId, 'recruiting');
      if (!Number.isInteger(d.enrolled) || d.enrolled < 0 || d.enrolled > MAX_COUNT) {
        throw new DomainError('invalid_count', `Enrolled must be a whole number from 0 to ${MAX_COUNT}.`, {
          field: 'enrolled',
          value: d.enrolled,
        });
      }
      // Enrolled counts people ever enrolled; a lower number is a mistake to fix by correction.
      if (d.enrolled < trial.enrolled) {
        throw new DomainError('enrolment_cannot_decrease', `Enrolment is already ${trial.enrolled}.`, {
          current: trial.enrolled,
          enrolled: d.enrolled,
        });
      }
      const targetEnrolment = trial.targetEnrolment;
      return [
        { type: 'EnrolmentUpdated', data: { ...d, targetEnrolment, overTarget: d.enrolled > targetEnrolment } },
      ];
    }
    case 'CompleteTrial':
      trialFor(state, command.data.trialId, 'recruiting');
      required({ completedOn: command.data.completedOn });
      return [{ type: 'TrialCompleted', data: command.data }];
    case 'RecordEquivalenceEvaluation': {
      const d = command.data;
      if (project.riskClass === 'III') {
        throw new DomainError(
          'equivalence_only_for_class_i_ii',
          'Clinical evaluation by equivalence is open to class I and II devices only.',
          { riskClass: project.riskClass },
        );
      }
      unique(state.equivalenceEvaluations, 'equivalence_evaluation', d.evaluationId);
      required({ predicateDevice: d.predicateDevice, evaluatedOn: d.evaluatedOn });
      return [{ type: 'EquivalenceEvaluationRecorded', data: d }];
    }

    case 'FileSubmission': {
      const d = command.data;
      unique(state.submissions, 'submission', d.submissionId);
      required({ reference: d.reference, filedOn: d.filedOn });
      checkPathway(d.authority, d.pathway);
      if (d.authority === 'NMPA' && d.pathway === 'innovative_special_review') requireChineseInventionPatent(state);
      return [{ type: 'SubmissionFiled', data: d }];
    }
    case 'RecordSubmissionDeficiency':
      submissionFor(state, command.data.submissionId, ['under_review', 'deficiency_open']);
      required({ receivedOn: command.data.receivedOn, summary: command.data.summary });
      return [{ type: 'SubmissionDeficiencyReceived', data: command.data }];
    case 'AnswerSubmissionDeficiency':
      submissionFor(state, command.data.submissionId, ['deficiency_open']);
      required({ answeredOn: command.data.answeredOn, summary: command.data.summary });
      return [{ type: 'SubmissionDeficiencyAnswered', data: command.data }];
    case 'RecordSubmissionApproval': {
      const d = command.data;
      // An authority decides only once every deficiency letter has been answered.
      const submission = submissionFor(state, d.submissionId, ['under_review']);
      required({ certificateNumber: d.certificateNumber, approvedOn: d.approvedOn, deviceClass: d.deviceClass });
      const classes: readonly string[] = DEVICE_CLASSES_BY_AUTHORITY[submission.authority];
      if (!classes.includes(d.deviceClass)) {
        const message = `${submission.authority} has no device class ${d.deviceClass}.`;
        throw new DomainError('invalid_regulatory_target', message, {
          authority: submission.authority,
          deviceClass: d.deviceClass,
          allowed: classes,
        });
      }
      return [{ type: 'SubmissionApproved', data: { ...d, authority: submission.authority } }];
    }
    case 'RecordSubmissionRejection':
      submissionFor(state, command.data.submissionId, ['under_review', 'deficiency_open']);
      requireReason(command.data.reason);
      return [{ type: 'SubmissionRejected', data: command.data }];

    case 'AddTeamMember': {
      const { teamRole } = command.data;
      required({ 'member.id': command.data.member.id, 'member.name': command.data.member.name });
      const member = person(command.data.member, 'member.id');
      if (teamRole === 'lead_clinician') {
        throw new DomainError('invalid_team_role', 'The lead clinician is named when the project is proposed.');
      }
      if (state.team[member.id]?.active) {
        throw new DomainError('already_a_team_member', `${member.name} is already on the team.`, { memberId: member.id });
      }
      return [{ type: 'TeamMemberAdded', data: { ...command.data, member } }];
    }
    case 'RemoveTeamMember': {
      const memberId = personKey(command.data.memberId);
      if (!state.team[memberId]?.active) throw notFound('team_member_not_found', 'team member', command.data.memberId);
      if (memberId === personKey(project.leadClinician.id)) {
        throw new DomainError('cannot_remove_lead_clinician', 'The lead clinician cannot leave the team.', { memberId });
      }
      return [{ type: 'TeamMemberRemoved', data: { ...command.data, memberId } }];
    }
    case 'AddPartner': {
      const { partner } = command.data;
      required({ 'partner.partnerId': partner.partnerId, 'partner.name': partner.name });
      unique(state.partners, 'partner', partner.partnerId);
      return [{ type: 'PartnerAdded', data: command.data }];
    }
    case 'RemovePartner':
      if (!state.partners[command.data.partnerId]?.active) {
        throw notFound('partner_not_found', 'partner', command.data.partnerId);
      }
      return [{ type: 'PartnerRemoved', data: command.data }];

    case 'LogMilestone': {
      const d = command.data;
      unique(state.milestones, 'milestone', d.milestoneId);
      required({ title: d.title, occurredOn: d.occurredOn });
      return [{ type: 'MilestoneLogged', data: { ...d, loggedBy: actor.id } }];
    }

    case 'CorrectRecord': {
      const d = command.data;
      requireReason(d.reason);
      const record = editableRecord(state, d.target, command.metadata);
      // Own properties only: `constructor` or `__proto__` name no field of any record.
      const fields = CORRECTABLE_FIELDS[d.target.kind];
      const spec: FieldSpec | undefined = Object.hasOwn(fields, d.field) ? fields[d.field] : undefined;
      const current = (Object.hasOwn(record, d.field) ? record[d.field] : undefined) as CorrectableValue | undefined;
      // Only a value that was recorded can be corrected; filling a blank is a new record, not a correction.
      if (!spec || current === undefined || current === null) {
        throw new DomainError('field_not_correctable', `${d.target.kind}.${d.field} cannot be corrected.`, {
          kind: d.target.kind,
          field: d.field,
          correctable: Object.keys(CORRECTABLE_FIELDS[d.target.kind]),
        });
      }
      if (current !== d.oldValue) {
        throw new DomainError('correction_old_value_mismatch', 'The old value does not match the record.', {
          field: d.field,
          current,
          oldValue: d.oldValue,
        });
      }
      if (d.newValue === d.oldValue) {
        throw new DomainError('correction_no_change', 'The new value equals the old value.', { field: d.field });
      }
      if (!fits(spec, d.newValue, command.metadata.now)) {
        throw new DomainError('invalid_correction_value', `Not a valid value for ${d.field}.`, {
          field: d.field,
          newValue: d.newValue,
          expected: spec,
        });
      }
      return [{ type: 'RecordCorrected', data: d }];
    }
    case 'RetractRecord': {
      const d = command.data;
      requireReason(d.reason);
      // The type already excludes them; the check guards untyped callers.
      const kind = d.target.kind as RecordKind;
      if (kind === 'project' || kind === 'partner') {
        throw new DomainError('record_not_retractable', `A ${kind} cannot be retracted.`, { kind });
      }
      editableRecord(state, d.target, command.metadata);
      return [{ type: 'RecordRetracted', data: d }];
    }

    case 'AdvanceStage': {
      const signature = sign(command.data.signature, command.metadata, state, project);
      const from = state.stage;
      const to = command.data.targetStage ?? nextStage(state);
      if (to === 'regulatory_review' && from === 'prototype' && project.riskClass === 'III') {
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
        throw new DomainError('project_not_on_hold', 'Only a project on hold can be resumed.', { status: state.status });
      }
      const signature = sign(command.data.signature, command.metadata, state, project);
      const reason = command.data.reason?.trim() || null;
      return [{ type: 'ProjectResumed', data: gate(project, state, 'resume', state.stage, reason, signature, {}) }];
    }
    case 'RecycleProject': {
      const reason = requireReason(command.data.reason);
      const { toStage } = command.data;
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
    case 'AttachDocument':
    case 'SupersedeDocument':
      return decideDocument(command, state);
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
  required({ 'paper.reference': d.paper?.reference, 'paper.decidedBy': d.paper?.decidedBy, 'paper.decidedOn': d.paper?.decidedOn });
  if (!isPastDate(d.paper.decidedOn, now)) {
    throw new DomainError('invalid_date', `paper.decidedOn ${d.paper.decidedOn} is not a past day (YYYY-MM-DD).`, {
      field: 'paper.decidedOn',
      value: d.paper.decidedOn,
    });
  }
  const paper = { reference: d.paper.reference.trim(), decidedBy: d.paper.decidedBy.trim(), decidedOn: d.paper.decidedOn };
  const base = { projectId: project.projectId, fromStage: state.stage, paper };
  switch (d.decision) {
    case 'go': {
      const from = state.stage;
      const to = d.toStage ?? nextStage(state);
      if (to === 'regulatory_review' && from === 'prototype' && project.riskClass === 'III') {
        throw new DomainError(
          'class_iii_cannot_skip_clinical_validation',
          'A class III device must pass clinical validation before regulatory review.',
          { riskClass: project.riskClass },
        );
      }
      if (!to || !gateEvidence(from, to)) {
        throw new DomainError('invalid_stage_transition', `No gate leads from ${from} to ${to ?? 'nowhere'}.`, { fromStage: from, toStage: to });
      }
      const evidence = evidenceFor(state, to);
      return { type: 'StageAdvanced', data: { ...base, decision: 'go', toStage: to, reason: d.reason?.trim() || null, evidence } };
    }
    case 'kill':
      return { type: 'ProjectKilled', data: { ...base, decision: 'kill', toStage: state.stage, reason: requireReason(d.reason) } };
    case 'hold':
      return { type: 'ProjectPutOnHold', data: { ...base, decision: 'hold', toStage: state.stage, reason: requireReason(d.reason) } };
    case 'resume':
      if (state.status !== 'on_hold') {
        throw new DomainError('project_not_on_hold', 'Only a project on hold can be resumed.', { status: state.status });
      }
      return { type: 'ProjectResumed', data: { ...base, decision: 'resume', toStage: state.stage, reason: d.reason?.trim() || null } };
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

function proposal(d: ProposeProject['data'], now: string): ProjectProposed['data'] {
  required({ projectId: d.projectId, title: d.title, deviceType: d.deviceType, institution: d.institution });
  required({ 'leadClinician.id': d.leadClinician.id, 'leadClinician.name': d.leadClinician.name });
  d.targets.forEach((t, i) => checkTarget(t, d.riskClass, i));
  d.partners.forEach((p) => required({ 'partner.partnerId': p.partnerId, 'partner.name': p.name }));
  const duplicate = d.partners.find((p, i) => d.partners.findIndex((q) => q.partnerId === p.partnerId) !== i);
  if (duplicate) throw exists('partner', duplicate.partnerId);
  const leadClinician = person(d.leadClinician, 'leadClinician.id');
  return { ...d, leadClinician, proposedAt: now };
}

// A doctor's idea: submitted by a clinician (its lead), screened by the office into a project or declined with a
// reason the clinician reads; a declined idea is accepted only after it was submitted again.
function decideIdea(command: IdeaCommand, state: ProjectState): ProjectEvent[] {
  const { actor, now } = command.metadata;
  if (!PERMITTED_ROLES[command.type].includes(actor.role)) {
    throw new DomainError('role_not_permitted', `Role ${actor.role} may not ${command.type}.`, { role: actor.role, command: command.type });
  }
  const { projectId } = command.data;
  switch (command.type) {
    case 'SubmitIdea':
      if (state.revision >= 0) {
        throw new DomainError('project_already_exists', `Project ${projectId} already exists.`, { projectId });
      }
      return [{ type: 'IdeaSubmitted', data: submission(command.data, command.metadata) }];
    case 'ResubmitIdea': {
      const idea = ideaOf(state, projectId);
      if (personKey(idea.submittedBy.id) !== personKey(actor.id)) {
        throw new DomainError('not_idea_submitter', 'Only the clinician who submitted the idea may submit it again.', { projectId });
      }
      if (idea.status !== 'declined') {
        throw new DomainError('idea_not_declined', `The idea is ${idea.status}: only a declined idea is submitted again.`, {
          projectId,
          ideaStatus: idea.status,
        });
      }
      return [{ type: 'IdeaResubmitted', data: submission(command.data, command.metadata) }];
    }
    case 'AcceptIdea': {
      const idea = pendingIdea(state, projectId);
      const d = command.data;
      const reason = d.reason?.trim() ? d.reason.trim() : null;
      const project = proposal(
        {
          projectId,
          title: idea.title,
          summary: idea.summary,
          deviceType: idea.deviceType,
          riskClass: d.riskClass,
          targets: d.targets,
          therapeuticArea: idea.therapeuticArea,
          institution: idea.institution,
          department: idea.department,
          leadClinician: idea.submittedBy,
          partners: d.partners,
        },
        now,
      );
      const disclosure = idea.disclosure;
      return [
        { type: 'IdeaAccepted', data: { projectId, reason, acceptedAt: now } },
        { type: 'ProjectProposed', data: project },
        ...(disclosure ? [{ type: 'InventionDisclosureRecorded' as const, data: { projectId, ...disclosure } }] : []),
      ];
    }
    case 'DeclineIdea': {
      pendingIdea(state, projectId);
      const reason = requireReason(command.data.reason);
      return [{ type: 'IdeaDeclined', data: { projectId, reason, declinedAt: now } }];
    }
  }
}

function submission(d: IdeaProposal & { projectId: string; disclosure: IdeaDisclosure | null }, metadata: CommandMetadata) {
  required({ projectId: d.projectId, title: d.title, clinicalNeed: d.clinicalNeed, deviceType: d.deviceType, institution: d.institution });
  if (d.disclosure) required({ 'disclosure.title': d.disclosure.title, 'disclosure.disclosedOn': d.disclosure.disclosedOn });
  // The submitter leads the project the idea may become.
  const submittedBy = person({ id: metadata.actor.id, name: metadata.actor.name }, 'submittedBy.id');
  return { ...d, submittedBy, submittedAt: metadata.now };
}

function ideaOf(state: ProjectState, projectId: string): IdeaRecord {
  if (!state.idea) throw new DomainError('idea_not_found', `No idea ${projectId} was submitted.`, { projectId });
  return state.idea;
}

function pendingIdea(state: ProjectState, projectId: string): IdeaRecord {
  const idea = ideaOf(state, projectId);
  if (idea.status === 'declined') {
    throw new DomainError('idea_declined', 'The idea was declined: the clinician must submit it again before it can be screened.', {
      projectId,
    });
  }
  if (idea.status !== 'submitted') {
    throw new DomainError('idea_already_screened', `The idea was already ${idea.status}.`, { projectId, ideaStatus: idea.status });
  }
  return idea;
}

/**
 * Whether the actor may issue this command on this project at all (role, and team membership for a
 * clinician), without deciding it: a replayed idempotent request is answered only to someone who may.
 */
export function checkPermission(command: ProjectCommand, state: ProjectState): void {
  const { actor } = command.metadata;
  if (!permitted(command)) throw notPermitted(command);
  if (actor.role === 'clinician' && state.profile && !state.team[personKey(actor.id)]?.active) {
    throw new DomainError('not_a_team_member', `${actor.name} is not on this project's team.`, { actorId: actor.id });
  }
}

// Checks common to every command, in order: role, existence, status, team membership.
function authorize(command: ProjectCommand, state: ProjectState): ProjectProfile {
  const { actor } = command.metadata;
  if (!permitted(command)) throw notPermitted(command);
  const project = state.profile;
  if (command.type === 'ProposeProject') {
    if (project || state.idea) {
      throw new DomainError('project_already_exists', `Project ${command.data.projectId} already exists.`, {
        projectId: command.data.projectId,
      });
    }
    return { ...command.data, proposedAt: command.metadata.imported?.occurredAt ?? command.metadata.now };
  }
  if (!project || project.projectId !== command.data.projectId) {
    throw new DomainError('project_not_found', `Project ${command.data.projectId} does not exist.`, {
      projectId: command.data.projectId,
    });
  }
  if (state.status === 'terminated') {
    throw new DomainError('project_terminated', 'The project was killed; its record is closed.', {
      projectId: project.projectId,
    });
  }
  const wayOut = command.type === 'RecordPaperGateDecision' && ['resume', 'kill'].includes(command.data.decision);
  if (state.status === 'on_hold' && !ALLOWED_ON_HOLD.has(command.type) && !wayOut) {
    throw new DomainError('project_on_hold', 'The project is on hold: resume it first.', {
      projectId: project.projectId,
      allowed: [...ALLOWED_ON_HOLD],
    });
  }
  // After approval records still flow (other markets, patents), but there is no gate left to decide.
  if (state.status === 'approved' && GATE_COMMANDS.has(command.type)) {
    throw new DomainError('project_approved', 'The project is approved: no further gate decisions.', {
      projectId: project.projectId,
    });
  }
  if (actor.role === 'clinician' && !state.team[personKey(actor.id)]?.active) {
    throw new DomainError('not_a_team_member', `${actor.name} is not on this project's team.`, { actorId: actor.id });
  }
  return project;
}

function sign(
  input: SignatureInput,
  metadata: CommandMetadata,
  state: ProjectState,
  project: ProjectProfile,
): Signature {
  const { actor, now } = metadata;
  if (!input.meaning?.trim() || !input.printedName?.trim()) {
    throw new DomainError('signature_incomplete', 'A gate decision needs a printed name and the meaning of the signature.');
  }
  // Independent review: whoever champions the project may not pass its gates, under any of their accounts.
  if (personKey(actor.id) === personKey(project.leadClinician.id)) {
    throw new DomainError('signer_is_lead_clinician', 'The lead clinician cannot sign this project\'s gate decisions.', {
      signerId: actor.id,
    });
  }
  return {
    signerId: actor.id,
    printedName: input.printedName.trim(),
    role: actor.role,
    meaning: input.meaning.trim(),
    signedAt: now,
    signedRevision: state.revision,
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

function required(fields: Record<string, string | null | undefined>): void {
  for (const [field, value] of Object.entries(fields)) {
    if (typeof value !== 'string' || value.trim() === '') {
      throw new DomainError('field_required', `${field} is required.`, { field });
    }
  }
}

/** A person as the record keeps them: the id in its canonical form, refused when it cannot name anyone. */
function person(given: Person, field: string): Person {
  const id = personKey(given.id);
  if (!isValidPersonKey(id)) {
    throw new DomainError('invalid_person_id', `${field} is not a person id (letters, digits, _ . @ -; not a reserved name).`, {
      field,
      id: given.id,
    });
  }
  return { ...given, id };
}

function requireReason(reason: string | null | undefined): string {
  if (typeof reason !== 'string' || reason.trim() === '') {
    throw new DomainError('reason_required', 'A reason is required.');
  }
  return reason.trim();
}

function exists(kind: RecordKind, id: string): DomainError {
  return new DomainError('record_already_exists', `A ${kind} with id ${id} already exists.`, { kind, id });
}

function unique(registry: Record<string, unknown>, kind: RecordKind, id: string): void {
  required({ [`${kind}Id`]: id });
  if (Object.prototype.hasOwnProperty.call(registry, id)) throw exists(kind, id);
}

function notFound(
  code: Extract<DomainErrorCode, `${string}_not_found`>,
  kind: string,
  id: string,
): DomainError {
  return new DomainError(code, `No ${kind} with id ${id} on this project.`, { kind, id });
}

function notRetracted(record: { retracted: boolean }, kind: RecordKind, id: string): void {
  if (record.retracted) throw new DomainError('record_retracted', `The ${kind} ${id} was retracted.`, { kind, id });
}

// Patent life: filed → published → granted; CN utility models are granted unpublished; any live patent may be abandoned.
const PATENT_FROM = {
  publish: ['filed'],
  grant: ['filed', 'published'],
  abandon: ['filed', 'published', 'granted'],
} as const;

function patentFor(state: ProjectState, patentId: string, step: keyof typeof PATENT_FROM) {
  const patent = state.patents[patentId];
  if (!patent) throw notFound('patent_not_found', 'patent', patentId);
  notRetracted(patent, 'patent', patentId);
  if (!(PATENT_FROM[step] as readonly string[]).includes(patent.status)) {
    throw new DomainError('invalid_patent_transition', `Cannot ${step} a patent that is ${patent.status}.`, {
      patentId,
      status: patent.status,
      step,
    });
  }
  return patent;
}

function trialFor(state: ProjectState, trialId: string, expected: 'registered' | 'recruiting') {
  const trial = state.trials[trialId];
  if (!trial) throw notFound('trial_not_found', 'trial', trialId);
  notRetracted(trial, 'trial', trialId);
  if (trial.status !== expected) {
    throw new DomainError('invalid_trial_transition', `The trial is ${trial.status}, expected ${expected}.`, {
      trialId,
      status: trial.status,
      expected,
    });
  }
  return trial;
}

function submissionFor(state: ProjectState, submissionId: string, expected: readonly string[]) {
  const submission = state.submissions[submissionId];
  if (!submission) throw notFound('submission_not_found', 'submission', submissionId);
  notRetracted(submission, 'submission', submissionId);
  if (!expected.includes(submission.status)) {
    throw new DomainError('invalid_submission_transition', `The submission is ${submission.status}.`, {
      submissionId,
      status: submission.status,
      expected,
    });
  }
  return submission;
}

function checkPathway(authority: Authority, pathway: Pathway, index?: number): void {
  const allowed: readonly string[] = PATHWAYS_BY_AUTHORITY[authority] ?? [];
  if (!allowed.includes(pathway)) {
    throw new DomainError('invalid_regulatory_target', `${authority} has no ${pathway} pathway.`, {
      index,
      authority,
      pathway,
      allowed,
    });
  }
}

// Pathway combinations the regulators do not offer for the project's risk class.
const PATHWAY_CLASS_LIMITS: readonly { authority: Authority; pathway: Pathway; riskClasses: readonly RiskClass[] }[] = [
  { authority: 'FDA', pathway: '510k', riskClasses: ['I', 'II'] },
  { authority: 'EU_MDR', pathway: 'self_certification', riskClasses: ['I'] },
];

function checkTarget(target: RegulatoryTarget, riskClass: RiskClass, index: number): void {
  const invalid = (message: string) =>
    new DomainError('invalid_regulatory_target', message, { index, authority: target.authority, pathway: target.pathway });
  checkPathway(target.authority, target.pathway, index);
  const classes: readonly string[] = DEVICE_CLASSES_BY_AUTHORITY[target.authority];
  if (target.deviceClass !== null && !classes.includes(target.deviceClass)) {
    throw invalid(`${target.authority} has no device class ${target.deviceClass}.`);
  }
  if (target.breakthrough && target.authority !== 'FDA') throw invalid('Breakthrough designation is an FDA programme.');
  if (target.notifiedBody !== null && target.authority !== 'EU_MDR') throw invalid('Notified bodies are an EU MDR concept.');
  const limit = PATHWAY_CLASS_LIMITS.find((l) => l.authority === target.authority && l.pathway === target.pathway);
  if (limit && !limit.riskClasses.includes(riskClass)) {
    throw invalid(`${target.authority} ${target.pathway} is not open to class ${riskClass} devices.`);
  }
}

// NMPA's green channel needs a Chinese invention patent that is granted or at least published.
function requireChineseInventionPatent(state: ProjectState): void {
  const qualifies = Object.values(state.patents).some(
    (p) =>
      !p.retracted &&
      p.jurisdiction.trim().toUpperCase() === 'CN' &&
      p.kind === 'invention' &&
      (p.status === 'published' || p.status === 'granted'),
  );
  if (!qualifies) {
    throw new DomainError(
      'green_channel_requires_cn_invention_patent',
      'The NMPA innovative special review needs a published or granted Chinese invention patent.',
    );
  }
}

// The record a correction or retraction may touch; clinicians only their own milestones.
function editableRecord(
  state: ProjectState,
  target: { kind: RecordKind; id: string },
  metadata: CommandMetadata,
): Record<string, unknown> {
  const record = findRecord(state, target);
  if (!record) throw notFound('record_not_found', target.kind, target.id);
  if (metadata.actor.role === 'clinician') {
    if (target.kind !== 'milestone') {
      throw new DomainError('role_not_permitted', 'Clinicians may correct or retract only their milestones.', {
        role: metadata.actor.role,
        kind: target.kind,
      });
    }
    if (typeof record.loggedBy !== 'string' || personKey(record.loggedBy) !== personKey(metadata.actor.id)) {
      throw new DomainError('not_record_author', 'Only the clinician who logged the milestone may change it.', {
        milestoneId: target.id,
      });
    }
  }
  if (record.retracted === true) notRetracted({ retracted: true }, target.kind, target.id);
  return record;
}

// Correctable fields per record kind and the values each accepts: the same limits as the command that recorded
// the field (text lengths as its request takes them, counts up to a million), so a correction can never store
// what the record could not have held. Ids, statuses and counts kept by lifecycle events (enrolled, risk class)
// are not correctable.
type FieldSpec = { text: number } | 'date' | 'count' | 'flag' | readonly string[];
const text = (max: number): FieldSpec => ({ text: max });
const NAME = text(200);
const NUMBER = text(64);
const LONG = text(4000);
/** The largest count of people a trial may name (as RegisterTrial and UpdateEnrolment take it). */
export const MAX_COUNT = 1_000_000;
export const CORRECTABLE_FIELDS: Readonly<Record<RecordKind, Readonly<Record<string, FieldSpec>>>> = {
  project: {
    title: NAME,
    summary: LONG,
    deviceType: NAME,
    therapeuticArea: NAME,
    institution: NAME,
    department: NAME,
  },
  invention_disclosure: { title: text(500), summary: LONG, disclosedOn: 'date' },
  patent: {
    title: text(500),
    jurisdiction: text(8),
    kind: PATENT_KINDS,
    applicationNumber: NUMBER,
    filedOn: 'date',
    publicationNumber: NUMBER,
    publishedOn: 'date',
    patentNumber: NUMBER,
    grantedOn: 'date',
    abandonedOn: 'date',
  },
  prototype: { version: NUMBER, description: LONG, builtOn: 'date' },
  verification_test: {
    standard: NAME,
    lab: NAME,
    result: TEST_RESULTS,
    testedOn: 'date',
    reportReference: NAME,
    cnasNumber: NUMBER,
    cmaNumber: NUMBER,
    iso17025Number: NUMBER,
  },
  design_review: { heldOn: 'date', outcome: DESIGN_REVIEW_OUTCOMES, summary: LONG },
  ethics_approval: { committee: NAME, reference: NAME, approvedOn: 'date' },
  trial: {
    title: text(500),
    registry: TRIAL_REGISTRIES,
    registryId: NUMBER,
    targetEnrolment: 'count',
    registeredOn: 'date',
    firstPatientInOn: 'date',
    completedOn: 'date',
    primaryEndpointMet: 'flag',
  },
  equivalence_evaluation: {
    predicateDevice: NAME,
    predicateManufacturer: NAME,
    predicateReference: NUMBER,
    equivalent: 'flag',
    evaluatedOn: 'date',
  },
  submission: { reference: NAME, filedOn: 'date', rejectedOn: 'date' },
  approval: { certificateNumber: NAME, approvedOn: 'date', deviceClass: text(8) },
  milestone: { title: NAME, description: LONG, occurredOn: 'date' },
  partner: { name: NAME, kind: PARTNER_KINDS, role: PARTNER_ROLES },
};

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DAY_MS = 86_400_000;

/** A day that exists (no 2025-02-30), from 1900, and not after the day following `now` (time zones east of UTC). */
function isPastDate(value: string, now: string): boolean {
  const day = Date.parse(`${value}T00:00:00Z`);
  return ISO_DATE.test(value) && !Number.isNaN(day) && new Date(day).toISOString().startsWith(value) && value >= '1900' && day <= Date.parse(now) + DAY_MS;
}

function fits(spec: FieldSpec, value: CorrectableValue, now: string): boolean {
  if (Array.isArray(spec)) return typeof value === 'string' && spec.includes(value);
  if (typeof spec === 'object') {
    const { text: max } = spec as { text: number };
    return typeof value === 'string' && value.trim() !== '' && value.length <= max;
  }
  switch (spec) {
    case 'date':
      return typeof value === 'string' && isPastDate(value, now);
    case 'count':
      return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_COUNT;
    case 'flag':
      return typeof value === 'boolean';
  }
}
