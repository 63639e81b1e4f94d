// EU MDR class III device: conformity assessment by a notified body (Annex IX), after a clinical investigation.
import type { PathwayTemplate } from '../template.model';
import {
  CLINICAL_BOARD,
  FRONT_STAGES,
  frontGates,
  grantGate,
  OFFICE_AND_INDEPENDENT_REVIEWER,
  PROTOTYPE_GATE,
} from './shared';

export const EU_MDR_CLASS_III: PathwayTemplate = {
  templateId: 'eu_mdr_class_iii',
  name: 'EU MDR class III via a notified body',
  description:
    'Class III device under Regulation (EU) 2017/745: technical documentation and risk management, a clinical ' +
    'investigation authorised by the member state (Article 70) after ethics review, the clinical evaluation ' +
    '(Article 61, Annex XIV), then the notified body’s Annex IX assessment (QMS and technical documentation; the ' +
    'clinical evaluation consultation of Article 54 for implantables) and its CE certificate.',
  sources: [
    {
      publisher: 'European Parliament and Council',
      document:
        'Regulation (EU) 2017/745 on medical devices: Article 52(3) and Annex IX (class III conformity assessment), ' +
        'Article 61 and Annex XIV (clinical evaluation), Articles 62-82 (clinical investigations), Article 54',
      url: 'https://eur-lex.europa.eu/eli/reg/2017/745/oj',
    },
  ],
  stages: [
    ...FRONT_STAGES,
    { id: 'design_verification', label: 'Design verification', phase: 'prototype' },
    { id: 'clinical_investigation', label: 'Clinical investigation', phase: 'clinical_validation' },
    { id: 'conformity_assessment', label: 'Notified body assessment', phase: 'regulatory_review' },
    { id: 'approved', label: 'CE certified', phase: 'approved' },
  ],
  gates: [
    ...frontGates(),
    PROTOTYPE_GATE,
    {
      from: 'design_verification',
      to: 'clinical_investigation',
      evidence: [
        { kind: 'verification_test' },
        { kind: 'design_review' },
        { kind: 'document', documentKind: 'risk_management_file' },
        { kind: 'ethics_approval' },
        { kind: 'regulator_trial_approval', form: 'EU_clinical_investigation' },
        { kind: 'registered_trial' },
      ],
      approval: CLINICAL_BOARD,
    },
    {
      from: 'clinical_investigation',
      to: 'conformity_assessment',
      evidence: [
        { kind: 'trial_completed' },
        { kind: 'document', documentKind: 'clinical_evaluation_report' },
        { kind: 'submission_filed', authority: 'EU_MDR', pathway: 'notified_body' },
      ],
      approval: CLINICAL_BOARD,
    },
    grantGate('conformity_assessment', 'EU_MDR', 'notified_body', OFFICE_AND_INDEPENDENT_REVIEWER),
  ],
  approvedWhen: 'first_approval',
};
