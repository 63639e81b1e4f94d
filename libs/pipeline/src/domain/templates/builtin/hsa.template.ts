// Singapore HSA class D (highest risk) registration by its three evaluation routes: full, abridged (approved by one
// reference agency) and expedited (EDR: approved by two, never rejected or withdrawn).
import type { PathwayTemplate } from '../template.model';
import {
  CLINICAL_BOARD,
  FRONT_STAGES,
  frontGates,
  grantGate,
  OFFICE_AND_INDEPENDENT_REVIEWER,
  PROTOTYPE_GATE,
} from './shared';

// HSA's reference agencies are TGA, Health Canada, MHLW, US FDA and EU notified bodies; the tracker records two.
const REFERENCE_AGENCIES = ['FDA', 'EU_MDR'] as const;
const ABRIDGED = { kind: 'target', authority: 'HSA', pathway: 'abridged' } as const;
const EXPEDITED = { kind: 'target', authority: 'HSA', pathway: 'expedited' } as const;

export const HSA_CLASS_D: PathwayTemplate = {
  templateId: 'hsa_class_d',
  name: 'HSA class D registration (full, abridged, expedited)',
  description:
    'Full evaluation: no reference agency approval, so HSA evaluates the clinical evidence itself. Abridged: approved ' +
    'by at least one reference agency. Expedited (EDR): approved by at least two, with no rejection or withdrawal; ' +
    'not open to active implantables, implants touching the central circulation or CNS, joint replacements, ' +
    'devices with a registrable drug. The route is the project’s HSA target pathway.',
  sources: [
    {
      publisher: 'Health Sciences Authority, Singapore',
      document:
        'GN-15: Guidance on Medical Device Product Registration (evaluation routes for class C and D: full, abridged, ' +
        'expedited class D registration), under the Health Products (Medical Devices) Regulations 2010',
      url: 'https://www.hsa.gov.sg/medical-devices/registration',
    },
  ],
  stages: [
    ...FRONT_STAGES,
    { id: 'design_verification', label: 'Design verification', phase: 'prototype' },
    { id: 'clinical_evidence', label: 'Clinical evidence', phase: 'clinical_validation' },
    { id: 'hsa_evaluation', label: 'HSA evaluation', phase: 'regulatory_review' },
    { id: 'approved', label: 'Registered', phase: 'approved' },
  ],
  gates: [
    ...frontGates(),
    PROTOTYPE_GATE,
    {
      from: 'design_verification',
      to: 'clinical_evidence',
      evidence: [{ kind: 'verification_test' }, { kind: 'design_review' }, { kind: 'ethics_approval' }],
      approval: CLINICAL_BOARD,
    },
    {
      from: 'clinical_evidence',
      to: 'hsa_evaluation',
      evidence: [
        { kind: 'trial_completed' },
        { kind: 'document', documentKind: 'clinical_evaluation_report' },
        { kind: 'submission_filed', authority: 'HSA' },
      ],
      approval: CLINICAL_BOARD,
    },
    {
      // Abridged and expedited routes rest on the reference agencies' evaluation instead of a study of their own.
      from: 'design_verification',
      to: 'hsa_evaluation',
      when: { kind: 'any', conditions: [ABRIDGED, EXPEDITED] },
      evidence: [
        { kind: 'verification_test' },
        { kind: 'design_review' },
        { kind: 'approval_granted', authorities: [...REFERENCE_AGENCIES], count: 1, when: ABRIDGED },
        { kind: 'approval_granted', authorities: [...REFERENCE_AGENCIES], count: 2, when: EXPEDITED },
        { kind: 'submission_filed', authority: 'HSA' },
      ],
      approval: OFFICE_AND_INDEPENDENT_REVIEWER,
    },
    grantGate('hsa_evaluation', 'HSA'),
  ],
  approvedWhen: 'first_approval',
};
