import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { problem, ProblemError } from '@app/platform';
import type { RebuildProgress } from './projection';
import { ProjectionAlreadyRebuildingError, ProjectionRunner, UnknownProjectionError } from './projection-runner';
import { RebuildProjectionCommand } from './rebuild-projection.command';

@CommandHandler(RebuildProjectionCommand)
export class RebuildProjectionHandler implements ICommandHandler<RebuildProjectionCommand> {
  constructor(private readonly runner: ProjectionRunner) {}

  async execute({ projection, wait }: RebuildProjectionCommand): Promise<Record<string, RebuildProgress>> {
    try {
      const progress = wait ? await this.runner.rebuildAndWait(projection) : await this.runner.startRebuild(projection);
      const names = projection === 'all' ? this.runner.names : [projection];
      return Object.fromEntries(names.map((n, i) => [n, progress[i]]));
    } catch (error) {
      if (error instanceof UnknownProjectionError) {
        throw new ProblemError(
          problem(404, 'projection_not_found', 'Unknown projection', {
            detail: `${error.message}; known: ${this.runner.names.join(', ')}, or all`,
          }),
        );
      }
      if (error instanceof ProjectionAlreadyRebuildingError) {
        throw new ProblemError(problem(409, 'rebuild_in_progress', 'Rebuild in progress', { detail: error.message }));
      }
      throw error;
    }
  }
}
