import {
  atClinical,
  atIdea,
  atPatent,
  atPrototype,
  biocompatibilityPassed,
  command,
  event,
  killed,
  leadClinician,
  milestoneByTan,
  outsider,
  patentFiled,
  PROJECT_ID,
  prototypeBuilt,
  putOnHold,
  spec,
  teamClinician,
  teamClinicianAdded,
  trialRegistered,
} from '../testing/fixtures';
import { Actor, CorrectableValue, evolveAll, initialState, RecordRef } from '..';

const correct = (
  target: RecordRef,
  field: string,
  oldValue: CorrectableValue,
  newValue: CorrectableValue,
  reason = 'Typo in the original entry',
  actor?: Actor,
) => command('CorrectRecord', { target, field, oldValue, newValue, reason }, actor);
const corrected = (
  target: RecordRef,
  field: string,
  oldValue: CorrectableValue,
  newValue: CorrectableValue,
  reason = 'Typo in the original entry',
) => event('RecordCorrected', { target, field, oldValue, newValue, reason });
const retract = (
  target: RecordRef & { kind: 'milestone' | 'patent' | 'prototype' | 'trial' },
  reason = 'Entered on the wrong project',
  actor?: Actor,
) => command('RetractRecord', { target, reason }, actor);

const milestone = { kind: 'milestone' as const, id: 'ms-1' };
const withMilestone = [...atIdea, teamClinicianAdded, milestoneByTan];

