import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { OneOf, Text } from '@app/platform';
import { PagingRequest } from '../shared/paging.request.dto';

export const PATENT_STATUSES = ['filed', 'published', 'granted', 'abandoned'] as const;

// Query strings carry text: 'true'/'false' only.
export const BooleanQuery = () => Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

export class GetPatentsRequest extends PagingRequest {
  @IsOptional() @IsUUID('all') @ApiPropertyOptional({ format: 'uuid' }) projectId?: string;
  @OneOf(PATENT_STATUSES, { optional: true }) status?: (typeof PATENT_STATUSES)[number];
  @Text({ optional: true, max: 50, description: 'e.g. CN, US, EP, PCT' }) jurisdiction?: string;
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  @ApiPropertyOptional({ type: Boolean, description: 'true: filed or published only (still pending)' })
  open?: boolean;
}
