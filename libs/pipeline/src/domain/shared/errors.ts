// Typed domain failures; one exception filter in the API maps each code to an HTTP status.
export const DOMAIN_ERROR_CODES = [
  // existence and lifecycle
  'project_not_found',
  'project_already_exists',
  'project_terminated',
  'project_on_hold',
  'project_not_on_hold',
  'project_approved',
  // ideas
  'idea_not_found',
  'idea_already_screened',
  'idea_declined',
  'idea_not_declined',
  'not_idea_submitter',
  // who may do what
  'role_not_permitted',
  'not_a_team_member',
  'not_record_author',
  // gates
  'gate_evidence_missing',
  'signer_is_lead_clinician',
  'signature_incomplete',
  'reason_required',
  'invalid_stage_transition',
  'invalid_recycle_target',
  'class_iii_cannot_skip_clinical_validation',
  'equivalence_only_for_class_i_ii',
  'gate_condition_not_met',
  'approval_rule_not_met',
  // several signatures per decision
  'role_cannot_sign',
  'already_signed',
  'rule_already_met',
  'gate_decision_pending',
  'no_signature_to_revoke',
  // conditional go
  'conditions_open',
  'condition_not_found',
  'condition_already_closed',
  'condition_owner_not_on_team',
  'not_condition_owner',
  'invalid_condition',
  // pathway templates
  'invalid_template',
  'template_already_exists',
  'template_not_found',
  'template_version_mismatch',
  'template_unchanged',
  // moving a project to a newer template version
  'template_not_bound',
  'template_mismatch',
  'template_version_not_newer',
  'template_stage_missing',
  'template_stage_phase_changed',
  // input invariants
  'field_required',
  'invalid_count',
  'invalid_regulatory_target',
  'record_already_exists',
  'record_not_found',
  'record_retracted',
  'record_not_retractable',
  // patents
  'patent_not_found',
  'invalid_patent_transition',
  // prototypes
  'prototype_not_found',
  'prototype_version_exists',
  // trials
  'trial_not_found',
  'invalid_trial_transition',
  'ethics_approval_required',
  'enrolment_cannot_decrease',
  // submissions
  'submission_not_found',
  'invalid_submission_transition',
  'green_channel_requires_cn_invention_patent',
  'submission_not_targeted',
  // regulatory tracks: trial authorisations and designations
  'authority_not_targeted',
  // team and partners
  'team_member_not_found',
  'already_a_team_member',
  'cannot_remove_lead_clinician',
  'invalid_team_role',
  'invalid_person_id',
  'partner_not_found',
  // corrections
  'field_not_correctable',
  'invalid_correction_value',
  'correction_old_value_mismatch',
  'correction_no_change',
  // documents
  'document_not_found',
  'document_already_superseded',
  'invalid_document',
  'invalid_document_target',

  'paper_decision_only_by_import',
  'invalid_date',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
