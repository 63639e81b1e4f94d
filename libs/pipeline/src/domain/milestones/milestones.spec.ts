import {
  atIdea,
  command,
  event,
  leadClinician,
  milestoneByTan,
  office,
  outsider,
  spec,
  teamClinician,
  teamClinicianAdded,
} from '../testing/fixtures';

describe('LogMilestone', () => {
  const log = (actor = teamClinician, milestoneId = 'ms-1') =>
    command(
      'LogMilestone',
      {
        milestoneId,
        title: milestoneByTan.data.title,
        description: milestoneByTan.data.description,
        occurredOn: '2025-04-15',
      },
      actor,
    );

  it('is logged by a team clinician, who is recorded as its author', () =>
    spec
      .given([...atIdea, teamClinicianAdded])
      .when(log())
      .then([milestoneByTan]));
  it('is logged by the lead clinician', () =>
    spec
      .given(atIdea)
      .when(log(leadClinician))
      .then([event('MilestoneLogged', { ...milestoneByTan.data, loggedBy: leadClinician.id })]));
  it('may be logged by the innovation office', () =>
    spec
      .given(atIdea)
      .when(log(office))
      .then([event('MilestoneLogged', { ...milestoneByTan.data, loggedBy: office.id })]));
  it('is refused to a clinician off the team', () =>
    spec.given(atIdea).when(log(outsider)).thenThrows('not_a_team_member'));
  it('refuses a duplicate id', () =>
    spec
      .given([...atIdea, teamClinicianAdded, milestoneByTan])
      .when(log())
      .thenThrows('record_already_exists'));
  it('needs the date it happened', () =>
    spec
      .given(atIdea)
      .when(command('LogMilestone', { milestoneId: 'ms-3', title: 'x', description: '', occurredOn: '' }))
      .thenThrows('field_required', { field: 'occurredOn' }));
});
