import {
  atClinical,
  atIdea,
  command,
  event,
  glucoseProposal,
  leadAsOffice,
  leadClinician,
  NOW,
  office,
  PROJECT_ID,
  proposed,
  readyForPatent,
  recruiting,
  signature,
  spec,
  teamClinician,
  teamClinicianAdded,
  trialRegistered,
} from './project.fixtures';
import { evolveAll, initialState } from './project.state';
import { personKey } from './project.values';
import type { Actor, CorrectableValue, RecordRef } from './project.values';

// Segregation of duties compares persons, never typed strings (issue 12, finding 3).
describe('person ids', () => {
  it('keeps the lead clinician as a person: trimmed, lower case', () =>
    spec
      .given([])
      .when(command('ProposeProject', { ...glucoseProposal, leadClinician: { id: ' Dr-Chen ', name: 'Dr. Chen Wei' } }))
      .then([event('ProjectProposed', { ...glucoseProposal, leadClinician: { id: 'dr-chen', name: 'Dr. Chen Wei' }, proposedAt: NOW })]));

  it.each(['dr chen', '', '__proto__', 'constructor', 'Constructor', 'a/b'])('refuses %j as a person id', (id) =>
    spec
      .given([])
      .when(command('ProposeProject', { ...glucoseProposal, leadClinician: { id, name: 'Somebody' } }))
      .thenThrows(id.trim() === '' ? 'field_required' : 'invalid_person_id'));

  it('refuses the lead clinician’s other account as signer, however an old event spelled the lead', () => {
    const spacedLead = event('ProjectProposed', { ...glucoseProposal, leadClinician: { id: 'dr-chen ', name: 'Dr. Chen Wei' }, proposedAt: NOW });
    spec
      .given([spacedLead, readyForPatent[1]])
      .when(command('AdvanceStage', { targetStage: null, signature }, { ...leadAsOffice, id: 'DR-CHEN' }))
      .thenThrows('signer_is_lead_clinician');
  });

  it('keeps a team member as a person, so a differently typed duplicate is refused', () =>
    spec
      .given([...atIdea, teamClinicianAdded])
      .when(command('AddTeamMember', { member: { id: ` ${teamClinician.id.toUpperCase()}`, name: 'Dr. Tan Mei' }, teamRole: 'engineer' }))
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

// A registry keyed by input has no prototype (issue 12, finding 9).
describe('registries keyed by input', () => {
  // An event recorded before ids were checked: the member must be visible and removable.
  const protoMember = event('TeamMemberAdded', { member: { id: '__proto__', name: 'Hidden' }, teamRole: 'engineer' });

  it('keeps a member whose id is __proto__ as an ordinary, visible entry', () => {
    const state = evolveAll(initialState(), [proposed, protoMember]);
    expect(Object.keys(state.team)).toEqual([personKey(leadClinician.id), '__proto__']);
    expect(state.team['__proto__']).toMatchObject({ name: 'Hidden', active: true });
  });

  it('removes it again', () =>
    spec
      .given([proposed, protoMember])
      .when(command('RemoveTeamMember', { memberId: '__proto__', reason: 'Recorded by mistake' }))
      .then([event('TeamMemberRemoved', { memberId: '__proto__', reason: 'Recorded by mistake' })]));

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('finds no correctable field %s on any record', (field) =>
    spec
      .given([...atIdea, teamClinicianAdded])
      .when(command('CorrectRecord', { target: { kind: 'project', id: PROJECT_ID }, field, oldValue: 'x', newValue: 'y', reason: 'probe' }))
      .thenThrows('field_not_correctable'));

  it('finds no record named like an Object method', () =>
    spec
      .given(atIdea)
      .when(command('RetractRecord', { target: { kind: 'milestone', id: 'constructor' }, reason: 'probe' }))
      .thenThrows('record_not_found'));
});

// A correction takes the limits of the field it corrects (issue 12, finding 5).
describe('correction limits', () => {
  const trial: RecordRef = { kind: 'trial', id: 'tr-1' };
  const correct = (target: RecordRef, field: string, oldValue: CorrectableValue, newValue: CorrectableValue, actor: Actor = office) =>
    command('CorrectRecord', { target, field, oldValue, newValue, reason: 'Typo' }, actor);

  it.each([3_000_000_000, 1_000_001, 0, 2.5])('refuses target enrolment %s', (newValue) =>
    spec.given([...atClinical, trialRegistered]).when(correct(trial, 'targetEnrolment', 120, newValue)).thenThrows('invalid_correction_value'));

  it.each([
    ['RegisterTrial', { trialId: 'tr-9', title: 'Big', registry: 'NCT', registryId: 'NCT1', targetEnrolment: 1_000_001, registeredOn: '2025-03-01' }],
  ] as const)('refuses %s with a count above a million', (type, data) =>
    spec.given(atClinical).when(command(type, data)).thenThrows('invalid_count'));

  it('refuses enrolment above a million', () =>
    spec
      .given(recruiting)
      .when(command('UpdateEnrolment', { trialId: 'tr-1', enrolled: 1_000_001, asOf: '2025-09-01' }))
      .thenThrows('invalid_count'));

  it('accepts the largest count a trial may register', () =>
    spec
      .given([...atClinical, trialRegistered])
      .when(correct(trial, 'targetEnrolment', 120, 1_000_000))
      .then([event('RecordCorrected', { target: trial, field: 'targetEnrolment', oldValue: 120, newValue: 1_000_000, reason: 'Typo' })]));

  it.each([
    ['title', 201],
    ['summary', 4001],
  ])('refuses a project %s longer than its request takes (%i characters)', (field, length) =>
    spec
      .given(atIdea)
      .when(correct({ kind: 'project', id: PROJECT_ID }, field, glucoseProposal[field as 'title' | 'summary'], 'x'.repeat(length)))
      .thenThrows('invalid_correction_value'));

  it('accepts text up to the limit', () =>
    spec
      .given(atIdea)
      .when(correct({ kind: 'project', id: PROJECT_ID }, 'title', glucoseProposal.title, '血糖'.repeat(100)))
      .then([
        event('RecordCorrected', {
          target: { kind: 'project', id: PROJECT_ID },
          field: 'title',
          oldValue: glucoseProposal.title,
          newValue: '血糖'.repeat(100),
          reason: 'Typo',
        }),
      ]));
});
