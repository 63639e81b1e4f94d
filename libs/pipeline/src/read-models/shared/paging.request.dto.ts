import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** `?position=N`: the globalPosition a command answered with; the query waits (≤ 2 s) until the read model has it. */
export class ReadPositionRequest {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  // Positions are bigints stored as safe integers; 1e308 is an integer to IsInt but no position.
  @Max(Number.MAX_SAFE_INTEGER)
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
