import {
  Authority,
  CorrectableValue,
  DesignReviewOutcome,
  EvidenceRef,
  IdeaDisclosure,
  IdeaProposal,
  PaperDecision,
  Partner,
  PatentKind,
  Pathway,
  Person,
  RecordRef,
  RegulatoryTarget,
  RiskClass,
  Signature,
  Stage,
  TeamRole,
  TestResult,
  TrialRegistry,
} from './project.values';
import type { DocumentAttached, DocumentSuperseded } from './project.documents';

// Domain data only: the handler wraps each event in the envelope (ids, actor, recordedAt, occurredAt, reason...).
type Event<Type extends string, Data> = { type: Type; data: Data };

interface OnProject {
  projectId: string;
}

export type ProjectProposed = Event<
  'ProjectProposed',
  OnProject & {
    title: string;
    summary: string;
    deviceType: string;
    riskClass: RiskClass;
    targets: RegulatoryTarget[];
    therapeuticArea: string;
    institution: string;
    department: string;
    leadClinician: Person;
    partners: Partner[];
    // Entry time of the idea stage, for time-in-stage.
    proposedAt: string;
  }
>;

// The submitter is the lead clinician-to-be, as a person; an accepted idea is followed, in the same append, by
// the ProjectProposed that starts the project (and the disclosure it carried, if any).
type IdeaSubmission = OnProject & IdeaProposal & { disclosure: IdeaDisclosure | null; submittedBy: Person; submittedAt: string };
export type IdeaSubmitted = Event<'IdeaSubmitted', IdeaSubmission>;
export type IdeaResubmitted = Event<'IdeaResubmitted', IdeaSubmission>;
export type IdeaAccepted = Event<'IdeaAccepted', OnProject & { reason: string | null; acceptedAt: string }>;
export type IdeaDeclined = Event<'IdeaDeclined', OnProject & { reason: string; declinedAt: string }>;

export type InventionDisclosureRecorded = Event<
  'InventionDisclosureRecorded',
  OnProject & { disclosureId: string; title: string; summary: string; inventors: string[]; disclosedOn: string }
>;

export type PatentFiled = Event<
  'PatentFiled',
  OnProject & {
    patentId: string;
    title: string;
    jurisdiction: string;
    kind: PatentKind;
    applicationNumber: string;
    filedOn: string;
  }
>;
export type PatentPublished = Event<
  'PatentPublished',
  OnProject & { patentId: string; publicationNumber: string; publishedOn: string }
>;
export type PatentGranted = Event<'PatentGranted', OnProject & { patentId: string; patentNumber: string; grantedOn: string }>;
export type PatentAbandoned = Event<
  'PatentAbandoned',
  OnProject & { patentId: string; abandonedOn: string; reason: string }
>;

export type PrototypeBuilt = Event<
  'PrototypeBuilt',
  OnProject & { prototypeId: string; version: string; description: string; builtOn: string }
>;
export type VerificationTestRecorded = Event<
  'VerificationTestRecorded',
  OnProject & {
    testId: string;
    prototypeId: string;
    standard: string;
    lab: string;
    result: TestResult;
    testedOn: string;
    reportReference: string;
    // Absent in events recorded before accreditations were kept (they fold to null).
    cnasNumber?: string | null;
    cmaNumber?: string | null;
    iso17025Number?: string | null;
  }
>;
export type DesignReviewHeld = Event<
  'DesignReviewHeld',
  OnProject & { reviewId: string; heldOn: string; outcome: DesignReviewOutcome; summary: string }
>;
export type EthicsApprovalRecorded = Event<
  'EthicsApprovalRecorded',
  OnProject & { ethicsApprovalId: string; committee: string; reference: string; approvedOn: string }
>;

export type TrialRegistered = Event<
  'TrialRegistered',
  OnProject & {
    trialId: string;
    title: string;
    registry: TrialRegistry;
    registryId: string;
    targetEnrolment: number;
    registeredOn: string;
  }
>;
export type FirstPatientEnrolled = Event<'FirstPatientEnrolled', OnProject & { trialId: string; occurredOn: string }>;
export type EnrolmentUpdated = Event<
  'EnrolmentUpdated',
  // overTarget: over-enrolment is allowed but flagged so reports can show it.
  OnProject & { trialId: string; enrolled: number; targetEnrolment: number; overTarget: boolean; asOf: string }
