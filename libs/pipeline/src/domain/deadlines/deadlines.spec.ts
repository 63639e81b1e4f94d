import { event, PROJECT_ID, proposed } from '../testing/fixtures';
import {
  addMonths,
  addPeriod,
  Deadline,
  DEADLINE_KINDS,
  DEADLINE_RULES,
  DeadlineOptions,
  deadlinesFromEvents,
  nextWorkingDay,
  noteDeadlineSourcesIn,
  noteDeadlineSources,
  ProjectEvent,
} from '..';

// given(events).on(today).then(...): each event's ref is its index in the story ("e0", "e1", ...).
function given(...events: ProjectEvent[]) {
  return {
    on(today: string | null, options: DeadlineOptions = {}) {
      return deadlinesFromEvents(
        events.map((e, i) => ({ event: e, ref: `e${i}` })),
        today,
        options,
      );
    },
  };
}

const only = (deadlines: Deadline[], kind: Deadline['kind']) => deadlines.filter((d) => d.kind === kind);
const one = (deadlines: Deadline[], id: string) => {
  const found = deadlines.find((d) => d.id === id);
  if (!found) throw new Error(`no deadline ${id} in ${deadlines.map((d) => d.id).join(', ')}`);
  return found;
};

const cnFiled = (
  patentId = 'pat-cn',
  filedOn = '2025-02-01',
  kind: 'invention' | 'provisional' | 'pct' = 'invention',
  jurisdiction = 'CN',
) =>
  event('PatentFiled', {
    patentId,
    title: 'Optical glucose sensing',
    jurisdiction,
    kind,
    applicationNumber: `${jurisdiction}-${patentId}`,
    filedOn,
  });
const corrected = (
  kind: 'patent' | 'trial' | 'submission' | 'ethics_approval' | 'approval',
  id: string,
  field: string,
  oldValue: string,
  newValue: string,
) =>
  event('RecordCorrected', { target: { kind, id }, field, oldValue, newValue, reason: 'typed from the wrong letter' });
const trial = (registry: 'NCT' | 'ChiCTR' | 'other', registeredOn: string) =>
  event('TrialRegistered', {
    trialId: 'trl-1',
    title: 'Glucose accuracy study',
    registry,
    registryId: `${registry}-1`,
    targetEnrolment: 120,
    registeredOn,
  });
const firstPatient = (occurredOn: string) => event('FirstPatientEnrolled', { trialId: 'trl-1', occurredOn });
const completed = (completedOn: string) =>
  event('TrialCompleted', { trialId: 'trl-1', completedOn, primaryEndpointMet: true, resultSummary: 'MARD 9.8%' });
const filed = (authority: 'FDA' | 'NMPA' | 'HSA' | 'EU_MDR', pathway: string, filedOn: string) =>
  event('SubmissionFiled', {
    submissionId: 'sub-1',
    authority,
    pathway,
    reference: `${authority}-REF`,
    filedOn,
  } as never);
const deficiency = (receivedOn: string) =>
  event('SubmissionDeficiencyReceived', { submissionId: 'sub-1', receivedOn, summary: 'Provide more data' });
const answered = (answeredOn: string) =>
  event('SubmissionDeficiencyAnswered', { submissionId: 'sub-1', answeredOn, summary: 'Data provided' });
const approved = (authority: 'FDA' | 'NMPA' | 'HSA', approvedOn: string) =>
  event('SubmissionApproved', {
    submissionId: 'sub-1',
    authority,
    certificateNumber: 'K250001',
    approvedOn,
    deviceClass: 'II',
  });
const proposedFor = (
  ...targets: { authority: 'FDA' | 'NMPA' | 'HSA' | 'EU_MDR'; pathway: string; deviceClass: string | null }[]
) =>
  event('ProjectProposed', {
    ...proposed.data,
    targets: targets.map((t) => ({ ...t, breakthrough: false, notifiedBody: null })),
  } as never);
const ethics = (ethicsApprovalId: string, approvedOn: string, committee = 'Sixth Hospital EC') =>
  event('EthicsApprovalRecorded', { ethicsApprovalId, committee, reference: `EC-${ethicsApprovalId}`, approvedOn });

