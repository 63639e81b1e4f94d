import {
  Actor,
  Authority,
  CorrectableValue,
  DesignReviewOutcome,
  GateDecision,
  IdeaDisclosure,
  IdeaProposal,
  ImportSource,
  PaperDecision,
  Partner,
  PatentKind,
  Pathway,
  Person,
  RecordKind,
  RecordRef,
  RegulatoryTarget,
  RiskClass,
  SignatureInput,
  Stage,
  TeamRole,
  TestResult,
  TrialRegistry,
} from './project.values';
import type { AttachDocument, SupersedeDocument } from './project.documents';


export interface CommandMetadata {
  actor: Actor;
  /** Server clock, ISO instant, supplied by the handler. */
  now: string;
  /** Set only by a portfolio import (an admin): the file and row the command comes from. */
  imported?: ImportSource;
}

type Command<Type extends string, Data> = { type: Type; data: Data; metadata: CommandMetadata };

// Every command names its project; record-creating commands carry the new record's id (ids come from outside).
interface OnProject {
  projectId: string;
}

export type ProposeProject = Command<
  'ProposeProject',
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
  }
>;

// A clinician submits an idea (they are its lead); resubmits it after a decline; the office accepts or declines it.
export type SubmitIdea = Command<'SubmitIdea', OnProject & IdeaProposal & { disclosure: IdeaDisclosure | null }>;
export type ResubmitIdea = Command<'ResubmitIdea', OnProject & IdeaProposal & { disclosure: IdeaDisclosure | null }>;
/** What the office adds when an idea becomes a project: the regulatory frame and partners. */
export type AcceptIdea = Command<
  'AcceptIdea',
  OnProject & { riskClass: RiskClass; targets: RegulatoryTarget[]; partners: Partner[]; reason: string | null }
>;
export type DeclineIdea = Command<'DeclineIdea', OnProject & { reason: string }>;

export type RecordInventionDisclosure = Command<
  'RecordInventionDisclosure',
  OnProject & { disclosureId: string; title: string; summary: string; inventors: string[]; disclosedOn: string }
>;

export type FilePatent = Command<
  'FilePatent',
  OnProject & {
    patentId: string;
    title: string;
    /** Patent office code, e.g. 'CN', 'US', 'EP', 'SG', 'WO'. */
    jurisdiction: string;
    kind: PatentKind;
    applicationNumber: string;
    filedOn: string;
  }
>;
export type RecordPatentPublished = Command<
  'RecordPatentPublished',
  OnProject & { patentId: string; publicationNumber: string; publishedOn: string }
>;
export type RecordPatentGranted = Command<
  'RecordPatentGranted',
  OnProject & { patentId: string; patentNumber: string; grantedOn: string }
>;
export type AbandonPatent = Command<
  'AbandonPatent',
  OnProject & { patentId: string; abandonedOn: string; reason: string }
>;

export type RecordPrototypeBuilt = Command<
  'RecordPrototypeBuilt',
  OnProject & { prototypeId: string; version: string; description: string; builtOn: string }
>;
export type RecordVerificationTest = Command<
  'RecordVerificationTest',
  OnProject & {
    testId: string;
    prototypeId: string;
    /** e.g. 'ISO 10993-5', 'IEC 60601-1', 'type testing'. */
    standard: string;
    lab: string;
    result: TestResult;
    testedOn: string;
    reportReference: string;
    /** The lab's accreditations, when known: CNAS and CMA numbers, another body's ISO/IEC 17025 number. */
    cnasNumber?: string | null;
    cmaNumber?: string | null;
    iso17025Number?: string | null;
  }
>;
export type RecordDesignReview = Command<
  'RecordDesignReview',
  OnProject & { reviewId: string; heldOn: string; outcome: DesignReviewOutcome; summary: string }
>;
export type RecordEthicsApproval = Command<
  'RecordEthicsApproval',
  OnProject & { ethicsApprovalId: string; committee: string; reference: string; approvedOn: string }
>;

export type RegisterTrial = Command<
  'RegisterTrial',
  OnProject & {
    trialId: string;
    title: string;
    registry: TrialRegistry;
    registryId: string;
    targetEnrolment: number;
    registeredOn: string;
  }
