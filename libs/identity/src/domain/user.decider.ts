import type { UserCommand } from './user.commands';
import { UserDomainError } from './user.errors';
import type { UserEvent } from './user.events';
import type { UserRole, UserStatus } from './user.values';

export interface UserState {
  revision: number;
  username: string | null;
  personId: string | null;
  name: string | null;
  role: UserRole | null;
  status: UserStatus;
  mustChangePassword: boolean;
  projects: string[];
}

export const initialUserState = (): UserState => ({
  revision: -1,
  username: null,
  personId: null,
  name: null,
  role: null,
  status: 'active',
  mustChangePassword: false,
  projects: [],
});

export function evolveUser(state: UserState, event: UserEvent): UserState {
  const next = { ...state, revision: state.revision + 1 };
  switch (event.type) {
    case 'UserCreated':
      return { ...next, ...event.data, status: 'active', projects: [] };
    case 'UserRoleChanged':
      return { ...next, role: event.data.to };
    case 'UserLocked':
      return { ...next, status: 'locked' };
    case 'UserUnlocked':
      return { ...next, status: 'active' };
    case 'UserPasswordChanged':
      return { ...next, mustChangePassword: event.data.mustChangePassword };
    case 'UserAssignedToProject':
      return { ...next, projects: [...state.projects, event.data.projectId] };
    case 'UserUnassignedFromProject':
      return { ...next, projects: state.projects.filter((p) => p !== event.data.projectId) };
    case 'UserSignatureFailed':
      return next;
    default: {
      const unknown: never = event;
      throw new Error(`Unknown user event ${(unknown as { type: string }).type}`);
    }
  }
}

// Only an admin manages accounts; anyone may change their own password, and their own failed signatures are
// recorded on their own stream.
export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  const { actor, account } = command.metadata;
  const { username } = command.data;
  const self = account === username;
  const ownAccount = command.type === 'ChangePassword' || command.type === 'RecordSignatureFailure';
  if (actor.role !== 'admin' && !(ownAccount && self)) {
    throw new UserDomainError('role_not_permitted', `Role ${actor.role} may not ${command.type}.`, { role: actor.role });
  }
  if (command.type === 'CreateUser') {
    if (state.username) throw new UserDomainError('user_already_exists', `User ${username} already exists.`, { username });
    return [{ type: 'UserCreated', data: command.data }];
  }
  // An issuer's subject (oidc) may have no local account: its failed signatures are recorded all the same.
  if (command.type === 'RecordSignatureFailure') return [{ type: 'UserSignatureFailed', data: command.data }];
  if (!state.username) throw new UserDomainError('user_not_found', `User ${username} does not exist.`, { username });

  switch (command.type) {
    case 'ChangeUserRole': {
      if (state.role === command.data.role) throw new UserDomainError('role_unchanged', `${username} already has role ${state.role}.`);
      if (self && state.role === 'admin') {
        throw new UserDomainError('cannot_demote_self', 'An admin cannot take away their own admin role.');
      }
      return [{ type: 'UserRoleChanged', data: { username, from: state.role!, to: command.data.role, reason: reason(command.data.reason) } }];
    }
    case 'LockUser':
      if (state.status === 'locked') throw new UserDomainError('user_already_locked', `${username} is locked already.`);
      if (self) throw new UserDomainError('cannot_lock_self', 'An admin cannot lock their own account.');
      return [{ type: 'UserLocked', data: { username, reason: reason(command.data.reason) } }];
    case 'UnlockUser':
      if (state.status !== 'locked') throw new UserDomainError('user_not_locked', `${username} is not locked.`);
      return [{ type: 'UserUnlocked', data: { username, reason: command.data.reason?.trim() || null } }];
    case 'ChangePassword':
      // A reset by someone else is a one-time password: the user must choose their own at next sign-in.
      return [{ type: 'UserPasswordChanged', data: { username, resetByAdmin: !self, mustChangePassword: !self } }];
    case 'AssignUserToProject':
      if (state.projects.includes(command.data.projectId)) {
        throw new UserDomainError('project_already_assigned', `${username} is assigned to that project already.`);
      }
      return [{ type: 'UserAssignedToProject', data: command.data }];
    case 'UnassignUserFromProject':
      if (!state.projects.includes(command.data.projectId)) {
        throw new UserDomainError('project_not_assigned', `${username} is not assigned to that project.`);
      }
      return [{ type: 'UserUnassignedFromProject', data: { ...command.data, reason: command.data.reason?.trim() || null } }];
    default: {
      const unknown: never = command;
      throw new Error(`Unhandled user command ${(unknown as { type: string }).type}`);
    }
  }
}

function reason(value: string | null | undefined): string {
  if (typeof value !== 'string' || !value.trim()) throw new UserDomainError('reason_required', 'A reason is required.');
  return value.trim();
}
