import { Query } from '@nestjs/cqrs';
import type { AuditReport, ReportActor } from './audit-report';

export class GetAuditReportQuery extends Query<AuditReport> {
  constructor(
    readonly projectId: string,
    readonly asOf: string | undefined,
    readonly generatedBy: ReportActor,
  ) {
    super();
  }
}
