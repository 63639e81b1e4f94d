import { deciderSpec } from '@app/platform/testing/decider-spec';
import type { UserCommand } from './user.commands';
import { decideUser, evolveUser, initialUserState } from './user.decider';
import type { UserEvent } from './user.events';
import type { UserActor } from './user.values';

const admin: UserActor = { id: 'ops-root', name: 'Ops Admin', role: 'admin' };
const office: UserActor = { id: 'office-li', name: 'Li Na', role: 'innovation_office' };
const spec = deciderSpec<UserCommand, UserEvent, ReturnType<typeof initialUserState>>({
  decide: decideUser,
  evolve: evolveUser,
  initialState: initialUserState,
});
const as = (actor: UserActor, account = actor.id) => ({ metadata: { actor, account } });

const created: UserEvent = {
  type: 'UserCreated',
  data: { username: 'dr-chen', personId: 'dr-chen', name: 'Dr. Chen Wei', role: 'clinician', mustChangePassword: true },
};

describe('user decider', () => {
  it('an admin creates an account', () => {
    spec.given().when({ type: 'CreateUser', data: created.data, ...as(admin) } as UserCommand).then([created]);
  });

  it('nobody else manages accounts', () => {
    spec.given().when({ type: 'CreateUser', data: created.data, ...as(office) } as UserCommand).thenThrows('role_not_permitted');
    spec.given([created]).when({ type: 'LockUser', data: { username: 'dr-chen', reason: 'x' }, ...as(office) }).thenThrows('role_not_permitted');
  });

  it('refuses a second account of the same name', () => {
    spec.given([created]).when({ type: 'CreateUser', data: created.data, ...as(admin) } as UserCommand).thenThrows('user_already_exists');
  });

  it('locks with a reason, once; unlocks only a locked account', () => {
    spec.given([created]).when({ type: 'LockUser', data: { username: 'dr-chen', reason: ' ' }, ...as(admin) }).thenThrows('reason_required');
    spec
      .given([created])
      .when({ type: 'LockUser', data: { username: 'dr-chen', reason: 'Left' }, ...as(admin) })
      .then([{ type: 'UserLocked', data: { username: 'dr-chen', reason: 'Left' } }]);
    const locked: UserEvent = { type: 'UserLocked', data: { username: 'dr-chen', reason: 'Left' } };
    spec.given([created, locked]).when({ type: 'LockUser', data: { username: 'dr-chen', reason: 'Again' }, ...as(admin) }).thenThrows('user_already_locked');
    spec.given([created]).when({ type: 'UnlockUser', data: { username: 'dr-chen', reason: null }, ...as(admin) }).thenThrows('user_not_locked');
  });

  it('an admin cannot lock or demote their own account', () => {
    const root: UserEvent = { type: 'UserCreated', data: { username: 'ops-root', personId: 'ops-root', name: 'Ops Admin', role: 'admin', mustChangePassword: false } };
    spec.given([root]).when({ type: 'LockUser', data: { username: 'ops-root', reason: 'x' }, ...as(admin) }).thenThrows('cannot_lock_self');
    spec.given([root]).when({ type: 'ChangeUserRole', data: { username: 'ops-root', role: 'management', reason: 'x' }, ...as(admin) }).thenThrows('cannot_demote_self');
  });

  it('a user changes their own password; a reset by an admin must be changed at next sign-in', () => {
    const chen: UserActor = { id: 'dr-chen', name: 'Dr. Chen Wei', role: 'clinician' };
    spec
      .given([created])
      .when({ type: 'ChangePassword', data: { username: 'dr-chen' }, ...as(chen) })
      .then([{ type: 'UserPasswordChanged', data: { username: 'dr-chen', resetByAdmin: false, mustChangePassword: false } }]);
    spec
      .given([created])
      .when({ type: 'ChangePassword', data: { username: 'dr-chen' }, ...as(admin) })
      .then([{ type: 'UserPasswordChanged', data: { username: 'dr-chen', resetByAdmin: true, mustChangePassword: true } }]);
    // The same person's other account is another account: no changing its password.
    spec.given([created]).when({ type: 'ChangePassword', data: { username: 'dr-chen' }, ...as(chen, 'dr-chen-office') }).thenThrows('role_not_permitted');
  });

  it('records a failed signature on the signer’s own stream, even without a local account (oidc)', () => {
    const chen: UserActor = { id: 'dr-chen', name: 'Dr. Chen Wei', role: 'clinician' };
    const failed: UserEvent = { type: 'UserSignatureFailed', data: { username: 'dr-chen', projectId: 'p-1', reason: 'wrong_password' } };
    spec.given([created]).when({ type: 'RecordSignatureFailure', data: failed.data, ...as(chen) }).then([failed]);
    spec.given().when({ type: 'RecordSignatureFailure', data: failed.data, ...as(chen) }).then([failed]);
    // Not onto someone else's record.
    spec.given([created]).when({ type: 'RecordSignatureFailure', data: failed.data, ...as(office) }).thenThrows('role_not_permitted');
  });

  it('assigns a project once and unassigns only an assigned one', () => {
    const assigned: UserEvent = { type: 'UserAssignedToProject', data: { username: 'dr-chen', projectId: 'p-1' } };
    spec.given([created, assigned]).when({ type: 'AssignUserToProject', data: { username: 'dr-chen', projectId: 'p-1' }, ...as(admin) }).thenThrows('project_already_assigned');
    spec.given([created]).when({ type: 'UnassignUserFromProject', data: { username: 'dr-chen', projectId: 'p-1', reason: null }, ...as(admin) }).thenThrows('project_not_assigned');
  });
});
