import { problem, ProblemMapper } from '@app/platform';
import { UserDomainError } from '../domain';

const STATUS: Record<string, number> = { user_not_found: 404, role_not_permitted: 403, reason_required: 400 };

/** User rules to problem+json: 404 unknown user, 403 not an admin, 409 for the rest. */
export const userProblemMapper: ProblemMapper = (error) => {
  if (!(error instanceof UserDomainError)) return undefined;
  return { problem: problem(STATUS[error.code] ?? 409, error.code, 'Refused', { detail: error.message, ...error.details }) };
};
