import { decide, DomainError, initialState } from './index';
import {
  admin,
  atApproved,
  atIdea,
  atPatent,
  command,
  event,
  killed,
  manager,
  office,
  outsider,
  putOnHold,
  spec,
} from './testing/fixtures';

describe('every command', () => {
  const milestone = (actor = office) =>
    command(
      'LogMilestone',
      { milestoneId: 'ms-9', title: 'Bench test', description: '', occurredOn: '2025-03-02' },
      actor,
    );

  it('needs an existing project', () => spec.given([]).when(milestone()).thenThrows('project_not_found'));

  it('needs the same project as the stream', () =>
    spec
      .given(atIdea)
      .when({ ...milestone(), data: { ...milestone().data, projectId: 'prj-other' } })
      .thenThrows('project_not_found', { projectId: 'prj-other' }));

  it('is refused on a terminated project', () =>
    spec
      .given([...atPatent, killed('patent', 2)])
      .when(milestone())
      .thenThrows('project_terminated'));

  it('is refused on hold unless it resumes, kills, corrects or retracts', () =>
    spec
      .given([...atPatent, putOnHold('patent', 2)])
      .when(milestone())
      .thenThrows('project_on_hold'));

  it('is refused to management, whatever it is', () =>
    spec.given(atIdea).when(milestone(manager)).thenThrows('role_not_permitted'));

  it('is refused to admin: admins run the platform, not project records', () =>
    spec.given(atIdea).when(milestone(admin)).thenThrows('role_not_permitted'));

  it('from a clinician needs team membership', () =>
    spec.given(atIdea).when(milestone(outsider)).thenThrows('not_a_team_member', { actorId: outsider.id }));

  it('throws DomainError instances with a code and details', () => {
    expect(() => decide(milestone(), initialState())).toThrow(DomainError);
  });

  it('still records after approval (other markets, late patents)', () =>
    spec
      .given(atApproved)
      .when(milestone())
      .then([
        event('MilestoneLogged', {
          milestoneId: 'ms-9',
          title: 'Bench test',
          description: '',
          occurredOn: '2025-03-02',
          loggedBy: office.id,
        }),
      ]));
});
