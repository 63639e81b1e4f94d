// A deterministic pipeline of device projects for the benchmarks. Events are the real decider's (see
// ProjectRun), wrapped in the envelope the command handler writes, so the data set is one the API could
// have recorded. The same seed yields the same events, ids and times everywhere.
import type { NewEvent } from '@app/event-store';
import {
  Actor,
  decide,
  EVENT_SCHEMA_VERSION,
  evolve,
  initialState,
  ProjectCommand,
  ProjectEvent,
  ProjectState,
  RegulatoryTarget,
  RiskClass,
  Stage,
  STAGES,
} from '../libs/pipeline/src/domain';
import { childSeed, Prng } from './lib/prng';

export interface GeneratorSpec {
  seed: number;
  projects: number;
  /** Total events over all projects (hit exactly unless the projects' core steps alone exceed it). */
  events: number;
  /** One project gets exactly this many events (the long-stream scenario). */
  longStreamEvents: number;
  /** The instant the data set ends at ("today" for the stalled and time-in-stage queries). */
  now: Date;
  /** Also check every event against `decide` on the fully folded state (slow: O(n²) per project). */
  strict?: boolean;
}

export interface GeneratedEvent {
  streamId: string;
  /** 0-based stream revision. */
  revision: number;
  event: NewEvent;
  /** When the store recorded it; the data set is in this order. */
  recordedAt: Date;
}

export interface PipelineSummary {
  projects: number;
  events: number;
  byStage: Record<string, number>;
  byStatus: Record<string, number>;
  byType: Record<string, number>;
  /** Projects that accept a new milestone (active or approved), the long-stream project excepted. */
  writableProjectIds: string[];
  longStreamProjectId: string;
  firstRecordedAt: string;
  lastRecordedAt: string;
}

type Fate = { stage: Stage; status: 'active' | 'on_hold' | 'terminated' | 'approved' };
// The pure domain only: the generator must not load Nest or the database layer.
type Issued = { actor: Actor; command: DistributiveOmit<ProjectCommand, 'metadata'> };
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
type Step = (state: ProjectState, at: number) => Issued;

interface Plan {
  index: number;
  projectId: string;
  rng: Prng;
  fate: Fate;
  lead: Actor;
  /** Lifecycle commands in time order; filler (milestones, corrections, enrolment) goes between them. */
  core: { at: number; step: Step }[];
  /** Terminal kill or hold, after all other activity. */
  terminal: { at: number; step: Step } | null;
  fillerFrom: number;
  fillerUntil: number;
  fillerCount: number;
}

const DAY = 86_400_000;
const EARLIEST = Date.UTC(2014, 0, 1);
export const PROJECT_STREAM = (projectId: string) => `project-${projectId}`;

// Where projects end up: most early, few approved; then whether they are still alive.
const FINAL_STAGE: Record<Stage, number> = {
  idea: 34,
  patent: 24,
  prototype: 18,
  clinical_validation: 11,
  regulatory_review: 8,
  approved: 5,
};
// Days spent in each stage before its gate.
const STAGE_DAYS: Record<Exclude<Stage, 'approved'>, [number, number]> = {
  idea: [45, 200],
  patent: [90, 330],
  prototype: [200, 640],
  clinical_validation: [300, 820],
  regulatory_review: [150, 500],
};
// Typical events per project by final stage, before scaling to the requested total.
const BASE_EVENTS: Record<Stage, number> = {
  idea: 30,
  patent: 60,
  prototype: 110,
  clinical_validation: 200,
  regulatory_review: 240,
  approved: 280,
};

const OFFICE: Actor[] = Array.from({ length: 12 }, (_, i) => ({
  id: `office-${String(i + 1).padStart(2, '0')}`,
  name: `${pickName(i * 7)} (innovation office)`,
  role: 'innovation_office',
}));
const CLINICIANS: Actor[] = Array.from({ length: 900 }, (_, i) => ({
  id: `dr-${String(i + 1).padStart(4, '0')}`,
  name: `Dr. ${pickName(i)}`,
  role: 'clinician',
}));

