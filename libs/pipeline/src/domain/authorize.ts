// Who may issue which command, and the checks every command passes before its area decides it: role, existence,
// status, team membership.
import type { ProjectCommand, ProjectCommandType } from './commands';
import type { ProjectProfile } from './projects/projects.payloads';
import { DomainError } from './shared/errors';
import { personKey, Role } from './shared/values';
import type { ProjectState } from './state';

// Who may issue each command. Management only reads; admin runs the platform, not project records.
const OFFICE: readonly Role[] = ['innovation_office'];
const OFFICE_OR_CLINICIAN: readonly Role[] = ['innovation_office', 'clinician'];
// A template gate's approval rule may count clinicians' and management's signatures (templates/approval-rule.ts).
const SIGNERS: readonly Role[] = ['innovation_office', 'clinician', 'management'];
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
  // Regulators' decisions are the office's to record, like submissions and approvals.
  RecordTrialAuthorisation: OFFICE,
  RecordDesignation: OFFICE,
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
  // Clinicians may correct or retract only milestones they logged themselves (checked in corrections/).
  CorrectRecord: OFFICE_OR_CLINICIAN,
  RetractRecord: OFFICE_OR_CLINICIAN,
  // A clinician closes only a condition they own (checked in conditions/).
  CloseCondition: OFFICE_OR_CLINICIAN,
  // Under the fixed model the office alone signs a go (permitted, below); a template gate's rule names its roles.
  AdvanceStage: SIGNERS,
  // Only the signer withdraws their own signature (gates/gate-signatures.ts).
  RevokeGateSignature: SIGNERS,
  KillProject: OFFICE,
  PutProjectOnHold: OFFICE,
  ResumeProject: OFFICE,
  RecycleProject: OFFICE,
  // Who may attach to which record is decided per record kind (documents/documents.decider.ts).
  AttachDocument: OFFICE_OR_CLINICIAN,
  SupersedeDocument: OFFICE_OR_CLINICIAN,
  // Nobody issues it directly: only a portfolio import (below) brings in decisions taken on paper.
  RecordPaperGateDecision: [],
  // Moving to a newer template version is the office's signed decision, like a gate's.
  MoveToTemplateVersion: OFFICE,
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
  'RecordTrialAuthorisation',
  'RecordDesignation',
  'AddTeamMember',
  'AddPartner',
  'LogMilestone',
  'RecordPaperGateDecision',
]);

function permitted(command: ProjectCommand, state: ProjectState): boolean {
  const { actor, imported } = command.metadata;
  if (imported) return actor.role === 'admin' && IMPORTABLE.has(command.type);
  if (command.type === 'AdvanceStage' && !state.template) return actor.role === 'innovation_office';
  return PERMITTED_ROLES[command.type].includes(actor.role);
}

function notPermitted(command: ProjectCommand): DomainError {
  const { actor, imported } = command.metadata;
  if (command.type === 'RecordPaperGateDecision' && !imported) {
    return new DomainError(
      'paper_decision_only_by_import',
      'A gate decision taken on paper is recorded only by a portfolio import.',
    );
  }
  return new DomainError(
    'role_not_permitted',
    `Role ${actor.role} may not ${command.type}${imported ? ' in an import' : ''}.`,
    {
      role: actor.role,
      command: command.type,
    },
  );
}

// A paused project takes only the way out (resume, kill) and fixes to its record: keeping the
// record accurate (ALCOA+) must never wait for the project to restart.
export const ALLOWED_ON_HOLD: ReadonlySet<ProjectCommandType> = new Set<ProjectCommandType>([
  'ResumeProject',
  'KillProject',
  'CorrectRecord',
  'RetractRecord',
  'CloseCondition',
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
  'RevokeGateSignature',
  'MoveToTemplateVersion',
]);

/**
 * Whether the actor may issue this command on this project at all (role, and team membership for a
 * clinician), without deciding it: a replayed idempotent request is answered only to someone who may.
 */
export function checkPermission(command: ProjectCommand, state: ProjectState): void {
  const { actor } = command.metadata;
  if (!permitted(command, state)) throw notPermitted(command);
  if (actor.role === 'clinician' && state.profile && !state.team[personKey(actor.id)]?.active) {
    throw new DomainError('not_a_team_member', `${actor.name} is not on this project's team.`, { actorId: actor.id });
  }
}

// Checks common to every command, in order: role, existence, status, team membership.
export function authorize(command: ProjectCommand, state: ProjectState): ProjectProfile {
  const { actor } = command.metadata;
  if (!permitted(command, state)) throw notPermitted(command);
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
