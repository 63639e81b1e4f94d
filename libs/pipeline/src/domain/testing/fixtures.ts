// Shared fixtures for the decider specs: a proposed class III non-invasive glucose detector and the
// records that carry it through every gate, plus a class II AI spine-imaging tool for the equivalence route.
import { deciderSpec } from '@app/platform/testing/decider-spec';
import { decide, evolve, initialState } from '..';
import type {
  Actor,
  CommandMetadata,
  CommandOf,
  EvidenceRef,
  ProjectCommand,
  ProjectCommandType,
  ProjectEvent,
  ProjectEventType,
  Signature,
  Stage,
} from '..';

export const spec = deciderSpec<ProjectCommand, ProjectEvent, ReturnType<typeof initialState>>({
  decide,
  evolve,
  initialState,
});

export const PROJECT_ID = 'prj-glucose';
export const NOW = '2025-03-01T09:00:00.000Z';
export const LATER = '2025-09-15T14:30:00.000Z';

export const office: Actor = { id: 'u-li', name: 'Li Na', role: 'innovation_office' };
export const leadClinician: Actor = { id: 'dr-chen', name: 'Dr. Chen Wei', role: 'clinician' };
// The same person as the lead clinician, also holding an innovation-office account.
export const leadAsOffice: Actor = { ...leadClinician, role: 'innovation_office' };
export const teamClinician: Actor = { id: 'dr-tan', name: 'Dr. Tan Mei', role: 'clinician' };
export const outsider: Actor = { id: 'dr-wong', name: 'Dr. Wong Kai', role: 'clinician' };
export const manager: Actor = { id: 'u-zhao', name: 'Zhao Min', role: 'management' };
export const admin: Actor = { id: 'u-root', name: 'Ops Admin', role: 'admin' };

export const signature = { meaning: 'approved to advance', printedName: 'Li Na' };

export function meta(actor: Actor = office, now: string = NOW): CommandMetadata {
  return { actor, now };
}

export function signed(signedRevision: number, decidedAt: string = NOW, meaning = signature.meaning): Signature {
  return {
    signerId: office.id,
    printedName: office.name,
    role: 'innovation_office',
    meaning,
    signedAt: decidedAt,
    signedRevision,
  };
}

type CommandData<T extends ProjectCommandType> = Omit<CommandOf<T>['data'], 'projectId'>;
type EventOf<T extends ProjectEventType> = Extract<ProjectEvent, { type: T }>;
type EventData<T extends ProjectEventType> = Omit<EventOf<T>['data'], 'projectId'>;

/** A command on the fixture project, issued by the innovation office unless another actor is given. */
export function command<T extends ProjectCommandType>(
  type: T,
  data: CommandData<T>,
  actor: Actor = office,
  now: string = NOW,
): CommandOf<T> {
  return { type, data: { projectId: PROJECT_ID, ...data }, metadata: meta(actor, now) } as unknown as CommandOf<T>;
}

export function event<T extends ProjectEventType>(type: T, data: EventData<T>): EventOf<T> {
  return { type, data: { projectId: PROJECT_ID, ...data } } as unknown as EventOf<T>;
}

export const glucoseProposal: CommandData<'ProposeProject'> = {
  title: 'Non-invasive blood-glucose detector',
  summary: 'Optical glucose sensing through the fingertip, no lancet.',
  deviceType: 'in vitro diagnostic sensor',
  riskClass: 'III',
  targets: [
    {
      authority: 'NMPA',
      pathway: 'innovative_special_review',
      deviceClass: 'III',
      breakthrough: false,
      notifiedBody: null,
    },
    { authority: 'FDA', pathway: 'pma', deviceClass: 'III', breakthrough: true, notifiedBody: null },
    { authority: 'HSA', pathway: 'full', deviceClass: 'D', breakthrough: false, notifiedBody: null },
  ],
  therapeuticArea: 'endocrinology',
  institution: 'Shanghai Sixth People’s Hospital',
  department: 'Endocrinology',
  leadClinician: { id: leadClinician.id, name: leadClinician.name },
  partners: [
    { partnerId: 'ptn-sinochip', name: 'SinoChip Medical Semiconductors', kind: 'enterprise', role: 'co_developer' },
  ],
};

export const proposed = event('ProjectProposed', { ...glucoseProposal, proposedAt: NOW });