function pickName(i: number): string {
  const family = ['Chen', 'Wang', 'Li', 'Zhang', 'Liu', 'Tan', 'Lim', 'Ng', 'Wong', 'Koh', 'Menon', 'Nair', 'Lee', 'Teo', 'Ong', 'Gao', 'Sun', 'Xu', 'Zhou', 'Huang'];
  const given = ['Wei', 'Na', 'Jie', 'Yue', 'Hao', 'Rong', 'Yan', 'Li Ping', 'Arjun', 'Daniel', 'Lu', 'Priya', 'Feng', 'Sharon', 'Rachel', 'Ming', 'Hui', 'Xin', 'Jun', 'Mei'];
  return `${family[i % family.length]} ${given[Math.floor(i / family.length) % given.length]}`;
}

const DEVICES = [
  ['non-invasive glucose monitor', 'endocrinology'],
  ['single-port surgical robot', 'general surgery'],
  ['3D-printed prosthetic socket', 'orthopaedics'],
  ['wearable ECG patch', 'cardiology'],
  ['bioresorbable stent', 'cardiology'],
  ['AI retinal screening camera', 'ophthalmology'],
  ['smart insulin pen', 'endocrinology'],
  ['neonatal jaundice meter', 'paediatrics'],
  ['cochlear implant processor', 'otolaryngology'],
  ['pressure-ulcer sensing mattress', 'nursing'],
  ['proton therapy positioning couch', 'oncology'],
  ['capsule endoscope', 'gastroenterology'],
] as const;
const INSTITUTIONS = [
  'Shanghai Sixth People’s Hospital',
  'Peking Union Medical College Hospital',
  'West China Hospital',
  'Singapore General Hospital',
  'National University Hospital',
  'Tan Tock Seng Hospital',
  'Ruijin Hospital',
  'Zhongshan Hospital',
];
const MILESTONES = [
  'Bench accuracy study completed',
  'Usability study with nurses',
  'Supplier audit passed',
  'Firmware release candidate',
  'Animal study completed',
  'Steering committee review',
  'Grant awarded',
  'Manufacturing pilot run',
  'Risk management file updated',
  'Clinical advisory board met',
];

/** Plans every project, then yields all their events in the order they were recorded. */
export function generatePipeline(spec: GeneratorSpec): { events: Generator<GeneratedEvent>; summary: PipelineSummary } {
  const now = spec.now.getTime();
  const plans = Array.from({ length: spec.projects }, (_, i) => planProject(i, new Prng(childSeed(spec.seed, i)), now, i === 0));
  assignFiller(plans, spec);
  const summary: PipelineSummary = {
    projects: plans.length,
    events: 0,
    byStage: {},
    byStatus: {},
    byType: {},
    writableProjectIds: [],
    longStreamProjectId: plans[0].projectId,
    firstRecordedAt: '',
    lastRecordedAt: '',
  };
  return { events: mergeByTime(plans, summary, spec.strict ?? false), summary };
}

// ---- planning -------------------------------------------------------------------------------------