describe('deadline rules table', () => {
  it('cites a source and says what closes each kind of deadline', () => {
    for (const kind of DEADLINE_KINDS) {
      expect(DEADLINE_RULES[kind].source.length).toBeGreaterThan(5);
      expect(DEADLINE_RULES[kind].closedBy.length).toBeGreaterThan(5);
    }
  });

  it.each([
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2025-02-01', 30, '2027-08-01'],
    ['2025-03-15', -1, '2025-02-15'],
  ])('adds months to %s (+%i) as PCT rule 80.2 does: %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('counts working days past weekends and the jurisdiction’s holidays only', () => {
    // Monday 3 March 2025 + 60 working days is Monday 26 May; two Singapore holidays push it two days.
    expect(addPeriod('2025-03-03', { workingDays: 60 }, 'SG')).toBe('2025-05-26');
    expect(addPeriod('2025-03-03', { workingDays: 60 }, 'SG', { SG: ['2025-05-01', '2025-05-12'] })).toBe('2025-05-28');
    expect(addPeriod('2025-03-03', { workingDays: 60 }, 'CN', { SG: ['2025-05-01', '2025-05-12'] })).toBe('2025-05-26');
    expect(nextWorkingDay('2026-02-01', 'CN', { CN: ['2026-02-02'] })).toBe('2026-02-03');
  });
});

describe('priority year (Paris Convention art. 4)', () => {
  it('runs 12 months from the first filing, moved past a closed day of that office', () => {
    // 1 February 2026 is a Sunday.
    const [d] = only(given(proposed, cnFiled()).on('2025-06-01'), 'priority_year');
    expect(d).toMatchObject({
      startsOn: '2025-02-01',
      dueOn: '2026-02-02',
      status: 'open',
      record: { kind: 'patent', id: 'pat-cn' },
      sourceEvents: ['e1'],
    });
    expect(
      only(given(proposed, cnFiled()).on('2025-06-01', { holidays: { CN: ['2026-02-02'] } }), 'priority_year')[0].dueOn,
    ).toBe('2026-02-03');
  });

  it('is missed when no filing abroad follows by the due date', () => {
    expect(only(given(proposed, cnFiled()).on('2026-02-03'), 'priority_year')[0].status).toBe('missed');
  });

  it('is met by a PCT application filed within the year, which names the event', () => {
    const d = only(
      given(proposed, cnFiled(), cnFiled('pat-wo', '2026-01-20', 'pct', 'WO')).on('2026-06-01'),
      'priority_year',
    )[0];
    expect(d).toMatchObject({ status: 'met', closedOn: '2026-01-20', closedBy: ['e2'] });
  });

  it('moves when a correction moves the first filing date, and names the correction', () => {
    const d = only(
      given(proposed, cnFiled(), corrected('patent', 'pat-cn', 'filedOn', '2025-02-01', '2025-03-03')).on('2025-06-01'),
      'priority_year',
    )[0];
    expect(d).toMatchObject({ startsOn: '2025-03-03', dueOn: '2026-03-03', sourceEvents: ['e1', 'e2'] });
  });

  it('disappears with a retracted filing', () => {
    expect(
      only(
        given(
          proposed,
          cnFiled(),
          event('RecordRetracted', { target: { kind: 'patent', id: 'pat-cn' }, reason: 'recorded in error' }),
        ).on(null),
        'priority_year',
      ),
    ).toEqual([]);
  });
});

describe('PCT national phase (PCT art. 22 and 39)', () => {
  const story = [
    proposedFor(
      { authority: 'NMPA', pathway: 'registration', deviceClass: 'III' },
      { authority: 'EU_MDR', pathway: 'notified_body', deviceClass: 'III' },
    ),
    cnFiled(),
    cnFiled('pat-wo', '2026-01-20', 'pct', 'WO'),
  ];

  it('is due 30 months from priority in CN and 31 in EP, for each office the project targets', () => {
    const phases = only(given(...story).on('2026-06-01'), 'pct_national_phase');
    // 1 August 2027 is a Sunday.
    expect(phases.map((d) => [d.jurisdiction, d.dueOn, d.status])).toEqual([
      ['CN', '2027-08-02', 'open'],
      ['EP', '2027-09-01', 'open'],
    ]);
    expect(phases[0].sourceEvents).toEqual(['e1', 'e2']);
  });

  it('is met by a filing in that office after the PCT application', () => {
    const phases = only(
      given(...story, cnFiled('pat-ep', '2027-07-01', 'invention', 'EP')).on('2027-08-03'),
      'pct_national_phase',
    );
    expect(phases.map((d) => [d.jurisdiction, d.status, d.closedBy])).toEqual([
      ['CN', 'missed', []],
      ['EP', 'met', ['e3']],
    ]);
  });
});

