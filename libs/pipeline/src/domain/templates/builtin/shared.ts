// Pieces the built-in templates share: the office's front end (disclosure, then a patent filed) and the rules
// for who signs.
import type { Authority, Pathway } from '../../shared/values';
import type { ApprovalRule, EvidenceRequirement, TemplateGate, TemplateStage } from '../template.model';
import { SINGLE_OFFICE_SIGNATURE } from '../approval-rule';

export const ONE_OFFICE_SIGNATURE: ApprovalRule = SINGLE_OFFICE_SIGNATURE;

/**
 * Design reviews include an individual without direct responsibility for the stage reviewed (21 CFR 820.30(e);
 * ISO 13485:2016 7.3.5): the office signs, and someone outside the project's team signs too.
 */
export const OFFICE_AND_INDEPENDENT_REVIEWER: ApprovalRule = {
  signatures: 2,
  roles: ['innovation_office', 'management'],
  minimumPerRole: { innovation_office: 1 },
  independentReviewer: true,
};

/** A go into or out of human studies: the office, a clinician of the team, and an independent reviewer. */
export const CLINICAL_BOARD: ApprovalRule = {
  signatures: 3,
  roles: ['innovation_office', 'clinician', 'management'],
  minimumPerRole: { innovation_office: 1, clinician: 1 },
  independentReviewer: true,
};

export const FRONT_STAGES: TemplateStage[] = [
  { id: 'idea', label: 'Idea', phase: 'idea' },
  { id: 'patent', label: 'Patent', phase: 'patent' },
  { id: 'prototype', label: 'Prototype', phase: 'prototype' },
];

/** idea → patent on a disclosure, patent → prototype on an application filed (`patent` narrows it). */
export function frontGates(patent: EvidenceRequirement = { kind: 'patent_filed' }): TemplateGate[] {
  return [
    { from: 'idea', to: 'patent', evidence: [{ kind: 'disclosure' }], approval: ONE_OFFICE_SIGNATURE },
    { from: 'patent', to: 'prototype', evidence: [patent], approval: ONE_OFFICE_SIGNATURE },
  ];
}

/** prototype → design verification once a prototype is built. */
export const PROTOTYPE_GATE: TemplateGate = {
  from: 'prototype',
  to: 'design_verification',
  evidence: [{ kind: 'prototype' }],
  approval: ONE_OFFICE_SIGNATURE,
};

/** The last gate, into "approved": the application filed with `authority` (on `pathway`, when named) and its grant. */
export function grantGate(
  from: string,
  authority: Authority,
  pathway?: Pathway,
  approval: ApprovalRule = ONE_OFFICE_SIGNATURE,
): TemplateGate {
  return {
    from,
    to: 'approved',
    evidence: [
      { kind: 'submission_filed', authority, ...(pathway ? { pathway } : {}) },
      { kind: 'approval_granted', authorities: [authority] },
    ],
    approval,
  };
}
