import {
  atIdea,
  command,
  event,
  leadClinician,
  PROJECT_ID,
  proposed,
  spec,
  teamClinicianAdded,
} from './testing/fixtures';
import { evolveAll, initialState, personKey } from './index';

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

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'finds no correctable field %s on any record',
    (field) =>
      spec
        .given([...atIdea, teamClinicianAdded])
        .when(
          command('CorrectRecord', {
            target: { kind: 'project', id: PROJECT_ID },
            field,
            oldValue: 'x',
            newValue: 'y',
            reason: 'probe',
          }),
        )
        .thenThrows('field_not_correctable'),
  );

  it('finds no record named like an Object method', () =>
    spec
      .given(atIdea)
      .when(command('RetractRecord', { target: { kind: 'milestone', id: 'constructor' }, reason: 'probe' }))
      .thenThrows('record_not_found'));
});
