// The demo pipeline as data: twelve doctor-led device projects, each a list of commands in the order they
// happened, 2023-2026. People, companies, patent numbers, trial ids and predicate devices are invented;
// hospitals, regulators, standards and registries are real names so the data reads like the real thing.
import { createHash } from 'node:crypto';
import type { ProjectCommandInput } from '../application';
import type { Actor, CommandOf, ProjectCommandType, ProjectStatus, Stage } from '../domain';

export interface DemoStep {
  actor: Actor;
  command: ProjectCommandInput;
  /** ISO instant it happened in the world; the event's occurredAt. */
  occurredAt: string;
}

export interface DemoProject {
  /** Short stable name; every id of the project derives from it. */
  key: string;
  projectId: string;
  title: string;
  /** Where the steps leave the project. */
  expected: { stage: Stage; status: ProjectStatus };
  steps: DemoStep[];
}

// Fixed namespace: the same name always yields the same id, so demo links survive a reseed.
const DEMO_NAMESPACE = '0c5b2f4e-8d1a-4c3e-9f7a-6b2d1e0a9c44';

/** A name-based (version 5) UUID in the demo namespace. */
export function demoId(name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(DEMO_NAMESPACE.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Innovation office staff sign every gate; none of them leads a project.
export const DEMO_OFFICE = {
  liNa: { id: 'office-li', name: 'Li Na', role: 'innovation_office' },
  zhouJie: { id: 'office-zhou', name: 'Zhou Jie', role: 'innovation_office' },
  tanWeiMing: { id: 'office-tan', name: 'Tan Wei Ming', role: 'innovation_office' },
} as const satisfies Record<string, Actor>;
const { liNa, zhouJie, tanWeiMing } = DEMO_OFFICE;

const clinician = (id: string, name: string): Actor => ({ id, name, role: 'clinician' });
const person = ({ id, name }: Actor) => ({ id, name });

export const DEMO_CLINICIANS = {
  chenWei: clinician('dr-chen', 'Dr. Chen Wei'),
  sunYue: clinician('dr-sun-yue', 'Dr. Sun Yue'),
  xuHao: clinician('dr-xu-hao', 'Dr. Xu Hao'),
  gaoRong: clinician('dr-gao-rong', 'Prof. Gao Rong'),
  haoYan: clinician('dr-hao-yan', 'Dr. Hao Yan'),
  rachelOng: clinician('dr-rachel-ong', 'Dr. Rachel Ong'),
  kohLiPing: clinician('dr-koh-li-ping', 'Dr. Koh Li Ping'),
  arjunMenon: clinician('dr-arjun-menon', 'Dr. Arjun Menon'),
  danielTeo: clinician('dr-daniel-teo', 'Dr. Daniel Teo'),
  wangLu: clinician('dr-wang-lu', 'Dr. Wang Lu'),
  priyaNair: clinician('dr-priya-nair', 'Dr. Priya Nair'),
  linFeng: clinician('dr-lin-feng', 'Dr. Lin Feng'),
  sharonLee: clinician('dr-sharon-lee', 'Dr. Sharon Lee'),
};
const { chenWei, sunYue, xuHao, gaoRong, haoYan, rachelOng, kohLiPing, arjunMenon, danielTeo, wangLu, priyaNair, linFeng, sharonLee } =
  DEMO_CLINICIANS;

/** 'YYYY-MM-DD' is the start of that day (as the API records dated facts); 'YYYY-MM-DDTHH:mm' is Shanghai/Singapore time. */
function instant(when: string): string {
  return when.length === 10 ? `${when}T00:00:00.000Z` : new Date(`${when}:00+08:00`).toISOString();
}

type Data<T extends ProjectCommandType> = Omit<CommandOf<T>['data'], 'projectId'>;

class Script {
  readonly projectId: string;
  constructor(readonly key: string) {
    this.projectId = demoId(`project/${key}`);
  }

  /** A record id, stable per project and name. */
  id(name: string): string {
    return demoId(`${this.key}/${name}`);
  }

  step<T extends ProjectCommandType>(actor: Actor, when: string, type: T, data: Data<T>): DemoStep {
    const command = { type, data: { projectId: this.projectId, ...data } } as unknown as ProjectCommandInput;
    return { actor, command, occurredAt: instant(when) };
  }

  go(signer: Actor, when: string, targetStage: Stage | null = null): DemoStep {
    return this.step(signer, when, 'AdvanceStage', { targetStage, signature: this.sign(signer, 'approved to advance') });
  }
  kill(signer: Actor, when: string, reason: string): DemoStep {
    return this.step(signer, when, 'KillProject', { reason, signature: this.sign(signer, 'approved to terminate') });
  }
  hold(signer: Actor, when: string, reason: string): DemoStep {
    return this.step(signer, when, 'PutProjectOnHold', { reason, signature: this.sign(signer, 'approved to pause') });
  }
  recycle(signer: Actor, when: string, toStage: Stage, reason: string): DemoStep {
    return this.step(signer, when, 'RecycleProject', { toStage, reason, signature: this.sign(signer, 'approved to redesign') });
  }

  private sign(signer: Actor, meaning: string) {
    return { meaning, printedName: signer.name };
  }
}

function demoProject(key: string, expected: DemoProject['expected'], write: (p: Script) => DemoStep[]): DemoProject {
  const script = new Script(key);
  const steps = write(script);
  const proposal = steps[0]?.command;
  if (proposal?.type !== 'ProposeProject') throw new Error(`Demo project ${key} must start with ProposeProject`);
  return { key, projectId: script.projectId, title: proposal.data.title, expected, steps };
}

const glucose = demoProject('glucose', { stage: 'clinical_validation', status: 'active' }, (p) => [
  p.step(liNa, '2023-02-20T10:00', 'ProposeProject', {
    title: 'Non-invasive blood-glucose detector',
    summary: 'Wrist-worn detector estimating blood glucose from near-infrared and bio-impedance signals, no finger prick.',
    deviceType: 'non-invasive glucose monitor',
    riskClass: 'III',
    targets: [
      { authority: 'NMPA', pathway: 'innovative_special_review', deviceClass: 'III', breakthrough: false, notifiedBody: null },
      { authority: 'FDA', pathway: 'pma', deviceClass: 'III', breakthrough: false, notifiedBody: null },
    ],
    therapeuticArea: 'endocrinology',
    institution: 'Shanghai Sixth People’s Hospital',
    department: 'Endocrinology and Metabolism',
    leadClinician: person(chenWei),
    partners: [
      { partnerId: p.id('partner/sinochip'), name: 'SinoChip Medical Semiconductors', kind: 'enterprise', role: 'co_developer' },
    ],
  }),
  p.step(liNa, '2023-03-06', 'RecordInventionDisclosure', {
    disclosureId: p.id('disclosure'),
    title: 'Multi-wavelength NIR and bio-impedance glucose estimation',
    summary: 'Fuses near-infrared absorption with tissue impedance and a per-user calibration model.',
    inventors: ['Dr. Chen Wei', 'Dr. Sun Yue', 'Zhang Lei'],
    disclosedOn: '2023-03-06',
  }),
  p.go(liNa, '2023-03-20T15:00'),
  p.step(liNa, '2023-04-18', 'FilePatent', {
    patentId: p.id('patent/cn-invention'),
    title: 'Non-invasive blood glucose detection device and calibration method',
    jurisdiction: 'CN',
    kind: 'invention',
    applicationNumber: 'CN202310412345.6',
    filedOn: '2023-04-18',
  }),
  p.step(liNa, '2023-04-18', 'FilePatent', {
    patentId: p.id('patent/cn-utility'),
    title: 'Wrist-worn optical probe housing',
    jurisdiction: 'CN',
    kind: 'utility_model',
    applicationNumber: 'CN202320895612.3',
    filedOn: '2023-04-18',
  }),
  p.step(liNa, '2023-05-08T09:30', 'AddTeamMember', { member: person(sunYue), teamRole: 'clinician' }),
  p.go(liNa, '2023-05-22T10:30'),
  p.step(chenWei, '2023-09-12', 'RecordPrototypeBuilt', {
    prototypeId: p.id('prototype/v1'),
    version: 'v1.0',
    description: 'Benchtop fingertip NIR and impedance rig on SinoChip ASIC rev A',
    builtOn: '2023-09-12',
  }),
  p.step(liNa, '2023-10-24', 'RecordPatentPublished', {
    patentId: p.id('patent/cn-invention'),
    publicationNumber: 'CN116987654A',
    publishedOn: '2023-10-24',
  }),
  p.step(chenWei, '2023-11-10', 'LogMilestone', {
    milestoneId: p.id('milestone/bench-accuracy'),
    title: 'Bench accuracy study, 24 volunteers',
    description: 'MARD 14.2% against capillary reference; per-user calibration needed before the clinical build.',
    occurredOn: '2023-11-10',
  }),
  p.step(chenWei, '2024-06-17', 'RecordPrototypeBuilt', {
    prototypeId: p.id('prototype/v2'),
    version: 'v2.0',
    description: 'Wrist-worn form factor, ASIC rev B, per-user calibration on the companion app',
    builtOn: '2024-06-17',
  }),
  p.step(liNa, '2024-09-09', 'RecordVerificationTest', {
    testId: p.id('test/iso-10993-5'),
    prototypeId: p.id('prototype/v2'),
    standard: 'ISO 10993-5',
    lab: 'Shanghai Testing & Inspection Institute for Medical Devices',
    result: 'passed',
    testedOn: '2024-09-09',
    reportReference: 'SHTIM-2024-B0912',
  }),
  p.step(liNa, '2024-09-23', 'RecordVerificationTest', {
    testId: p.id('test/iso-10993-10'),
    prototypeId: p.id('prototype/v2'),
    standard: 'ISO 10993-10',
    lab: 'Shanghai Testing & Inspection Institute for Medical Devices',
    result: 'passed',
    testedOn: '2024-09-23',
    reportReference: 'SHTIM-2024-B0947',
  }),
  p.step(liNa, '2024-10-21', 'RecordVerificationTest', {
    testId: p.id('test/iec-60601-1'),
    prototypeId: p.id('prototype/v2'),
    standard: 'IEC 60601-1',
    lab: 'TÜV SÜD Shanghai',
    result: 'passed',
    testedOn: '2024-10-21',
    reportReference: 'TUVS-2024-60601-0211',
  }),
  p.step(liNa, '2024-11-04', 'RecordVerificationTest', {
    testId: p.id('test/iec-60601-1-2'),
    prototypeId: p.id('prototype/v2'),
    standard: 'IEC 60601-1-2',
    lab: 'TÜV SÜD Shanghai',
    result: 'passed',
    testedOn: '2024-11-04',
    reportReference: 'TUVS-2024-EMC-0388',
  }),
  p.step(liNa, '2024-12-10', 'RecordDesignReview', {
    reviewId: p.id('design-review/clinical-build'),
    heldOn: '2024-12-10',
    outcome: 'passed_with_actions',
    summary: 'Design freeze for the clinical build; action: strap redesign against sweat ingress before first patient in.',
  }),
  p.step(liNa, '2025-04-14', 'RecordEthicsApproval', {
    ethicsApprovalId: p.id('ethics'),
    committee: 'Ethics Committee of Shanghai Sixth People’s Hospital',
    reference: '2025-KY-086(K)',
    approvedOn: '2025-04-14',
  }),
  p.go(liNa, '2025-05-12T14:00'),
  p.step(liNa, '2025-05-26', 'RegisterTrial', {
    trialId: p.id('trial'),
    title: 'Accuracy of a non-invasive wrist glucose detector versus venous plasma glucose in adults with diabetes',
    registry: 'ChiCTR',
    registryId: 'ChiCTR2500101734',
    targetEnrolment: 120,
    registeredOn: '2025-05-26',
  }),
  p.step(liNa, '2025-06-17', 'RecordPatentGranted', {
    patentId: p.id('patent/cn-invention'),
    patentNumber: 'ZL202310412345.6',
    grantedOn: '2025-06-17',
  }),
  p.step(chenWei, '2025-06-23', 'RecordFirstPatientIn', { trialId: p.id('trial'), occurredOn: '2025-06-23' }),
  p.step(sunYue, '2025-09-08', 'UpdateEnrolment', { trialId: p.id('trial'), enrolled: 31, asOf: '2025-09-08' }),
  p.step(sunYue, '2025-12-08', 'UpdateEnrolment', { trialId: p.id('trial'), enrolled: 52, asOf: '2025-12-08' }),
  p.step(chenWei, '2026-02-14', 'LogMilestone', {
    milestoneId: p.id('milestone/interim-safety'),
    title: 'Interim safety review, first 50 participants',
    description: 'No device-related adverse events; two mild skin irritations resolved without treatment.',
    occurredOn: '2026-02-14',
  }),
  // The review met on the 12th; the lead clinician fixes his own entry, and the record keeps both dates.
  p.step(chenWei, '2026-02-18T09:15', 'CorrectRecord', {
    target: { kind: 'milestone', id: p.id('milestone/interim-safety') },
    field: 'occurredOn',
    oldValue: '2026-02-14',
    newValue: '2026-02-12',
    reason: 'Entered the date the minutes were circulated; the safety review met on 12 February.',
  }),
  p.step(sunYue, '2026-04-06', 'UpdateEnrolment', { trialId: p.id('trial'), enrolled: 70, asOf: '2026-04-06' }),
  p.step(sunYue, '2026-09-07', 'UpdateEnrolment', { trialId: p.id('trial'), enrolled: 86, asOf: '2026-09-07' }),
]);

const robot = demoProject('surgical-robot', { stage: 'prototype', status: 'active' }, (p) => [
  p.step(zhouJie, '2023-09-04T10:00', 'ProposeProject', {
    title: 'Single-port laparoscopic surgical robot',
    summary:
      'Flexible three-arm robot deployed through one umbilical incision under 3 cm, for cholecystectomy, hernia repair and colorectal resection.',
    deviceType: 'robotically assisted surgical system',
    riskClass: 'III',
    targets: [
      { authority: 'NMPA', pathway: 'registration', deviceClass: 'III', breakthrough: false, notifiedBody: null },
      { authority: 'EU_MDR', pathway: 'notified_body', deviceClass: 'IIb', breakthrough: false, notifiedBody: 'TÜV SÜD Product Service' },
    ],
    therapeuticArea: 'general surgery',
    institution: 'Ruijin Hospital, Shanghai Jiao Tong University School of Medicine',
    department: 'General Surgery',
    leadClinician: person(xuHao),
    partners: [
      { partnerId: p.id('partner/huaying'), name: 'Huaying Surgical Robotics Co., Ltd.', kind: 'enterprise', role: 'co_developer' },
    ],
  }),
  p.step(zhouJie, '2023-09-18', 'RecordInventionDisclosure', {
    disclosureId: p.id('disclosure'),
    title: 'Snake-like instrument arms sharing one single-port trocar',
    summary: 'Three continuum arms and a 3D endoscope deploy through a 25 mm port and triangulate inside the abdomen.',
    inventors: ['Dr. Xu Hao', 'Ma Qiang'],
    disclosedOn: '2023-09-18',
  }),
  p.go(zhouJie, '2023-10-09T14:30'),
  p.step(zhouJie, '2023-11-02', 'FilePatent', {
    patentId: p.id('patent/cn-invention'),
    title: 'Single-port surgical robot and instrument deployment mechanism',
    jurisdiction: 'CN',
    kind: 'invention',
    applicationNumber: 'CN202311445218.1',
    filedOn: '2023-11-02',
  }),
  p.go(zhouJie, '2024-03-11T10:00'),
  p.step(zhouJie, '2024-03-25T11:00', 'AddTeamMember', { member: { id: 'eng-ma-qiang', name: 'Ma Qiang' }, teamRole: 'engineer' }),
  p.step(zhouJie, '2024-10-28', 'FilePatent', {
    patentId: p.id('patent/pct'),
    title: 'Single-port surgical robot and instrument deployment mechanism',
    jurisdiction: 'WO',
    kind: 'pct',
    applicationNumber: 'PCT/CN2024/127734',
    filedOn: '2024-10-28',
  }),
  p.step(xuHao, '2024-11-20', 'RecordPrototypeBuilt', {
    prototypeId: p.id('prototype/v1.0'),
    version: 'v1.0',
    description: 'Three-arm flexible robot, 25 mm single-port trocar, open master console',
    builtOn: '2024-11-20',
  }),
  p.step(xuHao, '2025-01-14', 'LogMilestone', {
    milestoneId: p.id('milestone/porcine-lab'),
    title: 'Porcine lab: four cholecystectomies',
    description: 'All four completed through a 2.5 cm umbilical incision; no conversion, no arm collisions.',
    occurredOn: '2025-01-14',
  }),
  p.step(zhouJie, '2025-03-18', 'RecordVerificationTest', {
    testId: p.id('test/iec-60601-1/first'),
    prototypeId: p.id('prototype/v1.0'),
    standard: 'IEC 60601-1',
    lab: 'TÜV Rheinland Shanghai',
    result: 'failed',
    testedOn: '2025-03-18',
    reportReference: 'TRS-2025-0318-F (patient leakage current over the CF limit under single fault)',
  }),
  p.step(xuHao, '2025-05-06', 'RecordPrototypeBuilt', {
    prototypeId: p.id('prototype/v1.1'),
    version: 'v1.1',
    description: 'Reinsulated instrument drive unit with an isolated motor supply',
    builtOn: '2025-05-06',
  }),
  p.step(zhouJie, '2025-06-10', 'RecordVerificationTest', {
    testId: p.id('test/iec-60601-1/retest'),
    prototypeId: p.id('prototype/v1.1'),
    standard: 'IEC 60601-1',
    lab: 'TÜV Rheinland Shanghai',
    result: 'passed',
    testedOn: '2025-06-10',
    reportReference: 'TRS-2025-0610',
  }),
  p.step(zhouJie, '2025-07-01', 'RecordVerificationTest', {
    testId: p.id('test/iec-80601-2-77'),
    prototypeId: p.id('prototype/v1.1'),
    standard: 'IEC 80601-2-77',
    lab: 'TÜV Rheinland Shanghai',
    result: 'passed',
    testedOn: '2025-07-01',
    reportReference: 'TRS-2025-0701',
  }),
  p.step(zhouJie, '2025-07-15', 'RecordVerificationTest', {
    testId: p.id('test/iso-10993-5'),
    prototypeId: p.id('prototype/v1.1'),
    standard: 'ISO 10993-5',
    lab: 'Shanghai Testing & Inspection Institute for Medical Devices',
    result: 'passed',
    testedOn: '2025-07-15',
    reportReference: 'SHTIM-2025-B0715',
  }),
  p.step(zhouJie, '2025-08-19', 'RecordDesignReview', {
    reviewId: p.id('design-review/2'),
    heldOn: '2025-08-19',
    outcome: 'passed_with_actions',
    summary: 'Leakage-current fix verified; action: reprocessing validation of the instrument arms before the clinical build.',
  }),
  p.step(xuHao, '2025-10-11', 'LogMilestone', {
    milestoneId: p.id('milestone/cadaver-lab'),
    title: 'Cadaver lab: single-port right hemicolectomy',
    description: 'Completed through a 2.8 cm incision in 182 minutes.',
    occurredOn: '2025-10-11',
  }),
  p.step(xuHao, '2026-08-18', 'LogMilestone', {
    milestoneId: p.id('milestone/human-factors'),
    title: 'Summative human-factors study',
    description: '15 surgeons, 45 simulated procedures; no use error with a harm path. Ethics submission to follow.',
    occurredOn: '2026-08-18',
  }),
]);

const proton = demoProject('proton-therapy', { stage: 'regulatory_review', status: 'active' }, (p) => [
  p.step(zhouJie, '2023-01-09T10:00', 'ProposeProject', {
    title: 'Domestic proton therapy system',
    summary:
      'Synchrotron-based proton therapy system built in China: a 180-degree treatment room in use, a 360-degree rotating gantry being installed.',
    deviceType: 'proton therapy system',
    riskClass: 'III',
    targets: [
      { authority: 'NMPA', pathway: 'innovative_special_review', deviceClass: 'III', breakthrough: false, notifiedBody: null },
    ],
    therapeuticArea: 'radiation oncology',
    institution: 'Shanghai Proton and Heavy Ion Center',
    department: 'Radiation Oncology',
    leadClinician: person(gaoRong),
    partners: [
      { partnerId: p.id('partner/ecap'), name: 'East China Institute of Accelerator Physics', kind: 'institute', role: 'co_developer' },
      { partnerId: p.id('partner/sibi'), name: 'Shanghai Institute of Beam Instrumentation', kind: 'institute', role: 'co_developer' },
      { partnerId: p.id('partner/pujiang'), name: 'Pujiang Particle Medical Systems Co., Ltd.', kind: 'enterprise', role: 'manufacturer' },
    ],
  }),
  p.step(zhouJie, '2023-01-16', 'RecordInventionDisclosure', {
    disclosureId: p.id('disclosure'),
    title: 'Compact synchrotron with slow extraction and spot-scanning nozzle',
    summary: 'RF-knockout slow extraction with intensity feedback, feeding a pencil-beam scanning nozzle.',
    inventors: ['Prof. Gao Rong', 'Dr. Yu Ting', 'Shen Guoliang'],
    disclosedOn: '2023-01-16',
  }),
  p.go(zhouJie, '2023-02-06T15:00'),
  p.step(zhouJie, '2023-03-01', 'FilePatent', {
    patentId: p.id('patent/cn-invention'),
    title: 'Slow-extraction control method for a medical proton synchrotron',
    jurisdiction: 'CN',
    kind: 'invention',
    applicationNumber: 'CN202310187654.2',
    filedOn: '2023-03-01',
  }),
  p.go(zhouJie, '2023-03-13T10:00'),
  p.step(zhouJie, '2023-03-20T09:00', 'AddTeamMember', { member: { id: 'phys-yu-ting', name: 'Dr. Yu Ting' }, teamRole: 'engineer' }),
  p.step(zhouJie, '2023-06-26', 'RecordPrototypeBuilt', {
    prototypeId: p.id('prototype/v1'),
    version: 'v1.0',
    description: 'Synchrotron, beam line and the 180-degree fixed-beam treatment room, commissioning build',
    builtOn: '2023-06-26',
  }),
  p.step(zhouJie, '2023-08-15', 'RecordPatentPublished', {
    patentId: p.id('patent/cn-invention'),
    publicationNumber: 'CN116579321A',
    publishedOn: '2023-08-15',
  }),
  p.step(zhouJie, '2023-09-20', 'RecordVerificationTest', {
    testId: p.id('test/iec-60601-2-64'),
    prototypeId: p.id('prototype/v1'),
    standard: 'IEC 60601-2-64',
    lab: 'National Institutes for Food and Drug Control',
    result: 'passed',
    testedOn: '2023-09-20',
    reportReference: 'NIFDC-QW2023-1187',
  }),
  p.step(zhouJie, '2023-09-28', 'RecordVerificationTest', {
    testId: p.id('test/iec-60601-1'),
    prototypeId: p.id('prototype/v1'),
    standard: 'IEC 60601-1',
    lab: 'National Institutes for Food and Drug Control',
    result: 'passed',
    testedOn: '2023-09-28',
    reportReference: 'NIFDC-QW2023-1188',
  }),
  p.step(zhouJie, '2023-10-17', 'RecordVerificationTest', {
    testId: p.id('test/iec-62304'),
    prototypeId: p.id('prototype/v1'),
    standard: 'IEC 62304',
    lab: 'Shanghai Testing & Inspection Institute for Medical Devices',
    result: 'passed',
    testedOn: '2023-10-17',
    reportReference: 'SHTIM-2023-S1017',
  }),
  p.step(zhouJie, '2023-11-02', 'RecordDesignReview', {
    reviewId: p.id('design-review/clinical'),
    heldOn: '2023-11-02',
    outcome: 'passed',
    summary: 'Clinical configuration of the 180-degree room frozen; gantry room out of scope for the trial.',
  }),
  p.step(zhouJie, '2023-11-20', 'RecordEthicsApproval', {
    ethicsApprovalId: p.id('ethics'),
    committee: 'Ethics Committee of Shanghai Proton and Heavy Ion Center',
    reference: 'SPHIC-EC-2023-019',
    approvedOn: '2023-11-20',
  }),
  p.go(zhouJie, '2023-12-04T10:00'),
  p.step(zhouJie, '2023-12-12', 'RegisterTrial', {
    trialId: p.id('trial'),
    title: 'Safety and efficacy of a domestic proton therapy system in patients with solid tumours',
    registry: 'ChiCTR',
    registryId: 'ChiCTR2300078912',
    targetEnrolment: 47,
    registeredOn: '2023-12-12',
  }),
  p.step(gaoRong, '2024-01-10', 'RecordFirstPatientIn', { trialId: p.id('trial'), occurredOn: '2024-01-10' }),
  p.step(gaoRong, '2024-02-23', 'LogMilestone', {
    milestoneId: p.id('milestone/180-room'),
    title: '180-degree room treats its tenth trial patient',
    description: 'Daily QA within tolerance since the first fraction; treatment delivery runs to schedule.',
    occurredOn: '2024-02-23',
  }),
  p.step(gaoRong, '2024-04-15', 'UpdateEnrolment', { trialId: p.id('trial'), enrolled: 22, asOf: '2024-04-15' }),
  p.step(gaoRong, '2024-07-01', 'UpdateEnrolment', { trialId: p.id('trial'), enrolled: 47, asOf: '2024-07-01' }),
  p.step(zhouJie, '2024-11-29', 'RecordPatentGranted', {
    patentId: p.id('patent/cn-invention'),
    patentNumber: 'ZL202310187654.2',
    grantedOn: '2024-11-29',
  }),
  p.step(gaoRong, '2025-01-20', 'CompleteTrial', {
    trialId: p.id('trial'),
    completedOn: '2025-01-20',
    primaryEndpointMet: true,
    resultSummary: 'All 47 patients completed treatment; 3-month local control 100%, no grade 3 or higher acute toxicity. Endpoint met.',
  }),
  p.go(zhouJie, '2025-02-10T10:00'),
  p.step(zhouJie, '2025-03-03', 'FileSubmission', {
    submissionId: p.id('submission/nmpa'),
    authority: 'NMPA',
    pathway: 'innovative_special_review',
    reference: 'CQZ2500231',
    filedOn: '2025-03-03',
  }),
  p.step(zhouJie, '2025-07-14', 'RecordSubmissionDeficiency', {
    submissionId: p.id('submission/nmpa'),
    receivedOn: '2025-07-14',
    summary: 'Supply long-term stability data for synchrotron extraction, dose-monitor records from the 180-degree room, and software configuration control across rooms.',
  }),
  p.step(zhouJie, '2025-10-09', 'AnswerSubmissionDeficiency', {
    submissionId: p.id('submission/nmpa'),
    answeredOn: '2025-10-09',
    summary: '18 months of daily QA and dose-monitor logs, an extraction stability analysis and the configuration-management plan submitted.',
  }),
  p.step(gaoRong, '2026-01-15', 'LogMilestone', {
    milestoneId: p.id('milestone/gantry-installed'),
    title: '360-degree gantry installed',
    description: 'Mechanical installation of the rotating gantry finished; beam commissioning begins.',
    occurredOn: '2026-01-15',
  }),
  p.step(gaoRong, '2026-09-24', 'LogMilestone', {
    milestoneId: p.id('milestone/gantry-first-beam'),
    title: 'First beam in the 360-degree gantry room',
    description: 'Isocentre accuracy 0.6 mm over full rotation; dosimetric commissioning under way.',
    occurredOn: '2026-09-24',
  }),
]);

const prosthesis = demoProject('tumour-prosthesis', { stage: 'approved', status: 'approved' }, (p) => [
  p.step(liNa, '2023-01-16T10:00', 'ProposeProject', {
    title: 'Patient-specific 3D-printed tumour prosthesis',
    summary:
      'Porous titanium pelvic and long-bone prostheses designed from each patient’s CT and MRI after tumour resection, printed by electron-beam melting.',
    deviceType: 'patient-matched orthopaedic implant',
    // A load-bearing implant: class III with NMPA, so it takes the full clinical route.
    riskClass: 'III',
    targets: [{ authority: 'NMPA', pathway: 'registration', deviceClass: 'III', breakthrough: false, notifiedBody: null }],
    therapeuticArea: 'orthopaedic oncology',
    institution: 'Shanghai Ninth People’s Hospital',
    department: 'Orthopaedic Oncology',
    leadClinician: person(haoYan),
    partners: [
      { partnerId: p.id('partner/addmed'), name: 'Jiangsu AddMed Titanium Printing Co., Ltd.', kind: 'enterprise', role: 'manufacturer' },
    ],
  }),
  p.step(liNa, '2023-02-01', 'RecordInventionDisclosure', {
    disclosureId: p.id('disclosure'),
    title: 'Design workflow for patient-matched porous pelvic prostheses',
    summary: 'Segmentation to resection guide to lattice implant in five working days, with a finite-element check per patient.',
    inventors: ['Dr. Hao Yan', 'Qian Bo'],
    disclosedOn: '2023-02-01',
  }),
  p.go(liNa, '2023-02-14T15:00'),
  p.step(liNa, '2023-03-08', 'FilePatent', {
    patentId: p.id('patent/cn-invention'),
    title: 'Design method for patient-matched porous pelvic prostheses',
    jurisdiction: 'CN',
    kind: 'invention',
    applicationNumber: 'CN202310216543.9',
    filedOn: '2023-03-08',
  }),
  p.go(liNa, '2023-04-10T10:00'),
  p.step(haoYan, '2023-06-05', 'RecordPrototypeBuilt', {
    prototypeId: p.id('prototype/v1'),
    version: 'v1.0',
    description: 'Ti6Al4V hemipelvis with a porous ingrowth surface; three patient-matched builds',
    builtOn: '2023-06-05',
  }),
  p.step(liNa, '2023-07-18', 'RecordVerificationTest', {
    testId: p.id('test/iso-10993-5'),
    prototypeId: p.id('prototype/v1'),
    standard: 'ISO 10993-5',
    lab: 'Tianjin Medical Device Quality Supervision and Testing Center',
    result: 'passed',
    testedOn: '2023-07-18',
    reportReference: 'TJMD-2023-0718',
  }),
  p.step(liNa, '2023-07-25', 'RecordVerificationTest', {
    testId: p.id('test/iso-7206-4'),
    prototypeId: p.id('prototype/v1'),
    standard: 'ISO 7206-4',
    lab: 'Tianjin Medical Device Quality Supervision and Testing Center',
    result: 'passed',
    testedOn: '2023-07-25',
    reportReference: 'TJMD-2023-0725 (5 million cycles, no fracture)',
  }),
  p.step(liNa, '2023-08-09', 'RecordDesignReview', {
    reviewId: p.id('design-review/clinical'),
    heldOn: '2023-08-09',
    outcome: 'passed',
    summary: 'Design envelope and per-patient finite-element acceptance criteria approved for the clinical study.',
  }),
  p.step(liNa, '2023-08-28', 'RecordEthicsApproval', {
    ethicsApprovalId: p.id('ethics'),
    committee: 'Ethics Committee of Shanghai Ninth People’s Hospital',
    reference: 'SH9H-2023-T215-1',
    approvedOn: '2023-08-28',
  }),
  p.go(liNa, '2023-09-11T10:00'),
  p.step(liNa, '2023-09-25', 'RegisterTrial', {
    trialId: p.id('trial'),
    title: '3D-printed patient-specific prostheses for reconstruction after pelvic and long-bone tumour resection',
    registry: 'ChiCTR',
    registryId: 'ChiCTR2300076345',
    targetEnrolment: 60,
    registeredOn: '2023-09-25',
  }),
  p.step(haoYan, '2023-10-16', 'RecordFirstPatientIn', { trialId: p.id('trial'), occurredOn: '2023-10-16' }),
  p.step(haoYan, '2024-01-15', 'UpdateEnrolment', { trialId: p.id('trial'), enrolled: 18, asOf: '2024-01-15' }),
  // Caught at a patent-portfolio review: the number was mistyped from the CNIPA receipt.
  p.step(liNa, '2024-02-05T16:00', 'CorrectRecord', {
    target: { kind: 'patent', id: p.id('patent/cn-invention') },
    field: 'applicationNumber',
    oldValue: 'CN202310216543.9',
    newValue: 'CN202310216534.9',
    reason: 'Digits transposed when transcribed from the CNIPA filing receipt.',
  }),
  p.step(haoYan, '2024-05-13', 'UpdateEnrolment', { trialId: p.id('trial'), enrolled: 41, asOf: '2024-05-13' }),
  p.step(haoYan, '2024-08-09', 'LogMilestone', {
    milestoneId: p.id('milestone/last-patient-in'),
    title: 'Last patient in',
    description: 'Sixtieth reconstruction done; 12-month follow-up runs to August 2025 for the last patient.',
    occurredOn: '2024-08-09',
  }),
  p.step(haoYan, '2024-08-12', 'UpdateEnrolment', { trialId: p.id('trial'), enrolled: 60, asOf: '2024-08-12' }),
  p.step(haoYan, '2025-01-24', 'CompleteTrial', {
    trialId: p.id('trial'),
    completedOn: '2025-01-24',
    primaryEndpointMet: true,
    resultSummary: '12-month prosthesis survival 96.7% (58 of 60), mean MSTS score 24.1; primary endpoint (survival of at least 90%) met.',
  }),
  p.go(liNa, '2025-02-17T10:00'),
  p.step(liNa, '2025-02-27', 'FileSubmission', {
    submissionId: p.id('submission/nmpa'),
    authority: 'NMPA',
    pathway: 'registration',
    reference: 'CQZ2500198',
    filedOn: '2025-02-27',
  }),
  p.step(liNa, '2025-06-10', 'RecordSubmissionDeficiency', {
    submissionId: p.id('submission/nmpa'),
    receivedOn: '2025-06-10',
    summary: 'Define the patient-matching design envelope and give process validation for its worst-case geometry.',
  }),
  p.step(liNa, '2025-08-22', 'AnswerSubmissionDeficiency', {
    submissionId: p.id('submission/nmpa'),
    answeredOn: '2025-08-22',
    summary: 'Design envelope defined by five dimensions; worst-case build validated by fatigue and porosity testing.',
  }),
  p.step(liNa, '2025-12-05', 'RecordSubmissionApproval', {
    submissionId: p.id('submission/nmpa'),
    certificateNumber: '国械注准20253130487',
    approvedOn: '2025-12-05',
    deviceClass: 'III',
  }),
  p.go(liNa, '2025-12-15T10:00'),
  p.step(haoYan, '2026-01-20', 'LogMilestone', {
    milestoneId: p.id('milestone/first-commercial-implant'),
    title: 'First implant under the registration certificate',
    description: 'Hemipelvic reconstruction; design to implant in six working days.',
    occurredOn: '2026-01-20',
  }),
]);

const spine = demoProject('ai-spine-imaging', { stage: 'approved', status: 'approved' }, (p) => [
  p.step(tanWeiMing, '2023-07-03T10:00', 'ProposeProject', {
    title: 'AI spine-imaging assistant',
    summary: 'Software that flags vertebral compression fractures and measures Cobb angles on CT and radiographs for the reading clinician.',
    deviceType: 'software as a medical device',
    riskClass: 'II',
    targets: [
      { authority: 'FDA', pathway: '510k', deviceClass: 'II', breakthrough: false, notifiedBody: null },
      { authority: 'HSA', pathway: 'full', deviceClass: 'B', breakthrough: false, notifiedBody: null },
    ],
    therapeuticArea: 'orthopaedics',
    institution: 'Singapore General Hospital',
    department: 'Orthopaedic Surgery',
    leadClinician: person(rachelOng),
    partners: [
      { partnerId: p.id('partner/kaiyuan'), name: 'Kaiyuan Vision AI Pte. Ltd.', kind: 'enterprise', role: 'co_developer' },
    ],
  }),
  p.step(tanWeiMing, '2023-07-17', 'RecordInventionDisclosure', {
    disclosureId: p.id('disclosure'),
    title: 'Fracture detection and Cobb-angle measurement from one spine model',
    summary: 'A shared vertebra-segmentation backbone feeding fracture grading and curvature measurement heads.',
    inventors: ['Dr. Rachel Ong', 'Lim Jun Hao'],
    disclosedOn: '2023-07-17',
  }),
  p.go(tanWeiMing, '2023-08-01T15:00'),
  p.step(tanWeiMing, '2023-08-22', 'FilePatent', {
    patentId: p.id('patent/us-provisional'),
    title: 'Joint vertebral fracture detection and spinal curvature measurement',
    jurisdiction: 'US',
    kind: 'provisional',
    applicationNumber: '63/534,218',
    filedOn: '2023-08-22',
  }),
  p.step(tanWeiMing, '2023-09-05', 'FilePatent', {
    patentId: p.id('patent/sg-invention'),
    title: 'Joint vertebral fracture detection and spinal curvature measurement',
    jurisdiction: 'SG',
    kind: 'invention',
    applicationNumber: '10202302519T',
    filedOn: '2023-09-05',
  }),
  p.go(tanWeiMing, '2023-09-18T10:00'),
  p.step(rachelOng, '2024-02-05', 'RecordPrototypeBuilt', {
    prototypeId: p.id('prototype/v1'),
    version: 'v1.0',
    description: 'Model trained on 18,400 de-identified CT studies; PACS plug-in for the reading room',
    builtOn: '2024-02-05',
  }),
  p.step(tanWeiMing, '2024-04-12', 'RecordVerificationTest', {
    testId: p.id('test/iec-62304'),
    prototypeId: p.id('prototype/v1'),
    standard: 'IEC 62304',
    lab: 'TÜV SÜD PSB Singapore',
    result: 'passed',
    testedOn: '2024-04-12',
    reportReference: 'PSB-2024-SW-0412',
  }),
  p.step(tanWeiMing, '2024-04-12', 'RecordVerificationTest', {
    testId: p.id('test/iec-62304/duplicate'),
    prototypeId: p.id('prototype/v1'),
    standard: 'IEC 62304',
    lab: 'TÜV SÜD PSB Singapore',
    result: 'passed',
    testedOn: '2024-04-12',
    reportReference: 'PSB-2024-SW-0412',
  }),
  p.step(tanWeiMing, '2024-04-16T09:00', 'RetractRecord', {
    target: { kind: 'verification_test', id: p.id('test/iec-62304/duplicate') },
    reason: 'Duplicate entry of report PSB-2024-SW-0412; the first record stands.',
  }),
  p.step(tanWeiMing, '2024-05-06', 'RecordVerificationTest', {
    testId: p.id('test/iec-82304-1'),
    prototypeId: p.id('prototype/v1'),
    standard: 'IEC 82304-1',
    lab: 'TÜV SÜD PSB Singapore',
    result: 'passed',
    testedOn: '2024-05-06',
    reportReference: 'PSB-2024-SW-0506',
  }),
  p.step(rachelOng, '2024-05-17', 'LogMilestone', {
    milestoneId: p.id('milestone/standalone-study'),
    title: 'Retrospective standalone performance study',
    description: 'Sensitivity 94.1%, specificity 91.3% for compression fractures on 1,200 studies from three scanner makes.',
    occurredOn: '2024-05-17',
  }),
  p.step(tanWeiMing, '2024-06-03', 'RecordDesignReview', {
    reviewId: p.id('design-review/release'),
    heldOn: '2024-06-03',
    outcome: 'passed',
    summary: 'Release candidate 1.0.3 approved; cybersecurity file and labelling complete.',
  }),
  p.step(tanWeiMing, '2024-06-24', 'RecordEquivalenceEvaluation', {
    evaluationId: p.id('equivalence'),
    predicateDevice: 'VertebraVue CAD',
    predicateManufacturer: 'Meridian Imaging Inc.',
    predicateReference: 'K221874',
    equivalent: true,
    evaluatedOn: '2024-06-24',
  }),
  // Class II with a positive equivalence evaluation: straight from prototype to regulatory review.
  p.go(tanWeiMing, '2024-07-01T10:00', 'regulatory_review'),
  p.step(tanWeiMing, '2024-07-22', 'FileSubmission', {
    submissionId: p.id('submission/fda'),
    authority: 'FDA',
    pathway: '510k',
    reference: 'K242153',
    filedOn: '2024-07-22',
  }),
  p.step(tanWeiMing, '2024-09-30', 'RecordSubmissionDeficiency', {
    submissionId: p.id('submission/fda'),
    receivedOn: '2024-09-30',
    summary: 'Additional information request: subgroup performance by scanner manufacturer and slice thickness.',
  }),
  p.step(tanWeiMing, '2024-11-12', 'AnswerSubmissionDeficiency', {
    submissionId: p.id('submission/fda'),
    answeredOn: '2024-11-12',
    summary: 'Subgroup analysis for three manufacturers and 0.625-3 mm slices supplied; all within the acceptance bounds.',
  }),
  p.step(tanWeiMing, '2025-01-15', 'RecordSubmissionApproval', {
    submissionId: p.id('submission/fda'),
    certificateNumber: 'K242153',
    approvedOn: '2025-01-15',
    deviceClass: 'II',
  }),
  p.go(tanWeiMing, '2025-01-27T10:00'),
  // After approval in one market the records keep flowing: the Singapore filing follows.
  p.step(tanWeiMing, '2025-03-10', 'FileSubmission', {
    submissionId: p.id('submission/hsa'),
    authority: 'HSA',
    pathway: 'full',
    reference: 'HSA-MDR-2025-01342',
    filedOn: '2025-03-10',
  }),
  p.step(tanWeiMing, '2025-09-22', 'RecordSubmissionApproval', {
    submissionId: p.id('submission/hsa'),
    certificateNumber: 'DE0510234',
    approvedOn: '2025-09-22',
    deviceClass: 'B',
  }),
  p.step(rachelOng, '2025-11-03', 'LogMilestone', {
    milestoneId: p.id('milestone/go-live'),
    title: 'Live in the SGH reading rooms',
    description: 'Running on all spine CT studies; radiologists confirm or dismiss each flag.',
    occurredOn: '2025-11-03',
  }),
]);

// CAR-T cells are a biologic; the tracker follows devices, so the project is the closed system that makes the
// cells at the bedside, validated inside the two hospitals' CAR-T trial (primary endpoint: manufacturing success).
const carT = demoProject('car-t-manufacturing', { stage: 'clinical_validation', status: 'active' }, (p) => [
  p.step(tanWeiMing, '2024-01-08T10:00', 'ProposeProject', {
    title: 'Closed automated CAR-T manufacturing system',
    summary:
      'Point-of-care closed system that selects, transduces and expands T cells for CAR-T therapy, validated in a two-hospital CAR-T trial.',
    deviceType: 'cell processing system',
    // Like cleared cell-processing devices it is class II; no predicate covers transduction, hence the trial.
    riskClass: 'II',
    targets: [
      { authority: 'HSA', pathway: 'full', deviceClass: 'C', breakthrough: false, notifiedBody: null },
      { authority: 'FDA', pathway: '510k', deviceClass: 'II', breakthrough: false, notifiedBody: null },
    ],
    therapeuticArea: 'haematology-oncology',
    institution: 'National University Hospital, Singapore',
    department: 'Haematology-Oncology',
    leadClinician: person(kohLiPing),
    partners: [
      { partnerId: p.id('partner/sgh'), name: 'Singapore General Hospital', kind: 'institute', role: 'co_developer' },
      { partnerId: p.id('partner/cellforge'), name: 'CellForge Bioprocessing Pte. Ltd.', kind: 'enterprise', role: 'manufacturer' },
    ],
  }),
  p.step(tanWeiMing, '2024-01-22', 'RecordInventionDisclosure', {
    disclosureId: p.id('disclosure'),
    title: 'Single-cartridge closed process for CAR-T manufacture',
    summary: 'Selection, lentiviral transduction and expansion in one sealed cartridge with in-line cell counting.',
    inventors: ['Dr. Koh Li Ping', 'Dr. Arjun Menon', 'Ng Wei Jie'],
    disclosedOn: '2024-01-22',
  }),
  p.go(tanWeiMing, '2024-02-05T15:00'),
  p.step(tanWeiMing, '2024-03-04', 'FilePatent', {
    patentId: p.id('patent/sg-invention'),
    title: 'Closed single-cartridge system for manufacturing engineered T cells',
    jurisdiction: 'SG',
    kind: 'invention',
    applicationNumber: '10202400612W',
    filedOn: '2024-03-04',
  }),
  p.go(tanWeiMing, '2024-03-18T10:00'),
  p.step(tanWeiMing, '2024-03-18T11:00', 'AddTeamMember', { member: person(arjunMenon), teamRole: 'clinician' }),
  p.step(kohLiPing, '2024-06-24', 'RecordPrototypeBuilt', {
    prototypeId: p.id('prototype/v1'),
    version: 'v1.0',
    description: 'Bench-top instrument with single-use cartridge; 10-day process',
    builtOn: '2024-06-24',
  }),
  p.step(tanWeiMing, '2024-08-05', 'RecordVerificationTest', {
    testId: p.id('test/iec-60601-1'),
    prototypeId: p.id('prototype/v1'),
    standard: 'IEC 60601-1',
    lab: 'TÜV SÜD PSB Singapore',
    result: 'passed',
    testedOn: '2024-08-05',
    reportReference: 'PSB-2024-E-0805',
  }),
  p.step(tanWeiMing, '2024-08-12', 'RecordVerificationTest', {
    testId: p.id('test/iso-10993-5'),
    prototypeId: p.id('prototype/v1'),
    standard: 'ISO 10993-5',
    lab: 'TÜV SÜD PSB Singapore',
    result: 'passed',
    testedOn: '2024-08-12',
    reportReference: 'PSB-2024-B-0812',
  }),
  p.step(tanWeiMing, '2024-08-26', 'RecordVerificationTest', {
    testId: p.id('test/iso-13408'),
    prototypeId: p.id('prototype/v1'),
    standard: 'ISO 13408-1',
    lab: 'CellForge Bioprocessing QC laboratory',
    result: 'passed',
    testedOn: '2024-08-26',
    reportReference: 'CF-VAL-2024-031 (three sterile process simulations)',
  }),
  p.step(tanWeiMing, '2024-09-09', 'RecordDesignReview', {
    reviewId: p.id('design-review/clinical'),
    heldOn: '2024-09-09',
    outcome: 'passed_with_actions',
    summary: 'Clinical build approved; action: second-site installation qualification before SGH enrols.',
  }),
  p.step(tanWeiMing, '2024-09-23', 'RecordEthicsApproval', {
    ethicsApprovalId: p.id('ethics/nhg'),
    committee: 'NHG Domain Specific Review Board',
    reference: 'DSRB 2024/00587',
    approvedOn: '2024-09-23',
  }),
  p.step(tanWeiMing, '2024-09-30', 'RecordEthicsApproval', {
    ethicsApprovalId: p.id('ethics/singhealth'),
    committee: 'SingHealth Centralised Institutional Review Board',
    reference: 'CIRB 2024/2231',
    approvedOn: '2024-09-30',
  }),
  p.go(tanWeiMing, '2024-10-14T10:00'),
  p.step(tanWeiMing, '2024-10-28', 'RegisterTrial', {
    trialId: p.id('trial'),
    title: 'Point-of-care manufactured CD19 CAR-T cells for relapsed B-cell lymphoma: a two-centre study',
    registry: 'NCT',
    registryId: 'NCT06612345',
    targetEnrolment: 30,
    registeredOn: '2024-10-28',
  }),
  p.step(kohLiPing, '2024-12-02', 'RecordFirstPatientIn', { trialId: p.id('trial'), occurredOn: '2024-12-02' }),
  p.step(arjunMenon, '2025-03-03', 'UpdateEnrolment', { trialId: p.id('trial'), enrolled: 6, asOf: '2025-03-03' }),
  p.step(kohLiPing, '2025-04-09', 'LogMilestone', {
    milestoneId: p.id('milestone/second-site'),
    title: 'First product made at the second site',
    description: 'SGH-manufactured product released on day 11, all release criteria met.',
    occurredOn: '2025-04-09',
  }),
  p.step(kohLiPing, '2025-06-02', 'UpdateEnrolment', { trialId: p.id('trial'), enrolled: 11, asOf: '2025-06-02' }),
  p.step(arjunMenon, '2025-09-01', 'UpdateEnrolment', { trialId: p.id('trial'), enrolled: 14, asOf: '2025-09-01' }),
  p.step(arjunMenon, '2025-09-12', 'LogMilestone', {
    milestoneId: p.id('milestone/dsmb-interim'),
    title: 'DSMB interim review: continue unchanged',
    description: 'Logged in advance of the DSMB letter.',
    occurredOn: '2025-09-12',
  }),
  // A clinician may withdraw only his own entry; the retraction keeps it visible, marked and explained.
  p.step(arjunMenon, '2025-09-16T08:30', 'RetractRecord', {
    target: { kind: 'milestone', id: p.id('milestone/dsmb-interim') },
    reason: 'Logged before the DSMB letter was issued; the review was postponed to October.',
  }),
  p.step(kohLiPing, '2025-10-17', 'LogMilestone', {
    milestoneId: p.id('milestone/dsmb-interim-held'),
    title: 'DSMB interim review: continue unchanged',
    description: 'Manufacturing success 14 of 14; no device-related safety signal.',
    occurredOn: '2025-10-17',
  }),
  p.step(kohLiPing, '2026-03-02', 'UpdateEnrolment', { trialId: p.id('trial'), enrolled: 21, asOf: '2026-03-02' }),
  p.step(arjunMenon, '2026-09-14', 'UpdateEnrolment', { trialId: p.id('trial'), enrolled: 26, asOf: '2026-09-14' }),
]);

const lactate = demoProject('sweat-lactate', { stage: 'prototype', status: 'terminated' }, (p) => [
  p.step(tanWeiMing, '2023-05-15T10:00', 'ProposeProject', {
    title: 'Wearable sweat-lactate sensor',
    summary: 'Adhesive skin patch with an enzymatic lactate sensor for continuous monitoring in exertional heat illness.',
    deviceType: 'wearable biosensor',
    riskClass: 'II',
    targets: [{ authority: 'HSA', pathway: 'full', deviceClass: 'B', breakthrough: false, notifiedBody: null }],
    therapeuticArea: 'sports medicine',
    institution: 'Changi General Hospital',
    department: 'Sport and Exercise Medicine',
    leadClinician: person(danielTeo),
    partners: [
      { partnerId: p.id('partner/flexisense'), name: 'Flexisense Electronics Pte. Ltd.', kind: 'enterprise', role: 'co_developer' },
    ],
  }),
  p.step(tanWeiMing, '2023-05-29', 'RecordInventionDisclosure', {
    disclosureId: p.id('disclosure'),
    title: 'Printed lactate-oxidase electrode on a breathable adhesive patch',
    summary: 'Sweat wicked through a microfluidic layer to a screen-printed enzymatic electrode; Bluetooth readout.',
    inventors: ['Dr. Daniel Teo', 'Chua Hui Min'],
    disclosedOn: '2023-05-29',
  }),
  p.go(tanWeiMing, '2023-06-12T15:00'),
  p.step(tanWeiMing, '2023-07-03', 'FilePatent', {
    patentId: p.id('patent/sg-invention'),
    title: 'Wearable patch for continuous sweat lactate measurement',
    jurisdiction: 'SG',
    kind: 'invention',
    applicationNumber: '10202301874R',
    filedOn: '2023-07-03',
  }),
  p.go(tanWeiMing, '2023-07-17T10:00'),
  p.step(danielTeo, '2023-11-20', 'RecordPrototypeBuilt', {
    prototypeId: p.id('prototype/v1.0'),
    version: 'v1.0',
    description: 'Lactate-oxidase electrode on an acrylic adhesive laminate',
    builtOn: '2023-11-20',
  }),
  p.step(danielTeo, '2024-01-18', 'LogMilestone', {
    milestoneId: p.id('milestone/wear-study'),
    title: 'Volunteer wear study',
    description: '8 of 20 volunteers had erythema under the patch after 4 hours.',
    occurredOn: '2024-01-18',
  }),
  p.step(tanWeiMing, '2024-02-26', 'RecordVerificationTest', {
    testId: p.id('test/iso-10993-5'),
    prototypeId: p.id('prototype/v1.0'),
    standard: 'ISO 10993-5',
    lab: 'TÜV SÜD PSB Singapore',
    result: 'passed',
    testedOn: '2024-02-26',
    reportReference: 'PSB-2024-B-0226',
  }),
  p.step(tanWeiMing, '2024-03-25', 'RecordVerificationTest', {
    testId: p.id('test/iso-10993-10/v1.0'),
    prototypeId: p.id('prototype/v1.0'),
    standard: 'ISO 10993-10',
    lab: 'TÜV SÜD PSB Singapore',
    result: 'failed',
    testedOn: '2024-03-25',
    reportReference: 'PSB-2024-B-0325 (skin sensitisation, GPMT grade 2)',
  }),
  p.step(danielTeo, '2024-06-10', 'RecordPrototypeBuilt', {
    prototypeId: p.id('prototype/v1.1'),
    version: 'v1.1',
    description: 'Silicone adhesive; enzyme layer re-encapsulated',
    builtOn: '2024-06-10',
  }),
  p.step(tanWeiMing, '2024-08-19', 'RecordVerificationTest', {
    testId: p.id('test/iso-10993-10/v1.1'),
    prototypeId: p.id('prototype/v1.1'),
    standard: 'ISO 10993-10',
    lab: 'TÜV SÜD PSB Singapore',
    result: 'failed',
    testedOn: '2024-08-19',
    reportReference: 'PSB-2024-B-0819 (sensitiser traced to the glutaraldehyde enzyme crosslinker)',
  }),
  p.step(tanWeiMing, '2024-09-09', 'AbandonPatent', {
    patentId: p.id('patent/sg-invention'),
    abandonedOn: '2024-09-09',
    reason: 'Not pursued after the biocompatibility failures; no licensee interest.',
  }),
  p.kill(
    tanWeiMing,
    '2024-09-09T15:00',
    'Failed ISO 10993-10 skin sensitisation twice (v1.0 and v1.1). The sensitiser is the enzyme crosslinker the sensor cannot work without, and the partner has withdrawn further funding.',
  ),
]);

const airwayStent = demoProject('airway-stent', { stage: 'prototype', status: 'on_hold' }, (p) => [
  p.step(liNa, '2024-03-04T10:00', 'ProposeProject', {
    title: 'Bioresorbable paediatric airway stent',
    summary: 'Magnesium-alloy airway stent that dissolves within six months, for infants with severe tracheobronchomalacia.',
    deviceType: 'bioresorbable implant',
    riskClass: 'III',
    targets: [
      { authority: 'NMPA', pathway: 'innovative_special_review', deviceClass: 'III', breakthrough: false, notifiedBody: null },
    ],
    therapeuticArea: 'paediatric respiratory medicine',
    institution: 'Shanghai Children’s Medical Center',
    department: 'Paediatric Thoracic Surgery',
    leadClinician: person(wangLu),
    partners: [
      { partnerId: p.id('partner/sibm'), name: 'Shanghai Institute of Biomedical Materials', kind: 'institute', role: 'co_developer' },
      { partnerId: p.id('partner/magnova'), name: 'Magnova Alloys Co., Ltd.', kind: 'enterprise', role: 'manufacturer' },
    ],
  }),
  p.step(liNa, '2024-03-18', 'RecordInventionDisclosure', {
    disclosureId: p.id('disclosure'),
    title: 'Laser-cut magnesium-alloy airway stent with a degradation-controlling coating',
    summary: 'Coating thickness tuned so radial strength lasts twelve weeks and the stent is gone by six months.',
    inventors: ['Dr. Wang Lu', 'Prof. Fang Zhiyong'],
    disclosedOn: '2024-03-18',
  }),
  p.go(liNa, '2024-04-01T15:00'),
  p.step(liNa, '2024-04-22', 'FilePatent', {
    patentId: p.id('patent/cn-invention'),
    title: 'Bioresorbable magnesium-alloy airway stent for infants',
    jurisdiction: 'CN',
    kind: 'invention',
    applicationNumber: 'CN202410487321.5',
    filedOn: '2024-04-22',
  }),
  p.go(liNa, '2024-05-13T10:00'),
  p.step(wangLu, '2024-09-30', 'RecordPrototypeBuilt', {
    prototypeId: p.id('prototype/v1'),
    version: 'v1.0',
    description: 'WE43 alloy, laser-cut, 6 mm and 8 mm diameters, PLGA coating',
    builtOn: '2024-09-30',
  }),
  p.step(liNa, '2024-11-05', 'RecordPatentPublished', {
    patentId: p.id('patent/cn-invention'),
    publicationNumber: 'CN118891234A',
    publishedOn: '2024-11-05',
  }),
  p.step(liNa, '2025-01-20', 'RecordVerificationTest', {
    testId: p.id('test/iso-10993-5'),
    prototypeId: p.id('prototype/v1'),
    standard: 'ISO 10993-5',
    lab: 'Shanghai Testing & Inspection Institute for Medical Devices',
    result: 'passed',
    testedOn: '2025-01-20',
    reportReference: 'SHTIM-2025-B0120',
  }),
  p.step(wangLu, '2025-03-12', 'LogMilestone', {
    milestoneId: p.id('milestone/rabbit-study'),
    title: 'Rabbit tracheal implant study',
    description: 'Full degradation by week 24 in 12 animals; no airway obstruction, mild granulation in two.',
    occurredOn: '2025-03-12',
  }),
  p.step(liNa, '2025-06-23', 'RecordVerificationTest', {
    testId: p.id('test/iso-10993-6'),
    prototypeId: p.id('prototype/v1'),
    standard: 'ISO 10993-6',
    lab: 'Shanghai Testing & Inspection Institute for Medical Devices',
    result: 'passed',
    testedOn: '2025-06-23',
    reportReference: 'SHTIM-2025-B0623',
  }),
  p.hold(
    liNa,
    '2025-11-10T10:00',
    'Magnova Alloys has stopped producing medical-grade WE43 tubing; paused until a second supplier passes incoming inspection (expected Q2 2026).',
  ),
]);

const bilirubin = demoProject('bilirubin-meter', { stage: 'prototype', status: 'active' }, (p) => [
  p.step(tanWeiMing, '2023-03-13T10:00', 'ProposeProject', {
    title: 'Smartphone transcutaneous bilirubin meter',
    summary: 'Clip-on optical reader estimating neonatal bilirubin through the skin, for home follow-up after early discharge.',
    deviceType: 'optical diagnostic device',
    riskClass: 'II',
    targets: [{ authority: 'HSA', pathway: 'full', deviceClass: 'B', breakthrough: false, notifiedBody: null }],
    therapeuticArea: 'neonatology',
    institution: 'KK Women’s and Children’s Hospital',
    department: 'Neonatology',
    leadClinician: person(priyaNair),
    partners: [
      { partnerId: p.id('partner/lumina'), name: 'Lumina MedTech Pte. Ltd.', kind: 'enterprise', role: 'co_developer' },
    ],
  }),
  p.step(tanWeiMing, '2023-03-27', 'RecordInventionDisclosure', {
    disclosureId: p.id('disclosure'),
    title: 'Phone-camera reflectance bilirubin estimation with a calibrated clip-on light source',
    summary: 'Three-wavelength reflectance on the sternum with a colour-reference ring.',
    inventors: ['Dr. Priya Nair', 'Goh Kai Xiang'],
    disclosedOn: '2023-03-27',
  }),
  p.go(tanWeiMing, '2023-04-10T15:00'),
  p.step(tanWeiMing, '2023-05-02', 'FilePatent', {
    patentId: p.id('patent/sg-invention'),
    title: 'Transcutaneous bilirubin estimation with a mobile device',
    jurisdiction: 'SG',
    kind: 'invention',
    applicationNumber: '10202301202Y',
    filedOn: '2023-05-02',
  }),
  p.go(tanWeiMing, '2023-05-15T10:00'),
  p.step(priyaNair, '2023-08-21', 'RecordPrototypeBuilt', {
    prototypeId: p.id('prototype/v1'),
    version: 'v1.0',
    description: 'Three-wavelength clip-on reader with companion app',
    builtOn: '2023-08-21',
  }),
  p.step(tanWeiMing, '2023-10-09', 'RecordVerificationTest', {
    testId: p.id('test/iec-60601-1/v1'),
    prototypeId: p.id('prototype/v1'),
    standard: 'IEC 60601-1',
    lab: 'TÜV SÜD PSB Singapore',
    result: 'passed',
    testedOn: '2023-10-09',
    reportReference: 'PSB-2023-E-1009',
  }),
  p.step(tanWeiMing, '2023-10-16', 'RecordVerificationTest', {
    testId: p.id('test/iso-10993-5/v1'),
    prototypeId: p.id('prototype/v1'),
    standard: 'ISO 10993-5',
    lab: 'TÜV SÜD PSB Singapore',
    result: 'passed',
    testedOn: '2023-10-16',
    reportReference: 'PSB-2023-B-1016',
  }),
  p.step(tanWeiMing, '2023-10-30', 'RecordDesignReview', {
    reviewId: p.id('design-review/v1'),
    heldOn: '2023-10-30',
    outcome: 'passed',
    summary: 'v1.0 frozen for the agreement study.',
  }),
  p.step(tanWeiMing, '2023-11-13', 'RecordEthicsApproval', {
    ethicsApprovalId: p.id('ethics'),
    committee: 'SingHealth Centralised Institutional Review Board',
    reference: 'CIRB 2023/2874',
    approvedOn: '2023-11-13',
  }),
  p.go(tanWeiMing, '2023-11-27T10:00'),
  p.step(tanWeiMing, '2023-12-04', 'RegisterTrial', {
    trialId: p.id('trial'),
    title: 'Agreement of a smartphone transcutaneous bilirubin meter with total serum bilirubin in term and late-preterm neonates',
    registry: 'NCT',
    registryId: 'NCT06154321',
    targetEnrolment: 400,
    registeredOn: '2023-12-04',
  }),
  p.step(priyaNair, '2024-01-08', 'RecordFirstPatientIn', { trialId: p.id('trial'), occurredOn: '2024-01-08' }),
  p.step(priyaNair, '2024-04-01', 'UpdateEnrolment', { trialId: p.id('trial'), enrolled: 186, asOf: '2024-04-01' }),
  p.step(priyaNair, '2024-07-01', 'UpdateEnrolment', { trialId: p.id('trial'), enrolled: 402, asOf: '2024-07-01' }),
  p.step(priyaNair, '2024-09-23', 'CompleteTrial', {
    trialId: p.id('trial'),
    completedOn: '2024-09-23',
    primaryEndpointMet: false,
    resultSummary:
      '95% limits of agreement -58 to +71 µmol/L against serum bilirubin (target ±50); bias largest in darker skin tones. Endpoint not met.',
  }),
  p.recycle(
    tanWeiMing,
    '2024-10-14T15:00',
    'prototype',
    'Primary endpoint missed: accuracy falls short in darker skin tones. Back to prototype to redesign the optics with melanin compensation.',
  ),
  p.step(priyaNair, '2025-02-17', 'RecordPrototypeBuilt', {
    prototypeId: p.id('prototype/v2'),
    version: 'v2.0',
    description: 'Five-wavelength LED array with a melanin-compensation model',
    builtOn: '2025-02-17',
  }),
  p.step(tanWeiMing, '2025-04-14', 'RecordVerificationTest', {
    testId: p.id('test/iec-60601-1/v2'),
    prototypeId: p.id('prototype/v2'),
    standard: 'IEC 60601-1',
    lab: 'TÜV SÜD PSB Singapore',
    result: 'passed',
    testedOn: '2025-04-14',
    reportReference: 'PSB-2025-E-0414',
  }),
  p.step(priyaNair, '2025-04-30', 'LogMilestone', {
    milestoneId: p.id('milestone/phantom-study'),
    title: 'Skin-phantom bench study, Fitzpatrick I-VI',
    description: 'Bias within ±20 µmol/L across all six skin-tone phantoms.',
    occurredOn: '2025-04-30',
  }),
  p.step(tanWeiMing, '2026-07-13', 'RecordDesignReview', {
    reviewId: p.id('design-review/v2'),
    heldOn: '2026-07-13',
    outcome: 'passed',
    summary: 'v2.0 frozen for a second agreement study stratified by skin tone.',
  }),
]);

const insulinCap = demoProject('insulin-pen-cap', { stage: 'idea', status: 'active' }, (p) => [
  p.step(liNa, '2026-01-12T10:00', 'ProposeProject', {
    title: 'Smart insulin pen cap with dose logging',
    summary: 'Replacement pen cap that records each dose and warns of a missed or doubled injection.',
    deviceType: 'connected drug-delivery accessory',
    riskClass: 'II',
    targets: [{ authority: 'NMPA', pathway: 'registration', deviceClass: 'II', breakthrough: false, notifiedBody: null }],
    therapeuticArea: 'endocrinology',
    institution: 'Shanghai Sixth People’s Hospital',
    department: 'Endocrinology and Metabolism',
    leadClinician: person(sunYue),
    partners: [],
  }),
  p.step(sunYue, '2026-01-23', 'LogMilestone', {
    milestoneId: p.id('milestone/needs-survey'),
    title: 'Needs survey in the insulin clinic',
    description: '40 insulin users surveyed; 17 reported at least one uncertain or missed dose in the past month.',
    occurredOn: '2026-01-23',
  }),
]);

const venipuncture = demoProject('venipuncture-robot', { stage: 'idea', status: 'active' }, (p) => [
  p.step(zhouJie, '2025-09-08T10:00', 'ProposeProject', {
    title: 'Ultrasound-guided robotic venipuncture device',
    summary: 'Hand-held device that finds a vein by ultrasound and places the needle, for patients with difficult venous access.',
    deviceType: 'needle-guidance robot',
    riskClass: 'II',
    targets: [{ authority: 'NMPA', pathway: 'registration', deviceClass: 'II', breakthrough: false, notifiedBody: null }],
    therapeuticArea: 'emergency medicine',
    institution: 'Ruijin Hospital, Shanghai Jiao Tong University School of Medicine',
    department: 'Emergency Medicine',
    leadClinician: person(linFeng),
    partners: [
      { partnerId: p.id('partner/huaying'), name: 'Huaying Surgical Robotics Co., Ltd.', kind: 'enterprise', role: 'co_developer' },
    ],
  }),
  p.step(zhouJie, '2025-09-29', 'RecordInventionDisclosure', {
    disclosureId: p.id('disclosure'),
    title: 'Ultrasound vein tracking with a two-axis needle driver',
    summary: 'Real-time vessel segmentation steers the needle angle and depth; stops on flashback.',
    inventors: ['Dr. Lin Feng', 'Ma Qiang'],
    disclosedOn: '2025-09-29',
  }),
]);

const fundusCamera = demoProject('ai-fundus-camera', { stage: 'patent', status: 'active' }, (p) => [
  p.step(tanWeiMing, '2025-02-10T10:00', 'ProposeProject', {
    title: 'Handheld AI fundus camera for diabetic retinopathy screening',
    summary: 'Non-mydriatic handheld camera with on-device grading of diabetic retinopathy, for primary-care screening.',
    deviceType: 'ophthalmic imaging device with AI software',
    riskClass: 'II',
    targets: [
      { authority: 'HSA', pathway: 'full', deviceClass: 'B', breakthrough: false, notifiedBody: null },
      { authority: 'FDA', pathway: '510k', deviceClass: 'II', breakthrough: false, notifiedBody: null },
    ],
    therapeuticArea: 'ophthalmology',
    institution: 'Singapore National Eye Centre',
    department: 'Medical Retina',
    leadClinician: person(sharonLee),
    partners: [{ partnerId: p.id('partner/iris'), name: 'Iris Optics Pte. Ltd.', kind: 'enterprise', role: 'co_developer' }],
  }),
  p.step(tanWeiMing, '2025-02-24', 'RecordInventionDisclosure', {
    disclosureId: p.id('disclosure'),
    title: 'On-device retinopathy grading with image-quality gating',
    summary: 'Rejects ungradable images at capture and grades the rest on the camera, offline.',
    inventors: ['Dr. Sharon Lee', 'Huang Zi Xuan'],
    disclosedOn: '2025-02-24',
  }),
  p.go(tanWeiMing, '2025-03-10T15:00'),
  p.step(tanWeiMing, '2025-04-07', 'FilePatent', {
    patentId: p.id('patent/sg-invention'),
    title: 'Handheld fundus imaging with on-device grading',
    jurisdiction: 'SG',
    kind: 'invention',
    applicationNumber: '10202501127P',
    filedOn: '2025-04-07',
  }),
  p.step(tanWeiMing, '2026-03-30', 'FilePatent', {
    patentId: p.id('patent/pct'),
    title: 'Handheld fundus imaging with on-device grading',
    jurisdiction: 'WO',
    kind: 'pct',
    applicationNumber: 'PCT/SG2026/050118',
    filedOn: '2026-03-30',
  }),
]);

export const DEMO_PIPELINE: readonly DemoProject[] = [
  glucose,
  robot,
  proton,
  prosthesis,
  spine,
  carT,
  lactate,
  airwayStent,
  bilirubin,
  insulinCap,
  venipuncture,
  fundusCamera,
];

export interface ScheduledDemoStep extends DemoStep {
  projectKey: string;
  /** Unique per step, so a repeated seed run records nothing twice. */
  idempotencyKey: string;
}

/** Every step of every project, in the order things happened (each project's own order kept). */
export function demoSchedule(projects: readonly DemoProject[] = DEMO_PIPELINE): ScheduledDemoStep[] {
  const steps = projects.flatMap((project) =>
    project.steps.map((step, index) => ({
      ...step,
      projectKey: project.key,
      idempotencyKey: `demo-seed:${project.key}:${index + 1}`,
    })),
  );
  // Array.prototype.sort is stable, so steps of one project at the same instant keep their order.
  return steps.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
}
