// A pathway template: the process a project walks, as data. Plain JSON throughout, so a template can be
// recorded in an event, versioned and replayed; nothing here reads a clock or does I/O.
import type { PatentKind } from '../patents/patents.payloads';
import type { Authority, Pathway, RiskClass, Role, Stage } from '../shared/values';

/** The catalogue of evidence a gate may ask for; a template naming any other kind is refused. */
export const EVIDENCE_KINDS = [
  'disclosure',
  'patent_filed',
  'patent_published',
  'patent_granted',
  'prototype',
  'verification_test',
  'design_review',
  'ethics_approval',
  'regulator_trial_approval',
  'registered_trial',
  'trial_completed',
  'equivalence_evaluation',
  'submission_filed',
  'approval_granted',
  'designation_granted',
  'document',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/**
 * A regulator's permission to run a study: FDA IDE (21 CFR 812) or IND (21 CFR 312), NMPA clinical trial approval,
 * a clinical trial authorisation for a medicinal product (EU CTR 536/2014 and elsewhere), an EU member state's
 * authorisation of a device clinical investigation (MDR Article 70).
 */
export const TRIAL_AUTHORISATIONS = ['IDE', 'IND', 'NMPA_trial_approval', 'CTA', 'EU_clinical_investigation'] as const;
export type TrialAuthorisation = (typeof TRIAL_AUTHORISATIONS)[number];

/** Drug and biologic trial phases (21 CFR 312.21; ICH E8) and the device terms for the same steps. */
export const TRIAL_PHASES = ['I', 'II', 'III', 'feasibility', 'pivotal'] as const;
export type TrialPhase = (typeof TRIAL_PHASES)[number];

/** Programmes a regulator grants a product into, ahead of its marketing decision. */
export const DESIGNATION_PROGRAMMES = [
  'fda_breakthrough_device',
  'fda_rmat',
  'nmpa_innovative_device',
  'nmpa_breakthrough_therapy',
  'hsa_priority_review',
  'ema_prime',
] as const;
export type DesignationProgramme = (typeof DESIGNATION_PROGRAMMES)[number];

/** Kinds of document a gate may ask for by name (a document on the record with that purpose, its current version). */
export const DOCUMENT_KINDS = [
  'test_report',
  'review_minutes',
  'approval_letter',
  'trial_protocol',
  'trial_results',
  'submission_dossier',
  'approval_certificate',
  'disclosure_form',
  'patent_filing',
  'evaluation_report',
  'patent_search_report',
  'product_technical_requirements',
  'clinical_evaluation_report',
  'clinical_evaluation_exemption',
  'nsr_determination',
  'trial_approval_exemption',
  'qms_certificate',
  'risk_management_file',
  'cmc_dossier',
  'authorisation_letter',
  'designation_letter',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export type PatentDate = 'filedOn' | 'publishedOn' | 'grantedOn';

interface PatentFilter {
  /** ISO 3166 two-letter code (CN, US) or a regional office (EP, WO); any when absent. */
  jurisdiction?: string;
  patentKind?: PatentKind;
  /** The patent's date named here lies within `years` before the gate's day (NMPA's five years, for one). */
  datedWithin?: { years: number; date: PatentDate };
}

/** One piece of evidence from the catalogue, with the parameters that narrow it. */
export type EvidenceSpec =
  | { kind: 'disclosure' }
  | ({ kind: 'patent_filed' } & PatentFilter)
  /** Published or granted (a granted patent was published, or needs none as a CN utility model). */
  | ({ kind: 'patent_published' } & PatentFilter)
  | ({ kind: 'patent_granted' } & PatentFilter)
  | { kind: 'prototype' }
  /** Without a standard: every standard tested on a live prototype, its latest result a pass (today's gate). */
  | { kind: 'verification_test'; standard?: string }
  | { kind: 'design_review' }
  | { kind: 'ethics_approval' }
  | { kind: 'regulator_trial_approval'; form: TrialAuthorisation }
  | { kind: 'registered_trial'; phase?: TrialPhase }
  /** Completed with its primary endpoint met. */
  | { kind: 'trial_completed'; phase?: TrialPhase }
  | { kind: 'equivalence_evaluation' }
  | { kind: 'submission_filed'; authority?: Authority; pathway?: Pathway }
  /**
   * `of: 'every_target'`: an approval from each authority the project targets; otherwise at least `count`
   * (default 1) distinct authorities among `authorities` (any when absent).
   */
  | { kind: 'approval_granted'; authorities?: Authority[]; count?: number; of?: 'any' | 'every_target' }
  | { kind: 'designation_granted'; programme: DesignationProgramme }
  | { kind: 'document'; documentKind: DocumentKind };

/** When a gate may be taken, or a requirement applies: facts of the project, never of the evidence. */
export type TemplateCondition =
  | { kind: 'risk_class'; in: RiskClass[] }
  /** The project targets this authority (and pathway, when named). */
  | { kind: 'target'; authority: Authority; pathway?: Pathway }
  /** An FDA target flagged for the Breakthrough Devices Program. */
  | { kind: 'breakthrough_target' }
  | { kind: 'not'; condition: TemplateCondition }
  | { kind: 'any'; conditions: TemplateCondition[] };

/** Satisfied by any one option; an option is satisfied when every spec in it is. */
export interface AnyOfEvidence {
  kind: 'any_of';
  /** The code and message a gate reports while no option is satisfied. */
  code: string;
  message: string;
  options: EvidenceSpec[][];
}

export type EvidenceRequirement = (EvidenceSpec | AnyOfEvidence) & { when?: TemplateCondition };

/**
 * Who must sign a gate decision before the stage changes: `signatures` people in all, each counted once
 * whatever accounts they hold, each signing in one of `roles`; at least `minimumPerRole[r]` of them in role r;
 * and, with `independentReviewer`, at least one of them outside the project's team (21 CFR 820.30(e)).
 * The project's lead clinician never signs its gates.
 */
export interface ApprovalRule {
  signatures: number;
  roles: Role[];
  minimumPerRole?: Partial<Record<Role, number>>;
  independentReviewer: boolean;
}

export interface TemplateStage {
  id: string;
  label: string;
  /** Where the stage sits in the tracker's six-stage pipeline (board, funnel, time in stage). */
  phase: Stage;
}

/**
 * A gate from one stage to a later one. A gate that jumps over stages is a skip and names the condition
 * under which it may be taken (e.g. class I/II by equivalence instead of a clinical investigation).
 */
export interface TemplateGate {
  from: string;
  to: string;
  evidence: EvidenceRequirement[];
  approval: ApprovalRule;
  when?: TemplateCondition;
}

export interface TemplateSource {
  publisher: string;
  document: string;
  url: string;
}

/** `first_approval`: approved with the first authority's approval; `every_target`: once every target approved. */
export const APPROVED_WHEN = ['first_approval', 'every_target'] as const;
export type ApprovedWhen = (typeof APPROVED_WHEN)[number];

export interface PathwayTemplate {
  templateId: string;
  name: string;
  description: string;
  /** The regulator's published process the template follows. */
  sources: TemplateSource[];
  /** In order: the first is where a project starts, the last is "approved". */
  stages: TemplateStage[];
  gates: TemplateGate[];
  approvedWhen: ApprovedWhen;
}

/** A template as the record holds it: each change is a new version. */
export interface TemplateVersion {
  templateId: string;
  version: number;
  template: PathwayTemplate;
}
