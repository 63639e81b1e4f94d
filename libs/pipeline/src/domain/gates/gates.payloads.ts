// Gate decisions: go, kill, hold, resume, recycle, each signed (or, when imported, taken on paper).
import type { ConditionInput } from '../conditions/conditions.payloads';
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
    /** A conditional go: what must still be done, by whom and by when (conditions/). */
    conditions?: ConditionInput[];
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
/**
 * Withdraws the actor's own signature from a go that is still collecting signatures (a template gate whose rule
 * asks for several), with a reason. Only the signer (the person, from any of their accounts) revokes: a signature
 * is its signer's act, and nobody withdraws it for them. Once the rule is met the stage has moved: nothing to revoke.
 */
export type RevokeGateSignature = Command<'RevokeGateSignature', OnProject & { reason: string }>;
export type GateCommand =
  | AdvanceStage
  | KillProject
  | PutProjectOnHold
  | ResumeProject
  | RecycleProject
  | RecordPaperGateDecision
  | RevokeGateSignature;

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
  GateData & {
    decision: 'go';
    evidence: (EvidenceRef | { code: string; recordIds: string[] })[];
    /**
     * A go that collected several signatures (a template gate's rule): every signature counted, in the order given,
     * each bound to the same revision and content hash; `signature` is the last of them. Absent for a one-signer go.
     */
    signatures?: Signature[];
  }
>;
export type ProjectKilled = Event<'ProjectKilled', GateData & { decision: 'kill'; reason: string }>;
export type ProjectPutOnHold = Event<'ProjectPutOnHold', GateData & { decision: 'hold'; reason: string }>;
export type ProjectResumed = Event<'ProjectResumed', GateData & { decision: 'resume' }>;
export type ProjectRecycled = Event<'ProjectRecycled', GateData & { decision: 'recycle'; reason: string }>;
export type GateEvent = StageAdvanced | ProjectKilled | ProjectPutOnHold | ProjectResumed | ProjectRecycled;

// A go whose rule asks for several signers collects them one event each; the stage moves with the last one needed.
interface PendingGo extends OnProject {
  decision: 'go';
  fromStage: Stage;
  toStage: Stage;
  fromTemplateStage: string;
  toTemplateStage: string;
}

/**
 * One signature toward a go the rule does not yet allow. `signature.signedRevision` is the decision's bound revision
 * (the last event that changed the record, never a signature event), the same for every signature of the decision.
 */
export type GateSignatureCollected = Event<
  'GateSignatureCollected',
  PendingGo & {
    signature: Signature;
    evidence: { code: string; recordIds: string[] }[];
    /** What the rule still lacked after this signature, in words. */
    missing: string[];
  }
>;

/** A signer withdrew their signature before the rule was met; the reason is required. */
export type GateSignatureRevoked = Event<
  'GateSignatureRevoked',
  PendingGo & {
    /** The revision of the GateSignatureCollected event withdrawn. */
    signatureRevision: number;
    signerId: string;
    printedName: string;
    role: Role;
    account?: string;
    signedRevision: number;
    reason: string;
    revokedAt: string;
  }
>;

/** A signature a later change of the record invalidated, as GateSignaturesInvalidated lists it. */
export interface InvalidatedSignature {
  signatureRevision: number;
  signerId: string;
  printedName: string;
  role: Role;
  signedRevision: number;
  contentHash?: string;
}

/**
 * The record changed while a go was collecting signatures: every signature collected no longer covers what the
 * record shows, so each signer must sign again (as REDCap's unlock negates a signature). Appended by the dispatcher
 * right after the event that changed the record, which `causedBy` names.
 */
export type GateSignaturesInvalidated = Event<
  'GateSignaturesInvalidated',
  PendingGo & {
    invalidated: InvalidatedSignature[];
    causedBy: { type: string; revision: number };
    reason: string;
  }
>;
export type GateSignatureEvent = GateSignatureCollected | GateSignatureRevoked | GateSignaturesInvalidated;

/** A signature standing toward a go still short of its rule, as the project's state keeps it. */
export interface PendingGateSignature {
  /** The revision of its GateSignatureCollected event: the signature's id. */
  revision: number;
  fromStage: Stage;
  toStage: Stage;
  fromTemplateStage: string;
  toTemplateStage: string;
  signature: Signature;
}

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
