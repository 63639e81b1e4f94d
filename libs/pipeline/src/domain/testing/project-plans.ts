import fc from 'fast-check';
import {
  CORRECTABLE_FIELDS,
  CorrectableValue,
  decide,
  DomainError,
  evolve,
  initialState,
  missingEvidence,
  openConditions,
  ProjectState,
  RecordKind,
  REGISTRY_OF,
  STAGES,
} from '..';
import type { EvidenceCode, ProjectCommand, ProjectEvent } from '..';
import { MAX_CONDITION_EVIDENCE, MAX_CONDITION_TEXT } from '../conditions/conditions.payloads';
import { addDays } from '../deadlines/deadlines';

// Random but valid project histories: plans of steps (extreme but valid counts, long Unicode text, edge dates,
// corrections of every correctable field, gates) turned into commands against the state so far and run through
// the real `decide`. Shared by the read models' fuzz suite and the command snapshots' property tests.

export const OPS = [
  'disclose', 'filePatent', 'publishPatent', 'grantPatent', 'abandonPatent', 'prototype', 'verification', 'designReview',
  'ethics', 'registerTrial', 'firstPatientIn', 'enrolment', 'completeTrial', 'equivalence', 'submission', 'deficiency',
  'answerDeficiency', 'approval', 'rejection', 'addTeamMember', 'removeTeamMember', 'addPartner', 'removePartner',
  'milestone', 'correct', 'retract', 'advance', 'kill', 'hold', 'resume', 'recycle', 'attachDocument', 'supersedeDocument',
  'trialAuthorisation', 'designation', 'closeCondition',
] as const;
// How often each comes up: mostly moving forward and correcting, rarely ending the project.
const WEIGHT: Partial<Record<(typeof OPS)[number], number>> = { advance: 8, correct: 10, registerTrial: 3, enrolment: 3, resume: 4, kill: 1, hold: 1 };
export type Op = (typeof OPS)[number];

export interface Step {
  op: Op;
  text: string;
  count: number;
  date: string;
  flag: boolean;
  pick: number;
  lateEntry: boolean;
}

/**
 * How the project starts: proposed by the office, or as a clinician's idea the office accepts (after declining
 * it and a resubmission, when `declinedFirst`).
 */
export type ProjectPlan = { riskClass: 'I' | 'II' | 'III'; title: string; institution: string; asIdea: boolean; declinedFirst: boolean; steps: Step[] };

export interface PlanActors {
  office: { id: string; name: string; role: 'innovation_office' };
  clinician: { id: string; name: string };
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Plans whose dates reach up to `today` (and one day past it). */
export function projectPlans(today: Date, options: { minSteps?: number; maxSteps?: number } = {}): fc.Arbitrary<ProjectPlan> {
  const text = fc
    .oneof(
      { weight: 4, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 500, maxLength: 3_000 }) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          "O'Brien; DROP TABLE trial_tracker; --",
          '血糖仪 💉🩺 Ünïcödé العربية עברית',
          '\u202Eevil right-to-left',
          'e\u0301\u0301\u0301 combining marks',
          '  padded  ',
          '%_\\ like pattern',
          'x'.repeat(20_000),
          '🧬'.repeat(4_000),
          '__proto__',
          'constructor',
        ),
      },
    )
    // PostgreSQL's jsonb (the event store) has no NUL character: such text never becomes an event.
    .filter((s) => !s.includes('\u0000') && s.trim() !== '');

  const count = fc.oneof(
    fc.integer({ min: 0, max: 2_000 }),
    fc.constantFrom(1, 999_999, 1_000_000, 1_000_001, 2 ** 31 - 1, 2 ** 31, 3_000_000_000, 2 ** 53 - 1, 1e300),
  );

  const date = fc.oneof(
    fc.constantFrom('1900-01-01', '1970-01-01', '1999-12-31', '2000-02-29', '2024-02-29', day(today), day(new Date(today.getTime() + 86_400_000))),
    fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: today, noInvalidDate: true }).map(day),
  );

  const step: fc.Arbitrary<Step> = fc.record({
    op: fc.oneof(...OPS.map((op) => ({ weight: WEIGHT[op] ?? 2, arbitrary: fc.constant(op) }))),
    text,
    count,
    date,
    flag: fc.boolean(),
    pick: fc.nat(),
    lateEntry: fc.boolean(),
  });

  return fc.record({
    riskClass: fc.constantFrom('I', 'II', 'III' as const),
    title: text,
    institution: text,
    asIdea: fc.boolean(),
    declinedFirst: fc.boolean(),
    steps: fc.array(step, { minLength: options.minSteps ?? 5, maxLength: options.maxSteps ?? 60, size: 'max' }),
  });
}

