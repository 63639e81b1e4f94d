// China NMPA: registration of class II devices (provincial review) and class III devices (NMPA), and the
// innovative medical device special review (the "green channel") ahead of registration.
import type { EvidenceRequirement, PathwayTemplate, TemplateSource } from '../template.model';
import {
  CLINICAL_BOARD,
  FRONT_STAGES,
  frontGates,
  grantGate,
  OFFICE_AND_INDEPENDENT_REVIEWER,
  ONE_OFFICE_SIGNATURE,
} from './shared';

const REGULATIONS: TemplateSource = {
  publisher: 'State Council of the People’s Republic of China',
  document:
    '医疗器械监督管理条例 (Regulations on the Supervision and Administration of Medical Devices), State Council Order No. 739, 2021',
  url: 'https://www.gov.cn/zhengce/content/2021-03/18/content_5593739.htm',
};
const REGISTRATION_PROVISIONS: TemplateSource = {
  publisher: 'State Administration for Market Regulation / NMPA',
  document:
    '医疗器械注册与备案管理办法 (Provisions for Medical Device Registration and Filing), SAMR Order No. 47, 2021: ' +
    'chapter III product technical requirements and registration testing, chapter IV clinical evaluation',
  url: 'http://subsites.chinadaily.com.cn/nmpa/2024-06/05/c_993242.htm',
};
const INNOVATIVE_PROCEDURE: TemplateSource = {
  publisher: 'National Medical Products Administration',
  document:
    '创新医疗器械特别审查程序 (Special Review Procedure for Innovative Medical Devices), NMPA Announcement 2018 No. 83, ' +
    'article 2: a Chinese core-technology invention patent, or a published application with a CNIPA search report',
  url: 'http://www.nmpa.gov.cn/WS04/CL2138/331560.html',
};

/** Registration testing starts from the product technical requirements (Order 47, chapter III). */
const TECHNICAL_REQUIREMENTS: EvidenceRequirement = {
  kind: 'document',
  documentKind: 'product_technical_requirements',
};
/** ...and ends with the test report to them, the applicant's own or a qualified laboratory's. */
const REGISTRATION_TESTING: EvidenceRequirement[] = [
  { kind: 'verification_test' },
  { kind: 'document', documentKind: 'test_report' },
];

/**
 * Clinical evaluation (Order 47, articles 34-35): exempt by the catalogue of devices exempt from clinical evaluation,
 * by comparison with a same-kind device, or by a clinical trial (with NMPA's approval for the class III devices in
 * the catalogue needing it, else filed with the provincial authority).
 */
function clinicalEvaluation(classIII: boolean): EvidenceRequirement {
  const trial = classIII
    ? [
        [
          { kind: 'ethics_approval' as const },
          { kind: 'regulator_trial_approval' as const, form: 'NMPA_trial_approval' as const },
          { kind: 'trial_completed' as const },
        ],
        [
          { kind: 'ethics_approval' as const },
          { kind: 'document' as const, documentKind: 'trial_approval_exemption' as const },
          { kind: 'trial_completed' as const },
        ],
      ]
    : [[{ kind: 'ethics_approval' as const }, { kind: 'trial_completed' as const }]];
  return {
    kind: 'any_of',
    code: 'nmpa_clinical_evaluation',
    message:
      'A clinical evaluation must be on the record: an exemption by the catalogue, a comparison with a same-kind device ' +
      (classIII
        ? '(with its clinical evaluation report), or a completed clinical trial with ethics and (catalogue devices) NMPA trial approval.'
        : '(with its clinical evaluation report), or a completed clinical trial with ethics approval.'),
    options: [
      [{ kind: 'document', documentKind: 'clinical_evaluation_exemption' }],
      [{ kind: 'equivalence_evaluation' }, { kind: 'document', documentKind: 'clinical_evaluation_report' }],
      ...trial,
    ],
  };
}

