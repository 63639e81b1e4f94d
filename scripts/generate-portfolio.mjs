#!/usr/bin/env node
// Writes a sample portfolio in the import template (docs/portfolio-import.md): N projects with realistic histories
// (glucose detectors, surgical robots, CAR-T, prostheses, AI imaging; NMPA, FDA, HSA and EU MDR pathways), the same
// file every time (a seeded generator, no clock). The 50-project file is kept as test/fixtures/portfolio/portfolio-50.csv.
//   node scripts/generate-portfolio.mjs [--projects 50] [--out test/fixtures/portfolio/portfolio-50.csv]   (.xlsx too)
import { writeFileSync } from 'node:fs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const PROJECTS = Number(arg('projects', '50'));
const OUT = arg('out', 'test/fixtures/portfolio/portfolio-50.csv');

// mulberry32: a small seeded generator, so the file never changes between runs.
let seed = 20240611;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const between = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const day = (d) => new Date(Date.UTC(2015, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);

const COLUMNS = ['project', 'kind', 'event', 'date', 'record', 'title', 'summary', 'stage', 'reference', 'decided_by', 'reason', 'device_type', 'risk_class',
  'therapeutic_area', 'institution', 'department', 'lead_clinician_id', 'lead_clinician_name', 'targets', 'partners', 'current_stage',
  'jurisdiction', 'patent_kind', 'registry', 'committee', 'count', 'endpoint_met', 'authority', 'pathway', 'device_class'];

const FAMILIES = [
  { code: 'GLU', title: 'Non-invasive blood glucose detector 无创血糖仪', device: 'in-vitro diagnostic sensor', risk: 'II', area: 'endocrinology', dept: 'Endocrinology',
    targets: 'NMPA/registration/II; FDA/de_novo/II', submission: ['NMPA', 'registration', 'II'], partner: 'Sinocare Medical Chips | enterprise | co_developer' },
  { code: 'ROB', title: 'Single-port laparoscopic surgical robot 单孔腔镜手术机器人', device: 'surgical robot', risk: 'III', area: 'general surgery', dept: 'General Surgery',
    targets: 'NMPA/innovative_special_review/III; FDA/pma/III', submission: ['NMPA', 'innovative_special_review', 'III'], partner: 'Shanghai MicroPort Robotics | enterprise | manufacturer' },
  { code: 'CART', title: 'CAR-T cell manufacturing closed system CAR-T 制备系统', device: 'cell processing system', risk: 'III', area: 'haematology', dept: 'Haematology',
    targets: 'NMPA/registration/III; FDA/pma/III/breakthrough', submission: ['FDA', 'pma', 'III'], partner: 'Institute of Cell Therapy | institute | co_developer' },
  { code: 'PRO', title: 'Patient-specific 3D-printed tumour prosthesis 3D 打印肿瘤假体', device: 'orthopaedic implant', risk: 'III', area: 'orthopaedic oncology', dept: 'Orthopaedics',
    targets: 'NMPA/innovative_special_review/III; EU_MDR/notified_body/III/TÜV SÜD', submission: ['NMPA', 'innovative_special_review', 'III'], partner: 'AK Medical | enterprise | manufacturer' },
  { code: 'SPN', title: 'AI spine imaging assistant AI 脊柱影像', device: 'software as a medical device', risk: 'II', area: 'radiology', dept: 'Radiology',
    targets: 'NMPA/registration/II; HSA/full/B; FDA/510k/II', submission: ['HSA', 'full', 'B'], partner: 'Infervision | enterprise | licensee' },
  { code: 'STN', title: 'Biodegradable airway stent Alat stent saluran napas', device: 'implantable stent', risk: 'III', area: 'respiratory medicine', dept: 'Respiratory Medicine',
    targets: 'HSA/full/D; NMPA/registration/III', submission: ['HSA', 'full', 'D'], partner: 'Singapore Institute of Manufacturing Technology | institute | co_developer' },
];
const HOSPITALS = [
  ['Ruijin Hospital', 'CN', 'ChiCTR', 'Ruijin Hospital Ethics Committee 瑞金医院伦理委员会'],
  ['Zhongshan Hospital', 'CN', 'ChiCTR', 'Zhongshan Hospital Ethics Committee'],
  ['Singapore General Hospital', 'SG', 'NCT', 'SingHealth Centralised IRB'],
  ['Huashan Hospital', 'CN', 'ChiCTR', 'Huashan Hospital Ethics Committee'],
  ['National University Hospital', 'SG', 'NCT', 'NHG Domain Specific Review Board'],
];
const DOCTORS = [['dr-chen', 'Dr. Chen Wei 陈伟'], ['dr-tan', 'Dr. Tan Mei Ling'], ['dr-wang', 'Dr. Wang Fang 王芳'], ['dr-lim', 'Dr. Lim Boon Huat'], ['dr-sari', 'Dr. Sari Wulandari'], ['dr-zhou', 'Dr. Zhou Jie 周杰']];
const DECIDERS = ['Innovation committee (Li Na 李娜)', 'Technology transfer board (Ong Kah Wee)', 'Innovation committee (Zhang Hui 张慧)'];

const rows = [];
const row = (values) => rows.push(values);
const STAGES = ['idea', 'patent', 'prototype', 'clinical_validation', 'regulatory_review', 'approved'];

for (let n = 1; n <= PROJECTS; n++) {
  const family = FAMILIES[(n - 1) % FAMILIES.length];
  const [hospital, country, registry, committee] = pick(HOSPITALS);
  const [leadId, leadName] = pick(DOCTORS);
  const code = `${family.code}-${String(n).padStart(3, '0')}`;
  const furthest = pick([0, 1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 5]);
  const killed = furthest < 5 && random() < 0.35;
  const holdAt = furthest >= 2 && random() < 0.2 ? 1 : -1;
  const recycle = furthest >= 4 && random() < 0.25;
  let t = between(0, 6 * 365 - 1);
  const decider = pick(DECIDERS);
  let gates = 0;
  const gate = (event, at, extra = {}) => {
    gates++;
    row({ project: code, kind: 'gate', event, date: day(at), reference: `GATE-${code}-${gates}`, decided_by: decider, ...extra });
  };
  row({
    project: code, kind: 'project', date: day(t), title: `${family.title} (${hospital} ${n})`,
    summary: `${family.device} for ${family.area}; brought in from the office's spreadsheet`, device_type: family.device, risk_class: family.risk,
    therapeutic_area: family.area, institution: hospital, department: family.dept, lead_clinician_id: leadId, lead_clinician_name: leadName,
    targets: family.targets, partners: family.partner,
  });
  let stage = 0;
  const patentPublished = { at: Infinity, jurisdiction: '' };
  while (stage < furthest) {
    const stay = between(60, 300);
    // What happens during the stay in `stage`, before its go.
    if (stage === 1) {
      const filed = t + between(10, 40);
      patentPublished.jurisdiction = country === 'SG' ? 'SG' : 'CN';
      row({ project: code, kind: 'patent', event: 'filed', date: day(filed), record: 'P1', title: `${family.device} with ${pick(['optical', 'modular', 'adaptive', 'low-power'])} design`, jurisdiction: patentPublished.jurisdiction, patent_kind: 'invention', reference: `${country}20${String(between(10, 99))}${String(n).padStart(4, '0')}` });
      patentPublished.at = filed + between(30, 50);
      // Nothing is recorded while a project is on hold (days 55 to 58 of the stay, below).
      if (holdAt === 1 && patentPublished.at >= t + 55 && patentPublished.at <= t + 58) patentPublished.at = t + 59;
      row({ project: code, kind: 'patent', event: 'published', date: day(patentPublished.at), record: 'P1', reference: `${country}1${String(between(100000, 999999))}A` });
      if (holdAt === 1) {
        gate('hold', t + 55, { reason: 'Partner funding round delayed' });
        gate('resume', t + 58, { reason: 'Funding confirmed' });
      }
    }
    if (stage === 2 && furthest >= 3) {
      row({ project: code, kind: 'trial', event: 'ethics_approved', date: day(t + between(20, 50)), committee, reference: `EC-${code}` });
    }
    if (stage === 3) {
      const target = between(40, 300);
      row({ project: code, kind: 'trial', event: 'registered', date: day(t + 5), record: 'T1', title: `Pivotal study of the ${family.device}`, registry, reference: registry === 'NCT' ? `NCT0${between(1000000, 9999999)}` : `ChiCTR${between(2000000000, 2399999999)}`, count: String(target) });
      row({ project: code, kind: 'trial', event: 'first_patient_in', date: day(t + 20), record: 'T1' });
      row({ project: code, kind: 'trial', event: 'enrolment', date: day(t + 40), record: 'T1', count: String(Math.floor(target / 2)) });
      row({ project: code, kind: 'trial', event: 'completed', date: day(t + stay - 5), record: 'T1', endpoint_met: killed && furthest === 3 ? 'no' : 'yes', summary: 'Primary endpoint as planned' });
    }
    if (stage === 4) {
      const [authority, pathway, deviceClass] = family.submission;
      // The NMPA green channel needs a published Chinese invention patent; without one the office filed a plain registration.
      const usable = pathway !== 'innovative_special_review' || (patentPublished.jurisdiction === 'CN' && patentPublished.at < t);
      row({ project: code, kind: 'submission', event: 'filed', date: day(t + 10), record: 'S1', authority, pathway: usable ? pathway : 'registration', reference: `${authority}-${code}-1` });
      if (random() < 0.5) {
        row({ project: code, kind: 'submission', event: 'deficiency_received', date: day(t + 25), record: 'S1', summary: 'Additional biocompatibility data requested' });
        row({ project: code, kind: 'submission', event: 'deficiency_answered', date: day(t + 45), record: 'S1', summary: 'ISO 10993 reports supplied' });
      }
      if (furthest === 5) row({ project: code, kind: 'submission', event: 'approved', date: day(t + stay), record: 'S1', reference: `${authority === 'NMPA' ? '国械注准' : authority}${between(20200000, 20249999)}`, device_class: deviceClass });
    }
    t += stay;
    if (recycle && stage === 3 && gates < 8 && !rows.some((r) => r.project === code && r.event === 'recycle')) {
      // The first trial missed its endpoint on paper: back to prototype, redesign, a second go.
      gate('recycle', t, { stage: 'prototype', reason: 'Endpoint missed: redesign' });
      stage = 2;
      t += between(60, 120);
      gate('go', t, { stage: 'clinical_validation' });
      stage = 3;
      const target = between(40, 200);
      row({ project: code, kind: 'trial', event: 'registered', date: day(t + 5), record: 'T2', title: `Second study of the ${family.device}`, registry, reference: `${registry}-R${n}`, count: String(target) });
      row({ project: code, kind: 'trial', event: 'first_patient_in', date: day(t + 15), record: 'T2' });
      row({ project: code, kind: 'trial', event: 'completed', date: day(t + 100), record: 'T2', endpoint_met: 'yes', summary: 'Endpoint met after redesign' });
      t += 110;
    }
    gate('go', t, stage === 0 ? {} : { stage: STAGES[stage + 1] });
    stage++;
  }
  if (killed) gate('kill', t + between(30, 200), { reason: pick(['Accuracy target unreachable', 'Partner withdrew', 'Prior art found', 'Reimbursement outlook too weak']) });
  rows.filter((r) => r.project === code && r.kind === 'project').forEach((r) => (r.current_stage = STAGES[stage]));
}

if (/\.xlsx$/i.test(OUT)) {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('portfolio');
  sheet.addRow(COLUMNS);
  for (const r of rows) sheet.addRow(COLUMNS.map((c) => r[c] ?? ''));
  await workbook.xlsx.writeFile(OUT);
} else {
  const cell = (v) => (v === undefined ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  writeFileSync(OUT, [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => cell(r[c])).join(','))].join('\n') + '\n');
}
console.log(`${OUT}: ${PROJECTS} projects, ${rows.length} rows`);
