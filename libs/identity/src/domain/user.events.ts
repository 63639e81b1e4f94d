import type { SignatureFailureReason, UserRole } from './user.values';

type Event<T extends string, D> = { type: T; data: D };
type OnUser = { username: string };

/** An account: `personId` is the actor id its events record (one person may hold two accounts, one per role). */
export type UserCreated = Event<'UserCreated', OnUser & { personId: string; name: string; role: UserRole; mustChangePassword: boolean }>;
export type UserRoleChanged = Event<'UserRoleChanged', OnUser & { from: UserRole; to: UserRole; reason: string }>;
export type UserLocked = Event<'UserLocked', OnUser & { reason: string }>;
export type UserUnlocked = Event<'UserUnlocked', OnUser & { reason: string | null }>;
/** The hash itself stays in the users table; the record keeps only that it changed, and by whom. */
export type UserPasswordChanged = Event<'UserPasswordChanged', OnUser & { resetByAdmin: boolean; mustChangePassword: boolean }>;
export type UserAssignedToProject = Event<'UserAssignedToProject', OnUser & { projectId: string }>;
export type UserUnassignedFromProject = Event<'UserUnassignedFromProject', OnUser & { projectId: string; reason: string | null }>;
/** A failed attempt to sign on a project; it changes nothing about the account but stays on its record. */
export type UserSignatureFailed = Event<'UserSignatureFailed', OnUser & { projectId: string; reason: SignatureFailureReason }>;

export type UserEvent =
  | UserCreated
  | UserRoleChanged
  | UserLocked
  | UserUnlocked
  | UserPasswordChanged
  | UserAssignedToProject
  | UserUnassignedFromProject
  | UserSignatureFailed;
export type UserEventType = UserEvent['type'];

export const USER_EVENT_SCHEMA_VERSION: Readonly<Record<UserEventType, number>> = {
  UserCreated: 1,
  UserRoleChanged: 1,
  UserLocked: 1,
  UserUnlocked: 1,
  UserPasswordChanged: 1,
  UserAssignedToProject: 1,
  UserUnassignedFromProject: 1,
  UserSignatureFailed: 1,
};
