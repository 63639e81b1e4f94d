import {
  atIdea,
  command,
  event,
  glucoseProposal,
  leadAsOffice,
  NOW,
  readyForPatent,
  signature,
  spec,
  teamClinician,
  teamClinicianAdded,
} from '../testing/fixtures';

// Segregation of duties compares persons, never typed strings (issue 12, finding 3).
describe('person ids', () => {
  it('keeps the lead clinician as a person: trimmed, lower case', () =>
    spec
      .given([])
      .when(command('ProposeProject', { ...glucoseProposal, leadClinician: { id: ' Dr-Chen ', name: 'Dr. Chen Wei' } }))
      .then([
        event('ProjectProposed', {
          ...glucoseProposal,
          leadClinician: { id: 'dr-chen', name: 'Dr. Chen Wei' },
          proposedAt: NOW,
        }),
      ]));

  it.each(['dr chen', '', '__proto__', 'constructor', 'Constructor', 'a/b'])('refuses %j as a person id', (id) =>
    spec
      .given([])
      .when(command('ProposeProject', { ...glucoseProposal, leadClinician: { id, name: 'Somebody' } }))
      .thenThrows(id.trim() === '' ? 'field_required' : 'invalid_person_id'),
  );

  it('refuses the lead clinician’s other account as signer, however an old event spelled the lead', () => {
    const spacedLead = event('ProjectProposed', {
      ...glucoseProposal,
      leadClinician: { id: 'dr-chen ', name: 'Dr. Chen Wei' },
      proposedAt: NOW,
    });
    spec
      .given([spacedLead, readyForPatent[1]])
      .when(command('AdvanceStage', { targetStage: null, signature }, { ...leadAsOffice, id: 'DR-CHEN' }))
      .thenThrows('signer_is_lead_clinician');
  });

  it('keeps a team member as a person, so a differently typed duplicate is refused', () =>
    spec
      .given([...atIdea, teamClinicianAdded])
      .when(
        command('AddTeamMember', {
          member: { id: ` ${teamClinician.id.toUpperCase()}`, name: 'Dr. Tan Mei' },
          teamRole: 'engineer',
        }),
      )
      .thenThrows('already_a_team_member'));

  it('lets a clinician act whatever case their account spells the person in', () =>
    spec
      .given([...atIdea, teamClinicianAdded])
      .when(
        command(
          'LogMilestone',
          { milestoneId: 'ms-9', title: 'Bench test', description: 'n=3', occurredOn: '2025-02-01' },
          { ...teamClinician, id: teamClinician.id.toUpperCase() },
        ),
      )
      .then([
        event('MilestoneLogged', {
          milestoneId: 'ms-9',
          title: 'Bench test',
          description: 'n=3',
          occurredOn: '2025-02-01',
          loggedBy: teamClinician.id.toUpperCase(),
        }),
      ]));

  it('removes a member named in another case, recording the canonical id', () =>
    spec
      .given([...atIdea, teamClinicianAdded])
      .when(command('RemoveTeamMember', { memberId: 'DR-TAN', reason: null }))
      .then([event('TeamMemberRemoved', { memberId: 'dr-tan', reason: null })]));
});
