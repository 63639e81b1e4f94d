// Accounts of the tracker. Plain JSON; no credential ever enters an event.

export const USER_ROLES = ['innovation_office', 'clinician', 'management', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const USER_STATUSES = ['active', 'locked'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** Why a signature's re-authentication failed; never the credential itself. */
export const SIGNATURE_FAILURE_REASONS = [
  'wrong_password',
  'token_invalid',
  'token_of_another_subject',
  'token_not_fresh',
  'token_is_bearer',
  'token_already_used',
] as const;
export type SignatureFailureReason = (typeof SIGNATURE_FAILURE_REASONS)[number];

export interface UserActor {
  id: string;
  name: string;
  role: UserRole;
}

export const USER_STREAM_PREFIX = 'user-';
export const userStreamId = (username: string) => `${USER_STREAM_PREFIX}${username}`;