export const spineProposal: CommandData<'ProposeProject'> = {
  title: 'AI spine-imaging assistant',
  summary: 'Flags vertebral fractures on CT for the reading radiologist.',
  deviceType: 'software as a medical device',
  riskClass: 'II',
  targets: [
    { authority: 'FDA', pathway: '510k', deviceClass: 'II', breakthrough: false, notifiedBody: null },
    { authority: 'EU_MDR', pathway: 'notified_body', deviceClass: 'IIa', breakthrough: false, notifiedBody: 'TÜV SÜD' },
  ],
  therapeuticArea: 'orthopaedics',
  institution: 'Singapore General Hospital',
  department: 'Orthopaedic Surgery',
  leadClinician: { id: leadClinician.id, name: leadClinician.name },
  partners: [],
};

export const spineProposed = event('ProjectProposed', { ...spineProposal, proposedAt: NOW });

// Records, one of each kind.
export const disclosed = event('InventionDisclosureRecorded', {
  disclosureId: 'dis-1',
  title: 'Optical glucose sensing through the fingertip',
  summary: 'Near-infrared spectroscopy with a per-patient calibration model.',
  inventors: ['Dr. Chen Wei', 'Zhang Lei'],
  disclosedOn: '2025-01-10',
});
export const patentFiled = event('PatentFiled', {
  patentId: 'pat-cn-1',
  title: 'Non-invasive glucose measurement device',
  jurisdiction: 'CN',
  kind: 'invention',
  applicationNumber: 'CN202510012345.6',
  filedOn: '2025-02-01',
});
export const patentPublished = event('PatentPublished', {
  patentId: 'pat-cn-1',
  publicationNumber: 'CN119000001A',
  publishedOn: '2025-08-01',
});
export const patentGranted = event('PatentGranted', {
  patentId: 'pat-cn-1',
  patentNumber: 'ZL202510012345.6',
  grantedOn: '2026-05-20',
});
export const prototypeBuilt = event('PrototypeBuilt', {
  prototypeId: 'pro-v1',
  version: 'v1.0',
  description: 'Wrist-worn NIR sensor, bench prototype',
  builtOn: '2025-04-01',
});
export const biocompatibilityPassed = event('VerificationTestRecorded', {
  testId: 'vt-10993',
  prototypeId: 'pro-v1',
  standard: 'ISO 10993-5',
  lab: 'Shanghai Medical Device Testing Institute',
  result: 'passed',
  testedOn: '2025-05-01',
  reportReference: 'SMDTI-2025-0412',
});
export const electricalSafetyFailed = event('VerificationTestRecorded', {
  testId: 'vt-60601-a',
  prototypeId: 'pro-v1',
  standard: 'IEC 60601-1',
  lab: 'TÜV SÜD Shanghai',
  result: 'failed',
  testedOn: '2025-05-10',
  reportReference: 'TUV-2025-88',
});
export const electricalSafetyPassed = event('VerificationTestRecorded', {
  testId: 'vt-60601-b',
  prototypeId: 'pro-v1',
  standard: 'IEC 60601-1',
  lab: 'TÜV SÜD Shanghai',
  result: 'passed',
  testedOn: '2025-06-10',
  reportReference: 'TUV-2025-97',
});
export const designReviewHeld = event('DesignReviewHeld', {
  reviewId: 'dr-1',
  heldOn: '2025-06-20',
  outcome: 'passed_with_actions',
  summary: 'Casing redesign for sweat ingress; actions tracked.',
});
export const ethicsApproved = event('EthicsApprovalRecorded', {
  ethicsApprovalId: 'eth-1',
  committee: 'Sixth Hospital Ethics Committee',
  reference: 'EC-2025-118',
  approvedOn: '2025-07-01',
});
export const trialRegistered = event('TrialRegistered', {
  trialId: 'tr-1',
  title: 'Accuracy of NIR glucose sensing vs venous reference',
  registry: 'ChiCTR',
  registryId: 'ChiCTR2500091234',
  targetEnrolment: 120,
  registeredOn: '2025-07-15',
});
export const firstPatientIn = event('FirstPatientEnrolled', { trialId: 'tr-1', occurredOn: '2025-08-01' });
export const enrolled60 = event('EnrolmentUpdated', {
  trialId: 'tr-1',
  enrolled: 60,
  targetEnrolment: 120,
  overTarget: false,
  asOf: '2025-10-01',
});
export const trialMet = event('TrialCompleted', {
  trialId: 'tr-1',
  completedOn: '2026-02-01',
  primaryEndpointMet: true,
  resultSummary: 'MARD 9.8% against venous reference; endpoint (<12%) met.',
});
export const trialMissed = event('TrialCompleted', {
  trialId: 'tr-1',
  completedOn: '2026-02-01',
  primaryEndpointMet: false,
  resultSummary: 'MARD 15.1%; endpoint (<12%) not met.',
});
export const equivalenceRecorded = event('EquivalenceEvaluationRecorded', {
  evaluationId: 'eq-1',
  predicateDevice: 'SpineScan CAD',
  predicateManufacturer: 'Imaging Co.',
  predicateReference: 'K231234',
  equivalent: true,
  evaluatedOn: '2025-06-30',
});
export const submissionFiled = event('SubmissionFiled', {
  submissionId: 'sub-nmpa',
  authority: 'NMPA',
  pathway: 'registration',
  reference: 'NMPA-2026-0001',
  filedOn: '2026-03-01',
});
export const deficiencyReceived = event('SubmissionDeficiencyReceived', {
  submissionId: 'sub-nmpa',
  receivedOn: '2026-05-01',
  summary: 'Provide long-term stability data.',
});
export const deficiencyAnswered = event('SubmissionDeficiencyAnswered', {
  submissionId: 'sub-nmpa',
  answeredOn: '2026-06-01',
  summary: '12-month stability data supplied.',
});
export const submissionApproved = event('SubmissionApproved', {
  submissionId: 'sub-nmpa',
  authority: 'NMPA',
  certificateNumber: '国械注准20263070001',
  approvedOn: '2026-09-01',
  deviceClass: 'III',
});
export const teamClinicianAdded = event('TeamMemberAdded', {
  member: { id: teamClinician.id, name: teamClinician.name },
  teamRole: 'clinician',
});
export const milestoneByTan = event('MilestoneLogged', {
  milestoneId: 'ms-1',
  title: 'Prototype v1 first wear test',
  description: 'Ten volunteers, no adverse skin reaction.',
  occurredOn: '2025-04-15',
  loggedBy: teamClinician.id,
});