/** The proposal that opens a plan's project. */
export function proposalFor(plan: ProjectPlan, projectId: string, actors: PlanActors): { type: string; data: Record<string, unknown> } {
  const targets =
    plan.riskClass === 'III'
      ? [{ authority: 'NMPA', pathway: 'registration', deviceClass: 'III', breakthrough: false, notifiedBody: null }]
      : [{ authority: 'FDA', pathway: '510k', deviceClass: 'II', breakthrough: false, notifiedBody: null }];
  return {
    type: 'ProposeProject',
    data: {
      projectId, title: plan.title, summary: plan.title, deviceType: plan.title, riskClass: plan.riskClass, targets,
      therapeuticArea: plan.institution, institution: plan.institution, department: plan.institution,
      leadClinician: { id: actors.clinician.id, name: actors.clinician.name }, partners: [],
    },
  };
}

/** The commands that open a plan's project as a clinician's idea (the first one the clinician's). */
export function ideaCommandsFor(plan: ProjectPlan, projectId: string, newId: () => string): Array<{ type: string; data: Record<string, unknown>; byClinician?: boolean }> {
  const { data } = proposalFor(plan, projectId, { office: { id: '', name: '', role: 'innovation_office' }, clinician: { id: '', name: '' } });
  const submission = {
    projectId, title: plan.title, clinicalNeed: plan.title, summary: plan.title, deviceType: plan.title, therapeuticArea: plan.institution,
    institution: plan.institution, department: plan.institution,
    disclosure: plan.declinedFirst ? null : { disclosureId: newId(), title: plan.title, summary: plan.title, inventors: [plan.institution], disclosedOn: '2024-02-29' },
  };
  const acceptance = { type: 'AcceptIdea', data: { projectId, riskClass: plan.riskClass, targets: data.targets, partners: [], reason: plan.declinedFirst ? plan.title : null } };
  return [
    { type: 'SubmitIdea', data: submission, byClinician: true },
    ...(plan.declinedFirst ? [{ type: 'DeclineIdea', data: { projectId, reason: plan.institution } }, { type: 'ResubmitIdea', data: submission, byClinician: true }] : []),
    acceptance,
  ];
}

