// Every event a project's stream holds: the union of each area's events, their names and schema versions.
import type { ConditionClosed, ConditionSet } from './conditions/conditions.payloads';
import type { RecordCorrected, RecordRetracted } from './corrections/corrections.payloads';
import type { DesignationGranted } from './designations/designations.payloads';
import type { InventionDisclosureRecorded } from './disclosures/disclosures.payloads';
import type { DocumentAttached, DocumentSuperseded } from './documents/documents.payloads';
import type { EquivalenceEvaluationRecorded } from './equivalence/equivalence.payloads';
import type { TemplateVersionAdopted } from './templates/template-adoption';
import type {
  GateSignatureCollected,
  GateSignatureRevoked,
  GateSignaturesInvalidated,
  ProjectKilled,
  ProjectPutOnHold,
  ProjectRecycled,
  ProjectResumed,
  StageAdvanced,
} from './gates/gates.payloads';
import type { IdeaAccepted, IdeaDeclined, IdeaResubmitted, IdeaSubmitted } from './ideas/ideas.payloads';
import type { MilestoneLogged } from './milestones/milestones.payloads';
import type { PatentAbandoned, PatentFiled, PatentGranted, PatentPublished } from './patents/patents.payloads';
import type { ProjectProposed } from './projects/projects.payloads';
import type {
  DesignReviewHeld,
  EthicsApprovalRecorded,
  PrototypeBuilt,
  VerificationTestRecorded,
} from './prototype/prototype.payloads';
import type {
  SubmissionApproved,
  SubmissionDeficiencyAnswered,
  SubmissionDeficiencyReceived,
  SubmissionFiled,
  SubmissionRejected,
} from './submissions/submissions.payloads';
import type { PartnerAdded, PartnerRemoved, TeamMemberAdded, TeamMemberRemoved } from './team/team.payloads';
import type {
  EnrolmentUpdated,
  FirstPatientEnrolled,
  TrialAuthorisationRecorded,
  TrialCompleted,
  TrialRegistered,
} from './trials/trials.payloads';

export type ProjectEvent =
  | IdeaSubmitted
  | IdeaResubmitted
  | IdeaAccepted
  | IdeaDeclined
  | ProjectProposed
  | InventionDisclosureRecorded
  | PatentFiled
  | PatentPublished
  | PatentGranted
  | PatentAbandoned
  | PrototypeBuilt
  | VerificationTestRecorded
  | DesignReviewHeld
  | EthicsApprovalRecorded
  | TrialRegistered
  | FirstPatientEnrolled
  | EnrolmentUpdated
  | TrialCompleted
  | TrialAuthorisationRecorded
  | DesignationGranted
  | EquivalenceEvaluationRecorded
  | SubmissionFiled
  | SubmissionDeficiencyReceived
  | SubmissionDeficiencyAnswered
  | SubmissionApproved
  | SubmissionRejected
  | TeamMemberAdded
  | TeamMemberRemoved
  | PartnerAdded
  | PartnerRemoved
  | MilestoneLogged
  | RecordCorrected
  | RecordRetracted
  | StageAdvanced
  | ProjectKilled
  | ProjectPutOnHold
  | ProjectResumed
  | ProjectRecycled
  | ConditionSet
  | ConditionClosed
  | GateSignatureCollected
  | GateSignatureRevoked
  | GateSignaturesInvalidated
  | DocumentAttached
  | DocumentSuperseded
  | TemplateVersionAdopted;

export type ProjectEventType = ProjectEvent['type'];

// Bump a type's version when its data shape changes; upcasters key on (type, version).
export const EVENT_SCHEMA_VERSION = {
  IdeaSubmitted: 1,
  IdeaResubmitted: 1,
  IdeaAccepted: 1,
  IdeaDeclined: 1,
  ProjectProposed: 1,
  InventionDisclosureRecorded: 1,
  PatentFiled: 1,
  PatentPublished: 1,
  PatentGranted: 1,
  PatentAbandoned: 1,
  PrototypeBuilt: 1,
  VerificationTestRecorded: 1,
  DesignReviewHeld: 1,
  EthicsApprovalRecorded: 1,
  TrialRegistered: 1,
  FirstPatientEnrolled: 1,
  EnrolmentUpdated: 1,
  TrialCompleted: 1,
  TrialAuthorisationRecorded: 1,
  DesignationGranted: 1,
  EquivalenceEvaluationRecorded: 1,
  SubmissionFiled: 1,
  SubmissionDeficiencyReceived: 1,
  SubmissionDeficiencyAnswered: 1,
  SubmissionApproved: 1,
  SubmissionRejected: 1,
  TeamMemberAdded: 1,
  TeamMemberRemoved: 1,
  PartnerAdded: 1,
  PartnerRemoved: 1,
  MilestoneLogged: 1,
  RecordCorrected: 1,
  RecordRetracted: 1,
  StageAdvanced: 1,
  ProjectKilled: 1,
  ProjectPutOnHold: 1,
  ProjectResumed: 1,
  ProjectRecycled: 1,
  ConditionSet: 1,
  ConditionClosed: 1,
  GateSignatureCollected: 1,
  GateSignatureRevoked: 1,
  GateSignaturesInvalidated: 1,
  DocumentAttached: 1,
  DocumentSuperseded: 1,
  TemplateVersionAdopted: 1,
} as const satisfies Record<ProjectEventType, number>;

// Derived from the record above, which the compiler holds complete.
export const PROJECT_EVENT_TYPES: readonly ProjectEventType[] = Object.keys(EVENT_SCHEMA_VERSION) as ProjectEventType[];

export function isProjectEventType(type: string): type is ProjectEventType {
  return Object.prototype.hasOwnProperty.call(EVENT_SCHEMA_VERSION, type);
}