describe('CorrectRecord', () => {
  it('corrects a milestone date, naming old value, new value and reason', () =>
    spec
      .given(withMilestone)
      .when(correct(milestone, 'occurredOn', '2025-04-15', '2025-02-16'))
      .then([corrected(milestone, 'occurredOn', '2025-04-15', '2025-02-16')]));

  it.each(['2025-02-30', '2025-13-01', '1899-12-31', '2025-03-03'])(
    'refuses %s as a corrected date: impossible, too old or after the day of the command',
    (newValue) =>
      spec
        .given(withMilestone)
        .when(correct(milestone, 'occurredOn', '2025-04-15', newValue))
        .thenThrows('invalid_correction_value'),
  );

  it('lets the clinician who logged a milestone correct it', () =>
    spec
      .given(withMilestone)
      .when(
        correct(
          milestone,
          'title',
          milestoneByTan.data.title,
          'Prototype v1 wear test',
          'Clearer title',
          teamClinician,
        ),
      )
      .then([corrected(milestone, 'title', milestoneByTan.data.title, 'Prototype v1 wear test', 'Clearer title')]));

  it('refuses another clinician, even the lead', () =>
    spec
      .given(withMilestone)
      .when(correct(milestone, 'occurredOn', '2025-04-15', '2025-04-16', 'x', leadClinician))
      .thenThrows('not_record_author'));

  it('refuses a clinician off the team', () =>
    spec
      .given(withMilestone)
      .when(correct(milestone, 'occurredOn', '2025-04-15', '2025-04-16', 'x', outsider))
      .thenThrows('not_a_team_member'));

  it('keeps clinicians to milestones', () =>
    spec
      .given([...atIdea, patentFiled])
      .when(correct({ kind: 'patent', id: 'pat-cn-1' }, 'filedOn', '2025-02-01', '2025-02-02', 'x', leadClinician))
      .thenThrows('role_not_permitted'));

  it('corrects a patent application number', () => {
    const target = { kind: 'patent' as const, id: 'pat-cn-1' };
    spec
      .given([...atPatent, patentFiled])
      .when(correct(target, 'applicationNumber', 'CN202510012345.6', 'CN202510012354.6'))
      .then([corrected(target, 'applicationNumber', 'CN202510012345.6', 'CN202510012354.6')]);
  });

  it('corrects the project title', () => {
    const target = { kind: 'project' as const, id: PROJECT_ID };
    spec
      .given(atIdea)
      .when(correct(target, 'title', 'Non-invasive blood-glucose detector', 'Non-invasive blood glucose monitor'))
      .then([corrected(target, 'title', 'Non-invasive blood-glucose detector', 'Non-invasive blood glucose monitor')]);
  });

  it('corrects a trial target enrolment', () => {
    const target = { kind: 'trial' as const, id: 'tr-1' };
    spec
      .given([...atClinical, trialRegistered])
      .when(correct(target, 'targetEnrolment', 120, 150, 'Protocol amendment 2'))
      .then([corrected(target, 'targetEnrolment', 120, 150, 'Protocol amendment 2')]);
  });

  it('corrects a trial recorded under the wrong phase, to a phase the catalogue has', () => {
    const target = { kind: 'trial' as const, id: 'tr-1' };
    const inPhaseII = event('TrialRegistered', { ...trialRegistered.data, phase: 'II' } as never);
    spec
      .given([...atClinical, inPhaseII])
      .when(correct(target, 'phase', 'II', 'III', 'The pivotal study is phase III'))
      .then([corrected(target, 'phase', 'II', 'III', 'The pivotal study is phase III')]);
    spec.given([...atClinical, inPhaseII]).when(correct(target, 'phase', 'II', 'IV')).thenThrows('invalid_correction_value');
    // A study registered with no phase gets one by a new record, not a correction.
    spec.given([...atClinical, trialRegistered]).when(correct(target, 'phase', null, 'III')).thenThrows('field_not_correctable');
    const state = evolveAll(initialState(), [...atClinical, inPhaseII, corrected(target, 'phase', 'II', 'III')]);
    expect(state.trials['tr-1'].phase).toBe('III');
  });

  it('corrects a verification result to a valid value', () => {
    const target = { kind: 'verification_test' as const, id: 'vt-10993' };
    spec
      .given([...atPrototype, prototypeBuilt, biocompatibilityPassed])
      .when(correct(target, 'result', 'passed', 'failed', 'Lab reissued the report'))
      .then([corrected(target, 'result', 'passed', 'failed', 'Lab reissued the report')]);
  });

  it('is accepted on hold: the record is kept accurate even while paused', () =>
    spec
      .given([...withMilestone, putOnHold('idea', 2)])
      .when(correct(milestone, 'occurredOn', '2025-04-15', '2025-02-16'))
      .then([corrected(milestone, 'occurredOn', '2025-04-15', '2025-02-16')]));

  it('is refused on a terminated project', () =>
    spec
      .given([...withMilestone, killed('idea', 2)])
      .when(correct(milestone, 'occurredOn', '2025-04-15', '2025-04-16'))
      .thenThrows('project_terminated'));

  it('needs a reason', () =>
    spec
      .given(withMilestone)
      .when(correct(milestone, 'occurredOn', '2025-04-15', '2025-04-16', ' '))
      .thenThrows('reason_required'));

  it('needs the old value to match the record', () =>
    spec
      .given(withMilestone)
      .when(correct(milestone, 'occurredOn', '2025-04-14', '2025-04-16'))
      .thenThrows('correction_old_value_mismatch', { current: '2025-04-15' }));

  it('sees an earlier correction as the current value', () =>
    spec
      .given([...withMilestone, corrected(milestone, 'occurredOn', '2025-04-15', '2025-04-16')])
      .when(correct(milestone, 'occurredOn', '2025-04-15', '2025-04-17'))
      .thenThrows('correction_old_value_mismatch', { current: '2025-04-16' }));

  it('refuses a change to the same value', () =>
    spec
      .given(withMilestone)
      .when(correct(milestone, 'occurredOn', '2025-04-15', '2025-04-15'))
      .thenThrows('correction_no_change'));

  it('refuses a value of the wrong shape', () =>
    spec
      .given(withMilestone)
      .when(correct(milestone, 'occurredOn', '2025-04-15', '15/04/2025'))
      .thenThrows('invalid_correction_value'));

  it('refuses a value outside the field’s list', () =>
    spec
      .given([...atPrototype, prototypeBuilt, biocompatibilityPassed])
      .when(correct({ kind: 'verification_test', id: 'vt-10993' }, 'result', 'passed', 'maybe'))
      .thenThrows('invalid_correction_value'));

  it('refuses fields kept by lifecycle events or ids', () =>
    spec
      .given(withMilestone)
      .when(correct(milestone, 'loggedBy', teamClinician.id, 'dr-chen'))
      .thenThrows('field_not_correctable'));

  it('refuses the risk class: reclassification is not a typo', () =>
    spec
      .given(atIdea)
      .when(correct({ kind: 'project', id: PROJECT_ID }, 'riskClass', 'III', 'II'))
      .thenThrows('field_not_correctable'));

  it('refuses a value never recorded: that is a new record, not a correction', () =>
    spec
      .given([...atPatent, patentFiled])
      .when(correct({ kind: 'patent', id: 'pat-cn-1' }, 'publishedOn', null, '2025-08-01'))
      .thenThrows('field_not_correctable'));

  it('needs an existing record', () =>
    spec
      .given(withMilestone)
      .when(correct({ kind: 'milestone', id: 'ms-x' }, 'title', 'a', 'b'))
      .thenThrows('record_not_found'));

  it('refuses a retracted record', () =>
    spec
      .given([...withMilestone, event('RecordRetracted', { target: milestone, reason: 'Duplicate' })])
      .when(correct(milestone, 'occurredOn', '2025-04-15', '2025-04-16'))
      .thenThrows('record_retracted'));
});

