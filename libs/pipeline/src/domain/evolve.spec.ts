import {
  atApproved,
  atClinical,
  atIdea,
  atPatent,
  atPrototype,
  atRegulatory,
  deficiencyAnswered,
  deficiencyReceived,
  enrolled60,
  event,
  killed,
  LATER,
  leadClinician,
  milestoneByTan,
  NOW,
  patentFiled,
  patentGranted,
  patentPublished,
  prototypeBuilt,
  putOnHold,
  readyForClinical,
  recruiting,
  signed,
  submissionApproved,
  submissionFiled,
  teamClinicianAdded,
  trialMet,
} from './testing/fixtures';
import { evolve, evolveAll, initialState, nextStage, ProjectEvent, ProjectState } from './index';

const fold = (events: ProjectEvent[]): ProjectState => events.reduce(evolve, initialState());

describe('evolve', () => {
  it('starts before any event at revision -1, with no project', () => {
    const state = initialState();
    expect(state.revision).toBe(-1);
    expect(state.profile).toBeNull();
    expect(nextStage(state)).toBeNull();
  });

  it('counts revisions from 0', () => {
    expect(fold(atIdea).revision).toBe(0);
    expect(fold(readyForClinical).revision).toBe(readyForClinical.length - 1);
  });

  it('opens the project at idea, active, with the lead clinician on the team and the partners', () => {
    const state = fold(atIdea);
    expect(state).toMatchObject({
      stage: 'idea',
      status: 'active',
      profile: { title: 'Non-invasive blood-glucose detector', riskClass: 'III', proposedAt: NOW },
      team: { [leadClinician.id]: { teamRole: 'lead_clinician', active: true } },
      partners: { 'ptn-sinochip': { kind: 'enterprise', role: 'co_developer', active: true } },
      stageHistory: [{ stage: 'idea', enteredAt: NOW, revision: 0 }],
    });
  });

  it('keeps stage history with entry times and the gate signatures', () => {
    const state = fold(atRegulatory);
    expect(state.stageHistory.map((s) => s.stage)).toEqual([
      'idea',
      'patent',
      'prototype',
      'clinical_validation',
      'regulatory_review',
    ]);
    expect(state.gateDecisions).toHaveLength(4);
    expect(state.gateDecisions[0]).toMatchObject({
      decision: 'go',
      fromStage: 'idea',
      toStage: 'patent',
      signature: signed(1),
    });
  });

  it('marks the project approved at the last stage', () => {
    expect(fold(atApproved)).toMatchObject({ stage: 'approved', status: 'approved' });
    expect(nextStage(fold(atApproved))).toBeNull();
  });

  it('follows hold, resume and kill in the status, keeping the stage', () => {
    const held = [...atPatent, putOnHold('patent', 2)];
    expect(fold(held)).toMatchObject({ stage: 'patent', status: 'on_hold' });
    const resumed = [
      ...held,
      event('ProjectResumed', {
        decision: 'resume',
        fromStage: 'patent',
        toStage: 'patent',
        reason: null,
        signature: signed(3),
      }),
    ];
    expect(fold(resumed).status).toBe('active');
    expect(fold([...resumed, killed('patent', 4)])).toMatchObject({ stage: 'patent', status: 'terminated' });
    expect(fold([...resumed, killed('patent', 4)]).gateDecisions.map((g) => g.decision)).toEqual([
      'go',
      'hold',
      'resume',
      'kill',
    ]);
  });

  it('moves the stage back on a recycle and records when it re-entered', () => {
    const recycled = event('ProjectRecycled', {
      decision: 'recycle',
      fromStage: 'clinical_validation',
      toStage: 'prototype',
      reason: 'Redesign',
      signature: { ...signed(atClinical.length - 1), signedAt: LATER },
    });
    const state = fold([...atClinical, recycled]);
    expect(state).toMatchObject({ stage: 'prototype', status: 'active', evidenceFloor: atClinical.length });
    expect(state.stageHistory.at(-1)).toEqual({ stage: 'prototype', enteredAt: LATER, revision: atClinical.length });
  });

  it('tracks a patent through filed, published and granted', () => {
    const state = fold([...atPatent, patentFiled, patentPublished, patentGranted]);
    expect(state.patents['pat-cn-1']).toMatchObject({
      status: 'granted',
      applicationNumber: 'CN202510012345.6',
      publicationNumber: 'CN119000001A',
      patentNumber: 'ZL202510012345.6',
    });
  });

  it('tracks trial enrolment as counts against the target', () => {
    expect(fold(recruiting).trials['tr-1']).toMatchObject({ status: 'recruiting', enrolled: 1, targetEnrolment: 120 });
    expect(fold([...recruiting, enrolled60, trialMet]).trials['tr-1']).toMatchObject({
      status: 'completed',
      enrolled: 60,
      primaryEndpointMet: true,
    });
  });

  it('tracks submission deficiencies and the approval registry', () => {
    const open = fold([...atRegulatory, submissionFiled, deficiencyReceived]);
    expect(open.submissions['sub-nmpa']).toMatchObject({ status: 'deficiency_open' });
    const approved = fold([
      ...atRegulatory,
      submissionFiled,
      deficiencyReceived,
      deficiencyAnswered,
      submissionApproved,
    ]);
    expect(approved.submissions['sub-nmpa'].status).toBe('approved');
    expect(approved.submissions['sub-nmpa'].deficiencies).toEqual([
      {
        receivedOn: '2026-05-01',
        summary: 'Provide long-term stability data.',
        answeredOn: '2026-06-01',
        answer: '12-month stability data supplied.',
      },
    ]);
    expect(approved.approvals['sub-nmpa']).toMatchObject({
      certificateNumber: '国械注准20263070001',
      deviceClass: 'III',
    });
  });

  it('applies corrections to the record and keeps them in a list', () => {
    const target = { kind: 'patent' as const, id: 'pat-cn-1' };
    const state = fold([
      ...atPatent,
      patentFiled,
      event('RecordCorrected', {
        target,
        field: 'filedOn',
        oldValue: '2025-02-01',
        newValue: '2025-02-03',
        reason: 'Typo',
      }),
    ]);
    expect(state.patents['pat-cn-1'].filedOn).toBe('2025-02-03');
    expect(state.corrections).toEqual([
      { target, field: 'filedOn', oldValue: '2025-02-01', newValue: '2025-02-03', reason: 'Typo', revision: 4 },
    ]);
  });

  it('corrects project fields in the profile', () => {
    const state = fold([
      ...atIdea,
      event('RecordCorrected', {
        target: { kind: 'project', id: 'prj-glucose' },
        field: 'department',
        oldValue: 'Endocrinology',
        newValue: 'Endocrinology and Metabolism',
        reason: 'Department renamed in the record',
      }),
    ]);
    expect(state.profile?.department).toBe('Endocrinology and Metabolism');
  });

  it('marks retracted records without deleting them', () => {
    const target = { kind: 'prototype' as const, id: 'pro-v1' };
    const state = fold([
      ...atPrototype,
      prototypeBuilt,
      event('RecordRetracted', { target, reason: 'Duplicate entry' }),
    ]);
    expect(state.prototypes['pro-v1']).toMatchObject({ version: 'v1.0', retracted: true });
    expect(state.retractions).toEqual([{ target, reason: 'Duplicate entry', revision: atPrototype.length + 1 }]);
  });

  it('records team changes', () => {
    const state = fold([
      ...atIdea,
      teamClinicianAdded,
      event('TeamMemberRemoved', { memberId: 'dr-tan', reason: null }),
    ]);
    expect(state.team['dr-tan']).toMatchObject({ teamRole: 'clinician', active: false });
  });
});

