import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { OneOf } from '@app/platform';
import { TRIAL_REGISTRIES } from '../../domain';
import { BooleanQuery } from '../patent-register/patent-register.request.dto';
import { PagingRequest } from '../shared/paging.request.dto';

export const TRIAL_STATUSES = ['registered', 'recruiting', 'completed'] as const;

export class GetTrialsRequest extends PagingRequest {
  @IsOptional() @IsUUID('all') @ApiPropertyOptional({ format: 'uuid' }) projectId?: string;
  @OneOf(TRIAL_STATUSES, { optional: true }) status?: (typeof TRIAL_STATUSES)[number];
  @OneOf(TRIAL_REGISTRIES, { optional: true }) registry?: (typeof TRIAL_REGISTRIES)[number];
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  @ApiPropertyOptional({ type: Boolean, description: 'true: not completed yet' })
  open?: boolean;
}
