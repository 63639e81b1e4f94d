import { Param, ParseUUIDPipe } from '@nestjs/common';
import { problem, ProblemError } from '@app/platform';

/** The `:projectId` route parameter, a UUID; anything else is a 400 naming the parameter. */
export const ProjectIdParam = (name = 'projectId') =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        new ProblemError(problem(400, 'validation_failed', 'Invalid request', { detail: `${name} must be a UUID`, errors: [{ field: name, messages: ['must be a UUID'] }] })),
    }),
  );