function planProject(index: number, rng: Prng, now: number, long: boolean): Plan {
  const projectId = rng.uuid();
  const riskClass: RiskClass = rng.weighted({ I: 20, II: 45, III: 35 });
  const finalStage: Stage = long ? 'clinical_validation' : rng.weighted(FINAL_STAGE);
  const f = STAGES.indexOf(finalStage);
  const status: Fate['status'] =
    finalStage === 'approved' ? 'approved' : long ? 'active' : rng.weighted({ active: 78, terminated: 16, on_hold: 6 });
  const equivalenceRoute = riskClass !== 'III' && f >= STAGES.indexOf('regulatory_review') && !long && rng.chance(0.4);
  const recycle = f >= STAGES.indexOf('clinical_validation') && !long && rng.chance(0.06);
  const lead = rng.pick(CLINICIANS);
  const [device, area] = rng.pick(DEVICES);
  const institution = rng.pick(INSTITUTIONS);
  const targets = pickTargets(rng, riskClass);
  const office = () => rng.pick(OFFICE);
  const id = () => rng.uuid();
  const sign = (actor: Actor, meaning: string) => ({ meaning, printedName: actor.name });
  const fateOf: Fate = { stage: finalStage, status };

  // Stage stays in days; the equivalence route skips clinical validation.
  const stays = STAGES.slice(0, f + 1).map((s) =>
    s === 'approved' ? rng.between(30, 900) : rng.between(...STAGE_DAYS[s as Exclude<Stage, 'approved'>]),
  );
  if (equivalenceRoute) stays[STAGES.indexOf('clinical_validation')] = 0;
  // The stage it is in now has only partly passed (or ended in a kill or hold).
  if (finalStage !== 'approved') stays[f] *= long ? 1 : rng.between(0.1, 1);
  const idle = status === 'active' || status === 'approved' ? rng.between(0, 150) : rng.between(0, 900);
  let span = stays.reduce((a, b) => a + b, 0);
  let proposedAt = now - (span + idle) * DAY;
  if (proposedAt < EARLIEST) {
    const squeeze = (now - idle * DAY - EARLIEST) / (span * DAY);
    stays.forEach((_, i) => (stays[i] *= squeeze));
    span = stays.reduce((a, b) => a + b, 0);
    proposedAt = EARLIEST;
  }
  proposedAt = Math.floor(proposedAt / 1000) * 1000;
  const lastActivity = proposedAt + span * DAY;

  const core: Plan['core'] = [];
  // Places a stage's steps evenly over its stay; `gate` (if any) closes the stay.
  const stage = (k: number, steps: Step[], gate: Step | null) => {
    const start = proposedAt + stays.slice(0, k).reduce((a, b) => a + b, 0) * DAY;
    const length = stays[k] * DAY;
    const isFinal = k === f && finalStage !== 'approved';
    // In the stage it stopped at, only the first steps happened, and no gate.
    const done = isFinal ? steps.slice(0, long ? steps.length : rng.int(0, steps.length)) : steps;
    done.forEach((step, j) => core.push({ at: start + (length * (j + 1)) / (done.length + 2), step }));
    if (gate && !isFinal) core.push({ at: start + length * 0.98, step: gate });
  };
  const go = (targetStage: Stage | null = null): Step => () => {
    const actor = office();
    return { actor, command: { type: 'AdvanceStage', data: { projectId, targetStage, signature: sign(actor, 'approved to advance') } } };
  };
  const byOffice = (command: (at: number) => Issued['command']): Step => (_, at) => ({ actor: office(), command: command(at) });
  const day = (at: number) => new Date(at).toISOString().slice(0, 10);

  const patentId = id();
  const proposal: Step = () => ({
    actor: office(),
    command: {
      type: 'ProposeProject',
      data: {
        projectId,
        title: `${device[0].toUpperCase()}${device.slice(1)} ${index + 1}`,
        summary: `A doctor-led ${device} for ${area}, proposed by ${lead.name} at ${institution}.`,
        deviceType: device,
        riskClass,
        targets,
        therapeuticArea: area,
        institution,
        department: `Department of ${area[0].toUpperCase()}${area.slice(1)}`,
        leadClinician: { id: lead.id, name: lead.name },
        partners: rng.chance(0.5) ? [{ partnerId: id(), name: `MedTech Partner ${rng.int(1, 300)}`, kind: 'enterprise', role: 'co_developer' }] : [],
      },
    },
  });
  core.push({ at: proposedAt, step: proposal });

  const teammate = rng.pick(CLINICIANS.filter((c) => c.id !== lead.id).slice(0, 50));
  stage(
    0,
    [
      // Filler may have added this clinician already; then the office adds another one.
      (state) => {
        const member = [teammate, ...CLINICIANS].find((c) => !state.team[c.id]?.active) as Actor;
        return { actor: office(), command: { type: 'AddTeamMember', data: { projectId, member: { id: member.id, name: member.name }, teamRole: 'clinician' } } };
      },
      byOffice((at) => ({
        type: 'RecordInventionDisclosure',
        data: { projectId, disclosureId: id(), title: `Invention: ${device}`, summary: 'Principle, claims and prior art search.', inventors: [lead.name, teammate.name], disclosedOn: day(at) },
      })),
    ],
    go(),
  );
  if (f >= 1) {
    const patents: Step[] = [
      byOffice((at) => ({
        type: 'FilePatent',
        data: { projectId, patentId, title: `${device} and method`, jurisdiction: 'CN', kind: 'invention', applicationNumber: `CN${rng.int(2015, 2026)}1${rng.int(1_000_000, 9_999_999)}.X`, filedOn: day(at) },
      })),
    ];
    if (rng.chance(0.5)) {
      patents.push(
        byOffice((at) => ({
          type: 'FilePatent',
          data: { projectId, patentId: id(), title: `${device} (PCT)`, jurisdiction: 'WO', kind: 'pct', applicationNumber: `PCT/CN${rng.int(2015, 2026)}/${rng.int(100_000, 999_999)}`, filedOn: day(at) },
        })),
      );
    }
    stage(1, patents, go());
  }
  if (f >= 2) {
    const built = (version: string): Step => (_, at) => ({
      actor: lead,
      command: { type: 'RecordPrototypeBuilt', data: { projectId, prototypeId: id(), version, description: `Prototype ${version} of the ${device}`, builtOn: day(at) } },
    });
    let prototypeId = '';
    const latestPrototype: Step = (state, at) => {
      const issued = built(`v${Object.keys(state.prototypes).length + 1}.0`)(state, at);
      prototypeId = (issued.command.data as { prototypeId: string }).prototypeId;
      return issued;
    };
    const test = (standard: string, result: 'passed' | 'failed'): Step => byOffice((at) => ({
      type: 'RecordVerificationTest',
      data: { projectId, testId: id(), prototypeId, standard, lab: 'TÜV SÜD Shanghai', result, testedOn: day(at), reportReference: `RPT-${rng.int(10_000, 99_999)}` },
    }));
    const steps: Step[] = [
      latestPrototype,
      byOffice((at) => ({ type: 'RecordPatentPublished', data: { projectId, patentId, publicationNumber: `CN${rng.int(100_000_000, 999_999_999)}A`, publishedOn: day(at) } })),
    ];
    if (recycle) {
      // The first design failed: back to patent, a new filing, a new prototype (older evidence no longer counts).
      steps.push(
        () => {
          const actor = office();
          return { actor, command: { type: 'RecycleProject', data: { projectId, toStage: 'patent', reason: 'Design does not meet the accuracy target', signature: sign(actor, 'approved to redesign') } } };
        },
        byOffice((at) => ({
          type: 'FilePatent',
          data: { projectId, patentId: id(), title: `${device}, second design`, jurisdiction: 'CN', kind: 'utility_model', applicationNumber: `CN${rng.int(2015, 2026)}2${rng.int(1_000_000, 9_999_999)}.X`, filedOn: day(at) },
        })),
        go(),
        latestPrototype,
      );
    }
    if (rng.chance(0.15)) steps.push(test('IEC 60601-1', 'failed'));
    steps.push(
      test('ISO 10993-5', 'passed'),
      test('IEC 60601-1', 'passed'),
      byOffice((at) => ({ type: 'RecordDesignReview', data: { projectId, reviewId: id(), heldOn: day(at), outcome: 'passed', summary: 'Design freeze for the clinical build.' } })),
    );
    if (equivalenceRoute) {
      steps.push(
        byOffice((at) => ({
          type: 'RecordEquivalenceEvaluation',
          data: { projectId, evaluationId: id(), predicateDevice: `Predicate ${device}`, predicateManufacturer: 'Acme Medical', predicateReference: `K${rng.int(100_000, 999_999)}`, equivalent: true, evaluatedOn: day(at) },
        })),
      );
    } else {
      steps.push(byOffice((at) => ({ type: 'RecordEthicsApproval', data: { projectId, ethicsApprovalId: id(), committee: `Ethics Committee of ${institution}`, reference: `${rng.int(2015, 2026)}-KY-${rng.int(1, 400)}`, approvedOn: day(at) } })));
    }
    stage(2, steps, go(equivalenceRoute ? 'regulatory_review' : null));
  }
  if (f >= 3 && !equivalenceRoute) {
    const trialId = id();
    const target = rng.int(40, 400);
    stage(
      3,
      [
        byOffice((at) => ({ type: 'RegisterTrial', data: { projectId, trialId, title: `Pivotal study of the ${device}`, registry: 'ChiCTR', registryId: `ChiCTR${rng.int(2_000_000_000, 2_999_999_999)}`, targetEnrolment: target, registeredOn: day(at) } })),
        (_, at) => ({ actor: lead, command: { type: 'RecordFirstPatientIn', data: { projectId, trialId, occurredOn: day(at) } } }),
        ...(long ? [] : [
          (_: ProjectState, at: number) => ({ actor: lead, command: { type: 'UpdateEnrolment', data: { projectId, trialId, enrolled: target, asOf: day(at) } } }) as Issued,
          (_: ProjectState, at: number) => ({ actor: lead, command: { type: 'CompleteTrial', data: { projectId, trialId, completedOn: day(at), primaryEndpointMet: true, resultSummary: 'Primary endpoint met.' } } }) as Issued,
        ]),
      ],
      go(),
    );
  }
  if (f >= 4) {
    const submissionId = id();
    const { authority, pathway } = targets[0];
    const deficiency = rng.chance(0.6);
    stage(
      4,
      [
        byOffice((at) => ({ type: 'RecordPatentGranted', data: { projectId, patentId, patentNumber: `ZL${rng.int(100_000_000, 999_999_999)}`, grantedOn: day(at) } })),
        byOffice((at) => ({ type: 'FileSubmission', data: { projectId, submissionId, authority, pathway, reference: `${authority}-${rng.int(10_000, 99_999)}`, filedOn: day(at) } })),
        ...(deficiency
          ? [
              byOffice((at) => ({ type: 'RecordSubmissionDeficiency', data: { projectId, submissionId, receivedOn: day(at), summary: 'Clarify the biocompatibility rationale.' } })),
              byOffice((at) => ({ type: 'AnswerSubmissionDeficiency', data: { projectId, submissionId, answeredOn: day(at), summary: 'Rationale and test reports supplied.' } })),
            ]
          : []),
        byOffice((at) => ({ type: 'RecordSubmissionApproval', data: { projectId, submissionId, certificateNumber: `${authority}-CERT-${rng.int(10_000, 99_999)}`, approvedOn: day(at), deviceClass: approvalClass(authority, riskClass) } })),
      ],
      go(),
    );
  }

  let terminal: Plan['terminal'] = null;
  if (status === 'terminated' || status === 'on_hold') {
    const step: Step = () => {
      const actor = office();
      const command: Issued['command'] =
        status === 'terminated'
          ? { type: 'KillProject', data: { projectId, reason: 'No clinical advantage over the standard of care', signature: sign(actor, 'approved to terminate') } }
          : { type: 'PutProjectOnHold', data: { projectId, reason: 'Waiting for funding', signature: sign(actor, 'approved to pause') } };
      return { actor, command };
    };
    terminal = { at: lastActivity + 60_000, step };
  }
  return { index, projectId, rng, fate: fateOf, lead, core, terminal, fillerFrom: proposedAt + 3_600_000, fillerUntil: lastActivity, fillerCount: 0 };
}

