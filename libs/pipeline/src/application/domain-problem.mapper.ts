import { WrongExpectedRevisionError } from '@app/event-store';
import { problem, ProblemMapper } from '@app/platform';
import { DomainError, DomainErrorCode } from '../domain';

const STATUS: Partial<Record<DomainErrorCode, number>> = {
  project_not_found: 404,
  role_not_permitted: 403,
  not_a_team_member: 403,
  not_record_author: 403,
};

/** Domain refusals: 404 for an unknown project, 403 for who-may-do-what, 409 for every other rule. */
export const domainProblemMapper: ProblemMapper = (error) => {
  if (error instanceof DomainError) {
    const status = STATUS[error.code] ?? 409;
    return { problem: problem(status, error.code, title(error.code), { detail: error.message, ...error.details }) };
  }
  if (error instanceof WrongExpectedRevisionError) {
    return {
      problem: problem(409, 'concurrent_modification', 'Concurrent modification', {
        detail: 'The project kept changing while this command was tried; nothing was written. Retry.',
      }),
    };
  }
  return undefined;
};

function title(code: string): string {
  const words = code.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
