import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** `?position=N`: the globalPosition a command answered with; the query waits (≤ 2 s) until the read model has it. */
export class ReadPositionRequest {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @ApiPropertyOptional({ type: Number, example: 1042, description: 'Read-your-writes: wait until the read model has applied this global position (else 503 projection_behind)' })
  position?: number;
}

export class PagingRequest extends ReadPositionRequest {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  @ApiPropertyOptional({ type: Number, default: 1, minimum: 1 })
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  @ApiPropertyOptional({ type: Number, default: 20, minimum: 1, maximum: 100 })
  pageSize?: number;
}
