import {
  atIdea,
  command,
  event,
  leadClinician,
  office,
  spec,
  teamClinician,
  teamClinicianAdded,
} from '../testing/fixtures';

describe('team', () => {
  const add = (actor = office) =>
    command(
      'AddTeamMember',
      { member: { id: teamClinician.id, name: teamClinician.name }, teamRole: 'clinician' },
      actor,
    );
  const remove = (memberId: string) => command('RemoveTeamMember', { memberId, reason: 'Moved to another hospital' });

  it('adds a member', () => spec.given(atIdea).when(add()).then([teamClinicianAdded]));
  it('refuses a member already on the team', () =>
    spec
      .given([...atIdea, teamClinicianAdded])
      .when(add())
      .thenThrows('already_a_team_member'));
  it('counts the lead clinician as a member from the proposal', () =>
    spec
      .given(atIdea)
      .when(
        command('AddTeamMember', { member: { id: leadClinician.id, name: leadClinician.name }, teamRole: 'clinician' }),
      )
      .thenThrows('already_a_team_member'));
  it('names only one lead clinician', () =>
    spec
      .given(atIdea)
      .when(command('AddTeamMember', { member: { id: 'dr-x', name: 'Dr. X' }, teamRole: 'lead_clinician' }))
      .thenThrows('invalid_team_role'));
  it('is for the office, not the lead clinician', () =>
    spec.given(atIdea).when(add(leadClinician)).thenThrows('role_not_permitted'));

  it('removes a member', () =>
    spec
      .given([...atIdea, teamClinicianAdded])
      .when(remove(teamClinician.id))
      .then([event('TeamMemberRemoved', { memberId: teamClinician.id, reason: 'Moved to another hospital' })]));
  it('re-adds a removed member', () =>
    spec
      .given([...atIdea, teamClinicianAdded, event('TeamMemberRemoved', { memberId: teamClinician.id, reason: null })])
      .when(add())
      .then([teamClinicianAdded]));
  it('cannot remove a non-member', () => spec.given(atIdea).when(remove('dr-x')).thenThrows('team_member_not_found'));
  it('cannot remove the lead clinician', () =>
    spec.given(atIdea).when(remove(leadClinician.id)).thenThrows('cannot_remove_lead_clinician'));
  it('a removed clinician can no longer log milestones', () =>
    spec
      .given([...atIdea, teamClinicianAdded, event('TeamMemberRemoved', { memberId: teamClinician.id, reason: null })])
      .when(
        command(
          'LogMilestone',
          { milestoneId: 'ms-2', title: 'x', description: '', occurredOn: '2025-05-01' },
          teamClinician,
        ),
      )
      .thenThrows('not_a_team_member'));
});

describe('partners', () => {
  const partner = {
    partnerId: 'ptn-robot',
    name: 'Microport Robotics',
    kind: 'enterprise' as const,
    role: 'manufacturer' as const,
  };
  const added = event('PartnerAdded', { partner });

  it('adds a partner', () => spec.given(atIdea).when(command('AddPartner', { partner })).then([added]));
  it('adds an institute as co-developer', () => {
    const institute = {
      partnerId: 'ptn-sinap',
      name: 'Shanghai Institute of Applied Physics',
      kind: 'institute' as const,
      role: 'co_developer' as const,
    };
    spec
      .given(atIdea)
      .when(command('AddPartner', { partner: institute }))
      .then([event('PartnerAdded', { partner: institute })]);
  });
  it('refuses a partner id already used, even one from the proposal', () =>
    spec
      .given(atIdea)
      .when(command('AddPartner', { partner: { ...partner, partnerId: 'ptn-sinochip' } }))
      .thenThrows('record_already_exists'));
  it('needs a name', () =>
    spec
      .given(atIdea)
      .when(command('AddPartner', { partner: { ...partner, name: '' } }))
      .thenThrows('field_required'));
  it('removes a partner', () =>
    spec
      .given(atIdea)
      .when(command('RemovePartner', { partnerId: 'ptn-sinochip', reason: 'Licence ended' }))
      .then([event('PartnerRemoved', { partnerId: 'ptn-sinochip', reason: 'Licence ended' })]));
  it('cannot remove an unknown partner', () =>
    spec
      .given(atIdea)
      .when(command('RemovePartner', { partnerId: 'ptn-x', reason: null }))
      .thenThrows('partner_not_found'));
  it('cannot remove a partner twice', () =>
    spec
      .given([...atIdea, event('PartnerRemoved', { partnerId: 'ptn-sinochip', reason: null })])
      .when(command('RemovePartner', { partnerId: 'ptn-sinochip', reason: null }))
      .thenThrows('partner_not_found'));
  it('is for the office', () =>
    spec
      .given(atIdea)
      .when(command('AddPartner', { partner }, leadClinician))
      .thenThrows('role_not_permitted'));
});