describe('trial registration (42 CFR 11.24; ChiCTR prospective registration)', () => {
  it('ClinicalTrials.gov: met when registered within 21 days of the first participant', () => {
    const d = only(
      given(proposed, trial('NCT', '2025-05-01'), firstPatient('2025-04-20')).on('2025-05-02'),
      'trial_registration',
    )[0];
    expect(d).toMatchObject({
      dueOn: '2025-05-11',
      closedOn: '2025-05-01',
      status: 'met',
      sourceEvents: ['e2', 'e1'],
      closedBy: ['e1'],
    });
  });

  it('ClinicalTrials.gov: missed when registered later than that', () => {
    expect(
      only(
        given(proposed, trial('NCT', '2025-05-01'), firstPatient('2025-04-01')).on('2025-05-02'),
        'trial_registration',
      )[0],
    ).toMatchObject({
      dueOn: '2025-04-22',
      status: 'missed',
    });
  });

  it('ChiCTR: due before enrolment; a correction of the first-patient date moves it', () => {
    const before = given(proposed, trial('ChiCTR', '2025-05-01'), firstPatient('2025-05-02'));
    expect(only(before.on('2025-06-01'), 'trial_registration')[0]).toMatchObject({
      dueOn: '2025-05-01',
      status: 'met',
    });
    const moved = given(
      proposed,
      trial('ChiCTR', '2025-05-01'),
      firstPatient('2025-05-02'),
      corrected('trial', 'trl-1', 'firstPatientInOn', '2025-05-02', '2025-04-30'),
    );
    expect(only(moved.on('2025-06-01'), 'trial_registration')[0]).toMatchObject({
      dueOn: '2025-04-29',
      status: 'missed',
      sourceEvents: ['e2', 'e3', 'e1'],
    });
  });

  it('has no due date before the first participant, nor for other registries', () => {
    expect(only(given(proposed, trial('NCT', '2025-05-01')).on('2025-05-02'), 'trial_registration')).toEqual([]);
    expect(
      only(
        given(proposed, trial('other', '2025-05-01'), firstPatient('2025-04-01')).on('2025-05-02'),
        'trial_registration',
      ),
    ).toEqual([]);
  });
});

describe('results posting (42 CFR 11.44)', () => {
  it('is due 12 months after primary completion of a ClinicalTrials.gov trial, then missed', () => {
    const story = given(proposed, trial('NCT', '2025-01-05'), firstPatient('2025-01-10'), completed('2025-10-01'));
    expect(only(story.on('2026-10-01'), 'results_posting')[0]).toMatchObject({
      dueOn: '2026-10-01',
      status: 'open',
      sourceEvents: ['e3'],
    });
    expect(only(story.on('2026-10-02'), 'results_posting')[0].status).toBe('missed');
  });

  it('is not derived for a ChiCTR trial', () => {
    expect(
      only(
        given(proposed, trial('ChiCTR', '2025-01-05'), firstPatient('2025-01-10'), completed('2025-10-01')).on(null),
        'results_posting',
      ),
    ).toEqual([]);
  });
});

describe('deficiency answers (FDA 180 days, NMPA 1 year, configurable)', () => {
  it.each([
    ['FDA', '510k', '2025-11-28'],
    ['NMPA', 'registration', '2026-06-01'],
  ] as const)('%s: due from the letter', (authority, pathway, dueOn) => {
    const d = only(
      given(proposed, filed(authority, pathway, '2025-03-01'), deficiency('2025-06-01')).on('2025-07-01'),
      'deficiency_response',
    )[0];
    expect(d).toMatchObject({
      dueOn,
      status: 'open',
      sourceEvents: ['e2'],
      record: { kind: 'submission', id: 'sub-1' },
    });
  });

  it('is met by the answer, which names the event', () => {
    const d = only(
      given(proposed, filed('FDA', '510k', '2025-03-01'), deficiency('2025-06-01'), answered('2025-08-01')).on(
        '2026-01-01',
      ),
      'deficiency_response',
    )[0];
    expect(d).toMatchObject({ status: 'met', closedOn: '2025-08-01', closedBy: ['e3'] });
  });

  it('takes a configured period for an authority without a default, in that authority’s working days', () => {
    const story = given(proposed, filed('HSA', 'full', '2025-03-01'), deficiency('2025-04-28'));
    expect(only(story.on(null), 'deficiency_response')).toEqual([]);
    const d = only(
      story.on(null, { deficiencyResponse: { HSA: { workingDays: 5 } }, holidays: { SG: ['2025-05-01'] } }),
      'deficiency_response',
    )[0];
    expect(d.dueOn).toBe('2025-05-06');
  });
});

