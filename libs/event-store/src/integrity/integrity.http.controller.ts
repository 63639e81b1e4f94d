import { Controller, Get, Inject, Module } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppConfig, problem, ProblemError, Roles, SQL_DATABASE } from '@app/platform';
import type { SqlDatabase } from '@app/platform';
import { IntegrityReport, verifyEventStore } from './verify-event-store';

@ApiTags('admin')
@Roles('admin')
@Controller('admin')
export class IntegrityHttpController {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly config: AppConfig,
  ) {}

  @Get('verify')
  @ApiOperation({
    summary: 'Walk the event store and report every event altered, removed or reordered outside the application',
    description:
      'Recomputes each event’s hash (sha256 of the previous event’s hash and the row’s canonical content) and checks ' +
      'revisions and links stream by stream. `ok` is false and `problems` names each event when anything was tampered with. ' +
      'Same check as `npm run verify`.',
  })
  @ApiOkResponse({ description: 'IntegrityReport: { ok, checkedAt, streams, events, problems[] }' })
  async verify(): Promise<IntegrityReport> {
    if (this.config.EVENTSTORE_URL) {
      throw new ProblemError(
        problem(501, 'verify_not_supported', 'Not supported', { detail: 'The hash chain is kept by the PostgreSQL event store only.' }),
      );
    }
    return verifyEventStore(this.db);
  }
}

@Module({ controllers: [IntegrityHttpController] })
export class IntegrityModule {}
