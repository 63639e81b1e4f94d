// Gate decisions: go, kill, hold, resume, recycle, each signed (or, when imported, taken on paper).
import type { Command, Event, OnProject } from '../shared/shapes';
import type { Role, Stage } from '../shared/values';

export const GATE_DECISIONS = ['go', 'kill', 'hold', 'resume', 'recycle'] as const;
export type GateDecision = (typeof GATE_DECISIONS)[number];

// What the signer supplies; the decider adds signer id, role, time and the revision signed.
export interface SignatureInput {
  meaning: string;
  printedName: string;
}

/**
 * A gate decision taken on paper before the record existed, brought in by a portfolio import: the paper's
 * reference, who decided (as printed on it) and the day. Never an electronic signature.
 */
export interface PaperDecision {
  reference: string;
  decidedBy: string;
  decidedOn: string;
}

export interface Signature {
  signerId: string;
  printedName: string;
  role: Role;
  meaning: string;
  signedAt: string;
  signedRevision: number;
  /** The account that signed (its user name), beside the person in signerId. */
  account?: string;
  /** sha256 of the stream up to signedRevision; the application adds it from the events the signer saw. */
  contentHash?: string;
}

export const EVIDENCE_CODES = [
  'invention_disclosure',
  'patent_application_filed',
  'prototype_built',
  'verification_passed',
  'design_review_held',
  'ethics_approval',
  'equivalence_evaluation',
  'trial_completed_endpoint_met',
  'submission_filed',
  'approval_granted',
] as const;
export type EvidenceCode = (typeof EVIDENCE_CODES)[number];

export interface MissingEvidence {
  code: EvidenceCode;
  message: string;
}

/** The records a "go" relied on, kept in the event so an audit sees what the signer saw. */
export interface EvidenceRef {
  code: EvidenceCode;
  recordIds: string[];
}

// Gate decisions: the actor signs; the decider fills signer, role, time and revision from metadata and state.
type Signed<Data> = OnProject & Data & { signature: SignatureInput };
export type AdvanceStage = Command<
  'AdvanceStage',
  Signed<{
    /** Omit (null) for the next stage; 'regulatory_review' from prototype takes the class I/II equivalence route. */
    targetStage: Stage | null;
    /** For a project bound to a template: the template stage to go to (default: targetStage, else the next). */
    targetTemplateStage?: string | null;
  }>
>;
export type KillProject = Command<'KillProject', Signed<{ reason: string }>>;
export type PutProjectOnHold = Command<'PutProjectOnHold', Signed<{ reason: string }>>;
export type ResumeProject = Command<'ResumeProject', Signed<{ reason: string | null }>>;
export type RecycleProject = Command<
  'RecycleProject',
  // For a project bound to a template, `toTemplateStage` names the template stage (toStage is then its phase).
  Signed<{ toStage: Stage; toTemplateStage?: string; reason: string }>
>;

/**
 * A past gate decision taken on paper, brought in by a portfolio import only: recorded with the paper's reference,
 * never as an electronic signature.
 */
export type RecordPaperGateDecision = Command<
  'RecordPaperGateDecision',
  OnProject & { decision: GateDecision; toStage: Stage | null; reason: string | null; paper: PaperDecision }
>;
export type GateCommand =
  AdvanceStage | KillProject | PutProjectOnHold | ResumeProject | RecycleProject | RecordPaperGateDecision;

// Gate decisions share one shape so a signature history reads uniformly. A decision taken on paper before the
// record existed (a portfolio import) carries the paper instead of a signature.
interface GateBase extends OnProject {
  fromStage: Stage;
  toStage: Stage;
  reason: string | null;
  /** For a project bound to a template: the template stages (fromStage and toStage are their pipeline phases). */
  fromTemplateStage?: string;
  toTemplateStage?: string;
}
type GateData = GateBase &
  ({ signature: Signature; paper?: undefined } | { signature?: undefined; paper: PaperDecision });
// Under a pathway template a requirement's code is the template's own (an any-of names its code), not an EvidenceCode.
export type StageAdvanced = Event<
  'StageAdvanced',
  GateData & { decision: 'go'; evidence: (EvidenceRef | { code: string; recordIds: string[] })[] }
>;
export type ProjectKilled = Event<'ProjectKilled', GateData & { decision: 'kill'; reason: string }>;
export type ProjectPutOnHold = Event<'ProjectPutOnHold', GateData & { decision: 'hold'; reason: string }>;
export type ProjectResumed = Event<'ProjectResumed', GateData & { decision: 'resume' }>;
export type ProjectRecycled = Event<'ProjectRecycled', GateData & { decision: 'recycle'; reason: string }>;
export type GateEvent = StageAdvanced | ProjectKilled | ProjectPutOnHold | ProjectResumed | ProjectRecycled;

export interface GateDecisionEntry {
  revision: number;
  decision: GateDecision;
  fromStage: Stage;
  toStage: Stage;
  reason: string | null;
  /** Absent for a decision taken on paper (imported), which carries the paper instead. */
  signature?: Signature;
  paper?: PaperDecision;
}

export interface StageEntry {
  stage: Stage;
  enteredAt: string;
  revision: number;
}
