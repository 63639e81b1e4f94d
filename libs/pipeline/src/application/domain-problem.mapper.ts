import { WrongExpectedRevisionError } from '@app/event-store';
import { problem, ProblemMapper } from '@app/platform';
import { DomainError, DomainErrorCode } from '../domain';

const STATUS: Partial<Record<DomainErrorCode, number>> = {
  project_not_found: 404,
  idea_not_found: 404,
  not_idea_submitter: 403,
  role_not_permitted: 403,
  not_a_team_member: 403,
  not_record_author: 403,
  not_condition_owner: 403,
};

/** Domain refusals: 404 for an unknown project, 403 for who-may-do-what, 409 for every other rule. */
export const domainProblemMapper: ProblemMapper = (error) => {
  if (error instanceof DomainError) {
    const status = STATUS[error.code] ?? 409;
    return { problem: problem(status, error.code, title(error.code), { detail: error.message, ...extensions(error.details) }) };
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

// A detail named like an RFC 9457 member keeps its meaning under another name: a record's `status` becomes `recordStatus`.
const RESERVED = new Set(['type', 'title', 'status', 'detail', 'instance', 'code']);
function extensions(details: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(details ?? {}).map(([key, value]) => [RESERVED.has(key) ? `record${key[0].toUpperCase()}${key.slice(1)}` : key, value]));
}

function title(code: string): string {
  const words = code.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
