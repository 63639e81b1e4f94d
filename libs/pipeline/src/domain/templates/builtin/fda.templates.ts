// US FDA device pathways: 510(k) premarket notification, De Novo classification, premarket approval (PMA) with an
// IDE for significant-risk studies; a Breakthrough designation, when the FDA target asks for it, before the submission.
import type { EvidenceRequirement, PathwayTemplate, TemplateSource } from '../template.model';
import {
  CLINICAL_BOARD,
  FRONT_STAGES,
  frontGates,
  grantGate,
  OFFICE_AND_INDEPENDENT_REVIEWER,
  PROTOTYPE_GATE,
} from './shared';

const PREMARKET =
  'https://www.fda.gov/medical-devices/premarket-submissions-selecting-and-preparing-correct-submission';
const SOURCE_510K: TemplateSource = {
  publisher: 'U.S. Food and Drug Administration',
  document:
    'Premarket Notification 510(k); 21 CFR 807 subpart E (substantial equivalence to a legally marketed predicate)',
  url: `${PREMARKET}/premarket-notification-510k`,
};
const SOURCE_DE_NOVO: TemplateSource = {
  publisher: 'U.S. Food and Drug Administration',
  document: 'De Novo Classification Request; 21 CFR 860 subpart D (low to moderate risk, no predicate)',
  url: `${PREMARKET}/de-novo-classification-request`,
};
const SOURCE_PMA: TemplateSource = {
  publisher: 'U.S. Food and Drug Administration',
  document:
    'Premarket Approval (PMA); 21 CFR 814 (class III: valid scientific evidence, usually a pivotal clinical study)',
  url: `${PREMARKET}/premarket-approval-pma`,
};
const SOURCE_IDE: TemplateSource = {
  publisher: 'U.S. Food and Drug Administration',
  document:
    'Investigational Device Exemption (IDE); 21 CFR 812: FDA approval for significant-risk studies (812.20), ' +
    'IRB approval, and an IRB’s non-significant-risk determination for the abbreviated requirements (812.2(b))',
  url: `${PREMARKET}/investigational-device-exemption-ide`,
};
const SOURCE_BREAKTHROUGH: TemplateSource = {
  publisher: 'U.S. Food and Drug Administration',
  document:
    'Breakthrough Devices Program, guidance of 15 September 2023 (designation requested before the marketing submission)',
  url: 'https://www.fda.gov/medical-devices/how-study-and-market-your-device/breakthrough-devices-program',
};

/** A study under 21 CFR 812: IRB approval, and FDA's IDE for a significant-risk device or the IRB's NSR determination. */
const STUDY_AUTHORISED: EvidenceRequirement = {
  kind: 'any_of',
  code: 'fda_study_authorised',
  message: 'The study needs FDA’s IDE approval (significant risk) or the IRB’s non-significant-risk determination.',
  options: [
    [{ kind: 'regulator_trial_approval', form: 'IDE' }],
    [{ kind: 'document', documentKind: 'nsr_determination' }],
  ],
};

/** Breakthrough designation, when the project's FDA target is flagged for it. */
const BREAKTHROUGH: EvidenceRequirement = {
  kind: 'designation_granted',
  programme: 'fda_breakthrough_device',
  when: { kind: 'breakthrough_target' },
};

const VERIFICATION_STAGE = { id: 'design_verification', label: 'Design verification', phase: 'prototype' as const };

export const FDA_510K: PathwayTemplate = {
  templateId: 'fda_510k',
  name: 'FDA 510(k) premarket notification',
  description:
    'Class I or II device substantially equivalent to a legally marketed predicate: design verification and the ' +
    'comparison with the predicate, the 510(k) submission, and FDA’s clearance.',
  sources: [SOURCE_510K, SOURCE_BREAKTHROUGH],
  stages: [
    ...FRONT_STAGES,
    VERIFICATION_STAGE,
    { id: 'premarket_review', label: '510(k) review', phase: 'regulatory_review' },
    { id: 'approved', label: 'Cleared', phase: 'approved' },
  ],
  gates: [
    ...frontGates(),
    PROTOTYPE_GATE,
    {
      from: 'design_verification',
      to: 'premarket_review',
      evidence: [
        { kind: 'verification_test' },
        { kind: 'design_review' },
        { kind: 'equivalence_evaluation' },
        BREAKTHROUGH,
        { kind: 'submission_filed', authority: 'FDA', pathway: '510k' },
      ],
      approval: OFFICE_AND_INDEPENDENT_REVIEWER,
    },
    grantGate('premarket_review', 'FDA', '510k'),
  ],
  approvedWhen: 'first_approval',
};

