// Evidence documents: the test report, the ethics letter, the certificate, kept with the record they prove.
// A document is named by its content (sha256) and never changed: a new version supersedes an old one, with a reason.
import type { Command, Event, OnProject } from '../shared/shapes';
import type { RecordKind } from '../shared/values';

/** The evidence records a document can be attached to (the project, prototypes and partners carry none). */
export const DOCUMENT_RECORD_KINDS = [
  'verification_test',
  'design_review',
  'ethics_approval',
  'trial',
  'submission',
  'approval',
  'invention_disclosure',
  'patent',
  'equivalence_evaluation',
  'milestone',
  'trial_authorisation',
  'designation',
] as const satisfies readonly RecordKind[];
export type DocumentRecordKind = (typeof DOCUMENT_RECORD_KINDS)[number];

/** What the document is for its record: the test report of a verification test, a trial's protocol or results... */
export const DOCUMENT_PURPOSES_BY_KIND = {
  verification_test: ['test_report', 'product_technical_requirements', 'risk_management_file', 'other'],
  design_review: ['review_minutes', 'risk_management_file', 'product_technical_requirements', 'other'],
  ethics_approval: ['approval_letter', 'nsr_determination', 'other'],
  trial: ['trial_protocol', 'trial_results', 'trial_approval_exemption', 'nsr_determination', 'cmc_dossier', 'other'],
  submission: ['submission_dossier', 'deficiency_letter', 'deficiency_answer', 'clinical_evaluation_report', 'clinical_evaluation_exemption', 'qms_certificate', 'cmc_dossier', 'other'],
  approval: ['approval_certificate', 'qms_certificate', 'other'],
  invention_disclosure: ['disclosure_form', 'patent_search_report', 'other'],
  patent: ['patent_filing', 'patent_search_report', 'other'],
  equivalence_evaluation: ['evaluation_report', 'clinical_evaluation_report', 'clinical_evaluation_exemption', 'other'],
  milestone: ['attachment', 'other'],
  // The regulator's letter: the IDE approval, NMPA's clinical trial approval, the CTA authorisation...
  trial_authorisation: ['authorisation_letter', 'other'],
  // ... and the letter granting Breakthrough, PRIME or the green channel.
  designation: ['designation_letter', 'other'],
} as const satisfies Record<DocumentRecordKind, readonly string[]>;
export type DocumentPurpose = (typeof DOCUMENT_PURPOSES_BY_KIND)[DocumentRecordKind][number];
export const DOCUMENT_PURPOSES: readonly DocumentPurpose[] = [
  ...new Set(Object.values(DOCUMENT_PURPOSES_BY_KIND).flat()),
];

export interface DocumentTarget {
  kind: DocumentRecordKind;
  id: string;
}

/** The file as stored: named by its sha256 (lower-case hex), never changed. */
export interface DocumentFile {
  documentId: string;
  sha256: string;
  fileName: string;
  mediaType: string;
  size: number;
}

export interface DocumentPlacement {
  attachedTo: DocumentTarget;
  purpose: DocumentPurpose;
  /** For a submission's deficiency letter or answer: which deficiency (0 = the first received); else null. */
  deficiency: number | null;
}

/** A document as placed on its record; shared by AttachDocument and DocumentAttached. */
export type DocumentAttachment = OnProject & DocumentFile & DocumentPlacement;

export interface DocumentSupersession {
  supersedes: string;
  reason: string;
}

export type AttachDocument = Command<'AttachDocument', DocumentAttachment>;
/** A new version of a document: it takes the old one's place on the same record. */
export type SupersedeDocument = Command<'SupersedeDocument', OnProject & DocumentFile & DocumentSupersession>;
export type DocumentCommand = AttachDocument | SupersedeDocument;

export type DocumentAttached = Event<'DocumentAttached', DocumentAttachment>;
export type DocumentSuperseded = Event<'DocumentSuperseded', DocumentAttachment & DocumentSupersession>;
export type DocumentEvent = DocumentAttached | DocumentSuperseded;

export interface DocumentRecord extends DocumentFile, DocumentPlacement {
  /** 1 for the first file, one more for each version that superseded it. */
  version: number;
  /** The document this one superseded, and why; null for a first version. */
  supersedes: string | null;
  reason: string | null;
  /** The newer version that replaced this one; null while it is current. */
  supersededBy: string | null;
  revision: number;
}
