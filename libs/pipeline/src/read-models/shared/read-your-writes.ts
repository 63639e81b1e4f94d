import { Injectable } from '@nestjs/common';
import { ProjectionRunner } from '@app/event-store';
import { problem, ProblemError } from '@app/platform';

export const READ_YOUR_WRITES_TIMEOUT_MS = 2_000;

/** `?position=N`: answer only once the read models behind a query have applied the event at N. */
@Injectable()
export class ReadYourWrites {
  constructor(private readonly runner: ProjectionRunner) {}

  async ensure(position: number | undefined, projections: readonly string[]): Promise<void> {
    if (position === undefined) return;
    if (await this.runner.waitFor(position, READ_YOUR_WRITES_TIMEOUT_MS, projections)) return;
    throw new ProblemError(
      problem(503, 'projection_behind', 'Read model behind', {
        detail: `The read model has not reached position ${position} yet (${projections.join(', ')}); retry shortly.`,
        position,
        projections,
      }),
      { 'Retry-After': '1' },
    );
  }
}
