// A cell or gene therapy (CAR-T and the like) as a biologic: nonclinical work and CMC, the regulator's permission
// for first-in-human (IND, CTA or NMPA trial approval), phase I, II and III, the licence application.
import type { EvidenceRequirement, PathwayTemplate } from '../template.model';
import { CLINICAL_BOARD, ONE_OFFICE_SIGNATURE, OFFICE_AND_INDEPENDENT_REVIEWER } from './shared';

const FIRST_IN_HUMAN: EvidenceRequirement = {
  kind: 'any_of',
  code: 'clinical_trial_authorised',
  message:
    'The regulator’s permission for the first trial must be recorded: an FDA IND in effect, a CTA, or NMPA’s trial approval.',
  options: [
    [{ kind: 'regulator_trial_approval', form: 'IND' }],
    [{ kind: 'regulator_trial_approval', form: 'CTA' }],
    [{ kind: 'regulator_trial_approval', form: 'NMPA_trial_approval' }],
  ],
};

export const CELL_GENE_THERAPY: PathwayTemplate = {
  templateId: 'cell_gene_therapy',
  name: 'Cell and gene therapy (IND/CTA, phase I-III, licence)',
  description:
    'Nonclinical studies and the chemistry, manufacturing and controls dossier; an IND (21 CFR 312), CTA ' +
    '(EU Regulation 536/2014) or NMPA trial approval; phase I, II and III trials (21 CFR 312.21), each registered ' +
    'and completed; then the licence application (BLA under 21 CFR 601, EU marketing authorisation for an ATMP, ' +
    'NMPA drug registration) and its approval.',
  sources: [
    {
      publisher: 'U.S. Food and Drug Administration',
      document: '21 CFR 312 Investigational New Drug Application (phases of an investigation: 312.21)',
      url: 'https://www.ecfr.gov/current/title-21/chapter-I/subchapter-D/part-312',
    },
    {
      publisher: 'U.S. Food and Drug Administration',
      document: '21 CFR 601 Licensing (biologics licence application); CBER Cellular & Gene Therapy Products',
      url: 'https://www.fda.gov/vaccines-blood-biologics/cellular-gene-therapy-products',
    },
    {
      publisher: 'European Parliament and Council',
      document:
        'Regulation (EU) No 536/2014 on clinical trials; Regulation (EC) No 1394/2007 on advanced therapy medicinal products',
      url: 'https://eur-lex.europa.eu/eli/reg/2014/536/oj',
    },
    {
      publisher: 'State Administration for Market Regulation / NMPA',
      document:
        '药品注册管理办法 (Provisions for Drug Registration), SAMR Order No. 27, 2020: clinical trial approval and marketing authorisation',
      url: 'https://www.gov.cn/zhengce/zhengceku/2020-04/01/content_5498012.htm',
    },
  ],
  stages: [
    { id: 'idea', label: 'Idea', phase: 'idea' },
    { id: 'patent', label: 'Patent', phase: 'patent' },
    { id: 'preclinical', label: 'Nonclinical and CMC', phase: 'prototype' },
    { id: 'phase_1', label: 'Phase I', phase: 'clinical_validation' },
    { id: 'phase_2', label: 'Phase II', phase: 'clinical_validation' },
    { id: 'phase_3', label: 'Phase III', phase: 'clinical_validation' },
    { id: 'licence_review', label: 'Licence application', phase: 'regulatory_review' },
    { id: 'approved', label: 'Licensed', phase: 'approved' },
  ],
  gates: [
    { from: 'idea', to: 'patent', evidence: [{ kind: 'disclosure' }], approval: ONE_OFFICE_SIGNATURE },
    { from: 'patent', to: 'preclinical', evidence: [{ kind: 'patent_filed' }], approval: ONE_OFFICE_SIGNATURE },
    {
      from: 'preclinical',
      to: 'phase_1',
      evidence: [
        { kind: 'document', documentKind: 'cmc_dossier' },
        { kind: 'document', documentKind: 'test_report' },
        { kind: 'ethics_approval' },
        FIRST_IN_HUMAN,
        { kind: 'registered_trial', phase: 'I' },
      ],
      approval: CLINICAL_BOARD,
    },
    {
      from: 'phase_1',
      to: 'phase_2',
      evidence: [
        { kind: 'trial_completed', phase: 'I' },
        { kind: 'registered_trial', phase: 'II' },
      ],
      approval: CLINICAL_BOARD,
    },
    {
      from: 'phase_2',
      to: 'phase_3',
      evidence: [
        { kind: 'trial_completed', phase: 'II' },
        { kind: 'registered_trial', phase: 'III' },
      ],
      approval: CLINICAL_BOARD,
    },
    {
      from: 'phase_3',
      to: 'licence_review',
      evidence: [{ kind: 'trial_completed', phase: 'III' }, { kind: 'submission_filed' }],
      approval: CLINICAL_BOARD,
    },
    {
      from: 'licence_review',
      to: 'approved',
      evidence: [{ kind: 'submission_filed' }, { kind: 'approval_granted' }],
      approval: OFFICE_AND_INDEPENDENT_REVIEWER,
    },
  ],
  approvedWhen: 'first_approval',
};