>;
export type RecordFirstPatientIn = Command<'RecordFirstPatientIn', OnProject & { trialId: string; occurredOn: string }>;
export type UpdateEnrolment = Command<
  'UpdateEnrolment',
  OnProject & { trialId: string; enrolled: number; asOf: string }
>;
export type CompleteTrial = Command<
  'CompleteTrial',
  OnProject & { trialId: string; completedOn: string; primaryEndpointMet: boolean; resultSummary: string }
>;
export type RecordEquivalenceEvaluation = Command<
  'RecordEquivalenceEvaluation',
  OnProject & {
    evaluationId: string;
    predicateDevice: string;
    predicateManufacturer: string;
    /** Predicate's registration / clearance number, e.g. a 510(k) number. */
    predicateReference: string;
    equivalent: boolean;
    evaluatedOn: string;
  }
>;

export type FileSubmission = Command<
  'FileSubmission',
  OnProject & { submissionId: string; authority: Authority; pathway: Pathway; reference: string; filedOn: string }
>;
export type RecordSubmissionDeficiency = Command<
  'RecordSubmissionDeficiency',
  OnProject & { submissionId: string; receivedOn: string; summary: string }
>;
export type AnswerSubmissionDeficiency = Command<
  'AnswerSubmissionDeficiency',
  OnProject & { submissionId: string; answeredOn: string; summary: string }
>;
export type RecordSubmissionApproval = Command<
  'RecordSubmissionApproval',
  OnProject & { submissionId: string; certificateNumber: string; approvedOn: string; deviceClass: string }
>;
export type RecordSubmissionRejection = Command<
  'RecordSubmissionRejection',
  OnProject & { submissionId: string; rejectedOn: string; reason: string }
>;

export type AddTeamMember = Command<'AddTeamMember', OnProject & { member: Person; teamRole: TeamRole }>;
export type RemoveTeamMember = Command<'RemoveTeamMember', OnProject & { memberId: string; reason: string | null }>;
export type AddPartner = Command<'AddPartner', OnProject & { partner: Partner }>;
export type RemovePartner = Command<'RemovePartner', OnProject & { partnerId: string; reason: string | null }>;

export type LogMilestone = Command<
  'LogMilestone',
  OnProject & { milestoneId: string; title: string; description: string; occurredOn: string }
>;

export type CorrectRecord = Command<
  'CorrectRecord',
  OnProject & {
    target: RecordRef;
    field: string;
    oldValue: CorrectableValue;
    newValue: CorrectableValue;
    reason: string;
  }
>;
export type RetractRecord = Command<
  'RetractRecord',
  OnProject & { target: RecordRef & { kind: Exclude<RecordKind, 'project' | 'partner'> }; reason: string }
>;

// Gate decisions: the actor signs; the decider fills signer, role, time and revision from metadata and state.
export type AdvanceStage = Command<
  'AdvanceStage',
  OnProject & {
    /** Omit (null) for the next stage; 'regulatory_review' from prototype takes the class I/II equivalence route. */
    targetStage: Stage | null;
    signature: SignatureInput;
  }
>;
export type KillProject = Command<'KillProject', OnProject & { reason: string; signature: SignatureInput }>;
export type PutProjectOnHold = Command<'PutProjectOnHold', OnProject & { reason: string; signature: SignatureInput }>;
export type ResumeProject = Command<
  'ResumeProject',
  OnProject & { reason: string | null; signature: SignatureInput }
>;
export type RecycleProject = Command<
  'RecycleProject',
  OnProject & { toStage: Stage; reason: string; signature: SignatureInput }
>;

/**
 * A past gate decision taken on paper, brought in by a portfolio import only: recorded with the paper's reference,
 * never as an electronic signature.
 */
export type RecordPaperGateDecision = Command<
  'RecordPaperGateDecision',
  OnProject & { decision: GateDecision; toStage: Stage | null; reason: string | null; paper: PaperDecision }
>;

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
  | AttachDocument
  | SupersedeDocument;

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
  'AttachDocument',
  'SupersedeDocument',
] as const satisfies readonly ProjectCommandType[];

export type CommandOf<T extends ProjectCommandType> = Extract<ProjectCommand, { type: T }>;

// Compile-time check that the list above names every command.
const commandListIsComplete: [Exclude<ProjectCommandType, (typeof PROJECT_COMMAND_TYPES)[number]>] extends [never]
  ? true
  : false = true;
void commandListIsComplete;