describe('RetractRecord', () => {
  const retracted = (target: RecordRef, reason = 'Entered on the wrong project') =>
    event('RecordRetracted', { target, reason });

  it('retracts a milestone with a reason', () =>
    spec
      .given(withMilestone)
      .when(retract(milestone))
      .then([retracted(milestone)]));

  it('lets the clinician who logged it retract it', () =>
    spec
      .given(withMilestone)
      .when(retract(milestone, 'Logged twice', teamClinician))
      .then([retracted(milestone, 'Logged twice')]));

  it('refuses another clinician', () =>
    spec
      .given(withMilestone)
      .when(retract(milestone, 'x', leadClinician))
      .thenThrows('not_record_author'));

  it('retracts a record such as a patent entered by mistake', () =>
    spec
      .given([...atPatent, patentFiled])
      .when(retract({ kind: 'patent', id: 'pat-cn-1' }))
      .then([retracted({ kind: 'patent', id: 'pat-cn-1' })]));

  it('needs a reason', () => spec.given(withMilestone).when(retract(milestone, '')).thenThrows('reason_required'));

  it('needs an existing record', () =>
    spec
      .given(withMilestone)
      .when(retract({ kind: 'trial', id: 'tr-x' }))
      .thenThrows('record_not_found', { kind: 'trial' }));

  it('retracts once', () =>
    spec
      .given([...withMilestone, retracted(milestone)])
      .when(retract(milestone))
      .thenThrows('record_retracted'));

  it('cannot retract the project or a partner', () =>
    spec
      .given(atIdea)
      .when(command('RetractRecord', { target: { kind: 'partner', id: 'ptn-sinochip' } as never, reason: 'x' }))
      .thenThrows('record_not_retractable'));

  it('is accepted on hold', () =>
    spec
      .given([...withMilestone, putOnHold('idea', 2)])
      .when(retract(milestone))
      .then([retracted(milestone)]));

  it('takes the record out of the evidence: the gate closes again', () =>
    spec
      .given([
        ...atIdea,
        event('InventionDisclosureRecorded', {
          disclosureId: 'dis-1',
          title: 't',
          summary: '',
          inventors: [],
          disclosedOn: '2025-01-10',
        }),
        retracted({ kind: 'invention_disclosure', id: 'dis-1' }),
      ])
      .when(
        command('AdvanceStage', {
          targetStage: null,
          signature: { meaning: 'approved to advance', printedName: 'Li Na' },
        }),
      )
      .thenThrows('gate_evidence_missing', { missing: [{ code: 'invention_disclosure' }] }));
});
