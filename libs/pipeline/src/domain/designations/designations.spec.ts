import { atIdea, command, event, spec, teamClinician } from '../testing/fixtures';
import { evolveAll, initialState } from '..';
import { satisfiedBy } from '../templates/template.evidence';
import type { DesignationGrant } from './designations.payloads';

const breakthrough: DesignationGrant = {
  designationId: 'des-bt',
  programme: 'fda_breakthrough_device',
  reference: 'Q250456',
  grantedOn: '2025-01-15',
};
const record = (data = breakthrough) => command('RecordDesignation', data);

describe('RecordDesignation', () => {
  it('records a designation with the authority its programme belongs to', () =>
    spec
      .given(atIdea)
      .when(record())
      .then([event('DesignationGranted', { ...breakthrough, authority: 'FDA' })]));
  it('knows NMPA’s innovative device review as NMPA’s', () =>
    spec
      .given(atIdea)
      .when(record({ ...breakthrough, programme: 'nmpa_innovative_device' }))
      .then([
        event('DesignationGranted', { ...breakthrough, programme: 'nmpa_innovative_device', authority: 'NMPA' }),
      ]));
  it('refuses an unknown programme', () =>
    spec
      .given(atIdea)
      .when(record({ ...breakthrough, programme: 'fast_lane' as never }))
      .thenThrows('invalid_regulatory_target', { field: 'programme' }));
  it('refuses a programme of an authority the project does not target', () =>
    spec
      .given(atIdea)
      .when(record({ ...breakthrough, programme: 'ema_prime' }))
      .thenThrows('authority_not_targeted', { authority: 'EU_MDR' }));
  it('refuses a day after today', () =>
    spec
      .given(atIdea)
      .when(record({ ...breakthrough, grantedOn: '2025-03-05' }))
      .thenThrows('invalid_date'));
  it('refuses the same id twice', () =>
    spec
      .given([...atIdea, event('DesignationGranted', { ...breakthrough, authority: 'FDA' })])
      .when(record())
      .thenThrows('record_already_exists'));
  it('is not a clinician’s to record', () =>
    spec
      .given(atIdea)
      .when(command('RecordDesignation', breakthrough, teamClinician))
      .thenThrows('role_not_permitted'));
  it("meets a template's designation_granted for its programme, until retracted", () => {
    const state = evolveAll(initialState(), [
      ...atIdea,
      event('DesignationGranted', { ...breakthrough, authority: 'FDA' }),
    ]);
    expect(
      satisfiedBy(state, { kind: 'designation_granted', programme: 'fda_breakthrough_device' }, '2025-03-01'),
    ).toEqual(['des-bt']);
    expect(satisfiedBy(state, { kind: 'designation_granted', programme: 'fda_rmat' }, '2025-03-01')).toEqual([]);
    spec
      .given([...atIdea, event('DesignationGranted', { ...breakthrough, authority: 'FDA' })])
      .when(
        command('RetractRecord', {
          target: { kind: 'designation', id: 'des-bt' },
          reason: 'Recorded on the wrong project',
        }),
      )
      .then([
        event('RecordRetracted', {
          target: { kind: 'designation', id: 'des-bt' },
          reason: 'Recorded on the wrong project',
        }),
      ]);
  });
});
