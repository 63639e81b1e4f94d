import { Param, PipeTransform } from '@nestjs/common';
import { problem, ProblemError } from '@app/platform';
import { ProjectIdParam } from '../../application';

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