>;
export type TrialCompleted = Event<
  'TrialCompleted',
  OnProject & { trialId: string; completedOn: string; primaryEndpointMet: boolean; resultSummary: string }
>;
export type EquivalenceEvaluationRecorded = Event<
  'EquivalenceEvaluationRecorded',
  OnProject & {
    evaluationId: string;
    predicateDevice: string;
    predicateManufacturer: string;
    predicateReference: string;
    equivalent: boolean;
    evaluatedOn: string;
  }
>;

export type SubmissionFiled = Event<
  'SubmissionFiled',
  OnProject & { submissionId: string; authority: Authority; pathway: Pathway; reference: string; filedOn: string }
>;
export type SubmissionDeficiencyReceived = Event<
  'SubmissionDeficiencyReceived',
  OnProject & { submissionId: string; receivedOn: string; summary: string }
>;
export type SubmissionDeficiencyAnswered = Event<
  'SubmissionDeficiencyAnswered',
  OnProject & { submissionId: string; answeredOn: string; summary: string }
>;
export type SubmissionApproved = Event<
  'SubmissionApproved',
  OnProject & {
    submissionId: string;
    authority: Authority;
    certificateNumber: string;
    approvedOn: string;
    deviceClass: string;
  }
>;
export type SubmissionRejected = Event<
  'SubmissionRejected',
  OnProject & { submissionId: string; rejectedOn: string; reason: string }
>;

export type TeamMemberAdded = Event<'TeamMemberAdded', OnProject & { member: Person; teamRole: TeamRole }>;
export type TeamMemberRemoved = Event<'TeamMemberRemoved', OnProject & { memberId: string; reason: string | null }>;
export type PartnerAdded = Event<'PartnerAdded', OnProject & { partner: Partner }>;
export type PartnerRemoved = Event<'PartnerRemoved', OnProject & { partnerId: string; reason: string | null }>;

export type MilestoneLogged = Event<
  'MilestoneLogged',
  // loggedBy: only the author (or the innovation office) may later correct or retract it.
  OnProject & { milestoneId: string; title: string; description: string; occurredOn: string; loggedBy: string }
>;

export type RecordCorrected = Event<
  'RecordCorrected',
  OnProject & {
    target: RecordRef;
    field: string;
    oldValue: CorrectableValue;
    newValue: CorrectableValue;
    reason: string;
  }
>;
export type RecordRetracted = Event<'RecordRetracted', OnProject & { target: RecordRef; reason: string }>;

// Gate decisions share one shape so a signature history reads uniformly. A decision taken on paper before the
// record existed (a portfolio import) carries the paper instead of a signature.
interface GateBase extends OnProject {
  fromStage: Stage;
  toStage: Stage;
  reason: string | null;
}
type GateData = GateBase & ({ signature: Signature; paper?: undefined } | { signature?: undefined; paper: PaperDecision });
export type StageAdvanced = Event<'StageAdvanced', GateData & { decision: 'go'; evidence: EvidenceRef[] }>;
export type ProjectKilled = Event<'ProjectKilled', GateData & { decision: 'kill'; reason: string }>;
export type ProjectPutOnHold = Event<'ProjectPutOnHold', GateData & { decision: 'hold'; reason: string }>;
export type ProjectResumed = Event<'ProjectResumed', GateData & { decision: 'resume' }>;
export type ProjectRecycled = Event<'ProjectRecycled', GateData & { decision: 'recycle'; reason: string }>;

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
  | DocumentAttached
  | DocumentSuperseded;

export type ProjectEventType = ProjectEvent['type'];
export type GateEvent = StageAdvanced | ProjectKilled | ProjectPutOnHold | ProjectResumed | ProjectRecycled;

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
  DocumentAttached: 1,
  DocumentSuperseded: 1,
} as const satisfies Record<ProjectEventType, number>;

// Derived from the record above, which the compiler holds complete.
export const PROJECT_EVENT_TYPES: readonly ProjectEventType[] = Object.keys(EVENT_SCHEMA_VERSION) as ProjectEventType[];

export function isProjectEventType(type: string): type is ProjectEventType {
  return Object.prototype.hasOwnProperty.call(EVENT_SCHEMA_VERSION, type);
}
