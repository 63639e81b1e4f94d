// The demo data runs through the pure decider: every step must be accepted, each project must end where intended.
import { decide, evolve, initialState, missingEvidence, ProjectCommand, ProjectEvent, ProjectState } from '../domain';
import { DEMO_PIPELINE, DemoProject, demoId, demoSchedule } from './demo-pipeline';

function fold(project: DemoProject): { state: ProjectState; events: ProjectEvent[] } {
  let state = initialState();
  const events: ProjectEvent[] = [];
  project.steps.forEach((step, index) => {
    const command = { ...step.command, metadata: { actor: step.actor, now: step.occurredAt } } as ProjectCommand;
    let decided: ProjectEvent[];
    try {
      decided = decide(command, state);
    } catch (error) {
      const code = (error as { code?: string }).code ?? String(error);
      throw new Error(`${project.key} step ${index + 1} (${command.type}) refused: ${code}`, { cause: error });
    }
    events.push(...decided);
    state = decided.reduce(evolve, state);
  });
  return { state, events };
}

const folded = new Map(DEMO_PIPELINE.map((p) => [p.key, fold(p)]));
const stateOf = (key: string) => {
  const result = folded.get(key);
  if (!result) throw new Error(`No demo project ${key}`);
  return result.state;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// The date field each dated command carries; the API records these at the start of that day.
const DATE_FIELD: Record<string, string> = {
  RecordInventionDisclosure: 'disclosedOn',
  FilePatent: 'filedOn',
  RecordPatentPublished: 'publishedOn',
  RecordPatentGranted: 'grantedOn',
  AbandonPatent: 'abandonedOn',
  RecordPrototypeBuilt: 'builtOn',
  RecordVerificationTest: 'testedOn',
  RecordDesignReview: 'heldOn',
  RecordEthicsApproval: 'approvedOn',
  RegisterTrial: 'registeredOn',
  RecordFirstPatientIn: 'occurredOn',
  UpdateEnrolment: 'asOf',
  CompleteTrial: 'completedOn',
  RecordEquivalenceEvaluation: 'evaluatedOn',
  FileSubmission: 'filedOn',
  RecordSubmissionDeficiency: 'receivedOn',
  AnswerSubmissionDeficiency: 'answeredOn',
  RecordSubmissionApproval: 'approvedOn',
  RecordSubmissionRejection: 'rejectedOn',
  LogMilestone: 'occurredOn',
};

describe('demo ids', () => {
  it('are name-based UUIDs (version 5), the same on every run', () => {
    // Reference value from Python's uuid.uuid5 with the demo namespace.
    expect(demoId('project/glucose')).toBe('d9fd31f3-19f3-5003-9761-07897caddba1');
    expect(demoId('x')).toBe(demoId('x'));
    expect(demoId('x')).not.toBe(demoId('y'));
  });

  it('give every project its own UUID, and every record id is a UUID', () => {
    const projectIds = DEMO_PIPELINE.map((p) => p.projectId);
    expect(new Set(projectIds).size).toBe(DEMO_PIPELINE.length);
    for (const project of DEMO_PIPELINE) {
      expect(project.projectId).toMatch(UUID);
      for (const { command } of project.steps) {
        const ids = Object.entries(command.data).filter(([k]) => k.endsWith('Id') && k !== 'registryId');
        for (const [field, value] of ids) expect({ field, value }).toEqual({ field, value: expect.stringMatching(UUID) });
      }
    }
  });
});

describe('demo pipeline', () => {
  it('has about a dozen projects', () => {
    expect(DEMO_PIPELINE.length).toBeGreaterThanOrEqual(10);
    expect(DEMO_PIPELINE.length).toBeLessThanOrEqual(12);
  });

  it.each(DEMO_PIPELINE.map((p) => [p.key, p] as const))('%s: every step is accepted and it ends where intended', (key, project) => {
    const { state } = fold(project);
    expect({ stage: state.stage, status: state.status }).toEqual(project.expected);
    expect(state.profile?.title).toBe(project.title);
    expect(state.revision).toBe(project.steps.length - 1);
  });

  it.each(DEMO_PIPELINE.map((p) => [p.key, p] as const))('%s: steps are in order, dated facts on their day, 2023-2026', (_, project) => {
    const instants = project.steps.map((s) => s.occurredAt);
    expect(instants).toEqual([...instants].sort());
    expect(instants[0] >= '2023-01-01').toBe(true);
    expect(instants[instants.length - 1] < '2027-01-01').toBe(true);
    for (const { command, occurredAt } of project.steps) {
      const field = DATE_FIELD[command.type];
      if (field) expect(occurredAt).toBe(`${(command.data as unknown as Record<string, string>)[field]}T00:00:00.000Z`);
    }
  });

  it('has every gate signed by the innovation office, never by the lead clinician', () => {
    for (const project of DEMO_PIPELINE) {
      const state = stateOf(project.key);
      for (const decision of state.gateDecisions) {
        expect(decision.signature?.role).toBe('innovation_office');
        expect(decision.signature?.signerId).not.toBe(state.profile?.leadClinician.id);
      }
    }
  });

  it('has lead clinicians logging milestones, and at least one correction and one retraction with reasons', () => {
    const states = DEMO_PIPELINE.map((p) => stateOf(p.key));
    const byLead = states.flatMap((s) => Object.values(s.milestones).filter((m) => m.loggedBy === s.profile?.leadClinician.id));
    expect(byLead.length).toBeGreaterThanOrEqual(5);
    const corrections = states.flatMap((s) => s.corrections);
    const retractions = states.flatMap((s) => s.retractions);
    expect(corrections.length).toBeGreaterThanOrEqual(1);
    expect(retractions.length).toBeGreaterThanOrEqual(1);
    for (const c of [...corrections, ...retractions]) expect(c.reason.trim()).not.toBe('');
  });
});

describe('the story of each project', () => {
  it('glucose detector: recruiting, 86 of 120 enrolled', () => {
    const state = stateOf('glucose');
    const [trial] = Object.values(state.trials);
    expect(trial).toMatchObject({ status: 'recruiting', enrolled: 86, targetEnrolment: 120, registry: 'ChiCTR' });
    expect(state.profile).toMatchObject({ riskClass: 'III', institution: 'Shanghai Sixth People’s Hospital' });
    expect(state.corrections).toEqual([expect.objectContaining({ field: 'occurredOn', oldValue: '2026-02-14', newValue: '2026-02-12' })]);
  });

  it('surgical robot: IEC 60601-1 failed, then passed on v1.1; design review held; ethics still missing', () => {
    const state = stateOf('surgical-robot');
    const electrical = Object.values(state.verificationTests).filter((t) => t.standard === 'IEC 60601-1');
    expect(electrical.map((t) => t.result)).toEqual(['failed', 'passed']);
    expect(Object.values(state.designReviews)).toHaveLength(1);
    expect(missingEvidence(state).map((m) => m.code)).toEqual(['ethics_approval']);
  });

  it('proton therapy: NMPA submission under review after a deficiency was received and answered', () => {
    const state = stateOf('proton-therapy');
    const [submission] = Object.values(state.submissions);
    expect(submission).toMatchObject({ authority: 'NMPA', status: 'under_review' });
    expect(submission.deficiencies).toEqual([expect.objectContaining({ answeredOn: '2025-10-09' })]);
    expect(Object.values(state.partners).map((p) => p.kind).sort()).toEqual(['enterprise', 'institute', 'institute']);
  });

  it('tumour prosthesis: through every gate to an NMPA certificate', () => {
    const state = stateOf('tumour-prosthesis');
    expect(state.stageHistory.map((h) => h.stage)).toEqual([
      'idea',
      'patent',
      'prototype',
      'clinical_validation',
      'regulatory_review',
      'approved',
    ]);
    expect(Object.values(state.approvals)).toEqual([expect.objectContaining({ authority: 'NMPA', deviceClass: 'III' })]);
  });

  it('AI spine imaging: class II equivalence route from prototype to regulatory review, then cleared', () => {
    const state = stateOf('ai-spine-imaging');
    expect(state.gateDecisions.map((d) => `${d.fromStage}->${d.toStage}`)).toContain('prototype->regulatory_review');
    expect(Object.values(state.approvals).map((a) => a.authority).sort()).toEqual(['FDA', 'HSA']);
    expect(state.retractions).toHaveLength(1);
  });

  it('CAR-T manufacturing system: a two-hospital trial recruiting', () => {
    const state = stateOf('car-t-manufacturing');
    expect(Object.values(state.trials)).toEqual([expect.objectContaining({ status: 'recruiting', registry: 'NCT' })]);
    expect(Object.values(state.ethicsApprovals)).toHaveLength(2);
  });

  it('killed, on hold and recycled projects carry their reasons', () => {
    const last = (key: string) => stateOf(key).gateDecisions.at(-1);
    expect(last('sweat-lactate')).toMatchObject({ decision: 'kill', reason: expect.stringContaining('ISO 10993-10') });
    expect(last('airway-stent')).toMatchObject({ decision: 'hold', reason: expect.stringContaining('supplier') });
    const recycle = stateOf('bilirubin-meter').gateDecisions.find((d) => d.decision === 'recycle');
    expect(recycle).toMatchObject({ fromStage: 'clinical_validation', toStage: 'prototype', reason: expect.stringContaining('endpoint') });
  });
});

describe('demoSchedule', () => {
  const schedule = demoSchedule();

  it('holds every step once, in the order things happened', () => {
    expect(schedule).toHaveLength(DEMO_PIPELINE.reduce((n, p) => n + p.steps.length, 0));
    const instants = schedule.map((s) => s.occurredAt);
    expect(instants).toEqual([...instants].sort());
    expect(new Set(schedule.map((s) => s.idempotencyKey)).size).toBe(schedule.length);
  });

  it('keeps each project’s own order', () => {
    for (const project of DEMO_PIPELINE) {
      expect(schedule.filter((s) => s.projectKey === project.key).map((s) => s.command)).toEqual(project.steps.map((s) => s.command));
    }
  });
});