function registration(classIII: boolean): PathwayTemplate {
  const cls = classIII ? 'III' : 'II';
  return {
    templateId: `nmpa_class_${cls.toLowerCase()}_registration`,
    name: `NMPA class ${cls} registration`,
    description:
      (classIII
        ? 'Domestic class III device registered by NMPA (CMDE technical review). '
        : 'Domestic class II device registered by the provincial medical products administration. ') +
      'Product technical requirements and registration testing, clinical evaluation (exemption, same-kind comparison or trial), ' +
      'then the registration application and its certificate.',
    sources: [REGULATIONS, REGISTRATION_PROVISIONS],
    stages: [
      ...FRONT_STAGES,
      { id: 'registration_testing', label: 'Registration testing', phase: 'prototype' },
      { id: 'clinical_evaluation', label: 'Clinical evaluation', phase: 'clinical_validation' },
      { id: 'registration_review', label: 'Registration review', phase: 'regulatory_review' },
      { id: 'approved', label: 'Registered', phase: 'approved' },
    ],
    gates: [
      ...frontGates(),
      {
        from: 'prototype',
        to: 'registration_testing',
        evidence: [{ kind: 'prototype' }, { kind: 'design_review' }, TECHNICAL_REQUIREMENTS],
        approval: OFFICE_AND_INDEPENDENT_REVIEWER,
      },
      {
        from: 'registration_testing',
        to: 'clinical_evaluation',
        evidence: REGISTRATION_TESTING,
        approval: OFFICE_AND_INDEPENDENT_REVIEWER,
      },
      {
        from: 'clinical_evaluation',
        to: 'registration_review',
        evidence: [
          clinicalEvaluation(classIII),
          { kind: 'submission_filed', authority: 'NMPA', pathway: 'registration' },
        ],
        approval: classIII ? CLINICAL_BOARD : OFFICE_AND_INDEPENDENT_REVIEWER,
      },
      grantGate('registration_review', 'NMPA', 'registration'),
    ],
    approvedWhen: 'first_approval',
  };
}

export const NMPA_CLASS_II_REGISTRATION = registration(false);
export const NMPA_CLASS_III_REGISTRATION = registration(true);

/** The green channel's patent: a CN invention patent granted, or published with CNIPA's search report, filed within 5 years. */
export const GREEN_CHANNEL_PATENT: EvidenceRequirement = {
  kind: 'any_of',
  code: 'cn_core_invention_patent',
  message:
    'A Chinese invention patent on the core technology, filed within 5 years of the application, must be granted, ' +
    'or published with a search report by CNIPA’s Patent Search and Consultation Center.',
  options: [
    [
      {
        kind: 'patent_granted',
        jurisdiction: 'CN',
        patentKind: 'invention',
        datedWithin: { years: 5, date: 'filedOn' },
      },
    ],
    [
      {
        kind: 'patent_published',
        jurisdiction: 'CN',
        patentKind: 'invention',
        datedWithin: { years: 5, date: 'filedOn' },
      },
      { kind: 'document', documentKind: 'patent_search_report' },
    ],
  ],
};

export const NMPA_INNOVATIVE_SPECIAL_REVIEW: PathwayTemplate = {
  templateId: 'nmpa_innovative_special_review',
  name: 'NMPA innovative medical device special review (green channel)',
  description:
    'Class II or III device with a Chinese core-technology invention patent: the special review application is filed ' +
    'before registration, with the product finalised; once designated innovative it gets priority testing and review. ' +
    'Then registration testing, clinical evaluation and the registration as for class III.',
  sources: [INNOVATIVE_PROCEDURE, REGISTRATION_PROVISIONS, REGULATIONS],
  stages: [
    ...FRONT_STAGES,
    { id: 'innovative_designation', label: 'Designated innovative', phase: 'prototype' },
    { id: 'registration_testing', label: 'Priority registration testing', phase: 'prototype' },
    { id: 'clinical_evaluation', label: 'Clinical evaluation', phase: 'clinical_validation' },
    { id: 'registration_review', label: 'Priority registration review', phase: 'regulatory_review' },
    { id: 'approved', label: 'Registered', phase: 'approved' },
  ],
  gates: [
    ...frontGates({ kind: 'patent_filed', jurisdiction: 'CN', patentKind: 'invention' }),
    {
      from: 'prototype',
      to: 'innovative_designation',
      evidence: [
        { kind: 'prototype' },
        { kind: 'design_review' },
        GREEN_CHANNEL_PATENT,
        { kind: 'submission_filed', authority: 'NMPA', pathway: 'innovative_special_review' },
        { kind: 'designation_granted', programme: 'nmpa_innovative_device' },
      ],
      approval: OFFICE_AND_INDEPENDENT_REVIEWER,
    },
    {
      from: 'innovative_designation',
      to: 'registration_testing',
      evidence: [TECHNICAL_REQUIREMENTS],
      approval: ONE_OFFICE_SIGNATURE,
    },
    {
      from: 'registration_testing',
      to: 'clinical_evaluation',
      evidence: REGISTRATION_TESTING,
      approval: OFFICE_AND_INDEPENDENT_REVIEWER,
    },
    {
      from: 'clinical_evaluation',
      to: 'registration_review',
      evidence: [clinicalEvaluation(true), { kind: 'submission_filed', authority: 'NMPA', pathway: 'registration' }],
      approval: CLINICAL_BOARD,
    },
    grantGate('registration_review', 'NMPA', 'registration'),
  ],
  approvedWhen: 'first_approval',
};
