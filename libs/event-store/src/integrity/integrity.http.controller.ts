import { Controller, Get, Inject, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppConfig, problem, ProblemError, Roles, SQL_DATABASE } from '@app/platform';
import type { SqlDatabase } from '@app/platform';
import { DOCUMENT_INTEGRITY_CHECK, IntegrityCheck, IntegrityReport, verifyEventStore } from './verify-event-store';

@ApiTags('admin')
@Roles('admin')
@Controller('admin')
export class IntegrityHttpController {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly config: AppConfig,
    private readonly modules: ModuleRef,
  ) {}

  @Get('verify')
  @ApiOperation({
    summary: 'Walk the event store and report every event altered, removed or reordered outside the application',
    description:
      'Recomputes each event’s hash (sha256 of the previous event’s hash and the row’s canonical content) and checks ' +
      'revisions and links stream by stream. `ok` is false and `problems` names each event when anything was tampered with. ' +
      'Every evidence document is read back and checked against the sha256 and size its event recorded ' +
      '(`document_missing`, `document_altered`). Same check as `npm run verify`.',
  })
  @ApiOkResponse({ description: 'IntegrityReport: { ok, checkedAt, streams, events, documents, problems[] }' })
  async verify(): Promise<IntegrityReport> {
    if (this.config.EVENTSTORE_URL) {
      throw new ProblemError(
        problem(501, 'verify_not_supported', 'Not supported', { detail: 'The hash chain is kept by the PostgreSQL event store only.' }),
      );
    }
    const report = await verifyEventStore(this.db);
    // And every evidence document against the sha256 its event recorded, where the documents feature runs.
    let documents: IntegrityCheck | undefined;
    try {
      documents = this.modules.get<IntegrityCheck>(DOCUMENT_INTEGRITY_CHECK, { strict: false });
    } catch {
      documents = undefined;
    }
    if (!documents) return report;
    const checked = await documents.verify();
    const problems = [...report.problems, ...checked.problems];
    return { ...report, ok: problems.length === 0, documents: checked.checked, problems };
  }
}

@Module({ controllers: [IntegrityHttpController] })
export class IntegrityModule {}