/** The commands one step stands for, given the state so far (a gate step first records the evidence it lacks). */
export function commandsFor(
  s: Step,
  state: ProjectState,
  projectId: string,
  newId: () => string,
  actors: PlanActors,
): Array<{ type: string; data: Record<string, unknown> }> {
  const latest = (registry: Record<string, unknown>) => {
    const ids = Object.keys(registry);
    return ids.length === 0 ? newId() : ids[s.pick % ids.length];
  };
  const id = newId();
  const signature = { meaning: 'approved to advance', printedName: actors.office.name };
  const on = (type: string, data: Record<string, unknown>) => ({ type, data: { projectId, ...data } });
  switch (s.op) {
    case 'disclose':
      return [on('RecordInventionDisclosure', { disclosureId: id, title: s.text, summary: s.text, inventors: [s.text], disclosedOn: s.date })];
    case 'filePatent':
      return [on('FilePatent', { patentId: id, title: s.text, jurisdiction: s.flag ? 'CN' : s.text, kind: s.flag ? 'invention' : 'pct', applicationNumber: s.text, filedOn: s.date })];
    case 'publishPatent':
      return [on('RecordPatentPublished', { patentId: latest(state.patents), publicationNumber: s.text, publishedOn: s.date })];
    case 'grantPatent':
      return [on('RecordPatentGranted', { patentId: latest(state.patents), patentNumber: s.text, grantedOn: s.date })];
    case 'abandonPatent':
      return [on('AbandonPatent', { patentId: latest(state.patents), abandonedOn: s.date, reason: s.text })];
    case 'prototype':
      return [on('RecordPrototypeBuilt', { prototypeId: id, version: s.text, description: s.text, builtOn: s.date })];
    case 'verification':
      return [on('RecordVerificationTest', { testId: id, prototypeId: latest(state.prototypes), standard: s.text, lab: s.text, result: s.flag || s.pick % 3 > 0 ? 'passed' : 'failed', testedOn: s.date, reportReference: s.text })];
    case 'designReview':
      return [on('RecordDesignReview', { reviewId: id, heldOn: s.date, outcome: s.flag ? 'passed' : 'passed_with_actions', summary: s.text })];
    case 'ethics':
      return [on('RecordEthicsApproval', { ethicsApprovalId: id, committee: s.text, reference: s.text, approvedOn: s.date })];
    case 'registerTrial':
      return [on('RegisterTrial', { trialId: id, title: s.text, registry: ['ChiCTR', 'NCT', 'other'][s.pick % 3], registryId: s.text, targetEnrolment: Math.max(1, s.count), registeredOn: s.date })];
    case 'firstPatientIn':
      return [on('RecordFirstPatientIn', { trialId: latest(state.trials), occurredOn: s.date })];
    case 'enrolment':
      return [on('UpdateEnrolment', { trialId: latest(state.trials), enrolled: s.count, asOf: s.date })];
    case 'completeTrial':
      return [on('CompleteTrial', { trialId: latest(state.trials), completedOn: s.date, primaryEndpointMet: s.flag || s.pick % 4 > 0, resultSummary: s.text })];
    case 'equivalence':
      return [on('RecordEquivalenceEvaluation', { evaluationId: id, predicateDevice: s.text, predicateManufacturer: s.text, predicateReference: s.text, equivalent: true, evaluatedOn: s.date })];
    case 'submission': {
      const [authority, pathway] = [['NMPA', 'registration'], ['FDA', s.flag ? 'pma' : '510k'], ['HSA', 'full'], ['EU_MDR', 'notified_body']][s.pick % 4];
      return [on('FileSubmission', { submissionId: id, authority, pathway, reference: s.text, filedOn: s.date })];
    }
    case 'deficiency':
      return [on('RecordSubmissionDeficiency', { submissionId: latest(state.submissions), receivedOn: s.date, summary: s.text })];
    case 'answerDeficiency':
      return [on('AnswerSubmissionDeficiency', { submissionId: latest(state.submissions), answeredOn: s.date, summary: s.text })];
    case 'approval': {
      const submissionId = latest(state.submissions);
      const authority = (state.submissions[submissionId] as { authority?: string } | undefined)?.authority;
      const deviceClass = authority === 'HSA' ? 'D' : authority === 'EU_MDR' ? 'IIb' : 'III';
      return [on('RecordSubmissionApproval', { submissionId, certificateNumber: s.text, approvedOn: s.date, deviceClass })];
    }
    case 'trialAuthorisation': {
      // The plans' projects target NMPA (class III) or FDA (the others).
      const nmpa = state.profile?.targets.some((t) => t.authority === 'NMPA');
      const trialId = s.flag ? Object.keys(state.trials).find((t) => !state.trials[t].retracted) ?? null : null;
      const [form, authority] = nmpa ? ['NMPA_trial_approval', 'NMPA'] : ['IDE', 'FDA'];
      return [on('RecordTrialAuthorisation', { authorisationId: id, form, authority, reference: longestText(s, { text: 200 }), grantedOn: s.date, trialId })];
    }
    case 'designation': {
      const nmpa = state.profile?.targets.some((t) => t.authority === 'NMPA');
      const programme = nmpa ? 'nmpa_innovative_device' : s.flag ? 'fda_breakthrough_device' : 'fda_rmat';
      return [on('RecordDesignation', { designationId: id, programme, reference: longestText(s, { text: 200 }), grantedOn: s.date })];
    }
    case 'rejection':
      return [on('RecordSubmissionRejection', { submissionId: latest(state.submissions), rejectedOn: s.date, reason: s.text })];
    case 'addTeamMember':
      return [on('AddTeamMember', { member: { id: `member-${s.pick % 7}`, name: s.text }, teamRole: ['clinician', 'engineer', 'research_nurse', 'project_manager', 'other'][s.pick % 5] })];
    case 'removeTeamMember':
      return [on('RemoveTeamMember', { memberId: latest(state.team), reason: s.flag ? s.text : null })];
    case 'addPartner':
      return [on('AddPartner', { partner: { partnerId: id, name: s.text, kind: s.flag ? 'enterprise' : 'institute', role: ['co_developer', 'manufacturer', 'licensee'][s.pick % 3] } })];
    case 'removePartner':
      return [on('RemovePartner', { partnerId: latest(state.partners), reason: s.flag ? s.text : null })];
    case 'milestone':
      return [on('LogMilestone', { milestoneId: id, title: s.text, description: s.text, occurredOn: s.date })];
    case 'correct':
      return correction(s, state, projectId);
    case 'retract': {
      const kinds = Object.keys(REGISTRY_OF).filter((k) => k !== 'partner') as Exclude<RecordKind, 'project' | 'partner'>[];
      const kind = kinds[s.pick % kinds.length];
      const registry = state[REGISTRY_OF[kind]] as Record<string, unknown>;
      return [on('RetractRecord', { target: { kind, id: latest(registry) }, reason: s.text })];
    }
    case 'advance':
      // Close what an earlier go left open and record what the next gate lacks, then go (playPlan runs each evidence
      // step on the state the one before left).
      return [
        ...closingCommands(s, state, projectId),
        ...evidenceSteps(s, state).flatMap((e) => commandsFor(e, state, projectId, newId, actors)),
        advanceCommand(s, state, projectId, actors, newId),
      ];
    case 'closeCondition': {
      const open = openConditions(state);
      if (open.length === 0) return [];
      const documents = Object.keys(state.documents);
      const documentId = s.flag && documents.length > 0 ? documents[s.pick % documents.length] : null;
      // The text as given (over the limit every other step: refused) or cut to it.
      return [on('CloseCondition', { conditionId: open[s.pick % open.length].conditionId, evidence: longestText(s, { text: MAX_CONDITION_EVIDENCE }), documentId })];
    }
    case 'kill':
      return [on('KillProject', { reason: s.text, signature })];
    case 'hold':
      return [on('PutProjectOnHold', { reason: s.text, signature })];
    case 'resume':
      return [on('ResumeProject', { reason: s.flag ? s.text : null, signature })];
    case 'recycle':
      return [on('RecycleProject', { toStage: STAGES[s.pick % STAGES.length], reason: s.text, signature })];
    case 'attachDocument': {
      const milestones = Object.keys(state.milestones);
      if (milestones.length === 0) return [];
      const file = { documentId: id, sha256: contentName(s), fileName: fileName(s), mediaType: s.flag ? 'application/pdf' : 'image/png', size: fileSize(s) };
      return [on('AttachDocument', { ...file, attachedTo: { kind: 'milestone', id: milestones[s.pick % milestones.length] }, purpose: s.flag ? 'attachment' : 'other', deficiency: null })];
    }
    case 'supersedeDocument': {
      const documents = Object.keys(state.documents);
      if (documents.length === 0) return [];
      const file = { documentId: id, sha256: contentName(s), fileName: fileName(s), mediaType: 'application/pdf', size: fileSize(s) };
      return [on('SupersedeDocument', { ...file, supersedes: documents[s.pick % documents.length], reason: s.text })];
    }
  }
}