function pickTargets(rng: Prng, riskClass: RiskClass): RegulatoryTarget[] {
  const nmpa: RegulatoryTarget = { authority: 'NMPA', pathway: 'registration', deviceClass: riskClass, breakthrough: false, notifiedBody: null };
  const fda: RegulatoryTarget = { authority: 'FDA', pathway: riskClass === 'III' ? 'pma' : '510k', deviceClass: riskClass, breakthrough: false, notifiedBody: null };
  const hsa: RegulatoryTarget = { authority: 'HSA', pathway: 'full', deviceClass: null, breakthrough: false, notifiedBody: null };
  const eu: RegulatoryTarget = { authority: 'EU_MDR', pathway: 'notified_body', deviceClass: null, breakthrough: false, notifiedBody: 'TÜV SÜD Product Service' };
  const first = rng.weighted({ nmpa: 55, fda: 20, hsa: 15, eu: 10 });
  const all = { nmpa, fda, hsa, eu };
  const targets = [all[first]];
  if (rng.chance(0.4)) targets.push(first === 'fda' ? nmpa : fda);
  return targets;
}

function approvalClass(authority: RegulatoryTarget['authority'], riskClass: RiskClass): string {
  const index = ['I', 'II', 'III'].indexOf(riskClass);
  if (authority === 'HSA') return ['A', 'B', 'C'][index];
  if (authority === 'EU_MDR') return ['I', 'IIa', 'III'][index];
  return riskClass;
}

