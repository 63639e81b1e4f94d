// The portfolio template: one table (a CSV file, or the first sheet of an .xlsx workbook), one row per thing that
// happened, in any order. docs/portfolio-import.md describes it for people; this file for the importer.

export const PORTFOLIO_COLUMNS = [
  'project',
  'kind',
  'event',
  'date',
  'record',
  'title',
  'summary',
  'stage',
  'reference',
  'decided_by',
  'reason',
  'device_type',
  'risk_class',
  'therapeutic_area',
  'institution',
  'department',
  'lead_clinician_id',
  'lead_clinician_name',
  'targets',
  'partners',
  'current_stage',
  'jurisdiction',
  'patent_kind',
  'registry',
  'committee',
  'count',
  'endpoint_met',
  'authority',
  'pathway',
  'device_class',
  'form',
  'programme',
] as const;
export type PortfolioColumn = (typeof PORTFOLIO_COLUMNS)[number];

/** Each kind of row and the events it takes (a project row has none). */
export const PORTFOLIO_EVENTS = {
  project: [] as string[],
  gate: ['go', 'kill', 'hold', 'resume', 'recycle'],
  patent: ['filed', 'published', 'granted', 'abandoned'],
  trial: ['ethics_approved', 'registered', 'first_patient_in', 'enrolment', 'completed'],
  submission: ['filed', 'deficiency_received', 'deficiency_answered', 'approved', 'rejected'],
  // A regulator's permission for a study (IDE, NMPA trial approval, CTA...) and a programme it admitted the product to.
  authorisation: ['granted'],
  designation: ['granted'],
} as const satisfies Record<string, readonly string[]>;
export type PortfolioKind = keyof typeof PORTFOLIO_EVENTS;
export const PORTFOLIO_KINDS = Object.keys(PORTFOLIO_EVENTS) as PortfolioKind[];

// Columns each row needs, beyond project, kind and date (and event, for every kind but project).
export const REQUIRED_COLUMNS: Record<string, readonly PortfolioColumn[]> = {
  project: ['title', 'device_type', 'risk_class', 'institution', 'lead_clinician_id', 'lead_clinician_name'],
  'gate.go': ['reference', 'decided_by'],
  'gate.kill': ['reference', 'decided_by', 'reason'],
  'gate.hold': ['reference', 'decided_by', 'reason'],
  'gate.resume': ['reference', 'decided_by'],
  'gate.recycle': ['reference', 'decided_by', 'reason', 'stage'],
  'patent.filed': ['record', 'title', 'jurisdiction', 'patent_kind', 'reference'],
  'patent.published': ['record', 'reference'],
  'patent.granted': ['record', 'reference'],
  'patent.abandoned': ['record', 'reason'],
  'trial.ethics_approved': ['committee', 'reference'],
  'trial.registered': ['record', 'title', 'registry', 'reference', 'count'],
  'trial.first_patient_in': ['record'],
  'trial.enrolment': ['record', 'count'],
  'trial.completed': ['record', 'endpoint_met'],
  'submission.filed': ['record', 'authority', 'pathway', 'reference'],
  'submission.deficiency_received': ['record', 'summary'],
  'submission.deficiency_answered': ['record', 'summary'],
  'submission.approved': ['record', 'reference', 'device_class'],
  'submission.rejected': ['record', 'reason'],
  'authorisation.granted': ['record', 'form', 'authority', 'reference'],
  'designation.granted': ['record', 'programme', 'reference'],
};