/** The steps that record what the next gate lacks: evidence commands reuse the step's values. */
export function evidenceSteps(s: Step, state: ProjectState): Step[] {
  return missingEvidence(state).flatMap((m) => EVIDENCE_STEPS[m.code].map((op) => ({ ...s, op, flag: true, pick: 0, count: Math.max(1, s.count % 500) })));
}

// Every third go is a conditional go: one condition for someone on the team, due a few days to a year after the
// project's last stage change (the plans' clocks run minutes past it, so the day is never in the past).
function advanceCommand(s: Step, state: ProjectState, projectId: string, actors: PlanActors, newId: () => string) {
  const signature = { meaning: 'approved to advance', printedName: actors.office.name };
  const team = Object.keys(state.team).filter((k) => state.team[k].active);
  const since = state.stageHistory.at(-1)?.enteredAt.slice(0, 10);
  const conditional = s.pick % 3 === 0 && team.length > 0 && since !== undefined;
  const conditions = conditional
    ? [{ conditionId: newId(), text: cut(s.text, MAX_CONDITION_TEXT), ownerId: team[s.pick % team.length], dueOn: addDays(since, 1 + (s.count % 365)) }]
    : undefined;
  return { type: 'AdvanceStage', data: { projectId, targetStage: s.flag ? null : 'regulatory_review', signature, ...(conditions ? { conditions } : {}) } };
}

/** The closing of every condition still open, by the office, with the step's text as evidence (cut to the limit). */
function closingCommands(s: Step, state: ProjectState, projectId: string) {
  return openConditions(state).map((c) => ({
    type: 'CloseCondition',
    data: { projectId, conditionId: c.conditionId, evidence: cut(s.text, MAX_CONDITION_EVIDENCE), documentId: null },
  }));
}

// Follow-ups (publish, complete, approve) name the newest record.
const EVIDENCE_STEPS: Record<EvidenceCode, Op[]> = {
  invention_disclosure: ['disclose'],
  patent_application_filed: ['filePatent'],
  prototype_built: ['prototype'],
  verification_passed: ['verification'],
  design_review_held: ['designReview'],
  ethics_approval: ['ethics'],
  equivalence_evaluation: ['equivalence'],
  trial_completed_endpoint_met: ['ethics', 'registerTrial', 'firstPatientIn', 'enrolment', 'completeTrial'],
  submission_filed: ['submission'],
  approval_granted: ['approval'],
};