// Scales every project's event budget by one factor so the total comes out exactly; the filler
// (milestones, corrections, enrolment updates, team changes) makes up each project's difference.
function assignFiller(plans: Plan[], spec: GeneratorSpec): void {
  const coreOf = (p: Plan) => p.core.length + (p.terminal ? 1 : 0);
  const [long, ...rest] = plans;
  long.fillerCount = Math.max(0, spec.longStreamEvents - coreOf(long));
  const remaining = spec.events - coreOf(long) - long.fillerCount;
  const base = rest.map((p) => BASE_EVENTS[p.fate.stage] * Math.exp(gaussian(p.rng) * 0.45));
  const total = (factor: number) => rest.reduce((sum, p, i) => sum + Math.max(coreOf(p), Math.round(base[i] * factor)), 0);
  let lo = 0;
  let hi = 1;
  while (total(hi) < remaining && hi < 1e6) hi *= 2;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (total(mid) < remaining) lo = mid;
    else hi = mid;
  }
  const budgets = rest.map((p, i) => Math.max(coreOf(p), Math.round(base[i] * hi)));
  // Rounding leaves a few events over or under: take them from or give them to the largest projects.
  let diff = remaining - budgets.reduce((a, b) => a + b, 0);
  const bySize = budgets.map((b, i) => i).sort((a, b) => budgets[b] - budgets[a]);
  for (let k = 0; diff !== 0 && k < bySize.length * 4; k++) {
    const i = bySize[k % bySize.length];
    const step = diff > 0 ? 1 : -1;
    if (budgets[i] + step >= coreOf(rest[i])) {
      budgets[i] += step;
      diff -= step;
    }
  }
  rest.forEach((p, i) => (p.fillerCount = budgets[i] - coreOf(p)));
}

