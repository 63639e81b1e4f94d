import {
  atClinical,
  atPrototype,
  command,
  enrolled60,
  ethicsApproved,
  event,
  firstPatientIn,
  leadClinician,
  outsider,
  recruiting,
  spec,
  teamClinician,
  teamClinicianAdded,
  trialMet,
  trialMissed,
  trialRegistered,
} from '../testing/fixtures';
import { Actor } from '..';

const register = (data = trialRegistered.data, actor: Actor | undefined = undefined) =>
  command('RegisterTrial', data, actor);
const firstIn = (actor?: Actor, trialId = 'tr-1') =>
  command('RecordFirstPatientIn', { trialId, occurredOn: '2025-08-01' }, actor);
const enrol = (enrolled: number, actor?: Actor) =>
  command('UpdateEnrolment', { trialId: 'tr-1', enrolled, asOf: '2025-10-01' }, actor);
const complete = (primaryEndpointMet: boolean, actor?: Actor) =>
  command(
    'CompleteTrial',
    {
      trialId: 'tr-1',
      completedOn: '2026-02-01',
      primaryEndpointMet,
      resultSummary: primaryEndpointMet ? trialMet.data.resultSummary : trialMissed.data.resultSummary,
    },
    actor,
  );
const registered = [...atClinical, trialRegistered];

describe('RegisterTrial', () => {
  it('registers a trial with its registry id and target enrolment', () =>
    spec.given(atClinical).when(register()).then([trialRegistered]));
  it('registers on ClinicalTrials.gov too', () => {
    const nct = { ...trialRegistered.data, trialId: 'tr-2', registry: 'NCT' as const, registryId: 'NCT06123456' };
    spec
      .given(atClinical)
      .when(register(nct))
      .then([event('TrialRegistered', nct)]);
  });
  it('records the phase a template gate may ask for (cell and gene therapy: phase I, II, III)', () => {
    const phaseI = { ...trialRegistered.data, trialId: 'tr-2', phase: 'I' as const };
    spec
      .given(atClinical)
      .when(register(phaseI))
      .then([event('TrialRegistered', phaseI)]);
  });
  it('refuses a duplicate trial id', () => spec.given(registered).when(register()).thenThrows('record_already_exists'));
  it('needs the registry id', () =>
    spec
      .given(atClinical)
      .when(register({ ...trialRegistered.data, registryId: '' }))
      .thenThrows('field_required'));
  it.each([0, -5, 12.5])('needs a positive whole target enrolment, not %p', (targetEnrolment) =>
    spec
      .given(atClinical)
      .when(register({ ...trialRegistered.data, targetEnrolment }))
      .thenThrows('invalid_count', { field: 'targetEnrolment' }),
  );
  it('is for the office, not clinicians', () =>
    spec.given(atClinical).when(register(trialRegistered.data, leadClinician)).thenThrows('role_not_permitted'));
});

describe('RecordFirstPatientIn', () => {
  it('is recorded by the lead clinician after ethics approval', () =>
    spec.given(registered).when(firstIn(leadClinician)).then([firstPatientIn]));
  it('is recorded by a team clinician', () =>
    spec
      .given([...registered, teamClinicianAdded])
      .when(firstIn(teamClinician))
      .then([firstPatientIn]));
  it('is refused to a clinician off the team', () =>
    spec.given(registered).when(firstIn(outsider)).thenThrows('not_a_team_member'));
  it('needs ethics approval first', () =>
    spec
      .given([...atPrototype, trialRegistered])
      .when(firstIn())
      .thenThrows('ethics_approval_required'));
  it('does not count a retracted ethics approval', () =>
    spec
      .given([
        ...atPrototype,
        ethicsApproved,
        trialRegistered,
        event('RecordRetracted', {
          target: { kind: 'ethics_approval', id: 'eth-1' },
          reason: 'Approval was for another study',
        }),
      ])
      .when(firstIn())
      .thenThrows('ethics_approval_required'));
  it('needs a registered trial', () =>
    spec.given(atClinical).when(firstIn(undefined, 'tr-x')).thenThrows('trial_not_found'));
  it('happens once', () =>
    spec.given(recruiting).when(firstIn()).thenThrows('invalid_trial_transition', { status: 'recruiting' }));
});

describe('UpdateEnrolment', () => {
  it('records the enrolled count against the target (counts only, no patient data)', () =>
    spec.given(recruiting).when(enrol(60, leadClinician)).then([enrolled60]));
  it('allows over-enrolment but flags it', () =>
    spec
      .given(recruiting)
      .when(enrol(125))
      .then([
        event('EnrolmentUpdated', {
          trialId: 'tr-1',
          enrolled: 125,
          targetEnrolment: 120,
          overTarget: true,
          asOf: '2025-10-01',
        }),
      ]));
  it('cannot decrease: a wrong count is fixed by correction', () =>
    spec
      .given([...recruiting, enrolled60])
      .when(enrol(59))
      .thenThrows('enrolment_cannot_decrease', { current: 60 }));
  it.each([-1, 2.5])('needs a whole count, not %p', (n) =>
    spec.given(recruiting).when(enrol(n)).thenThrows('invalid_count'),
  );
  it('needs the first patient in', () => spec.given(registered).when(enrol(10)).thenThrows('invalid_trial_transition'));
  it('is closed once the trial completed', () =>
    spec
      .given([...recruiting, trialMet])
      .when(enrol(130))
      .thenThrows('invalid_trial_transition'));
  it('is refused to a clinician off the team', () =>
    spec.given(recruiting).when(enrol(61, outsider)).thenThrows('not_a_team_member'));
  it('needs a known trial', () =>
    spec
      .given(recruiting)
      .when(command('UpdateEnrolment', { trialId: 'tr-x', enrolled: 3, asOf: '2025-10-01' }))
      .thenThrows('trial_not_found'));
});

describe('CompleteTrial', () => {
  it('completes with the primary endpoint met', () =>
    spec.given(recruiting).when(complete(true, leadClinician)).then([trialMet]));
  it('completes with the primary endpoint missed', () =>
    spec.given(recruiting).when(complete(false)).then([trialMissed]));
  it('needs a recruiting trial', () =>
    spec.given(registered).when(complete(true)).thenThrows('invalid_trial_transition'));
  it('completes once', () =>
    spec
      .given([...recruiting, trialMet])
      .when(complete(true))
      .thenThrows('invalid_trial_transition'));
  it('cannot complete a retracted trial', () =>
    spec
      .given([
        ...recruiting,
        event('RecordRetracted', { target: { kind: 'trial', id: 'tr-1' }, reason: 'Registered on the wrong project' }),
      ])
      .when(complete(true))
      .thenThrows('record_retracted'));
});
