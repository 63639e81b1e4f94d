import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { OneOf } from '@app/platform';
import { DEADLINE_KINDS } from '../../domain';
import type { DeadlineKind } from '../../domain';
import { PagingRequest, ReadPositionRequest } from '../shared/paging.request.dto';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const Today = () =>
  applyDecorators(
    IsOptional(),
    Matches(DAY, { message: '$property must be a date as YYYY-MM-DD' }),
    ApiPropertyOptional({ type: String, format: 'date', description: 'The day to compute statuses for (default: today, UTC)' }),
  );

export class DeadlinesAsOfRequest extends ReadPositionRequest {
  @Today() today?: string;
}

export class GetDeadlinesRequest extends PagingRequest {
  @Today() today?: string;
  @OneOf(DEADLINE_KINDS, { optional: true }) kind?: DeadlineKind;
  @IsOptional() @IsUUID('all') @ApiPropertyOptional({ format: 'uuid' }) projectId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  @ApiPropertyOptional({ description: "A person id: deadlines of the projects they lead, and conditions they own" })
  owner?: string;

  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  @ApiPropertyOptional({ type: Boolean, description: "true: only projects whose team has the caller (my work)" })
  mine?: boolean;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3650)
  @ApiPropertyOptional({ type: Number, default: 90, description: 'Days ahead; overdue deadlines are always included' })
  horizonDays?: number;
}