function gaussian(rng: Prng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

// ---- running --------------------------------------------------------------------------------------

/**
 * One project being played. Lifecycle, team and enrolment commands go through the real `decide` and
 * `evolve`. Milestones and their corrections and retractions (most of the volume) are built in the exact
 * shape `decide` gives them and kept out of the folded state: `evolve` copies the milestone map on every
 * event, so folding them costs O(n²) per project (see the long-stream scenario) and would make the
 * generator, not the database, the bottleneck. In strict mode every event is also checked against `decide`
 * on the fully folded state.
 */
class ProjectRun {
  /** Folded from every event except milestones and their corrections and retractions. */
  state: ProjectState = initialState();
  private fullState: ProjectState | null;
  private revision = -1;
  private readonly streamId: string;
  private readonly steps: { at: number; step: Step | null }[];
  private cursor = 0;
  private readonly milestones: { id: string; title: string }[] = [];
  private corrections = 0;

  constructor(
    readonly plan: Plan,
    strict: boolean,
  ) {
    this.fullState = strict ? initialState() : null;
    this.streamId = PROJECT_STREAM(plan.projectId);
    const filler = Array.from({ length: plan.fillerCount }, () => ({
      at: Math.floor(plan.rng.between(plan.fillerFrom, Math.max(plan.fillerFrom + 1, plan.fillerUntil))),
      step: null,
    }));
    const all = [...plan.core, ...filler].sort((a, b) => a.at - b.at);
    if (plan.terminal) all.push(plan.terminal);
    // Strictly increasing instants keep the stream's order and the global order the same.
    for (let i = 1; i < all.length; i++) if (all[i].at <= all[i - 1].at) all[i] = { ...all[i], at: all[i - 1].at + 1 };
    this.steps = all;
  }

  get nextAt(): number {
    return this.cursor < this.steps.length ? this.steps[this.cursor].at : Infinity;
  }

  emit(): GeneratedEvent {
    const { at, step } = this.steps[this.cursor++];
    const nowIso = new Date(at).toISOString();
    const issued: Issued & { event?: ProjectEvent } = step ? step(this.state, at) : this.filler(at);
    const command = { ...issued.command, metadata: { actor: issued.actor, now: nowIso } } as ProjectCommand;
    let event: ProjectEvent;
    if (issued.event) {
      event = issued.event;
    } else {
      // The folded state skips milestone events, so its revision is set to the stream's before deciding.
      if (this.state.revision !== this.revision) this.state = { ...this.state, revision: this.revision };
      event = only(decide(command, this.state));
      this.state = evolve(this.state, event);
    }
    if (this.fullState) {
      const expected = only(decide(command, this.fullState));
      if (JSON.stringify(expected) !== JSON.stringify(event)) {
        throw new Error(`Generator event differs from the decider's: ${JSON.stringify(event)} vs ${JSON.stringify(expected)}`);
      }
      this.fullState = evolve(this.fullState, event);
    }
    this.revision++;
    return { streamId: this.streamId, revision: this.revision, event: envelope(event, issued.actor, nowIso, this.plan.rng), recordedAt: new Date(at) };
  }

  // Between lifecycle steps: mostly milestones, some corrections and retractions of them, enrolment
  // updates while a trial recruits, and team changes.
  private filler(at: number): Issued & { event?: ProjectEvent } {
    const { rng, projectId, lead } = this.plan;
    const office = () => rng.pick(OFFICE);
    const kind = rng.weighted({ milestone: 66, correction: 14, retraction: 2, enrolment: 14, team: 4 });
    const recruiting = Object.values(this.state.trials).find((t) => t.status === 'recruiting' && !t.retracted);
    if (kind === 'enrolment' && recruiting) {
      const enrolled = Math.min(recruiting.targetEnrolment - 1, recruiting.enrolled + rng.int(0, 3));
      return { actor: lead, command: { type: 'UpdateEnrolment', data: { projectId, trialId: recruiting.trialId, enrolled: Math.max(enrolled, recruiting.enrolled), asOf: new Date(at).toISOString().slice(0, 10) } } };
    }
    if (kind === 'team') {
      const member = rng.pick(CLINICIANS);
      if (!this.state.team[member.id]?.active) {
        return { actor: office(), command: { type: 'AddTeamMember', data: { projectId, member: { id: member.id, name: member.name }, teamRole: 'clinician' } } };
      }
    }
    if ((kind === 'correction' || kind === 'retraction') && this.milestones.length > 0) {
      const i = rng.int(0, this.milestones.length - 1);
      const milestone = this.milestones[i];
      const target = { kind: 'milestone' as const, id: milestone.id };
      if (kind === 'retraction') {
        this.milestones.splice(i, 1);
        const data = { projectId, target, reason: 'Logged on the wrong project' };
        return { actor: office(), command: { type: 'RetractRecord', data }, event: { type: 'RecordRetracted', data } };
      }
      const oldValue = milestone.title;
      milestone.title = `${oldValue.replace(/ \(rev \d+\)$/, '')} (rev ${++this.corrections + 1})`;
      const data = { projectId, target, field: 'title', oldValue, newValue: milestone.title, reason: 'Typo in the title' };
      return { actor: office(), command: { type: 'CorrectRecord', data }, event: { type: 'RecordCorrected', data } };
    }
    const title = rng.pick(MILESTONES);
    const actor = rng.chance(0.6) ? lead : office();
    const data = { projectId, milestoneId: rng.uuid(), title, description: `${title}; notes and follow-up actions filed in the project folder.`, occurredOn: new Date(at).toISOString().slice(0, 10) };
    this.milestones.push({ id: data.milestoneId, title });
    return { actor, command: { type: 'LogMilestone', data }, event: { type: 'MilestoneLogged', data: { ...data, loggedBy: actor.id } } };
  }
}

function only(events: ProjectEvent[]): ProjectEvent {
  if (events.length !== 1) throw new Error(`Generator expects one event per command, got ${events.length}`);
  return events[0];
}

// The envelope ExecuteProjectCommandHandler writes: occurredAt, actor, the reason if any, correlation ids.
function envelope(event: ProjectEvent, actor: Actor, occurredAt: string, rng: Prng): NewEvent {
  const reason = (event.data as { reason?: unknown }).reason;
  const requestId = rng.uuid();
  return {
    eventId: rng.uuid(),
    type: event.type,
    schemaVersion: EVENT_SCHEMA_VERSION[event.type],
    data: event.data,
    metadata: {
      occurredAt,
      actor,
      ...(typeof reason === 'string' ? { reason } : {}),
      correlationId: requestId,
      causationId: requestId,
    },
  };
}

// A k-way merge over the projects by the time of their next event (a binary heap of runs).
function* mergeByTime(plans: Plan[], summary: PipelineSummary, strict: boolean): Generator<GeneratedEvent> {
  const heap: ProjectRun[] = [];
  const less = (a: ProjectRun, b: ProjectRun) => a.nextAt < b.nextAt || (a.nextAt === b.nextAt && a.plan.index < b.plan.index);
  const push = (run: ProjectRun) => {
    heap.push(run);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!less(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  };
  const siftDown = () => {
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l], heap[m])) m = l;
      if (r < heap.length && less(heap[r], heap[m])) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  };
  const runs = plans.map((p) => new ProjectRun(p, strict));
  runs.forEach(push);
  while (heap.length > 0 && heap[0].nextAt !== Infinity) {
    const run = heap[0];
    const generated = run.emit();
    summary.events++;
    summary.byType[generated.event.type] = (summary.byType[generated.event.type] ?? 0) + 1;
    if (!summary.firstRecordedAt) summary.firstRecordedAt = generated.recordedAt.toISOString();
    summary.lastRecordedAt = generated.recordedAt.toISOString();
    yield generated;
    siftDown();
  }
  for (const run of runs) {
    const { stage, status } = run.state;
    summary.byStage[stage] = (summary.byStage[stage] ?? 0) + 1;
    summary.byStatus[status] = (summary.byStatus[status] ?? 0) + 1;
    if (run.plan.index !== 0 && (status === 'active' || status === 'approved')) summary.writableProjectIds.push(run.plan.projectId);
  }
}