describe('review clocks as expected decision dates', () => {
  it('510(k): 90 FDA days, the hold for a deficiency left out, none while it is open', () => {
    const base = [proposed, filed('FDA', '510k', '2025-03-01')];
    expect(only(given(...base).on(null), 'review_decision')[0]).toMatchObject({ dueOn: '2025-05-30', status: 'open' });
    expect(only(given(...base, deficiency('2025-04-01')).on(null), 'review_decision')).toEqual([]);
    expect(
      only(given(...base, deficiency('2025-04-01'), answered('2025-04-11')).on(null), 'review_decision')[0].dueOn,
    ).toBe('2025-06-09');
  });

  it('HSA: target working days by class and route, met by an approval in time', () => {
    const story = [
      proposedFor({ authority: 'HSA', pathway: 'expedited', deviceClass: 'B' }),
      filed('HSA', 'expedited', '2025-03-03'),
    ];
    expect(
      only(given(...story).on(null, { holidays: { SG: ['2025-05-01', '2025-05-12'] } }), 'review_decision')[0].dueOn,
    ).toBe('2025-05-28');
    expect(only(given(...story, approved('HSA', '2025-05-20')).on('2025-06-01'), 'review_decision')[0]).toMatchObject({
      status: 'met',
      closedBy: ['e2'],
    });
  });
});

describe('green channel window (NMPA innovative special review)', () => {
  const granted = event('PatentGranted', { patentId: 'pat-cn', patentNumber: 'ZL2025-1', grantedOn: '2026-01-10' });

  it('runs 5 years from the grant of a Chinese invention patent when the project targets the green channel', () => {
    expect(only(given(proposed, cnFiled(), granted).on('2026-02-01'), 'green_channel_window')[0]).toMatchObject({
      dueOn: '2031-01-10',
      status: 'open',
      sourceEvents: ['e2'],
    });
    expect(
      only(
        given(proposedFor({ authority: 'NMPA', pathway: 'registration', deviceClass: 'III' }), cnFiled(), granted).on(
          null,
        ),
        'green_channel_window',
      ),
    ).toEqual([]);
  });

  it('is met by the special review application', () => {
    const d = only(
      given(proposed, cnFiled(), granted, filed('NMPA', 'innovative_special_review', '2026-03-01')).on('2026-04-01'),
      'green_channel_window',
    )[0];
    expect(d).toMatchObject({ status: 'met', closedBy: ['e3'] });
  });
});

describe('ethics approval renewal', () => {
  it('is due a year after approval, and a later approval by the same committee renews it', () => {
    const deadlines = given(
      proposed,
      ethics('eth-1', '2025-03-01'),
      ethics('eth-2', '2026-02-15', ' sixth hospital ec '),
    ).on('2026-03-01');
    expect(one(deadlines, 'ethics_renewal:eth-1')).toMatchObject({
      dueOn: '2026-03-01',
      status: 'met',
      closedBy: ['e2'],
    });
    expect(one(deadlines, 'ethics_renewal:eth-2')).toMatchObject({ dueOn: '2027-02-15', status: 'open' });
  });

  it('is missed when nothing renews it by then', () => {
    expect(one(given(proposed, ethics('eth-1', '2025-03-01')).on('2026-03-02'), 'ethics_renewal:eth-1').status).toBe(
      'missed',
    );
  });
});

describe('deadlinesOf', () => {
  it('gives nothing before the project exists, and lists deadlines by due date', () => {
    expect(given().on(null)).toEqual([]);
    const all = given(proposed, cnFiled(), ethics('eth-1', '2025-01-15')).on(null);
    expect(all.map((d) => d.dueOn)).toEqual([...all.map((d) => d.dueOn)].sort());
    expect(all.every((d) => d.id.length > 0 && d.title.length > 0)).toBe(true);
    expect(PROJECT_ID).toBeTruthy();
  });
});

describe('noteDeadlineSourcesIn', () => {
  it('makes in the ledger it is given what noteDeadlineSources makes event by event', () => {
    const story = [
      proposed,
      filed('FDA', '510k', '2025-03-01'),
      deficiency('2025-06-01'),
      answered('2025-08-01'),
      deficiency('2025-09-01'),
      ethics('eth-1', '2025-03-01'),
      answered('2025-10-01'),
    ];
    const oneByOne = story.reduce((s, e, i) => noteDeadlineSources(s, e, `e${i}`), {});
    const ledger: Record<string, string[]> = {};
    story.forEach((e, i) => noteDeadlineSourcesIn(ledger, e, `e${i}`));
    expect(ledger).toEqual(oneByOne);
    expect(Object.keys(ledger).length).toBeGreaterThan(4);
  });
});
