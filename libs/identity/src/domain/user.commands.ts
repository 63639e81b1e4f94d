import type { SignatureFailureReason, UserActor, UserRole } from './user.values';

/** `account`: the login of who acts (one person, one actor id, may hold several accounts). */
type Command<T extends string, D> = { type: T; data: D; metadata: { actor: UserActor; account: string } };
type OnUser = { username: string };

export type CreateUser = Command<'CreateUser', OnUser & { personId: string; name: string; role: UserRole; mustChangePassword: boolean }>;
export type ChangeUserRole = Command<'ChangeUserRole', OnUser & { role: UserRole; reason: string }>;
export type LockUser = Command<'LockUser', OnUser & { reason: string }>;
export type UnlockUser = Command<'UnlockUser', OnUser & { reason: string | null }>;
/** By the user (own password) or by an admin (a reset, which the user must change at next sign-in). */
export type ChangePassword = Command<'ChangePassword', OnUser>;
export type AssignUserToProject = Command<'AssignUserToProject', OnUser & { projectId: string }>;
export type UnassignUserFromProject = Command<'UnassignUserFromProject', OnUser & { projectId: string; reason: string | null }>;
/** A signature the account's holder tried and failed to authenticate (Part 11: attempted misuse stays visible). */
export type RecordSignatureFailure = Command<'RecordSignatureFailure', OnUser & { projectId: string; reason: SignatureFailureReason }>;

export type UserCommand =
  | CreateUser
  | ChangeUserRole
  | LockUser
  | UnlockUser
  | ChangePassword
  | AssignUserToProject
  | UnassignUserFromProject
  | RecordSignatureFailure;
