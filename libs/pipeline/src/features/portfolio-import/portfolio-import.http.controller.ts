import { Controller, HttpCode, HttpStatus, Inject, Post, Query as QueryParams, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiExtraModels, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { Request } from 'express';
import { EVENT_STORE } from '@app/event-store';
import type { EventStore } from '@app/event-store';
import { problem, ProblemError, Roles } from '@app/platform';
import { actorFromRequest, ProblemResponse } from '../../application';
import { PortfolioFileError } from './portfolio-file';
import { importPortfolio } from './portfolio-import';

/** The largest portfolio file taken (a CSV of some 100,000 rows, or its workbook). */
export const PORTFOLIO_MAX_BYTES = 20 * 1024 * 1024;
const CONTENT_TYPES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream'];

export class PortfolioImportRequest {
  @IsString()
  @MaxLength(200)
  // eslint-disable-next-line no-control-regex -- refusing control characters in the name is the point
  @Matches(/^[^/\\\x00-\x1f]+$/, { message: 'file must be a file name (no folders, no control characters)' })
  @ApiProperty({ description: 'The file name as the user chose it: every imported event names it with its row', example: 'portfolio-2024.csv' })
  file!: string;

  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  @ApiPropertyOptional({ description: 'true (the default): report what would be created and every problem, write nothing', default: true })
  dryRun?: boolean;
}

class PortfolioProblemView {
  @ApiProperty({ description: 'Row of the file (1 is the header row)' }) line!: number;
  @ApiProperty({ type: String, nullable: true, description: "The row's project code" }) project!: string | null;
  @ApiProperty() problem!: string;
}

class PortfolioProjectView {
  @ApiProperty({ example: 'GLU-001' }) code!: string;
  @ApiProperty({ format: 'uuid', description: 'Derived from the code: the same on every run' }) projectId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: "The project row's line" }) line!: number;
  @ApiProperty() stage!: string;
  @ApiProperty() status!: string;
  @ApiProperty() events!: number;
  @ApiProperty({ enum: ['created', 'exists', 'would_create'] }) outcome!: string;
}

export class PortfolioImportView {
  @ApiProperty() file!: string;
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ description: 'Rows read, the header not counted' }) rows!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Events by type, of the projects created (or that would be)' })
  eventsByType!: Record<string, number>;
  @ApiProperty({ type: [PortfolioProjectView] }) projects!: PortfolioProjectView[];
  @ApiProperty({ type: [PortfolioProblemView] }) problems!: PortfolioProblemView[];
  @ApiProperty({ description: 'A real run with problems writes nothing' }) refused!: boolean;
}

@ApiTags('admin')
@Roles('admin')
@Controller('admin/portfolio-imports')
export class PortfolioImportHttpController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiExtraModels(ProblemResponse)
  @ApiOperation({
    summary: "Bring in an existing portfolio (CSV or .xlsx, the template in docs/portfolio-import.md)",
    description:
      'The file is the body (text/csv, the .xlsx type or application/octet-stream). A dry run (the default) reports what ' +
      "would be created and every row's problems with its line, writing nothing. dryRun=false writes each project's past " +
      'as events dated when they happened, marked with the file and row; gate decisions as taken on paper. A file with ' +
      'problems writes nothing; running it again creates nothing new.',
  })
  @ApiConsumes(...CONTENT_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: PortfolioImportView })
  @ApiForbiddenResponse({ description: 'Admins only', type: ProblemResponse })
  async import(@QueryParams() params: PortfolioImportRequest, @Req() req: Request): Promise<PortfolioImportView> {
    if (!req.is(CONTENT_TYPES)) {
      throw new ProblemError(
        problem(415, 'unsupported_media_type', 'Unsupported media type', {
          detail: `Send the file itself as the body: ${CONTENT_TYPES.join(', ')} (got ${req.headers['content-type'] ?? 'no content type'}).`,
        }),
      );
    }
    const content = await readBody(req);
    try {
      return await importPortfolio(this.store, content, {
        file: params.file,
        actor: actorFromRequest(req),
        now: new Date().toISOString(),
        dryRun: params.dryRun ?? true,
      });
    } catch (error) {
      if (error instanceof PortfolioFileError) {
        throw new ProblemError(problem(422, 'unreadable_portfolio', 'Unreadable portfolio file', { detail: error.message, line: error.line }));
      }
      throw error;
    }
  }
}

async function readBody(req: Request): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > PORTFOLIO_MAX_BYTES) {
      throw new ProblemError(problem(413, 'payload_too_large', 'Payload too large', { detail: `A portfolio file may have at most ${PORTFOLIO_MAX_BYTES} bytes.` }));
    }
    chunks.push(chunk);
  }
  if (size === 0) throw new ProblemError(problem(400, 'empty_body', 'Empty body', { detail: 'Send the portfolio file as the body.' }));
  return Buffer.concat(chunks);
}
