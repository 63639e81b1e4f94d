import { Controller, Get, Query as QueryParams, Req, Res, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExtraModels, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '@app/platform';
import { actorFromRequest, etag, ProblemResponse, ProjectIdParam } from '../../application';
import { renderAuditReportHtml } from './audit-report.html';
import { renderAuditReportPdf } from './audit-report.pdf';
import { AuditReportRequest } from './audit-report.request.dto';
import { GetAuditReportQuery } from './get-audit-report.query';

@ApiTags('projects')
@Controller('projects')
export class AuditReportHttpController {
  constructor(private readonly queries: QueryBus) {}

  // An inspector's copy of the whole record: the office and management hand it over, an admin checks it.
  @Get(':projectId/audit-report')
  @Roles('innovation_office', 'management', 'admin')
  @ApiExtraModels(ProblemResponse)
  @ApiOperation({
    summary: "A project's audit report, as PDF or printable HTML",
    description:
      'The profile, every event oldest first (who with role and account, occurred and recorded, why, the data), every ' +
      "correction's old and new value, every signature's manifest and status, and the stream's hash-chain check at the " +
      'moment of export with its last hash. With `asOf`, the record as it stood then. Chinese text is embedded with its font.',
  })
  @ApiProduces('application/pdf', 'text/html')
  @ApiOkResponse({
    description: 'PDF as an attachment (the default) or an HTML page; ETag is the revision shown',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } }, 'text/html': { schema: { type: 'string' } } },
  })
  @ApiForbiddenResponse({ description: 'Clinicians may not export the record', type: ProblemResponse })
  @ApiNotFoundResponse({ description: 'Unknown project, or none yet at asOf', type: ProblemResponse })
  async report(
    @ProjectIdParam() projectId: string,
    @QueryParams() params: AuditReportRequest,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { name, role, account } = actorFromRequest(req);
    const report = await this.queries.execute(new GetAuditReportQuery(projectId, params.asOf, { name, role, ...(account ? { account } : {}) }));
    res.setHeader('ETag', etag(report.revision));
    res.setHeader('Cache-Control', 'no-store');
    const file = `audit-report-${projectId}${report.asOf ? `-as-of-${report.asOf.replace(/[^0-9TZ]/g, '')}` : ''}`;
    if (params.format === 'html') {
      // The page carries no script, and may load nothing: a value that slipped past escaping could not run.
      res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'");
      return new StreamableFile(Buffer.from(renderAuditReportHtml(report), 'utf8'), {
        type: 'text/html; charset=utf-8',
        disposition: `inline; filename="${file}.html"`,
      });
    }
    return new StreamableFile(await renderAuditReportPdf(report), { type: 'application/pdf', disposition: `attachment; filename="${file}.pdf"` });
  }
}
