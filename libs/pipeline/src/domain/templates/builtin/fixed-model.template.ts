// The tracker's original six stages and gate evidence, as a template. Every project proposed without a template
// (and every event recorded before templates existed) is bound to it, so its gates answer exactly as before.
import type { PathwayTemplate } from '../template.model';
import { ONE_OFFICE_SIGNATURE } from './shared';

export const FIXED_MODEL_ID = 'fixed_model';

export const FIXED_MODEL: PathwayTemplate = {
  templateId: FIXED_MODEL_ID,
  name: 'Fixed six-stage model',
  description:
    'idea → patent → prototype → clinical validation → regulatory review → approved, one innovation-office signature ' +
    'per gate. Class I and II devices may go from prototype straight to regulatory review on a clinical evaluation by ' +
    'equivalence; class III devices must pass clinical validation. Approved with the first authority’s approval.',
  sources: [
    {
      publisher: 'U.S. Food and Drug Administration',
      document: 'Design Control Guidance for Medical Device Manufacturers (1997), 21 CFR 820.30',
      url: 'https://www.fda.gov/regulatory-information/search-fda-guidance-documents/design-control-guidance-medical-device-manufacturers',
    },
  ],
  stages: [
    { id: 'idea', label: 'Idea', phase: 'idea' },
    { id: 'patent', label: 'Patent', phase: 'patent' },
    { id: 'prototype', label: 'Prototype', phase: 'prototype' },
    { id: 'clinical_validation', label: 'Clinical validation', phase: 'clinical_validation' },
    { id: 'regulatory_review', label: 'Regulatory review', phase: 'regulatory_review' },
    { id: 'approved', label: 'Approved', phase: 'approved' },
  ],
  gates: [
    { from: 'idea', to: 'patent', evidence: [{ kind: 'disclosure' }], approval: ONE_OFFICE_SIGNATURE },
    { from: 'patent', to: 'prototype', evidence: [{ kind: 'patent_filed' }], approval: ONE_OFFICE_SIGNATURE },
    {
      from: 'prototype',
      to: 'clinical_validation',
      evidence: [
        { kind: 'prototype' },
        { kind: 'verification_test' },
        { kind: 'design_review' },
        { kind: 'ethics_approval' },
      ],
      approval: ONE_OFFICE_SIGNATURE,
    },
    {
      from: 'prototype',
      to: 'regulatory_review',
      evidence: [
        { kind: 'prototype' },
        { kind: 'verification_test' },
        { kind: 'design_review' },
        { kind: 'equivalence_evaluation' },
      ],
      approval: ONE_OFFICE_SIGNATURE,
      when: { kind: 'risk_class', in: ['I', 'II'] },
    },
    {
      from: 'clinical_validation',
      to: 'regulatory_review',
      evidence: [{ kind: 'trial_completed' }],
      approval: ONE_OFFICE_SIGNATURE,
    },
    {
      from: 'regulatory_review',
      to: 'approved',
      evidence: [{ kind: 'submission_filed' }, { kind: 'approval_granted' }],
      approval: ONE_OFFICE_SIGNATURE,
    },
  ],
  approvedWhen: 'first_approval',
};
