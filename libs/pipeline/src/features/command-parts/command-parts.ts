import { Param, PipeTransform } from '@nestjs/common';
import { problem, ProblemError } from '@app/platform';
import type { PersonDirectory } from '@app/platform';
import { ProjectIdParam } from '../../application';
import { personKey } from '../../domain';

// Pieces every command slice below /projects/:projectId shares.

/** A route parameter naming a record whose id the server makes (a UUID); anything else is a 400 naming it. */
export const RecordIdParam = (name: string) => ProjectIdParam(name);

/** A route parameter naming a person (their directory id, not a UUID): non-empty text up to 128 characters. */
export const PersonIdParam = (name: string) => Param(name, new BoundedTextPipe(name, 128));

class BoundedTextPipe implements PipeTransform<string, string> {
  constructor(
    private readonly name: string,
    private readonly max: number,
  ) {}

  transform(value: string): string {
    if (value.trim() !== '' && value.length <= this.max) return value;
    const message = `must be 1-${this.max} characters`;
    throw new ProblemError(
      problem(400, 'validation_failed', 'Invalid request', {
        detail: `${this.name} ${message}`,
        errors: [{ field: this.name, messages: [message] }],
      }),
    );
  }
}

/** When a dated event happened in the world: the start of that day, as the event's occurredAt instant. */
export function onDay(date: string): string {
  return `${date}T00:00:00.000Z`;
}

/**
 * A person a project names must be a person of the directory (an account's personId), so the lead clinician
 * and a signer are compared as the same person whatever account either uses. 422 unknown_person otherwise.
 */
export async function requireKnownPerson(directory: PersonDirectory, id: string, field: string): Promise<void> {
  const found = await directory.findPerson(personKey(id));
  if (found !== null) return;
  throw new ProblemError(
    problem(422, 'unknown_person', 'Unknown person', {
      detail: `${field} names no person with an account: ask an admin to create one (personId ${personKey(id)}).`,
      field,
      errors: [{ field, messages: ['names no person with an account'] }],
    }),
  );
}
