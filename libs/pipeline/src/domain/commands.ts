// Every command the project decider takes: the union of each area's commands, and their names.
import type { CloseCondition } from './conditions/conditions.payloads';
import type { CorrectRecord, RetractRecord } from './corrections/corrections.payloads';
import type { RecordDesignation } from './designations/designations.payloads';
import type { RecordInventionDisclosure } from './disclosures/disclosures.payloads';
import type { AttachDocument, SupersedeDocument } from './documents/documents.payloads';
import type { RecordEquivalenceEvaluation } from './equivalence/equivalence.payloads';
import type {
  AdvanceStage,
  KillProject,
  PutProjectOnHold,
  RecordPaperGateDecision,
  RecycleProject,
  ResumeProject,
  RevokeGateSignature,
} from './gates/gates.payloads';
import type { AcceptIdea, DeclineIdea, ResubmitIdea, SubmitIdea } from './ideas/ideas.payloads';
import type { LogMilestone } from './milestones/milestones.payloads';
import type { AbandonPatent, FilePatent, RecordPatentGranted, RecordPatentPublished } from './patents/patents.payloads';
import type { ProposeProject } from './projects/projects.payloads';
import type { MoveToTemplateVersion } from './templates/template-adoption';
import type {
  RecordDesignReview,
  RecordEthicsApproval,
  RecordPrototypeBuilt,
  RecordVerificationTest,
} from './prototype/prototype.payloads';
import type {
  AnswerSubmissionDeficiency,
  FileSubmission,
  RecordSubmissionApproval,
  RecordSubmissionDeficiency,
  RecordSubmissionRejection,
} from './submissions/submissions.payloads';
import type { AddPartner, AddTeamMember, RemovePartner, RemoveTeamMember } from './team/team.payloads';
import type {
  CompleteTrial,
  RecordFirstPatientIn,
  RecordTrialAuthorisation,
  RegisterTrial,
  UpdateEnrolment,
} from './trials/trials.payloads';

export type ProjectCommand =
  | ProposeProject
  | SubmitIdea
  | ResubmitIdea
  | AcceptIdea
  | DeclineIdea
  | RecordInventionDisclosure
  | FilePatent
  | RecordPatentPublished
  | RecordPatentGranted
  | AbandonPatent
  | RecordPrototypeBuilt
  | RecordVerificationTest
  | RecordDesignReview
  | RecordEthicsApproval
  | RegisterTrial
  | RecordFirstPatientIn
  | UpdateEnrolment
  | CompleteTrial
  | RecordTrialAuthorisation
  | RecordDesignation
  | RecordEquivalenceEvaluation
  | FileSubmission
  | RecordSubmissionDeficiency
  | AnswerSubmissionDeficiency
  | RecordSubmissionApproval
  | RecordSubmissionRejection
  | AddTeamMember
  | RemoveTeamMember
  | AddPartner
  | RemovePartner
  | LogMilestone
  | CorrectRecord
  | RetractRecord
  | AdvanceStage
  | KillProject
  | PutProjectOnHold
  | ResumeProject
  | RecycleProject
  | RecordPaperGateDecision
  | CloseCondition
  | RevokeGateSignature
  | AttachDocument
  | SupersedeDocument
  | MoveToTemplateVersion;

export type ProjectCommandType = ProjectCommand['type'];

export const PROJECT_COMMAND_TYPES = [
  'ProposeProject',
  'SubmitIdea',
  'ResubmitIdea',
  'AcceptIdea',
  'DeclineIdea',
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
  'RecordTrialAuthorisation',
  'RecordDesignation',
  'RecordEquivalenceEvaluation',
  'FileSubmission',
  'RecordSubmissionDeficiency',
  'AnswerSubmissionDeficiency',
  'RecordSubmissionApproval',
  'RecordSubmissionRejection',
  'AddTeamMember',
  'RemoveTeamMember',
  'AddPartner',
  'RemovePartner',
  'LogMilestone',
  'CorrectRecord',
  'RetractRecord',
  'AdvanceStage',
  'KillProject',
  'PutProjectOnHold',
  'ResumeProject',
  'RecycleProject',
  'RecordPaperGateDecision',
  'CloseCondition',
  'RevokeGateSignature',
  'AttachDocument',
  'SupersedeDocument',
  'MoveToTemplateVersion',
] as const satisfies readonly ProjectCommandType[];

export type CommandOf<T extends ProjectCommandType> = Extract<ProjectCommand, { type: T }>;

// Compile-time check that the list above names every command.
const commandListIsComplete: [Exclude<ProjectCommandType, (typeof PROJECT_COMMAND_TYPES)[number]>] extends [never]
  ? true
  : false = true;
void commandListIsComplete;