// Gate events as the decider writes them; signedRevision is the revision of the last event before the gate.
export function advanced(fromStage: Stage, toStage: Stage, signedRevision: number, evidence: EvidenceRef[] = []) {
  return event('StageAdvanced', {
    decision: 'go',
    fromStage,
    toStage,
    reason: null,
    signature: signed(signedRevision),
    evidence,
  });
}
export function putOnHold(stage: Stage, signedRevision: number, reason = 'Partner funding round delayed') {
  return event('ProjectPutOnHold', {
    decision: 'hold',
    fromStage: stage,
    toStage: stage,
    reason,
    signature: signed(signedRevision, NOW, 'approved to pause'),
  });
}
export function killed(stage: Stage, signedRevision: number, reason = 'Accuracy target unreachable') {
  return event('ProjectKilled', {
    decision: 'kill',
    fromStage: stage,
    toStage: stage,
    reason,
    signature: signed(signedRevision, NOW, 'approved to terminate'),
  });
}

/** Appends a go to `history`, signing the revision of its last event. */
export function thenAdvanced(history: ProjectEvent[], fromStage: Stage, toStage: Stage): ProjectEvent[] {
  return [...history, advanced(fromStage, toStage, history.length - 1)];
}

// Histories that leave the glucose project at each stage with the evidence for the next gate on record.
export const atIdea: ProjectEvent[] = [proposed];
export const readyForPatent: ProjectEvent[] = [...atIdea, disclosed];
export const atPatent = thenAdvanced(readyForPatent, 'idea', 'patent');
export const readyForPrototype: ProjectEvent[] = [...atPatent, patentFiled];
export const atPrototype = thenAdvanced(readyForPrototype, 'patent', 'prototype');
export const readyForClinical: ProjectEvent[] = [
  ...atPrototype,
  prototypeBuilt,
  biocompatibilityPassed,
  electricalSafetyPassed,
  designReviewHeld,
  ethicsApproved,
];
export const atClinical = thenAdvanced(readyForClinical, 'prototype', 'clinical_validation');
export const recruiting: ProjectEvent[] = [...atClinical, trialRegistered, firstPatientIn];
export const readyForRegulatory: ProjectEvent[] = [...recruiting, trialMet];
export const atRegulatory = thenAdvanced(readyForRegulatory, 'clinical_validation', 'regulatory_review');
export const readyForApproval: ProjectEvent[] = [...atRegulatory, submissionFiled, submissionApproved];
export const atApproved = thenAdvanced(readyForApproval, 'regulatory_review', 'approved');

// The class II project at prototype with verification done, ready for the equivalence route.
export const spineAtPrototype: ProjectEvent[] = thenAdvanced(
  thenAdvanced([spineProposed, disclosed], 'idea', 'patent').concat(patentFiled),
  'patent',
  'prototype',
);
export const spineVerified: ProjectEvent[] = [
  ...spineAtPrototype,
  prototypeBuilt,
  biocompatibilityPassed,
  electricalSafetyPassed,
  designReviewHeld,
];
