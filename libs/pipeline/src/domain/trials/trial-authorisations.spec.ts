import { atClinical, atIdea, command, event, leadClinician, spec, trialRegistered } from '../testing/fixtures';
import { evolveAll, initialState } from '..';
import { satisfiedBy } from '../templates/template.evidence';
import type { TrialAuthorisationGrant } from './trials.payloads';

const ida: TrialAuthorisationGrant = {
  authorisationId: 'auth-ide',
  form: 'IDE',
  authority: 'FDA',
  reference: 'G250123',
  grantedOn: '2025-02-20',
  trialId: null,
};
const record = (data = ida) => command('RecordTrialAuthorisation', data);

describe('RecordTrialAuthorisation', () => {
  it("records the FDA's IDE", () =>
    spec
      .given(atIdea)
      .when(record())
      .then([event('TrialAuthorisationRecorded', ida)]));
  it('names the registered trial it covers', () => {
    const nmpa: TrialAuthorisationGrant = {
      ...ida,
      authorisationId: 'auth-nmpa',
      form: 'NMPA_trial_approval',
      authority: 'NMPA',
      trialId: 'tr-1',
    };
    spec
      .given([...atClinical, trialRegistered])
      .when(record(nmpa))
      .then([event('TrialAuthorisationRecorded', nmpa)]);
  });
  it('refuses a trial that is not on the record', () =>
    spec
      .given(atIdea)
      .when(record({ ...ida, trialId: 'tr-9' }))
      .thenThrows('trial_not_found'));
  it('refuses a form the authority does not issue', () =>
    spec
      .given(atIdea)
      .when(record({ ...ida, form: 'NMPA_trial_approval' }))
      .thenThrows('invalid_regulatory_target', { field: 'authority' }));
  it('refuses an authority the project does not target', () =>
    spec
      .given(atIdea)
      .when(record({ ...ida, form: 'EU_clinical_investigation', authority: 'EU_MDR' }))
      .thenThrows('authority_not_targeted', { authority: 'EU_MDR' }));
  it.each(['2025-03-03', '2025-02-30', 'soon'])(
    'refuses %p as the day it was granted (now is 2025-03-01)',
    (grantedOn) =>
      spec
        .given(atIdea)
        .when(record({ ...ida, grantedOn }))
        .thenThrows('invalid_date', { field: 'grantedOn' }),
  );
  it('refuses a duplicate id and a blank reference', () => {
    spec
      .given([...atIdea, event('TrialAuthorisationRecorded', ida)])
      .when(record())
      .thenThrows('record_already_exists');
    spec
      .given(atIdea)
      .when(record({ ...ida, reference: ' ' }))
      .thenThrows('field_required');
  });
  it('is the office’s to record', () =>
    spec
      .given(atIdea)
      .when(command('RecordTrialAuthorisation', ida, leadClinician))
      .thenThrows('role_not_permitted'));
  it("meets a template's regulator_trial_approval until it is retracted", () => {
    const granted = evolveAll(initialState(), [...atIdea, event('TrialAuthorisationRecorded', ida)]);
    expect(satisfiedBy(granted, { kind: 'regulator_trial_approval', form: 'IDE' }, '2025-03-01')).toEqual(['auth-ide']);
    expect(satisfiedBy(granted, { kind: 'regulator_trial_approval', form: 'IND' }, '2025-03-01')).toEqual([]);
    const retracted = evolveAll(granted, [
      event('RecordRetracted', { target: { kind: 'trial_authorisation', id: 'auth-ide' }, reason: 'Wrong study' }),
    ]);
    expect(satisfiedBy(retracted, { kind: 'regulator_trial_approval', form: 'IDE' }, '2025-03-01')).toEqual([]);
  });
  it('takes corrections of its reference and date', () =>
    spec
      .given([...atIdea, event('TrialAuthorisationRecorded', ida)])
      .when(
        command('CorrectRecord', {
          target: { kind: 'trial_authorisation', id: 'auth-ide' },
          field: 'grantedOn',
          oldValue: '2025-02-20',
          newValue: '2025-02-21',
          reason: 'Letter dated the 21st',
        }),
      )
      .then([
        event('RecordCorrected', {
          target: { kind: 'trial_authorisation', id: 'auth-ide' },
          field: 'grantedOn',
          oldValue: '2025-02-20',
          newValue: '2025-02-21',
          reason: 'Letter dated the 21st',
        }),
      ]));
});
