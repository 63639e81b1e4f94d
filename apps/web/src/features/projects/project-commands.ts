import type { Command } from './command-dialog';

// Where each piece of the project's record lives in the API: the registry in GET /projects/{id} `records`,
// the record reference kind and id used by corrections and retractions, and the commands on one record.
export interface RegistryInfo {
  kind: string;
  idKey: string;
  routes: { route: string; param: string }[];
}

const on = (segment: string, param: string, ...actions: string[]) =>
  actions.map((a) => ({ route: `/projects/{projectId}/${segment}/{${param}}/${a}`, param }));

export const REGISTRIES: Record<string, RegistryInfo> = {
  disclosures: { kind: 'invention_disclosure', idKey: 'disclosureId', routes: [] },
  patents: { kind: 'patent', idKey: 'patentId', routes: on('patents', 'patentId', 'publication', 'grant', 'abandonment') },
  prototypes: { kind: 'prototype', idKey: 'prototypeId', routes: [] },
  verificationTests: { kind: 'verification_test', idKey: 'testId', routes: [] },
  designReviews: { kind: 'design_review', idKey: 'reviewId', routes: [] },
  ethicsApprovals: { kind: 'ethics_approval', idKey: 'ethicsApprovalId', routes: [] },
  trials: { kind: 'trial', idKey: 'trialId', routes: on('trials', 'trialId', 'first-patient-in', 'enrolment', 'completion') },
  equivalenceEvaluations: { kind: 'equivalence_evaluation', idKey: 'evaluationId', routes: [] },
  submissions: { kind: 'submission', idKey: 'submissionId', routes: on('submissions', 'submissionId', 'deficiencies', 'deficiency-answers', 'approval', 'rejection') },
  approvals: { kind: 'approval', idKey: 'submissionId', routes: [] },
  milestones: { kind: 'milestone', idKey: 'milestoneId', routes: [] },
  trialAuthorisations: { kind: 'trial_authorisation', idKey: 'authorisationId', routes: [] },
  designations: { kind: 'designation', idKey: 'designationId', routes: [] },
};

/** The command that records a missing piece of gate evidence (the API's evidence codes). */
export const EVIDENCE_COMMAND: Record<string, string> = {
  invention_disclosure: '/projects/{projectId}/invention-disclosures',
  patent_application_filed: '/projects/{projectId}/patents',
  prototype_built: '/projects/{projectId}/prototypes',
  verification_passed: '/projects/{projectId}/verification-tests',
  design_review_held: '/projects/{projectId}/design-reviews',
  ethics_approval: '/projects/{projectId}/ethics-approvals',
  equivalence_evaluation: '/projects/{projectId}/equivalence-evaluations',
  trial_registered: '/projects/{projectId}/trials',
  submission_filed: '/projects/{projectId}/submissions',
};

/** Project-level commands (only {projectId} in the path) of the API's document, but the ones with their own screens. */
export function projectCommands(paths: Record<string, { post?: unknown }>): string[] {
  // Only JSON commands: an upload (multipart, e.g. documents) has its own form. Signed decisions (gate decisions, the
  // move to a newer template version) need the signature dialog's password or sign-in, never a plain form field.
  const json = (p: string) => Boolean((paths[p].post as { requestBody?: { content?: Record<string, unknown> } } | undefined)?.requestBody?.content?.['application/json']);
  return Object.keys(paths).filter(
    (p) => /^\/projects\/\{projectId\}\/[a-z-]+$/.test(p) && paths[p].post && json(p) && !/(gate-decisions|template-versions|corrections|retractions)$/.test(p),
  );
}

/** A correction starts from the record and the field it changes: old value filled in, read-only. */
export function correction(registry: string, record: Record<string, unknown>, field: string): Command {
  const info = REGISTRIES[registry];
  return {
    route: '/projects/{projectId}/corrections',
    prefill: { 'target.kind': info.kind, 'target.id': String(record[info.idKey]), field, oldValue: record[field], newValue: record[field] },
    fixed: ['target.kind', 'target.id', 'field', 'oldValue'],
  };
}

export function retraction(registry: string, record: Record<string, unknown>): Command {
  const info = REGISTRIES[registry];
  return { route: '/projects/{projectId}/retractions', prefill: { 'target.kind': info.kind, 'target.id': String(record[info.idKey]) }, fixed: ['target.kind', 'target.id'] };
}
