import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { OneOf, Text } from '@app/platform';
import { PROJECT_EVENT_TYPES } from '../../domain';
import { ReadPositionRequest } from '../shared/paging.request.dto';

export class GetActivityRequest extends ReadPositionRequest {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  @ApiPropertyOptional({ type: Number, description: 'Cursor: only entries with a globalPosition below this (the previous page’s nextBefore)' })
  before?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  @ApiPropertyOptional({ type: Number, default: 50, maximum: 100 })
  limit?: number;

  @IsOptional() @IsUUID('all') @ApiPropertyOptional({ format: 'uuid' }) projectId?: string;
  @Text({ optional: true, max: 128, description: 'Who acted (user id)' }) actorId?: string;
  @OneOf(PROJECT_EVENT_TYPES, { optional: true }) type?: string;
}
