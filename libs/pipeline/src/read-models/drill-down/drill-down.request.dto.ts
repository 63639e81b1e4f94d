import { IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsoInstant, OneOf } from '@app/platform';
import { BoardFiltersRequest } from '../pipeline-board/board-filters.request.dto';
import { PagingRequest } from '../shared/paging.request.dto';

export const DRILL_DOWN_METRICS = [
  'board',
  'stalled',
  'funnel.reached',
  'funnel.currentlyIn',
  'funnel.killed',
  'funnel.advanced',
  'timeInStage.completed',
  'timeInStage.current',
  'cycleTime',
] as const;
export type DrillDownMetric = (typeof DRILL_DOWN_METRICS)[number];

export class DrillDownRequest extends IntersectionType(BoardFiltersRequest, PagingRequest) {
  @OneOf(DRILL_DOWN_METRICS) metric: DrillDownMetric;

  @IsoInstant({ optional: true, description: 'For board and funnel.* metrics: as the record stood at this instant' })
  asOf?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  @ApiPropertyOptional({ type: Number, default: 30, description: 'For stalled' })
  days?: number;
}