// A correction of a field that holds a value, to the step's value of the field's kind (extreme counts, long
// text, edge dates, another option).
function correction(s: Step, state: ProjectState, projectId: string) {
  const candidates: { kind: RecordKind; id: string; field: string; current: CorrectableValue }[] = [];
  for (const kind of Object.keys(CORRECTABLE_FIELDS) as RecordKind[]) {
    const records: [string, Record<string, unknown>][] =
      kind === 'project'
        ? state.profile
          ? [[projectId, state.profile as unknown as Record<string, unknown>]]
          : []
        : Object.entries(state[REGISTRY_OF[kind as Exclude<RecordKind, 'project'>]] as unknown as Record<string, Record<string, unknown>>);
    for (const [id, record] of records) {
      for (const field of Object.keys(CORRECTABLE_FIELDS[kind])) {
        const current = record[field];
        if (current !== undefined && current !== null) candidates.push({ kind, id, field, current: current as CorrectableValue });
      }
    }
  }
  if (candidates.length === 0) return [];
  const c = candidates[s.pick % candidates.length];
  const spec: unknown = CORRECTABLE_FIELDS[c.kind][c.field];
  const newValue: CorrectableValue = Array.isArray(spec)
    ? spec[(spec.indexOf(String(c.current)) + 1) % spec.length]
    : spec === 'count'
      ? s.count
      : spec === 'flag'
        ? !c.current
        : spec === 'date'
          ? s.date
          : longestText(s, spec);
  return [{ type: 'CorrectRecord', data: { projectId, target: { kind: c.kind, id: c.id }, field: c.field, oldValue: c.current, newValue, reason: s.text } }];
}

// Text as given, or (every other step) cut to the field's limit when it has one: the longest valid value.
function longestText(s: Step, spec: unknown): string {
  const max = (spec as { text?: unknown } | null)?.text;
  if (typeof max !== 'number' || s.text.length <= max || s.pick % 2 === 1) return s.text;
  return cut(s.text, max);
}

function cut(text: string, max: number): string {
  const head = text.slice(0, max);
  // Never half a surrogate pair (jsonb refuses a lone surrogate).
  return /[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head;
}

// A file's name by content, as the documents service gives it (64 lower-case hex digits); any such value will do.
function contentName(s: Step): string {
  return (s.pick.toString(16) + s.count.toString(16).replace(/[^0-9a-f]/g, '') + '0'.repeat(64)).slice(0, 64);
}

// What an upload gives a document: a sanitised name and a size within the upload limit.
function fileName(s: Step): string {
  return `evidence-${s.pick % 1000}.${s.flag ? 'pdf' : 'png'}`;
}

function fileSize(s: Step): number {
  return 1 + (s.count % 50_000_000);
}

/** One decided command of a played plan: its events, and the step it came from (null for the proposal). */
export interface PlayedCommand {
  events: ProjectEvent[];
  step: Step | null;
}

/**
 * Decides a plan's commands one by one against the state so far (refused commands are dropped), without a
 * store: what a project's stream would hold. `now` is each command's clock.
 */
export function playPlan(plan: ProjectPlan, projectId: string, options: { newId: () => string; now: () => string; actors: PlanActors }): { state: ProjectState; commands: PlayedCommand[] } {
  let state = initialState();
  const commands: PlayedCommand[] = [];
  const run = (command: { type: string; data: Record<string, unknown>; byClinician?: boolean }, step: Step | null) => {
    let decided: ProjectEvent[];
    const actor = command.byClinician ? { ...options.actors.clinician, role: 'clinician' } : options.actors.office;
    try {
      decided = decide({ type: command.type, data: command.data, metadata: { actor, now: options.now() } } as unknown as ProjectCommand, state);
    } catch (error) {
      if (error instanceof DomainError) return;
      throw error;
    }
    for (const e of decided) state = evolve(state, e);
    commands.push({ events: decided, step });
  };
  if (plan.asIdea) for (const command of ideaCommandsFor(plan, projectId, options.newId)) run(command, null);
  else run(proposalFor(plan, projectId, options.actors), null);
  if (state.revision < 0) return { state, commands };
  for (const s of plan.steps) {
    if (s.op === 'advance') {
      // Each piece of evidence on the state the one before left (a trial is registered before its first patient).
      for (const command of closingCommands(s, state, projectId)) run(command, s);
      for (const e of evidenceSteps(s, state)) for (const command of commandsFor(e, state, projectId, options.newId, options.actors)) run(command, s);
      run(advanceCommand(s, state, projectId, options.actors, options.newId), s);
    } else {
      for (const command of commandsFor(s, state, projectId, options.newId, options.actors)) run(command, s);
    }
  }
  return { state, commands };
}
