export type UserErrorCode =
  | 'user_not_found'
  | 'user_already_exists'
  | 'user_already_locked'
  | 'user_not_locked'
  | 'role_unchanged'
  | 'cannot_lock_self'
  | 'cannot_demote_self'
  | 'project_already_assigned'
  | 'project_not_assigned'
  | 'reason_required'
  | 'person_name_mismatch'
  | 'role_not_permitted';

export class UserDomainError extends Error {
  constructor(
    readonly code: UserErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'UserDomainError';
  }
}