describe('evolveAll', () => {
  const milestone = (n: number) =>
    event('MilestoneLogged', { ...milestoneByTan.data, milestoneId: `ms-${n}`, title: `Wear test ${n}` });
  // Every kind of change: registries, patches of records, the project's profile, and the lists.
  const history: ProjectEvent[] = [
    ...atRegulatory,
    teamClinicianAdded,
    milestone(1),
    milestone(2),
    event('RecordCorrected', {
      target: { kind: 'milestone', id: 'ms-1' },
      field: 'occurredOn',
      oldValue: '2025-04-15',
      newValue: '2025-04-16',
      reason: 'Typo',
    }),
    event('RecordRetracted', { target: { kind: 'milestone', id: 'ms-2' }, reason: 'Duplicate' }),
    event('RecordCorrected', {
      target: { kind: 'project', id: 'prj-glucose' },
      field: 'title',
      oldValue: 'x',
      newValue: 'Glucose detector v2',
      reason: 'Renamed',
    }),
    submissionFiled,
    deficiencyReceived,
    deficiencyAnswered,
    putOnHold('regulatory_review', atRegulatory.length + 9),
    event('TeamMemberRemoved', { memberId: 'dr-tan', reason: 'Left the hospital' }),
    milestone(3),
  ];
  const deepFreeze = <T>(value: T): T => {
    if (value && typeof value === 'object' && !Object.isFrozen(value)) {
      Object.freeze(value);
      Object.values(value).forEach(deepFreeze);
    }
    return value;
  };

  it('gives what evolving one event at a time gives', () => {
    expect(evolveAll(initialState(), history)).toEqual(history.reduce(evolve, initialState()));
  });

  it('never writes to the state it starts from, nor to the events', () => {
    const half = Math.floor(history.length / 2);
    const start = deepFreeze(evolveAll(initialState(), history.slice(0, half)));
    const copy = structuredClone(start);
    deepFreeze(history);
    // Frozen: a write into anything reachable from `start` would throw here (modules are strict).
    const end = evolveAll(start, history.slice(half));
    expect(start).toEqual(copy);
    expect(end).toEqual(history.reduce(evolve, initialState()));
    expect(evolve(start, milestone(9)).milestones['ms-9']).toBeDefined();
  });

  it('folds a long stream in linear time', () => {
    // Copying the milestone map on every event would take minutes here; a linear fold takes milliseconds.
    const long = [...atIdea, ...Array.from({ length: 30_000 }, (_, n) => milestone(n))];
    const started = Date.now();
    const state = evolveAll(initialState(), long);
    expect(Object.keys(state.milestones)).toHaveLength(30_000);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
