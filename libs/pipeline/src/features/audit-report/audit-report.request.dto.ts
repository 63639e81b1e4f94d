import { IsoInstant, OneOf } from '@app/platform';
import { AUDIT_REPORT_FORMATS } from './audit-report';
import type { AuditReportFormat } from './audit-report';

export class AuditReportRequest {
  @IsoInstant({ optional: true, description: 'The record as it stood at this instant (by recordedAt); later events are left out' })
  asOf?: string;

  @OneOf(AUDIT_REPORT_FORMATS, { optional: true, description: 'pdf (the default, a download) or html (a printable page)' })
  format?: AuditReportFormat;
}
