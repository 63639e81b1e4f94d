import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE } from '@app/event-store';
import type { EventStore } from '@app/event-store';
import { AppConfig, SQL_DATABASE } from '@app/platform';
import type { SqlDatabase } from '@app/platform';
import { DocumentsService } from '../documents/documents.service';
import { AuditReport, buildAuditReport } from './audit-report';
import { GetAuditReportQuery } from './get-audit-report.query';

@QueryHandler(GetAuditReportQuery)
export class GetAuditReportHandler implements IQueryHandler<GetAuditReportQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    private readonly config: AppConfig,
    private readonly documents: DocumentsService,
  ) {}

  execute({ projectId, asOf, generatedBy }: GetAuditReportQuery): Promise<AuditReport> {
    // With EventStoreDB the events are not in this database: the report says no chain is kept.
    const db = this.config.EVENTSTORE_URL ? null : this.db;
    const checkDocument = (sha256: string, size: number) => this.documents.checkStored(sha256, size);
    return buildAuditReport({ store: this.store, db, checkDocument }, { projectId, ...(asOf ? { asOf } : {}), generatedBy });
  }
}
