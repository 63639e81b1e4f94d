// Value types shared by commands, events and state. All plain JSON: dates are 'YYYY-MM-DD', instants ISO strings.

export const ROLES = ['innovation_office', 'clinician', 'management', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  /** The person (an account's personId): one person may hold several accounts, one per role. */
  id: string;
  name: string;
  role: Role;
  /** The account that acted (its user name); absent in events recorded before accounts were kept. */
  account?: string;
}

export const STAGES = [
  'idea',
  'patent',
  'prototype',
  'clinical_validation',
  'regulatory_review',
  'approved',
] as const;
export type Stage = (typeof STAGES)[number];

export const PROJECT_STATUSES = ['active', 'on_hold', 'terminated', 'approved'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const RISK_CLASSES = ['I', 'II', 'III'] as const;
export type RiskClass = (typeof RISK_CLASSES)[number];

export const AUTHORITIES = ['NMPA', 'FDA', 'HSA', 'EU_MDR'] as const;
export type Authority = (typeof AUTHORITIES)[number];

// Which pathways each authority offers; a target or submission naming another pair is rejected.
export const PATHWAYS_BY_AUTHORITY = {
  NMPA: ['registration', 'innovative_special_review'],
  FDA: ['pma', 'de_novo', '510k'],
  HSA: ['full', 'abridged', 'expedited'],
  EU_MDR: ['notified_body', 'self_certification'],
} as const satisfies Record<Authority, readonly string[]>;
export type Pathway = (typeof PATHWAYS_BY_AUTHORITY)[Authority][number];
export const PATHWAYS: readonly Pathway[] = [...new Set(Object.values(PATHWAYS_BY_AUTHORITY).flat())];

// The class scheme each authority uses for the device (HSA A-D, EU I/IIa/IIb/III, NMPA and FDA I-III).
export const DEVICE_CLASSES_BY_AUTHORITY = {
  NMPA: ['I', 'II', 'III'],
  FDA: ['I', 'II', 'III'],
  HSA: ['A', 'B', 'C', 'D'],
  EU_MDR: ['I', 'IIa', 'IIb', 'III'],
} as const satisfies Record<Authority, readonly string[]>;

export interface RegulatoryTarget {
  authority: Authority;
  pathway: Pathway;
  /** Authority's own class for the device, or null while not yet determined. */
  deviceClass: string | null;
  /** FDA Breakthrough Devices Program designation; always false for other authorities. */
  breakthrough: boolean;
  /** EU MDR notified body, when chosen; null elsewhere. */
  notifiedBody: string | null;
}

export interface Person {
  /** A person id (an account's personId): compared and stored as `personKey` gives it. */
  id: string;
  name: string;
}

// Person ids are compared as persons, never as typed strings: "dr-chen ", "DR-CHEN" and "dr-chen" are one person.
export const PERSON_ID = /^[\w.@-]{1,128}$/;
// Names that mean something to a JavaScript object are never ids, even where registries have no prototype.
const RESERVED_IDS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype', 'hasownproperty', 'tostring', 'valueof']);

/** The canonical form of a person id: Unicode-normalised, trimmed, lower case. */
export function personKey(id: string): string {
  return id.normalize('NFKC').trim().toLowerCase();
}

/** A canonical person id that can name a person: the account name alphabet and no reserved name. */
export function isValidPersonKey(key: string): boolean {
  return PERSON_ID.test(key) && !RESERVED_IDS.has(key);
}

// A doctor's idea, as the clinician submits it; the innovation office screens it into a project or declines it.
export const IDEA_STATUSES = ['submitted', 'declined', 'accepted'] as const;
export type IdeaStatus = (typeof IDEA_STATUSES)[number];

export interface IdeaProposal {
  title: string;
  /** The unmet clinical need the device answers. */
  clinicalNeed: string;
  summary: string;
  deviceType: string;
  therapeuticArea: string;
  institution: string;
  department: string;
}

/** An invention disclosure attached to an idea: it becomes the project's disclosure when the idea is accepted. */
export interface IdeaDisclosure {
  disclosureId: string;
  title: string;
  summary: string;
  inventors: string[];
  disclosedOn: string;
}

export const PARTNER_KINDS = ['enterprise', 'institute'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];
export const PARTNER_ROLES = ['co_developer', 'manufacturer', 'licensee'] as const;
export type PartnerRole = (typeof PARTNER_ROLES)[number];

export interface Partner {
  partnerId: string;
  name: string;
  kind: PartnerKind;
  role: PartnerRole;
}

export const TEAM_ROLES = [
  'lead_clinician',
  'clinician',
  'engineer',
  'research_nurse',
  'project_manager',
  'other',
] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const PATENT_KINDS = ['invention', 'utility_model', 'design', 'provisional', 'pct'] as const;
export type PatentKind = (typeof PATENT_KINDS)[number];

export const TEST_RESULTS = ['passed', 'failed'] as const;
export type TestResult = (typeof TEST_RESULTS)[number];

export const DESIGN_REVIEW_OUTCOMES = ['passed', 'passed_with_actions', 'failed'] as const;
export type DesignReviewOutcome = (typeof DESIGN_REVIEW_OUTCOMES)[number];

export const TRIAL_REGISTRIES = ['ChiCTR', 'NCT', 'other'] as const;
export type TrialRegistry = (typeof TRIAL_REGISTRIES)[number];

// Records that corrections and retractions can name.
export const RECORD_KINDS = [
  'project',
  'invention_disclosure',
  'patent',
  'prototype',
  'verification_test',
  'design_review',
  'ethics_approval',
  'trial',
  'equivalence_evaluation',
  'submission',
  'approval',
  'milestone',
  'partner',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export interface RecordRef {
  kind: RecordKind;
  /** The record's id; for kind 'project' the projectId, for 'approval' the submissionId. */
  id: string;
}

export type CorrectableValue = string | number | boolean | null;

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

/** Where an imported command came from: the file and its row (1-based line), and when the row says it happened. */
export interface ImportSource {
  file: string;
  line: number;
  occurredAt: string;
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