export const FDA_DE_NOVO: PathwayTemplate = {
  templateId: 'fda_de_novo',
  name: 'FDA De Novo classification',
  description:
    'Novel low-to-moderate-risk device with no predicate: design verification, clinical evidence (a study under ' +
    '21 CFR 812, or an evaluation of existing data), the De Novo request and FDA’s grant.',
  sources: [SOURCE_DE_NOVO, SOURCE_IDE, SOURCE_BREAKTHROUGH],
  stages: [
    ...FRONT_STAGES,
    VERIFICATION_STAGE,
    { id: 'clinical_evidence', label: 'Clinical evidence', phase: 'clinical_validation' },
    { id: 'de_novo_review', label: 'De Novo review', phase: 'regulatory_review' },
    { id: 'approved', label: 'Granted', phase: 'approved' },
  ],
  gates: [
    ...frontGates(),
    PROTOTYPE_GATE,
    {
      from: 'design_verification',
      to: 'clinical_evidence',
      evidence: [{ kind: 'verification_test' }, { kind: 'design_review' }],
      approval: OFFICE_AND_INDEPENDENT_REVIEWER,
    },
    {
      from: 'clinical_evidence',
      to: 'de_novo_review',
      evidence: [
        {
          kind: 'any_of',
          code: 'de_novo_clinical_evidence',
          message:
            'Clinical evidence: a completed study under 21 CFR 812 (IRB, and IDE or NSR), or a clinical evaluation report.',
          options: [
            [
              { kind: 'ethics_approval' },
              { kind: 'regulator_trial_approval', form: 'IDE' },
              { kind: 'trial_completed' },
            ],
            [
              { kind: 'ethics_approval' },
              { kind: 'document', documentKind: 'nsr_determination' },
              { kind: 'trial_completed' },
            ],
            [{ kind: 'document', documentKind: 'clinical_evaluation_report' }],
          ],
        },
        BREAKTHROUGH,
        { kind: 'submission_filed', authority: 'FDA', pathway: 'de_novo' },
      ],
      approval: CLINICAL_BOARD,
    },
    grantGate('de_novo_review', 'FDA', 'de_novo'),
  ],
  approvedWhen: 'first_approval',
};

export const FDA_PMA: PathwayTemplate = {
  templateId: 'fda_pma',
  name: 'FDA premarket approval (PMA)',
  description:
    'Class III device: design verification, a pivotal study under an IDE (significant risk) or an IRB’s NSR ' +
    'determination, registered on ClinicalTrials.gov, its primary endpoint met; Breakthrough designation when ' +
    'targeted; the PMA and FDA’s approval order.',
  sources: [SOURCE_PMA, SOURCE_IDE, SOURCE_BREAKTHROUGH],
  stages: [
    ...FRONT_STAGES,
    VERIFICATION_STAGE,
    { id: 'ide_study', label: 'IDE study', phase: 'clinical_validation' },
    { id: 'pma_review', label: 'PMA review', phase: 'regulatory_review' },
    { id: 'approved', label: 'Approved', phase: 'approved' },
  ],
  gates: [
    ...frontGates(),
    PROTOTYPE_GATE,
    {
      from: 'design_verification',
      to: 'ide_study',
      evidence: [
        { kind: 'verification_test' },
        { kind: 'design_review' },
        { kind: 'ethics_approval' },
        STUDY_AUTHORISED,
        { kind: 'registered_trial' },
      ],
      approval: CLINICAL_BOARD,
    },
    {
      from: 'ide_study',
      to: 'pma_review',
      evidence: [
        { kind: 'trial_completed' },
        BREAKTHROUGH,
        { kind: 'submission_filed', authority: 'FDA', pathway: 'pma' },
      ],
      approval: CLINICAL_BOARD,
    },
    grantGate('pma_review', 'FDA', 'pma'),
  ],
  approvedWhen: 'first_approval',
};
